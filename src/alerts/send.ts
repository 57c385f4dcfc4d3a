/**
 * Delivering grouped alerts (the send_alert task):
 *   1. in one transaction (the group locked): resume the group's unfinished
 *      message, or build a new one from every alert not sent yet — unless the
 *      group's last message is younger than ALERT_GROUP_MINUTES, then the job
 *      is put back to the end of the window;
 *   2. send it to each channel that has not had it yet (Slack-compatible JSON
 *      to ALERT_WEBHOOK_URL, e-mail with nodemailer over SMTP_URL), recording
 *      each success at once;
 *   3. a failed channel makes the job throw, and graphile-worker retries it
 *      with back-off; the retry sends only to the channels still missing, so
 *      each message reaches each channel once.
 * Owns: alert_messages and the channels. Must not: decide what is an alert.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import type { Logger } from '../log.ts';
import { addJobInTx } from '../runs/handoff.ts';
import { alertChannels, SEND_ALERT_MAX_ATTEMPTS, type AlertChannel } from './record.ts';

/** Errors quoted in one message; the rest are counted. */
export const FIRST_ERRORS = 5;

export interface AlertForMessage {
  id: string;
  kind: 'stage_failed' | 'run_failed';
  stage: string | null;
  run_id: string | null;
  error: string | null;
  created_at: Date;
  file_name: string | null;
}

export interface AlertMessageText {
  subject: string;
  body: string;
}

function oneLine(s: string, max = 300): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Subject and plain-text body of one grouped message (also the webhook's `text`). */
export function formatAlertMessage(groupKey: string, alerts: readonly AlertForMessage[], windowMinutes: number): AlertMessageText {
  const n = alerts.length;
  const stage = groupKey.startsWith('stage:') ? groupKey.slice('stage:'.length) : null;
  const subject = stage
    ? `[stellar] ${n} ${n === 1 ? 'failure' : 'failures'} in stage ${stage}`
    : `[stellar] ${n} failed ${n === 1 ? 'run' : 'runs'}`;
  const first = alerts[0]?.created_at;
  const lines = [
    `${subject.replace('[stellar] ', 'Stellar: ')}${first ? ` since ${first.toISOString()}` : ''}.`,
    n > 1 ? `Grouped: at most one message per ${stage ? 'stage' : 'group'} every ${windowMinutes} min.` : null,
    `First errors:`,
    ...alerts.slice(0, FIRST_ERRORS).map((a) => {
      const where = [a.stage ? `stage ${a.stage}` : null, a.run_id ? `run ${a.run_id}` : null, a.file_name ? `(${a.file_name})` : null].filter(Boolean).join(' ');
      return `- ${where}: ${oneLine(a.error ?? 'no error message')}`;
    }),
    n > FIRST_ERRORS ? `… and ${n - FIRST_ERRORS} more.` : null,
  ].filter((l): l is string => l !== null);
  return { subject, body: lines.join('\n') };
}

export interface Deliverers {
  webhook(url: string, message: AlertMessageText): Promise<void>;
  email(config: Config, message: AlertMessageText): Promise<void>;
}

/** Slack-compatible incoming-webhook JSON: `text` (what Slack shows) plus the subject as the first line. */
export async function postWebhook(url: string, message: AlertMessageText): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `*${message.subject}*\n${message.body}` }),
    signal: AbortSignal.timeout(10_000),
  });
  await res.body?.cancel().catch(() => {});
  if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
}

export async function sendEmail(config: Config, message: AlertMessageText): Promise<void> {
  if (!config.SMTP_URL || !config.ALERT_EMAIL_TO) throw new Error('SMTP_URL and ALERT_EMAIL_TO are required for e-mail alerts');
  const { default: nodemailer } = await import('nodemailer'); // loaded when mail is sent (issue 11, memory: ~10 MB)
  const transport = nodemailer.createTransport(config.SMTP_URL);
  try {
    await transport.sendMail({ from: config.ALERT_EMAIL_FROM, to: config.ALERT_EMAIL_TO, subject: message.subject, text: message.body });
  } finally {
    transport.close();
  }
}

const defaultDeliverers: Deliverers = { webhook: postWebhook, email: sendEmail };

export type SendOutcome =
  | { status: 'nothing' }
  | { status: 'deferred'; runAt: Date }
  | { status: 'sent'; messageId: string; count: number; channels: AlertChannel[] };

