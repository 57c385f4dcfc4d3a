/**
 * Reads of recorded alerts and whether their message went out (view stellar_api.alerts).
 * Owns: those queries. Must not: record or send alerts (src/alerts does).
 */
import type { Db } from '../index.ts';
import type { AlertsTable } from '../schema.ts';

export interface AlertRow {
  id: string;
  kind: AlertsTable['kind'];
  stage: string | null;
  run_id: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export async function recentAlerts(db: Db, limit = 10): Promise<AlertRow[]> {
  return db
    .selectFrom('stellar_api.alerts')
    .select(['id', 'kind', 'stage', 'run_id', 'error', 'created_at', 'sent_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
