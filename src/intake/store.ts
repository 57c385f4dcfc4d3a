/**
 * The fast path of intake: new transcripts are stored and their runs opened in
 * batched transactions — group commit. Uploads that arrive while an earlier
 * batch is still in flight wait for the next one and go together: a few round
 * trips, one commit and one graphile_worker.add_jobs call for all of them. Under
 * light load a batch is a single upload (no added delay); under a burst the
 * batches grow, so the per-statement costs (round trip, commit, the plpgsql of
 * add_jobs, its NOTIFY) are paid once per batch, not once per upload. On the
 * 2-core benchmark machine those costs were most of the CPU of an upload.
 *
 * Each batch is one transaction (insertTranscripts: the transcripts, then the
 * run ledger's openRuns — the same code every intake path uses): every upload
 * of a batch is stored with its run, stage row and job, or none is — and an
 * upload is answered only after its transaction committed. If a batch fails,
 * each upload of it is retried on its own, so one bad row cannot fail others.
 * ?force=true goes to ingestTranscript (a new run for known bytes).
 * Owns: those statements and the batching. Must not: validate (accept.ts does, before).
 */
import type { Db } from '../db/index.ts';
import { ingestTranscript, insertTranscripts, sha256, type IngestRequest, type IngestResult, type PendingTranscript } from './ingest.ts';

/**
 * Most uploads in one transaction, and transactions in flight at once per process.
 * One in flight batches best: measured on the 2-core machine (32 connections,
 * 20 KB uploads, server only) 1 → ~990 uploads/s, p99 57 ms; 2 → ~800/s; 6 → ~500/s.
 */
export const MAX_BATCH = 64;
export const MAX_IN_FLIGHT = 1;

interface Item extends PendingTranscript {
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

function storeBatch(db: Db, items: readonly Item[]): Promise<IngestResult[]> {
  return db.transaction().execute((trx) => insertTranscripts(trx, items));
}

class Batcher {
  private queue: Item[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  add(req: IngestRequest, text: string): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, text, digest: sha256(req.bytes), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Item[]): Promise<void> {
    try {
      const results = await storeBatch(this.db, batch);
      batch.forEach((item, i) => item.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One transaction per upload, so one bad row fails only its own upload.
      await Promise.all(batch.map((item) => storeBatch(this.db, [item]).then(([r]) => item.resolve(r), item.reject)));
    }
  }
}

const batchers = new WeakMap<Db, Batcher>();

/** Stores `req` (validated; `text` its decoded content) and opens its run; see the header. */
export function storeTranscript(db: Db, req: IngestRequest, text: string): Promise<IngestResult> {
  if (req.force) return ingestTranscript(db, req);
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new Batcher(db)));
  return batcher.add(req, text);
}
