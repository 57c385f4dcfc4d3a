/**
 * Recording a failure alert, in the transaction that records the failure,
 * and queuing its delivery (the `send_alert` task) on that same transaction.
 *
 * Grouping: alerts share a group ('stage:<name>' for a stage that failed for
 * good, 'run' for a run that ended failed without a stage failure). At most
 * one message per group per ALERT_GROUP_MINUTES: the first alert of a quiet
 * group is sent at once; later ones wait for the window to pass and go out
 * together (count + first errors). One pending send_alert job per group
 * (job key `alert:<group>`, mode preserve_run_at) carries them.
 * Owns: the alerts rows and when their job runs. Must not: send anything.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import { addJobInTx } from '../runs/handoff.ts';
import type { RunAlert } from '../runs/ledger.ts';

export type AlertKind = RunAlert['kind'];
export type AlertChannel = 'webhook' | 'email';

/** What the run ledger reports (src/runs/ledger.ts); the worker passes recordAlert to it as its alert hook. */
export type AlertInput = RunAlert;

export function groupKeyFor(input: Pick<AlertInput, 'kind' | 'stage'>): string {
  return input.kind === 'stage_failed' && input.stage ? `stage:${input.stage}` : 'run';
}

/** The channels a configuration sends to: the webhook, and e-mail when both SMTP_URL and ALERT_EMAIL_TO are set. */
export function alertChannels(config: Pick<Config, 'ALERT_WEBHOOK_URL' | 'SMTP_URL' | 'ALERT_EMAIL_TO'>): AlertChannel[] {
  const out: AlertChannel[] = [];
  if (config.ALERT_WEBHOOK_URL) out.push('webhook');
  if (config.SMTP_URL && config.ALERT_EMAIL_TO) out.push('email');
  return out;
}

export const SEND_ALERT_MAX_ATTEMPTS = 10;

/**
 * Inserts the alert and, when a channel is configured, queues (or joins) the
 * group's send_alert job. Without a channel the alert is only recorded (it
 * shows on the dashboard and in GraphQL).
 */
export async function recordAlert(
  trx: Tx,
  input: AlertInput,
  config: Pick<Config, 'ALERT_WEBHOOK_URL' | 'SMTP_URL' | 'ALERT_EMAIL_TO' | 'ALERT_GROUP_MINUTES'> | null | undefined,
): Promise<{ id: string; groupKey: string; runAt: Date | null; queued: boolean }> {
  const groupKey = groupKeyFor(input);
  const row = await trx
    .insertInto('stellar.alerts')
    .values({
      kind: input.kind,
      group_key: groupKey,
      run_id: input.runId,
      transcript_id: input.transcriptId ?? null,
      stage: input.stage ?? null,
      error: input.error ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!config || alertChannels(config).length === 0) return { id: row.id, groupKey, runAt: null, queued: false };

  // Due now unless a message of this group went out less than one window ago.
  const { rows } = await sql<{ run_at: Date | null }>`
    select case when max(created_at) + make_interval(secs => ${config.ALERT_GROUP_MINUTES * 60}) > now()
                then max(created_at) + make_interval(secs => ${config.ALERT_GROUP_MINUTES * 60}) end as run_at
    from stellar.alert_messages where group_key = ${groupKey}`.execute(trx);
  const runAt = rows[0]?.run_at ?? null;
  await addJobInTx(trx, 'send_alert', { groupKey }, {
    jobKey: `alert:${groupKey}`,
    jobKeyMode: 'preserve_run_at',
    runAt: runAt ?? undefined,
    maxAttempts: SEND_ALERT_MAX_ATTEMPTS,
    queueName: 'stellar_alerts',
  });
  return { id: row.id, groupKey, runAt, queued: true };
}
