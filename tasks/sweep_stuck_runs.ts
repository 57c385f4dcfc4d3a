/**
 * sweep_stuck_runs (crontab: every minute): unlocks the jobs of workers that
 * stopped beating, re-queues stages whose jobs are gone (or fails them with a
 * reason after STELLAR_SWEEP_MAX_REQUEUES), and queues lost fan-ins
 * (src/ops/sweep.ts).
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { sweepStuckRuns } from '../src/ops/sweep.ts';

const sweep: TaskFactory<'sweep_stuck_runs'> = (rt) => async () => {
  const result = await sweepStuckRuns(rt.db, {
    deadAfterMs: rt.config.STELLAR_WORKER_DEAD_MS,
    stuckAfterMs: rt.config.STELLAR_STUCK_AFTER_MS,
    maxRequeues: rt.config.STELLAR_SWEEP_MAX_REQUEUES,
    ledger: rt.ledger,
  });
  const changed = result.deadWorkers.length + result.requeued.length + result.failed.length + result.finishQueued.length;
  if (changed) rt.log.warn({ task: 'sweep_stuck_runs', ...result }, 'stuck runs swept');
};
export default sweep;
