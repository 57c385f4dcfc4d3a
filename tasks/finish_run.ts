/** finish_run: the fan-in. Closes the run exactly once with succeeded, partial or failed. */
import type { Task } from 'graphile-worker';
import { closeRun } from '../src/pipeline/runs.ts';
import { runtime } from '../src/pipeline/runtime.ts';

const finishRun: Task<'finish_run'> = async ({ runId }) => {
  const rt = runtime();
  const closed = await rt.db.transaction().execute((trx) => closeRun(trx, runId));
  if (closed) rt.log.info({ runId, status: closed.status, error: closed.error }, 'run finished');
};
export default finishRun;
