/**
 * Reads of recorded alerts and whether their message went out.
 * Owns: those queries. Must not: record or send alerts (src/alerts does).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';

export interface AlertRow {
  id: string;
  kind: string;
  stage: string | null;
  run_id: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export async function recentAlerts(db: Db, limit = 10): Promise<AlertRow[]> {
  const { rows } = await sql<AlertRow>`
    select a.id, a.kind, a.stage, a.run_id, a.error, a.created_at, m.completed_at as sent_at
    from stellar.alerts a left join stellar.alert_messages m on m.id = a.message_id
    order by a.created_at desc, a.id desc limit ${limit}`.execute(db);
  return rows;
}