/** One run of send_alert for a group. Throws when a channel failed (graphile-worker retries). */
export async function sendAlertGroup(
  db: Db,
  config: Config,
  log: Logger,
  groupKey: string,
  deliverers: Deliverers = defaultDeliverers,
): Promise<SendOutcome> {
  const windowSeconds = config.ALERT_GROUP_MINUTES * 60;
  const prepared = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('stellar.alerts'), hashtext(${groupKey}))`.execute(trx);
    const open = await trx
      .selectFrom('stellar.alert_messages')
      .selectAll()
      .where('group_key', '=', groupKey)
      .where('completed_at', 'is', null)
      .orderBy('id')
      .executeTakeFirst();
    if (open) return { kind: 'message' as const, message: open };

    const pending = await trx
      .selectFrom('stellar.alerts as a')
      .leftJoin('stellar.transcripts as t', 't.id', 'a.transcript_id')
      .select(['a.id', 'a.kind', 'a.stage', 'a.run_id', 'a.error', 'a.created_at', 't.file_name'])
      .where('a.group_key', '=', groupKey)
      .where('a.message_id', 'is', null)
      .orderBy('a.id')
      .forUpdate('a')
      .execute();
    if (pending.length === 0) return { kind: 'nothing' as const };

    const { rows } = await sql<{ due: Date | null }>`
      select max(created_at) + make_interval(secs => ${windowSeconds}) as due
      from stellar.alert_messages where group_key = ${groupKey}
      having max(created_at) + make_interval(secs => ${windowSeconds}) > now()`.execute(trx);
    if (rows[0]?.due) {
      // Too soon after the last message: come back at the end of the window with everything gathered by then.
      await addJobInTx(trx, 'send_alert', { groupKey }, {
        jobKey: `alert:${groupKey}`,
        jobKeyMode: 'preserve_run_at',
        runAt: rows[0].due,
        maxAttempts: SEND_ALERT_MAX_ATTEMPTS,
        queueName: 'stellar_alerts',
      });
      return { kind: 'deferred' as const, runAt: rows[0].due };
    }

    const text = formatAlertMessage(groupKey, pending as AlertForMessage[], config.ALERT_GROUP_MINUTES);
    const channels = alertChannels(config);
    const message = await trx
      .insertInto('stellar.alert_messages')
      .values({
        group_key: groupKey,
        alert_count: pending.length,
        subject: text.subject,
        body: text.body,
        channels,
        completed_at: channels.length === 0 ? sql<Date>`now()` : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('stellar.alerts')
      .set({ message_id: message.id })
      .where('id', 'in', pending.map((p) => p.id))
      .execute();
    return { kind: 'message' as const, message };
  });

  if (prepared.kind === 'nothing') return { status: 'nothing' };
  if (prepared.kind === 'deferred') {
    log.info({ groupKey, runAt: prepared.runAt }, 'alert grouped: next message at the end of the window');
    return { status: 'deferred', runAt: prepared.runAt };
  }

  const m = prepared.message;
  const text = { subject: m.subject, body: m.body };
  const failures: string[] = [];
  const sent: AlertChannel[] = [];
  for (const channel of m.channels as AlertChannel[]) {
    const done = channel === 'webhook' ? m.webhook_sent_at : m.email_sent_at;
    if (done) continue;
    try {
      if (channel === 'webhook') {
        if (!config.ALERT_WEBHOOK_URL) throw new Error('ALERT_WEBHOOK_URL is no longer set');
        await deliverers.webhook(config.ALERT_WEBHOOK_URL, text);
        await db.updateTable('stellar.alert_messages').set({ webhook_sent_at: sql`now()` }).where('id', '=', m.id).execute();
      } else {
        await deliverers.email(config, text);
        await db.updateTable('stellar.alert_messages').set({ email_sent_at: sql`now()` }).where('id', '=', m.id).execute();
      }
      sent.push(channel);
    } catch (err) {
      failures.push(`${channel}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (failures.length > 0) {
    await db
      .updateTable('stellar.alert_messages')
      .set({ attempts: sql`attempts + 1`, last_error: failures.join('; ') })
      .where('id', '=', m.id)
      .execute();
    log.warn({ groupKey, messageId: m.id, sent, err: failures.join('; ') }, 'alert delivery failed; will retry');
    throw new Error(`alert ${m.id} not delivered: ${failures.join('; ')}`);
  }
  await db
    .updateTable('stellar.alert_messages')
    .set({ completed_at: sql`coalesce(completed_at, now())`, attempts: sql`attempts + 1`, last_error: null })
    .where('id', '=', m.id)
    .execute();
  log.info({ groupKey, messageId: m.id, count: m.alert_count, channels: m.channels }, 'alert sent');
  return { status: 'sent', messageId: m.id, count: m.alert_count, channels: m.channels as AlertChannel[] };
}
