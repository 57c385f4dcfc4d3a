/**
 * The inbox folder: transcripts dropped into a directory are ingested exactly
 * like HTTP uploads (src/intake/accept.ts: same checks, same sha256 dedupe; job
 * priority "inbox"), then moved to <dir>/processed/, or to <dir>/rejected/ next
 * to a <name>.error.json saying why.
 *
 * Taking a file only when it is complete: chokidar's awaitWriteFinish waits until
 * the size has not changed for STELLAR_INBOX_STABLE_MS. chokidar applies that only
 * to files that appear after its first scan, so files found at start (and by the
 * periodic rescan) get the same size-and-mtime stability check here; and after
 * reading, the file is stat'ed again — if it changed meanwhile, it is put back.
 * Names starting with "." and ending in .part/.tmp/.crdownload/.swp/~ are ignored,
 * so a writer can write under such a name and rename when done.
 *
 * Exactly once: the file is moved only after its transaction committed. A crash
 * between commit and move leaves it in the inbox; the next start ingests it
 * again, finds the same sha256 (a duplicate, no new run) and moves it. A refusal
 * (IntakeError) moves the file to rejected/; any other failure (database down)
 * leaves it where it is and tries again later with back-off. Moves never
 * overwrite: a name already taken in processed/ or rejected/ gets "-1", "-2"….
 * Files are ingested STELLAR_INBOX_CONCURRENCY at a time; a burst just queues.
 * A file whose name is not valid UTF-8 (a Latin-1 "r\xe9sum\xe9.txt" copied from
 * an old system) cannot be named in the database or a report: the rescan reads
 * names as bytes, finds it, and rejects it (422 invalid_file_name) to rejected/
 * under a readable name ("r_sum_.txt") with its .error.json, which records the
 * original bytes in hex — never left in the inbox.
 * Owns: the watch, the queue and the moves. Must not: validate (accept.ts).
 */
