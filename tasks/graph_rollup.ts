/**
 * graph_rollup (crontab: 01:00 UTC daily, ?fill=1d): per-account graph
 * aggregates for the previous UTC day, refreshed once ALL of that day's runs
 * have ended; while some are in flight it re-queues itself (bounded), then
 * refreshes anyway with a note (src/graph/rollup.ts).
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { reportedDay } from '../src/ops/digest.ts';
import { runGraphRollup } from '../src/graph/rollup.ts';

const graphRollup: TaskFactory<'graph_rollup'> = (rt) => async (payload, helpers) => {
  const when = payload?._cron?.ts ? new Date(payload._cron.ts) : new Date();
  const day = payload?.day ?? reportedDay(when);
  const outcome = await runGraphRollup(rt.db, rt.config, { day, checks: payload?.checks ?? 1 }, {
    now: new Date(),
    requeue: async (next, runAt, jobKey) => {
      await helpers.addJob('graph_rollup', next, { runAt, jobKey, maxAttempts: helpers.job.max_attempts, priority: helpers.job.priority });
    },
  });
  const log = rt.log.child({ task: 'graph_rollup', day });
  if (outcome.status === 'deferred') log.info({ inFlight: outcome.inFlight, checks: outcome.checks, runAt: outcome.runAt }, 'runs of the day still in flight; graph rollup re-queued');
  else log.info({ accounts: outcome.accounts, complete: outcome.complete, note: outcome.note }, 'graph aggregates refreshed');
};
export default graphRollup;
