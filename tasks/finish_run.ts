/**
 * finish_run: the fan-in. Closes the run exactly once with succeeded, partial
 * or failed; in the same transaction, queues the Baserow CRM sync when one is
 * configured (src/crm/queue.ts) — the ledger itself knows nothing of the CRM.
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { closeRun } from '../src/runs/ledger.ts';
import { queueCrmSync } from '../src/crm/queue.ts';

const finishRun: TaskFactory<'finish_run'> = (rt) => async ({ runId }) => {
  const closed = await rt.db.transaction().execute(async (trx) => {
    const result = await closeRun(trx, runId, rt.ledger);
    if (result && result.status !== 'failed') {
      const run = await trx.selectFrom('stellar.pipeline_runs').select('transcript_id').where('id', '=', runId).executeTakeFirstOrThrow();
      await queueCrmSync(trx, { runId, transcriptId: run.transcript_id }, rt.config);
    }
    return result;
  });
  if (closed) rt.log.info({ runId, status: closed.status, error: closed.error }, 'run finished');
};
export default finishRun;
