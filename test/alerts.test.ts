/**
 * Failure alerts end to end, against a real HTTP receiver (node:http) and a
 * real SMTP server (smtp-server) on localhost: one alert per failure,
 * recorded with the failure; delivered once per channel by the send_alert
 * job, retried when a channel fails; a flood grouped into one message per
 * stage per ALERT_GROUP_MINUTES with the count and the first errors. And the
 * JSON log lines of the worker and the stages.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { Task } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { ingest, sample, unparseable, waitFor } from './support/monitoring.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { PermanentStageError } from '../src/pipeline/errors.ts';
import { startWorker } from '../src/worker/worker.ts';
import { createTaskList } from '../tasks/index.ts';
import { FIRST_ERRORS, formatAlertMessage } from '../src/alerts/send.ts';

interface Received {
  body: any;
}
interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A Slack-style webhook receiver; `failNext` makes it answer 500 that many times. */
async function startReceiver() {
  const received: Received[] = [];
  const state = { failNext: 0, calls: 0 };
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      state.calls++;
      if (state.failNext > 0) {
        state.failNext--;
        res.writeHead(500).end('boom');
        return;
      }
      received.push({ body: JSON.parse(data) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`;
  return { url, received, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A stage that always fails for good, with a recognisable error. */
const brokenSocial = defineStage('draft_social', {
  load: async () => null,
  work: async (_i, ctx) => {
    throw new PermanentStageError(`social network unreachable for ${ctx.transcript.file_name}`);
  },
  store: async () => {},
});

describe('alerts', () => {
  let app: TestApp;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  before(async () => {
    hook = await startReceiver();
    smtp = await startSmtp();
    app = await createTestApp('alerts', {
      ALERT_WEBHOOK_URL: hook.url,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: 'oncall@example.test',
      ALERT_EMAIL_FROM: 'stellar@example.test',
      ALERT_GROUP_MINUTES: '15',
      STELLAR_MAX_ATTEMPTS: '2',
    });
    await app.startWorker({ concurrency: 4, extraTasks: (rt) => ({ draft_social: brokenSocial(rt) }) });
  });
  after(async () => {
    await app?.close();
    await hook?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    hook.received.length = 0;
    smtp.mails.length = 0;
  });

  const alertsOf = (runId: string) => app.handle.db.selectFrom('stellar.alerts').selectAll().where('run_id', '=', runId).execute();
  const messages = () => app.handle.db.selectFrom('stellar.alert_messages').selectAll().orderBy('id').execute();
  const sendJobs = async () =>
    (await sql<{ run_at: Date; attempts: number; key: string | null }>`select run_at, attempts, key from graphile_worker.jobs where task_identifier = 'send_alert'`.execute(app.handle.db)).rows;

  test('a stage that fails for good records one alert in its transaction and sends it once, by webhook and e-mail', async () => {
    const runId = await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt'));
    const [p] = await waitForRuns(app.handle.db, [runId], { timeoutMs: 300_000 });
    assert.equal(p.status, 'partial');
    const alerts = await alertsOf(runId);
    assert.equal(alerts.length, 1, 'one alert: the stage failure (the run is partial, not failed)');
    assert.equal(alerts[0].kind, 'stage_failed');
    assert.equal(alerts[0].stage, 'draft_social');
    assert.match(alerts[0].error ?? '', /social network unreachable/);
    // The alert row exists exactly when the stage row says failed: same transaction.
    const stage = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', runId).where('stage', '=', 'draft_social').executeTakeFirstOrThrow();
    assert.equal(stage.status, 'failed');
    assert.ok(alerts[0].created_at.getTime() >= stage.finished_at!.getTime() - 5 && alerts[0].created_at.getTime() <= stage.finished_at!.getTime() + 5);

    await waitFor('webhook + mail', async () => hook.received.length >= 1 && smtp.mails.length >= 1);
    await waitFor('the send_alert jobs are done', async () => (await sendJobs()).length === 0 && (await messages()).every((m) => m.completed_at !== null)); // nothing else can arrive
    assert.equal(hook.received.length, 1);
    assert.equal(smtp.mails.length, 1);
    const text: string = hook.received[0].body.text;
    assert.match(text, /1 failure in stage draft_social/);
    assert.match(text, /social network unreachable for discovery-halden-foods\.txt/);
    assert.match(text, new RegExp(runId));
    const mail = smtp.mails[0];
    assert.deepEqual(mail.to, ['oncall@example.test']);
    assert.equal(mail.from, 'stellar@example.test');
    assert.match(mail.raw, /Subject: \[stellar\] 1 failure in stage draft_social/);
    assert.match(mail.raw, /social network unreachable/);
    const [m] = await messages();
    assert.equal(m.alert_count, 1);
    assert.ok(m.webhook_sent_at instanceof Date && m.email_sent_at instanceof Date && m.completed_at instanceof Date, JSON.stringify(m));
    const sent = await alertsOf(runId);
    assert.equal(sent[0].message_id, m.id);
  });

  test('a flood is grouped: at most one message per stage per window, with the count and the first errors', async () => {
    // The group of draft_social sent a message in the previous test: these failures wait for the window.
    const files = ['expansion-norrelund.txt', 'otter-ridgeback.txt', 'committee-mossgiel.vtt', 'negotiation-sutter-creek.srt', 'renewal-pemberton.json', 'security-review-halden.json', 'demo-bramblewood.vtt'];
    const runIds = [];
    for (const f of files) runIds.push(await ingest(app, f, sample(f)));
    await waitForRuns(app.handle.db, runIds, { timeoutMs: 300_000 });
    const pending = await app.handle.db.selectFrom('stellar.alerts').selectAll().where('message_id', 'is', null).where('group_key', '=', 'stage:draft_social').execute();
    assert.equal(pending.length, files.length);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hook.received.length, 0, 'nothing sent inside the window');
    assert.equal(smtp.mails.length, 0);
    const jobs = await sendJobs();
    assert.equal(jobs.length, 1, 'one pending send_alert job for the group');
    assert.equal(jobs[0].key, 'alert:stage:draft_social');
    const [first] = await messages();
    const due = first.created_at.getTime() + 15 * 60_000;
    assert.ok(Math.abs(jobs[0].run_at.getTime() - due) < 2000, `job due at the end of the window (${jobs[0].run_at.toISOString()})`);

    // Let the window pass (make the job due now), then one message carries them all.
    await sql`update stellar.alert_messages set created_at = created_at - interval '15 minutes'`.execute(app.handle.db);
    await sql`select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs where task_identifier = 'send_alert'), run_at := now())`.execute(app.handle.db);
    await waitFor('grouped message', async () => hook.received.length >= 1 && smtp.mails.length >= 1);
    await waitFor('the send_alert jobs are done', async () => (await sendJobs()).length === 0 && (await messages()).every((m) => m.completed_at !== null)); // nothing else can arrive
    assert.equal(hook.received.length, 1);
    assert.equal(smtp.mails.length, 1);
    const text: string = hook.received[0].body.text;
    assert.match(text, new RegExp(`${files.length} failures in stage draft_social`));
    const quoted = text.split('\n').filter((l) => l.startsWith('- stage draft_social'));
    assert.equal(quoted.length, FIRST_ERRORS, 'the first errors, not all of them');
    assert.match(text, new RegExp(`and ${files.length - FIRST_ERRORS} more`));
    assert.match(text, /expansion-norrelund\.txt/, 'oldest first');
    const all = await messages();
    assert.equal(all.length, 2);
    assert.equal(all[1].alert_count, files.length);
    assert.equal((await sendJobs()).length, 0);
  });

  test('a run that fails records one alert (group "run"), and a failing channel is retried without re-sending the other', async () => {
    // parse fails permanently: a stage alert (parse) and no second "run failed" alert for the same failure.
    const runId = await ingest(app, 'notes.txt', unparseable('alerts-1'));
    const [p] = await waitForRuns(app.handle.db, [runId], { timeoutMs: 300_000 });
    assert.equal(p.status, 'failed');
    const alerts = await alertsOf(runId);
    assert.deepEqual(alerts.map((a) => [a.kind, a.stage]), [['stage_failed', 'parse']]);
    await waitFor('parse alert', async () => hook.received.length >= 1 && smtp.mails.length >= 1);
    hook.received.length = 0;
    smtp.mails.length = 0;

    // A run that ends failed without a failed stage (a core stage skipped) raises a "run" alert.
    // The webhook is down for its first attempt: the job fails, graphile-worker retries, e-mail is not sent twice.
    hook.state.failNext = 1;
    const skipStructure = defineStage('structure', {
      load: async () => null,
      work: async () => ({ skip: 'nothing to structure (test)' }),
      store: async () => {},
    });
    await app.stopWorker();
    await app.startWorker({ concurrency: 4, extraTasks: (rt) => ({ draft_social: brokenSocial(rt), structure: skipStructure(rt) }) });
    const run2 = await ingest(app, 'voicemail-greystone.txt', sample('voicemail-greystone.txt'));
    const [p2] = await waitForRuns(app.handle.db, [run2], { timeoutMs: 300_000 });
    assert.equal(p2.status, 'failed');
    const runAlerts = await alertsOf(run2);
    assert.deepEqual(runAlerts.map((a) => [a.kind, a.group_key]), [['run_failed', 'run']]);
    assert.match(runAlerts[0].error ?? '', /structure: nothing to structure/);

    await waitFor('first attempt failed', async () => (hook.state.calls > 0 && (await messages()).some((m) => m.group_key === 'run' && m.last_error)) || null);
    assert.equal(smtp.mails.length, 1, 'e-mail went out on the first attempt');
    // graphile-worker retries after its back-off; make it due now.
    await sql`select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs where task_identifier = 'send_alert'), run_at := now())`.execute(app.handle.db);
    await waitFor('retried webhook', async () => hook.received.length >= 1);
    await waitFor('the send_alert jobs are done', async () => (await sendJobs()).length === 0 && (await messages()).every((m) => m.completed_at !== null)); // nothing else can arrive
    assert.equal(hook.received.length, 1);
    assert.equal(smtp.mails.length, 1, 'not sent twice');
    assert.match(hook.received[0].body.text, /1 failed run/);
    const m = (await messages()).find((x) => x.group_key === 'run')!;
    assert.ok(m.completed_at instanceof Date);
    assert.equal(m.attempts, 2);
    assert.equal((await sendJobs()).length, 0);
  });

  test('the message text', () => {
    const at = new Date('2026-01-05T10:00:00Z');
    const many = Array.from({ length: 8 }, (_, i) => ({ id: String(i), kind: 'stage_failed' as const, stage: 'embed', run_id: `run-${i}`, error: `e${i}\nsecond line`, created_at: at, file_name: `f${i}.txt` }));
    const m = formatAlertMessage('stage:embed', many, 15);
    assert.equal(m.subject, '[stellar] 8 failures in stage embed');
    assert.match(m.body, /since 2026-01-05T10:00:00.000Z/);
    assert.match(m.body, /- stage embed run run-0 \(f0\.txt\): e0 second line/);
    assert.match(m.body, /and 3 more/);
    assert.equal(formatAlertMessage('run', many.slice(0, 1), 15).subject, '[stellar] 1 failed run');
  });
});

describe('alerts without a channel', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp('alerts_none');
    await app.startWorker({ concurrency: 2 });
  });
  after(async () => {
    await app?.close();
  });

  test('the alert is recorded, and no job is queued', async () => {
    const runId = await ingest(app, 'notes.txt', unparseable('alerts-none'));
    await waitForRuns(app.handle.db, [runId], { timeoutMs: 300_000 });
    const alerts = await app.handle.db.selectFrom('stellar.alerts').selectAll().where('run_id', '=', runId).execute();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].message_id, null);
    // finish_run's own job is deleted just after it commits; then the queue is empty (no send_alert).
    await waitFor('empty queue', async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(app.handle.db)).rows[0].n === 0);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_alert'`.execute(app.handle.db);
    assert.equal(rows[0].n, 0);
  });
});

