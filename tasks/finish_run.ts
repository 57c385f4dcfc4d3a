/** finish_run: the fan-in. Closes the run exactly once with succeeded, partial or failed. */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { closeRun } from '../src/runs/ledger.ts';

const finishRun: TaskFactory<'finish_run'> = (rt) => async ({ runId }) => {
  const closed = await rt.db.transaction().execute((trx) => closeRun(trx, runId, rt.ledger));
  if (closed) rt.log.info({ runId, status: closed.status, error: closed.error }, 'run finished');
};
export default finishRun;
