/**
 * daily_digest (crontab: 00:30 UTC daily, ?fill=1d): the digest of the previous
 * UTC day, written only once ALL of that day's runs have ended. While some are
 * in flight it re-queues itself a little later (bounded), then reports anyway
 * with a note (src/ops/digest.ts).
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { reportedDay, runDailyDigest } from '../src/ops/digest.ts';

const dailyDigest: TaskFactory<'daily_digest'> = (rt) => async (payload, helpers) => {
  const when = payload?._cron?.ts ? new Date(payload._cron.ts) : new Date();
  const day = payload?.day ?? reportedDay(when);
  const outcome = await runDailyDigest(rt.db, rt.config, { day, checks: payload?.checks ?? 1 }, {
    now: new Date(),
    requeue: async (next, runAt, jobKey) => {
      await helpers.addJob('daily_digest', next, { runAt, jobKey, maxAttempts: helpers.job.max_attempts, priority: helpers.job.priority });
    },
  });
  const log = rt.log.child({ task: 'daily_digest', day });
  if (outcome.status === 'deferred') log.info({ inFlight: outcome.inFlight, checks: outcome.checks, runAt: outcome.runAt }, 'runs of the day still in flight; digest re-queued');
  else log.info({ complete: outcome.complete, note: outcome.note, emailed: outcome.emailed }, 'daily digest stored');
};
export default dailyDigest;