describe('logs', () => {
  let app: TestApp;
  const lines: any[] = [];
  before(async () => {
    app = await createTestApp('logs');
    const sink = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
        cb();
      },
    });
    const log = pino({ level: 'debug', base: { app: 'stellar' } }, sink);
    app.worker = await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log, createTaskList, concurrency: 2, crontab: false, pollInterval: 100 });
  });
  after(async () => {
    await app?.close();
  });

  test('JSON lines carry run id, transcript id, stage, attempt and duration; the worker logs job start, success and failure', async () => {
    const ok = await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt'));
    const bad = await ingest(app, 'notes.txt', unparseable('logs'));
    await waitForRuns(app.handle.db, [ok, bad], { timeoutMs: 300_000 });
    await waitFor('finish_run logs', async () => lines.filter((l) => l.msg === 'job succeeded' && l.task === 'finish_run').length >= 2);
    const transcriptId = (await app.handle.db.selectFrom('stellar.pipeline_runs').select('transcript_id').where('id', '=', ok).executeTakeFirstOrThrow()).transcript_id;

    const ended = lines.filter((l) => l.msg === 'stage ended' && l.runId === ok);
    assert.equal(ended.length, 8, 'one "stage ended" line per stage');
    for (const l of ended) {
      assert.equal(l.transcriptId, transcriptId);
      assert.equal(l.attempt, 1);
      assert.ok(typeof l.stage === 'string' && typeof l.durationMs === 'number', JSON.stringify(l));
    }
    const started = lines.find((l) => l.msg === 'job started' && l.runId === ok && l.task === 'parse');
    assert.ok(started, 'job start');
    assert.equal(started.stage, 'parse');
    assert.equal(started.attempt, 1);
    const succeeded = lines.find((l) => l.msg === 'job succeeded' && l.runId === ok && l.task === 'embed');
    assert.ok(succeeded && typeof succeeded.durationMs === 'number', 'job success with duration');
    const failed = lines.find((l) => l.msg === 'stage failed for good' && l.runId === bad);
    assert.ok(failed, 'stage failure');
    assert.equal(failed.level, 50);
    assert.equal(failed.stage, 'parse');
    assert.ok(failed.transcriptId && typeof failed.durationMs === 'number' && failed.err);
  });

  test('a job that throws is logged as a failure with its error', async () => {
    const events: any[] = [];
    const throwing: Task = async () => {
      throw new Error('kaboom');
    };
    await app.stopWorker();
    lines.length = 0;
    const sink = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n')) if (l.trim()) events.push(JSON.parse(l));
        cb();
      },
    });
    const log = pino({ level: 'info' }, sink);
    app.worker = await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log, createTaskList, concurrency: 1, crontab: false, pollInterval: 100, extraTasks: () => ({ finish_run: throwing }) });
    await sql`select graphile_worker.add_job('finish_run', json_build_object('runId', '00000000-0000-0000-0000-000000000000'), max_attempts := 1)`.execute(app.handle.db);
    const line = await waitFor('job failure line', async () => events.find((e) => e.msg === 'job failed' && e.task === 'finish_run'));
    assert.equal(line.err, 'kaboom');
    assert.equal(line.runId, '00000000-0000-0000-0000-000000000000');
    assert.equal(line.level, 50);
    assert.ok(typeof line.durationMs === 'number');
  });
});
