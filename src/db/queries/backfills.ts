/**
 * Reads of backfills: one backfill's progress and ETA, and the recent ones
 * (view stellar.backfill_status, sql/030).
 * Owns: those queries. Must not: create backfills or queue jobs (src/ops/reprocess.ts does).
 */
import type { Db } from '../index.ts';
import { isUuid } from '../ids.ts';


export async function backfillStatus(db: Db, id: string) {
  if (!isUuid(id)) throw new Error(`not a backfill id: ${id}`);
  return db.selectFrom('stellar.backfill_status').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBackfills(db: Db, limit = 20) {
  return db.selectFrom('stellar.backfill_status').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
}
