/**
 * Queues `sync_crm` for a closed run on the run-closing transaction (so it
 * exists if and only if the run's close committed). Keyed per transcript (a
 * newer run of the same call replaces a waiting job) in the `crm` queue (one
 * at a time: two calls of one account never create its row twice).
 * Owns: how sync_crm is queued. Must not: talk to Baserow.
 */
import type { Tx } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import { addJobInTx } from '../runs/handoff.ts';

export const CRM_QUEUE = 'crm';

/** The CRM sync is on when BASEROW_URL is set (crmSettings checks the rest, at start-up and in the task). */
export function crmEnabled(config: Pick<Config, 'BASEROW_URL'>): boolean {
  return !!config.BASEROW_URL;
}

export async function queueCrmSync(trx: Tx, run: { runId: string; transcriptId: string }, config: Pick<Config, 'BASEROW_URL' | 'BASEROW_MAX_ATTEMPTS'>): Promise<boolean> {
  if (!crmEnabled(config)) return false;
  await addJobInTx(trx, 'sync_crm', { runId: run.runId }, { jobKey: `sync_crm:${run.transcriptId}`, queueName: CRM_QUEUE, maxAttempts: config.BASEROW_MAX_ATTEMPTS });
  return true;
}
