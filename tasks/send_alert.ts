/**
 * send_alert: delivers the pending alerts of one group as one message (the
 * webhook and/or e-mail), at most once per group per ALERT_GROUP_MINUTES.
 * Retried by graphile-worker when a channel fails; see src/alerts/send.ts.
 */
import { sendAlertGroup } from '../src/alerts/send.ts';
import type { TaskFactory } from '../src/pipeline/runtime.ts';

const sendAlert: TaskFactory<'send_alert'> = (rt) => async ({ groupKey }, helpers) => {
  const log = rt.log.child({ task: 'send_alert', jobId: helpers.job.id, attempt: helpers.job.attempts, groupKey });
  await sendAlertGroup(rt.db, rt.config, log, groupKey);
};
export default sendAlert;
