/**
 * Waits until a test database is quiet: no run without finished_at and no
 * job left in graphile-worker's queue (alert deliveries aside). Shared by the
 * tests that reprocess or re-search after earlier runs.
 * Must not: start or stop workers.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';

export async function settle(db: Db, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ open: string; jobs: string }>`
      select (select count(*) from stellar.pipeline_runs where finished_at is null) as open,
             (select count(*) from graphile_worker.jobs where task_identifier <> 'send_alert') as jobs`.execute(db);
    if (Number(rows[0].open) === 0 && Number(rows[0].jobs) === 0) return;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(rows[0])}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