import { constants as fsc } from 'node:fs';
import { link, lstat, mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { IntakeError, sha256 } from './ingest.ts';
import { MAX_FILE_NAME_BYTES } from '../server/fileName.ts';
import { acceptTranscript, judgeFileName } from './accept.ts';

export const PROCESSED_DIR = 'processed';
export const REJECTED_DIR = 'rejected';

export type InboxOutcome =
  | { file: string; status: 'ingested' | 'duplicate'; transcriptId: string; runId: string | null; movedTo: string }
  | { file: string; status: 'rejected'; error: { status: number; code: string; message: string; field?: string }; movedTo: string }
  | { file: string; status: 'retry'; error: string; retryInMs: number };

export interface InboxOptions {
  dir: string;
  db: Db;
  config: Pick<Config, 'STELLAR_MAX_ATTEMPTS' | 'STELLAR_MAX_UPLOAD_BYTES' | 'STELLAR_INBOX_STABLE_MS' | 'STELLAR_INBOX_CONCURRENCY' | 'STELLAR_INBOX_RESCAN_MS'>;
  log: Logger;
  /** Called after each file is dealt with (tests, metrics). */
  onOutcome?: (outcome: InboxOutcome) => void;
  /** Overrides of the config values (tests). */
  stableMs?: number;
  concurrency?: number;
  rescanMs?: number;
  /** chokidar's poll interval while waiting for a size to settle (default: stableMs / 5, 20–250 ms). */
  pollMs?: number;
}

export interface Inbox {
  dir: string;
  /** Stops watching, lets files being ingested finish; queued files stay in the folder for the next start. */
  stop(): Promise<void>;
  /** Resolves when nothing is queued, waiting or being ingested. */
  idle(): Promise<void>;
  stats(): { queued: number; active: number; ingested: number; duplicates: number; rejected: number; retries: number };
}

function utf8OrNull(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A UTF-8 name for a non-UTF-8 one: undecodable bytes and controls become "_", at most 200 bytes. */
function readableName(bytes: Buffer): string {
  let name = bytes
    .toString('utf8')
    .replace(/[\uFFFD\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/gu, '_');
  while (Buffer.byteLength(name) > 200) name = name.slice(0, -1);
  return name || '_';
}

const IGNORED_NAME = /^\.|\.(part|partial|tmp|temp|crdownload|download|swp)$|~$/i;

interface Job {
  file: string;
  attempt: number;
}

export async function startInbox(opts: InboxOptions): Promise<Inbox> {
  const dir = path.resolve(opts.dir);
  const processedDir = path.join(dir, PROCESSED_DIR);
  const rejectedDir = path.join(dir, REJECTED_DIR);
  await mkdir(processedDir, { recursive: true });
  await mkdir(rejectedDir, { recursive: true });
  const stableMs = opts.stableMs ?? opts.config.STELLAR_INBOX_STABLE_MS;
  const concurrency = opts.concurrency ?? opts.config.STELLAR_INBOX_CONCURRENCY;
  const rescanMs = opts.rescanMs ?? opts.config.STELLAR_INBOX_RESCAN_MS;
  const pollMs = opts.pollMs ?? Math.min(250, Math.max(20, Math.round(stableMs / 5)));
  const maxBytes = opts.config.STELLAR_MAX_UPLOAD_BYTES;
  const log = opts.log.child({ inbox: dir });

  const known = new Set<string>(); // queued, waiting for a retry, or being ingested
  const queue: Job[] = [];
  const timers = new Set<NodeJS.Timeout>(); // retries and stability checks
  const settleWaits = new Set<() => void>();
  const counts = { ingested: 0, duplicates: 0, rejected: 0, retries: 0 };
  let active = 0;
  let stopping = false;
  let idleWaiters: (() => void)[] = [];
  const inFlight = new Set<Promise<void>>();

  const isIgnored = (p: string) => {
    const rel = path.relative(dir, p);
    if (rel === '') return false;
    if (rel === PROCESSED_DIR || rel === REJECTED_DIR || rel.startsWith(PROCESSED_DIR + path.sep) || rel.startsWith(REJECTED_DIR + path.sep)) return true;
    return IGNORED_NAME.test(path.basename(p));
  };

  const checkIdle = () => {
    if (queue.length === 0 && active === 0 && known.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((w) => w());
    }
  };

  const enqueue = (file: string, check: boolean, attempt = 0) => {
    if (stopping || known.has(file) || isIgnored(file) || path.dirname(file) !== dir) return;
    known.add(file);
    if (check) void settle(file, attempt);
    else {
      queue.push({ file, attempt });
      pump();
    }
  };

  /**
   * Our own size-and-mtime stability check, outside the ingest slots (a burst found
   * at start waits stableMs once, all files together): queues the file once it
   * held still for stableMs; forgets it when it disappears.
   */
  async function settle(file: string, attempt: number): Promise<void> {
    let prev = await stat(file).catch(() => null);
    while (prev && !stopping) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          timers.delete(t);
          settleWaits.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, stableMs);
        timers.add(t);
        settleWaits.add(wake);
      });
      if (stopping) break;
      const cur = await stat(file).catch(() => null);
      if (cur && cur.size === prev.size && cur.mtimeMs === prev.mtimeMs) {
        queue.push({ file, attempt });
        pump();
        return;
      }
      prev = cur;
    }
    known.delete(file);
    checkIdle();
  }

  const pump = () => {
    while (!stopping && active < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      active++;
      const p = handle(job)
        .catch((err: unknown) => log.error({ err, file: job.file }, 'inbox: unexpected failure'))
        .finally(() => {
          active--;
          inFlight.delete(p);
          pump();
          checkIdle();
        });
      inFlight.add(p);
    }
    checkIdle();
  };

  /** Moves without overwriting: name, name-1, name-2 … (hard link + unlink; rename when links are not supported). */
  async function moveInto(targetDir: string, file: string | Buffer, asName?: string): Promise<string> {
    const base = asName ?? path.basename(file as string);
    const ext = path.extname(base);
    const stem = base.slice(0, base.length - ext.length);
    for (let n = 0; n < 10_000; n++) {
      let name = base;
      if (n > 0) {
        let short = stem;
        while (Buffer.byteLength(`${short}-${n}${ext}`) > MAX_FILE_NAME_BYTES) short = short.slice(0, -1);
        name = `${short}-${n}${ext}`;
      }
      const target = path.join(targetDir, name);
      try {
        await link(file, target);
        await unlink(file);
        return target;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'EMLINK') {
          if (await stat(target).then(() => true, () => false)) continue;
          await rename(file, target);
          return target;
        }
        throw err;
      }
    }
    throw new Error(`no free name for ${base} in ${targetDir}`);
  }

  /** <name>.error.json beside the rejected file (the stem shortened when the name would pass 255 bytes). */
  function errorFileFor(movedTo: string): string {
    const suffix = '.error.json';
    let name = path.basename(movedTo);
    while (Buffer.byteLength(name + suffix) > MAX_FILE_NAME_BYTES) name = name.slice(0, -1);
    return path.join(path.dirname(movedTo), name + suffix);
  }

  async function reject(job: Job, err: IntakeError, bytes: Uint8Array | null): Promise<void> {
    const movedTo = await moveInto(rejectedDir, job.file);
    const error = { status: err.status, code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
    const report = {
      file: path.basename(job.file),
      rejectedAt: new Date().toISOString(),
      movedTo: path.relative(dir, movedTo),
      ...(bytes ? { bytes: bytes.length, sha256: sha256(bytes) } : {}),
      error,
    };
    await writeFile(errorFileFor(movedTo), JSON.stringify(report, null, 2) + '\n');
    counts.rejected++;
    log.warn({ file: report.file, code: err.code, reason: err.message }, 'inbox: file rejected');
    opts.onOutcome?.({ file: report.file, status: 'rejected', error, movedTo });
  }

  async function handle(job: Job): Promise<void> {
    const name = path.basename(job.file);
    let done = true;
    try {
      if (stopping) return;
      const info = await lstat(job.file).catch(() => null);
      if (!info) return; // gone (moved by another watcher of the same folder, or deleted)
      if (info.isSymbolicLink()) return await reject(job, new IntakeError(415, 'unsupported_media_type', 'Symbolic links are not taken from the inbox; copy the file in instead.', 'file'), null);
      if (!info.isFile()) return;
      if (info.size > maxBytes) return await reject(job, new IntakeError(413, 'body_too_large', `The file is ${info.size} bytes; the limit is ${maxBytes} (STELLAR_MAX_UPLOAD_BYTES).`, 'file'), null);

      let bytes: Uint8Array;
      const fh = await open(job.file, fsc.O_RDONLY | fsc.O_NOFOLLOW);
      try {
        bytes = await fh.readFile();
        const after = await fh.stat();
        if (after.size !== bytes.length || after.mtimeMs !== info.mtimeMs || after.size !== info.size) {
          // Still being written: back into the queue with the stability check.
          done = false;
          known.delete(job.file);
          enqueue(job.file, true, job.attempt);
          return;
        }
      } finally {
        await fh.close();
      }

      let fileName: string;
      let mediaType: string;
      try {
        ({ fileName, mediaType } = judgeFileName({ name, declared: null, fallback: name, field: 'file' }));
      } catch (err) {
        if (err instanceof IntakeError) return await reject(job, err, bytes);
        throw err;
      }

      let result;
      try {
        result = await acceptTranscript(opts.db, {
          bytes,
          fileName,
          mediaType,
          source: 'inbox',
          maxAttempts: opts.config.STELLAR_MAX_ATTEMPTS,
          maxBytes,
        });
      } catch (err) {
        if (err instanceof IntakeError) return await reject(job, err, bytes);
        // Not the file's fault (database unreachable, …): leave it, try again later.
        const retryInMs = Math.min(60_000, 1000 * 2 ** Math.min(job.attempt, 6));
        counts.retries++;
        log.warn({ err, file: name, retryInMs }, 'inbox: ingest failed; will retry');
        opts.onOutcome?.({ file: name, status: 'retry', error: (err as Error).message, retryInMs });
        if (!stopping) {
          done = false;
          const t = setTimeout(() => {
            timers.delete(t);
            known.delete(job.file);
            enqueue(job.file, false, job.attempt + 1);
          }, retryInMs);
          timers.add(t);
        }
        return;
      }
      const movedTo = await moveInto(processedDir, job.file);
      if (result.duplicate) counts.duplicates++;
      else counts.ingested++;
      log.info({ file: name, transcriptId: result.transcriptId, runId: result.runId, duplicate: result.duplicate }, result.duplicate ? 'inbox: already ingested (same bytes); moved to processed' : 'inbox: file ingested');
      opts.onOutcome?.({ file: name, status: result.duplicate ? 'duplicate' : 'ingested', transcriptId: result.transcriptId, runId: result.runId, movedTo });
    } finally {
      if (done) known.delete(job.file);
    }
  }

  const badNames = new Set<string>(); // non-UTF-8 names being rejected (latin1 of their bytes)

  /** Rejects a file whose name is not valid UTF-8: moved to rejected/ under a readable name, with its .error.json. */
  async function rejectBadName(rawName: Buffer): Promise<void> {
    const key = rawName.toString('latin1');
    if (stopping || badNames.has(key)) return;
    const readable = readableName(rawName);
    if (IGNORED_NAME.test(readable)) return;
    badNames.add(key);
    active++;
    const p = (async () => {
      const source = Buffer.concat([Buffer.from(dir + path.sep), rawName]);
      const info = await lstat(source).catch(() => null);
      if (!info || !(info.isFile() || info.isSymbolicLink())) return;
      const err = new IntakeError(422, 'invalid_file_name', `The file name is not valid UTF-8 (bytes ${rawName.toString('hex')}); rename it with a UTF-8 name and drop it in again.`, 'file');
      const movedTo = await moveInto(rejectedDir, source, readable);
      const error = { status: err.status, code: err.code, message: err.message, field: 'file' };
      const report = { file: readable, fileNameBytes: rawName.toString('hex'), rejectedAt: new Date().toISOString(), movedTo: path.relative(dir, movedTo), bytes: info.size, error };
      await writeFile(errorFileFor(movedTo), JSON.stringify(report, null, 2) + '\n');
      counts.rejected++;
      log.warn({ file: readable, fileNameBytes: report.fileNameBytes, code: err.code }, 'inbox: file rejected (name not UTF-8)');
      opts.onOutcome?.({ file: readable, status: 'rejected', error, movedTo });
    })()
      .catch((err: unknown) => log.error({ err, fileNameBytes: rawName.toString('hex') }, 'inbox: could not reject a file with a non-UTF-8 name'))
      .finally(() => {
        badNames.delete(key);
        active--;
        inFlight.delete(p);
        checkIdle();
      });
    inFlight.add(p);
  }

  async function rescan(): Promise<void> {
    let entries;
    try {
      // Names as bytes: a name that is not UTF-8 would otherwise come back with U+FFFD and never be found again.
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      log.error({ err }, 'inbox: cannot read the folder');
      return;
    }
    for (const e of entries) {
      if (!(e.isFile() || e.isSymbolicLink())) continue;
      const raw = e.name as unknown as Buffer;
      const name = utf8OrNull(raw);
      if (name === null) void rejectBadName(raw);
      else enqueue(path.join(dir, name), true);
    }
  }

  const watcher: FSWatcher = watch(dir, {
    depth: 0,
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (p: string) => isIgnored(path.resolve(p)),
    awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: pollMs },
  });
  watcher.on('add', (p: string) => enqueue(path.resolve(p), false));
  // A name that is not UTF-8 arrives decoded lossily (U+FFFD) and can never be stat'ed under that
  // name, so chokidar never reports it: on the raw event, the byte-wise rescan finds it.
  watcher.on('raw', (_event: string, p: unknown) => {
    if (typeof p === 'string' && p.includes('\uFFFD')) void rescan();
  });
  watcher.on('change', (p: string) => enqueue(path.resolve(p), false));
  watcher.on('error', (err: unknown) => log.error({ err }, 'inbox: watcher error'));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  // Files already there (chokidar's first scan is ignored: it would skip the stability check).
  await rescan();
  const rescanTimer = rescanMs > 0 ? setInterval(() => void rescan(), rescanMs) : null;
  rescanTimer?.unref();
  log.info({ stableMs, concurrency }, 'inbox: watching');

  let stopped: Promise<void> | undefined;
  return {
    dir,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        if (rescanTimer) clearInterval(rescanTimer);
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const wake of [...settleWaits]) wake();
        queue.length = 0;
        await watcher.close();
        await Promise.allSettled([...inFlight]);
        known.clear();
        checkIdle();
        log.info(counts, 'inbox: stopped');
      })();
      return stopped;
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      });
    },
    stats: () => ({ queued: queue.length, active, ...counts }),
  };
}
