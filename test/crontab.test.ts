/**
 * The crontab file and its three tasks, with fixed timestamps:
 * - the file parses with graphile-worker's parser, each entry fires when it
 *   should, and `?fill=` really back-fills a run missed during downtime;
 * - weekly_analytics: calls spread over three weeks give the right numbers per
 *   rep and week, stored and e-mailed;
 * - daily_digest: waits (re-queues itself, bounded) until all of the day's runs
 *   have ended, then reports; after the last check it reports with a note;
 * - sweep_stuck_runs: lost jobs re-queued or failed after N tries, a dead
 *   worker's locked jobs unlocked (also after a real SIGKILL), lost fan-ins.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { parseCrontab, type JobHelpers, type Task } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { startFakeOllama, type FakeOllama } from './support/fakeOllama.ts';
import { pipelineChat } from './support/modelScript.ts';
import { spawnWorker } from './support/workers.ts';
import { syntheticTranscript } from './support/transcripts.ts';
import { projectRoot } from '../src/paths.ts';
import { taskFactories } from '../tasks/index.ts';
import { buildRuntime } from '../src/worker/runtime.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { sweepStuckRuns } from '../src/ops/sweep.ts';
import { reportedWeek, weekStartOf } from '../src/ops/weekly.ts';
import type { Db } from '../src/db/index.ts';
import type { CallFacts } from '../src/agents/types.ts';
import { callFacts } from './support/facts.ts';
import { waitFor } from './support/monitoring.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const crontabText = readFileSync(path.join(projectRoot, 'crontab'), 'utf8');

function digestOf(iso: string) {
  const d = new Date(iso);
  return { min: d.getUTCMinutes(), hour: d.getUTCHours(), date: d.getUTCDate(), month: d.getUTCMonth() + 1, dow: d.getUTCDay() };
}

function helpers(extra: Partial<JobHelpers> = {}, job: Record<string, unknown> = {}): JobHelpers {
  return { job: { id: '1', attempts: 1, max_attempts: 5, priority: 0, key: null, created_at: new Date(), ...job }, addJob: async () => ({}) as never, ...extra } as unknown as JobHelpers;
}

/** The app's runtime, as startWorker builds it, so tasks can be called directly. */
function runtimeOf(app: TestApp) {
  return buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log });
}

describe('the crontab file', () => {
  const items = parseCrontab(crontabText);
  const byTask = new Map(items.map((i) => [i.task, i]));

  test("parses with graphile-worker's parser; every task exists", () => {
    assert.deepEqual([...byTask.keys()].sort(), ['daily_digest', 'graph_rollup', 'sweep_stuck_runs', 'weekly_analytics']);
    for (const item of items) assert.ok(item.task in taskFactories, `${item.task} is a task`);
  });

  test('weekly_analytics: Mondays 06:00 UTC, back-filled up to a week', () => {
    const w = byTask.get('weekly_analytics')!;
    assert.equal(w.options.backfillPeriod, 7 * 86_400_000);
    assert.equal(w.match(digestOf('2025-03-10T06:00:00Z')), true, 'a Monday at 06:00');
    assert.equal(w.match(digestOf('2025-03-17T06:00:00Z')), true);
    for (const no of ['2025-03-10T06:01:00Z', '2025-03-10T05:00:00Z', '2025-03-11T06:00:00Z', '2025-03-16T06:00:00Z']) assert.equal(w.match(digestOf(no)), false, no);
  });

  test('daily_digest: every day 00:30 UTC, back-filled up to a day', () => {
    const d = byTask.get('daily_digest')!;
    assert.equal(d.options.backfillPeriod, 86_400_000);
    for (const yes of ['2025-03-10T00:30:00Z', '2025-03-16T00:30:00Z']) assert.equal(d.match(digestOf(yes)), true, yes);
    for (const no of ['2025-03-10T00:31:00Z', '2025-03-10T12:30:00Z']) assert.equal(d.match(digestOf(no)), false, no);
  });

  test('sweep_stuck_runs: every minute, one attempt, a waiting sweep is replaced rather than piled up', () => {
    const s = byTask.get('sweep_stuck_runs')!;
    for (const t of ['2025-03-10T00:00:00Z', '2025-03-10T13:37:00Z']) assert.equal(s.match(digestOf(t)), true);
    assert.equal(s.options.maxAttempts, 1);
    assert.equal(s.options.jobKey, 'sweep_stuck_runs');
    assert.equal(s.options.jobKeyMode, 'replace');
    assert.equal(s.options.backfillPeriod, 0);
  });

  test('the week a Monday run reports is the one before', () => {
    assert.equal(weekStartOf(new Date('2025-03-16T23:59:59Z')), '2025-03-10');
    assert.equal(weekStartOf(new Date('2025-03-17T00:00:00Z')), '2025-03-17');
    assert.equal(reportedWeek(new Date('2025-03-17T06:00:00Z')), '2025-03-10');
  });
});

// ------------------------------------------------------------ fixtures

interface CallSpec {
  rep?: string | null;
  meetingAt?: string | null;
  receivedAt?: string;
  facts?: Partial<CallFacts>;
  /** Seller side share and questions (coach_call); none: no coaching (a voicemail). */
  seller?: { share: number; questions: number };
  failed?: string[];
  /** An older structure run with other facts (a reprocess made the current one). */
  olderFacts?: Partial<CallFacts>;
}

const baseFacts: CallFacts = callFacts({ sellerCompany: 'Stellar', buyerCompany: 'Buyer' });

async function addCall(db: Db, spec: CallSpec): Promise<string> {
  const t = await db
    .insertInto('stellar.transcripts')
    .values({
      content_sha256: randomBytes(32).toString('hex'),
      file_name: 'fixture.txt',
      raw_text: 'A: hi',
      source: 'cli',
      rep: spec.rep ?? null,
      meeting_at: spec.meetingAt ?? null,
      received_at: spec.receivedAt ?? spec.meetingAt ?? new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const addRun = async (facts: Partial<CallFacts>, finishedAt: string, withRest: boolean) => {
    const r = await db
      .insertInto('stellar.pipeline_runs')
      .values({ transcript_id: t.id, trigger: 'cli', status: 'succeeded', stages: ['parse', 'structure', 'coach_call'], finished_at: finishedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stage = (name: string, status: 'succeeded' | 'failed') =>
      db.insertInto('stellar.stage_runs').values({ run_id: r.id, stage: name, status, finished_at: finishedAt, agent_version: 'x/1' }).execute();
    await stage('structure', 'succeeded');
    await db.insertInto('stellar.call_facts').values({ run_id: r.id, transcript_id: t.id, facts: JSON.stringify({ ...baseFacts, ...facts }), provider: 'builtin', model: 'm', agent_version: 'x/1' }).execute();
    if (!withRest) return;
    await stage('parse', 'succeeded');
    if (spec.seller) {
      await stage('coach_call', 'succeeded');
      const metrics = { sides: { seller: { talkMs: 1, share: spec.seller.share, words: 1, questions: spec.seller.questions }, buyer: { talkMs: 1, share: 1 - spec.seller.share, words: 1, questions: 0 } } };
      await db
        .insertInto('stellar.coaching_reports')
        .values({ run_id: r.id, transcript_id: t.id, metrics: JSON.stringify(metrics), feedback: '[]', headline: 'h', provider: 'builtin', model: 'm', agent_version: 'x/1' })
        .execute();
    }
    for (const f of spec.failed ?? []) await stage(f, 'failed');
  };
  if (spec.olderFacts) await addRun(spec.olderFacts, '2025-01-01T00:00:00Z', false);
  await addRun(spec.facts ?? {}, '2025-02-01T00:00:00Z', true);
  return t.id;
}

const objection = (type: CallFacts['objections'][number]['type']) => ({ type, speaker: null, quote: `about ${type}` });
const step = (action: string) => ({ owner: null, action, dueDate: null, dueText: null });

// ------------------------------------------------------------ tasks

describe('scheduled tasks', () => {
  let app: TestApp;
  const mails: { to: string; subject: string; body: string }[] = [];
  let smtp: SMTPServer;

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString()));
        stream.on('end', () => {
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject, body: raw });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const port = (smtp.server.address() as { port: number }).port;
    app = await createTestApp('crontab', { SMTP_URL: `smtp://127.0.0.1:${port}`, STELLAR_REPORT_EMAIL_TO: 'managers@example.com', STELLAR_DIGEST_MAX_CHECKS: '4' });
  });
  after(async () => {
    await app?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  test('weekly_analytics: calls spread over three weeks give the right numbers per rep and week', async () => {
    const db = app.handle.db;
    const samSeller = { name: 'Sam Seller', side: 'seller' as const, role: null, company: 'Stellar', email: null, spoke: true };
    const buyer = { name: 'Bo Buyer', side: 'buyer' as const, role: null, company: 'Buyer', email: null, spoke: true };
    // Week of 2025-03-03
    await addCall(db, { rep: 'Dana', meetingAt: '2025-03-03T10:00:00Z', seller: { share: 0.6, questions: 4 }, facts: { objections: [objection('price'), objection('timing')], competitors: ['Gong'], nextSteps: [step('send deck'), step('book demo')] } });
    await addCall(db, { rep: 'Dana', meetingAt: '2025-03-07T16:00:00Z', seller: { share: 0.4, questions: 2 }, facts: { objections: [objection('price')], competitors: ['gong', 'Chorus', 'Gong'], nextSteps: [step('call back')] }, failed: ['draft_email'] });
    // Week of 2025-03-10: Dana's call has no meeting time (its received time counts); Sam is the seller who spoke (no rep set)
    await addCall(db, { rep: 'Dana', meetingAt: null, receivedAt: '2025-03-12T09:00:00Z', seller: { share: 0.5, questions: 6 }, facts: { objections: [objection('security')] } });
    await addCall(db, { rep: null, meetingAt: '2025-03-11T11:00:00Z', seller: { share: 0.7, questions: 1 }, facts: { participants: [buyer, samSeller], objections: [objection('price')], nextSteps: [step('a'), step('b'), step('c')] }, olderFacts: { objections: [objection('need')] } });
    // Week of 2025-03-17: a voicemail (no coaching), and calls at the week's edges
    await addCall(db, { rep: 'Dana', meetingAt: '2025-03-18T08:00:00Z', facts: { nextSteps: [step('call again')] } });
    await addCall(db, { rep: null, meetingAt: '2025-03-23T23:30:00Z', seller: { share: 0.3, questions: 9 }, facts: { participants: [samSeller] } });
    await addCall(db, { rep: null, meetingAt: '2025-03-24T00:00:00Z', seller: { share: 0.9, questions: 9 }, facts: { participants: [samSeller] } });

    const task = taskFactories.weekly_analytics(runtimeOf(app));
    for (const ts of ['2025-03-10T06:00:00.000Z', '2025-03-17T06:00:00.000Z', '2025-03-24T06:00:00.000Z']) {
      await task({ _cron: { ts, backfilled: false } }, helpers());
    }
    const rows = await db.selectFrom('stellar.weekly_reports').select(['rep', sql<string>`week_start::text`.as('week'), 'metrics']).orderBy('week_start').orderBy('rep').execute();
    const get = (week: string, rep: string) => rows.find((r) => r.week === week && r.rep === rep)?.metrics as Record<string, unknown> | undefined;
    assert.deepEqual(
      rows.map((r) => `${r.week} ${r.rep}`),
      ['2025-03-03 Dana', '2025-03-10 Dana', '2025-03-10 Sam Seller', '2025-03-17 Dana', '2025-03-17 Sam Seller'],
    );
    const w1 = get('2025-03-03', 'Dana')!;
    assert.equal(w1.calls, 2);
    assert.equal(w1.meanTalkRatio, 0.5);
    assert.equal(w1.questionsPerCall, 3);
    assert.deepEqual(w1.topObjections, [{ type: 'price', count: 2 }, { type: 'timing', count: 1 }]);
    assert.deepEqual(w1.competitors, [{ name: 'Gong', calls: 2 }, { name: 'Chorus', calls: 1 }]);
    assert.equal(w1.nextStepsSet, 3);
    assert.deepEqual(w1.stageFailures, { total: 1, byStage: { draft_email: 1 } });

    const w2d = get('2025-03-10', 'Dana')!;
    assert.equal(w2d.calls, 1);
    assert.equal(w2d.questionsPerCall, 6);
    assert.deepEqual(w2d.topObjections, [{ type: 'security', count: 1 }]);
    assert.deepEqual(w2d.competitors, []);
    assert.equal(w2d.nextStepsSet, 0);
    const w2s = get('2025-03-10', 'Sam Seller')!;
    assert.equal(w2s.calls, 1);
    assert.equal(w2s.meanTalkRatio, 0.7);
    assert.deepEqual(w2s.topObjections, [{ type: 'price', count: 1 }], 'from the current (reprocessed) facts');
    assert.equal(w2s.nextStepsSet, 3);
    assert.deepEqual(w2s.stageFailures, { total: 0, byStage: {} });

    const w3d = get('2025-03-17', 'Dana')!;
    assert.equal(w3d.calls, 1);
    assert.equal(w3d.coachedCalls, 0);
    assert.equal(w3d.meanTalkRatio, null, 'a voicemail has no talk ratio');
    assert.equal(w3d.nextStepsSet, 1);
    const w3s = get('2025-03-17', 'Sam Seller')!;
    assert.equal(w3s.calls, 1, 'Sunday 23:30 is in the week; Monday 00:00 is the next');
    assert.equal(w3s.meanTalkRatio, 0.3);

    // E-mailed (SMTP configured), one message per week.
    const weekly = mails.filter((m) => m.subject.includes('weekly analytics'));
    assert.equal(weekly.length, 3);
    assert.equal(weekly[0].to, 'managers@example.com');
    assert.match(weekly[0].body, /Dana: 2 call/);

    // Re-running a week replaces its rows (same ids), never duplicates them.
    const ids = rows.map((r) => r).length;
    await task({ weekStart: '2025-03-10' }, helpers());
    const again = await db.selectFrom('stellar.weekly_reports').select('id').execute();
    assert.equal(again.length, ids);
    const api = await db.selectFrom('stellar_api.weekly_reports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(api.n), ids, "issue 4's API view reads the same rows");
  });

  test('daily_digest: re-queues itself while the day has runs in flight, then reports once all ended', async () => {
    const db = app.handle.db;
    const t = await addCall(db, { rep: 'Dana', meetingAt: '2025-03-10T08:00:00Z' });
    const mk = async (status: 'succeeded' | 'failed' | 'running', created: string, finished: string | null, failed?: string) => {
      const r = await db
        .insertInto('stellar.pipeline_runs')
        .values({ transcript_id: t, trigger: 'upload', status, stages: ['parse'], created_at: created, started_at: created, finished_at: finished })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (failed) await db.insertInto('stellar.stage_runs').values({ run_id: r.id, stage: failed, status: 'failed', error: 'boom', finished_at: finished ?? created }).execute();
      return r.id;
    };
    await mk('succeeded', '2025-03-10T09:00:00Z', '2025-03-10T09:00:30Z');
    await mk('failed', '2025-03-10T10:00:00Z', '2025-03-10T10:01:00Z', 'draft_social');
    const open = await mk('running', '2025-03-10T23:59:00Z', null);
    await mk('running', '2025-03-11T00:10:00Z', null); // the next day's: not waited for

    const queued: { payload: unknown; opts: Record<string, unknown> }[] = [];
    const h = helpers({ addJob: (async (_task: string, payload: unknown, opts: Record<string, unknown>) => void queued.push({ payload, opts })) as never });
    const task = taskFactories.daily_digest(runtimeOf(app));
    const before = Date.now();
    await task({ _cron: { ts: '2025-03-11T00:30:00.000Z' } }, h);
    const after = Date.now();
    assert.equal(queued.length, 1, 'one run of the day is in flight: check again later');
    assert.deepEqual(queued[0].payload, { day: '2025-03-10', checks: 2 });
    assert.equal(queued[0].opts.jobKey, 'daily_digest:2025-03-10');
    // 10 minutes after the task's "now", which lies between `before` and `after`.
    const runAt = queued[0].opts.runAt;
    assert.ok(runAt instanceof Date, 'runAt is a Date');
    assert.ok(runAt.getTime() - 10 * 60_000 >= before && runAt.getTime() - 10 * 60_000 <= after, `re-check at ${runAt.toISOString()}, task ran ${new Date(before).toISOString()}…${new Date(after).toISOString()}`);
    assert.equal((await db.selectFrom('stellar.daily_digests').select('day').execute()).length, 0, 'nothing reported on half the data');

    await db.updateTable('stellar.pipeline_runs').set({ status: 'succeeded', finished_at: '2025-03-11T00:35:00Z' }).where('id', '=', open).execute();
    await task({ day: '2025-03-10', checks: 2 }, h);
    assert.equal(queued.length, 1, 'no further re-check');
    const row = await db.selectFrom('stellar.daily_digests').selectAll().where(sql<string>`day::text`, '=', '2025-03-10').executeTakeFirstOrThrow();
    assert.equal(row.complete, true);
    assert.equal(row.note, null);
    assert.equal(row.checks, 2);
    const digest = row.digest as { runs: { total: number; byStatus: Record<string, number> }; stageFailures: unknown[]; inFlight: number };
    assert.equal(digest.runs.total, 3);
    assert.deepEqual(digest.runs.byStatus, { succeeded: 2, failed: 1 });
    assert.deepEqual(digest.stageFailures, [{ stage: 'draft_social', count: 1, firstError: 'boom' }]);
    assert.equal(digest.inFlight, 0);
    assert.ok(mails.some((m) => m.subject.includes('daily digest') && m.subject.includes('2025-03-10')));
  });

  test('daily_digest: after the last bounded check it reports anyway, with a note', async () => {
    const db = app.handle.db;
    const t = await addCall(db, { rep: 'Dana', meetingAt: '2025-04-01T08:00:00Z' });
    await db.insertInto('stellar.pipeline_runs').values({ transcript_id: t, trigger: 'cli', status: 'running', stages: ['parse'], created_at: '2025-04-01T12:00:00Z' }).execute();
    const queued: unknown[] = [];
    const h = helpers({ addJob: (async (_t: string, p: unknown) => void queued.push(p)) as never });
    await taskFactories.daily_digest(runtimeOf(app))({ day: '2025-04-01', checks: 4 }, h); // STELLAR_DIGEST_MAX_CHECKS=4
    assert.equal(queued.length, 0);
    const row = await db.selectFrom('stellar.daily_digests').selectAll().where(sql<string>`day::text`, '=', '2025-04-01').executeTakeFirstOrThrow();
    assert.equal(row.complete, false);
    assert.match(row.note ?? '', /1 run\(s\) of the day were still in flight after 4 check\(s\)/);
  });

  test('daily_digest through graphile-worker: the re-check is a real job, later, under its key', async () => {
    const db = app.handle.db;
    const t = await addCall(db, { rep: 'Dana', meetingAt: '2025-05-05T08:00:00Z' });
    await db.insertInto('stellar.pipeline_runs').values({ transcript_id: t, trigger: 'cli', status: 'running', stages: ['parse'], created_at: '2025-05-05T12:00:00Z' }).execute();
    const runner = await app.startWorker({ concurrency: 2 });
    try {
      const queuedAt = Date.now();
      await runner.addJob('daily_digest', { day: '2025-05-05' });
      const job = await waitFor(
        'the digest re-queued itself',
        () => db.selectFrom('graphile_worker.jobs').select('run_at').where('key', '=', 'daily_digest:2025-05-05').executeTakeFirst(),
        300_000,
      );
      const foundAt = Date.now();
      // 10 minutes after the task ran, which was between queueing it and finding its re-check.
      const ranAt = job.run_at.getTime() - 10 * 60_000;
      assert.ok(ranAt >= queuedAt && ranAt <= foundAt, `re-check at ${job.run_at.toISOString()}, task ran between ${new Date(queuedAt).toISOString()} and ${new Date(foundAt).toISOString()}`);
    } finally {
      await app.stopWorker();
      await sql`delete from graphile_worker._private_jobs where key = 'daily_digest:2025-05-05'`.execute(db);
    }
  });

  test("cron ?fill: a Monday's weekly_analytics missed while no worker ran is back-filled once on start", async () => {
    const db = app.handle.db;
    // The last Monday 06:00 UTC at or before now; the schedule was last run a week before it.
    const now = new Date();
    const lastMonday = new Date(`${weekStartOf(now)}T06:00:00Z`);
    if (lastMonday > now) lastMonday.setUTCDate(lastMonday.getUTCDate() - 7);
    const weekBefore = new Date(lastMonday.getTime() - 7 * 86_400_000);
    await sql`insert into graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
              values ('weekly_analytics', ${new Date(now.getTime() - 60 * 86_400_000)}, ${weekBefore})
              on conflict (identifier) do update set known_since = excluded.known_since, last_execution = excluded.last_execution`.execute(db);
    const seen: unknown[] = [];
    const capture: Task = async (payload) => void seen.push(payload);
    await app.startWorker({ concurrency: 2, crontab: true, extraTasks: () => ({ weekly_analytics: capture, daily_digest: async () => {}, sweep_stuck_runs: async () => {} }) });
    try {
      await waitFor('the back-filled run', async () => seen.length > 0, 300_000);
      // The fill queued its jobs in one go; once none is left, every back-filled run has been seen.
      await waitFor(
        'no weekly_analytics job left',
        async () => (await db.selectFrom('graphile_worker.jobs').select('id').where('task_identifier', '=', 'weekly_analytics').execute()).length === 0,
        300_000,
      );
      assert.equal(seen.length, 1, `exactly one back-filled run: ${JSON.stringify(seen)}`);
      assert.deepEqual(seen[0], { _cron: { ts: lastMonday.toISOString(), backfilled: true } });
    } finally {
      await app.stopWorker();
    }
    // It reports the week before that Monday.
    assert.equal(reportedWeek(lastMonday), weekStartOf(weekBefore));
  });
});

// ------------------------------------------------------------ sweep

describe('sweep_stuck_runs', () => {
  let app: TestApp;
  const sweepOpts = { deadAfterMs: 60_000, stuckAfterMs: 60_000, maxRequeues: 2, ledger: { maxAttempts: 3 } };
  let n = 500;
  const ingest = async () =>
    ingestTranscript(app.handle.db, { bytes: Buffer.from(syntheticTranscript(n++)), fileName: 'sweep.txt', source: 'cli', maxAttempts: 3 });
  const backdate = (runId: string) => sql`update stellar.stage_runs set queued_at = now() - interval '5 minutes' where run_id = ${runId}::uuid`.execute(app.handle.db);

  before(async () => {
    app = await createTestApp('sweep');
  });
  after(async () => {
    await app?.close();
  });

  test('a stage whose job is gone is re-queued, and the run completes', async () => {
    const db = app.handle.db;
    const r = await ingest();
    await sql`select graphile_worker.remove_job(${`stage:${r.runId}:parse`})`.execute(db);
    const early = await sweepStuckRuns(db, sweepOpts);
    assert.equal(early.requeued.length, 0, 'not before STELLAR_STUCK_AFTER_MS');
    await backdate(r.runId!);
    const swept = await sweepStuckRuns(db, sweepOpts);
    assert.deepEqual(swept.requeued, [{ runId: r.runId, stage: 'parse' }]);
    const run = await db.selectFrom('stellar.pipeline_runs').select('sweeps').where('id', '=', r.runId!).executeTakeFirstOrThrow();
    assert.equal(run.sweeps, 1);
    await app.startWorker({ concurrency: 2 });
    const [p] = await waitForRuns(db, [r.runId!], { timeoutMs: 300_000 });
    assert.equal(p.status, 'succeeded');
    await app.stopWorker();
  });

  test('after N re-queues the lost stage is failed with a reason and the run closes', async () => {
    const db = app.handle.db;
    const r = await ingest();
    await db.updateTable('stellar.pipeline_runs').set({ sweeps: 2 }).where('id', '=', r.runId!).execute();
    await sql`select graphile_worker.remove_job(${`stage:${r.runId}:parse`})`.execute(db);
    await backdate(r.runId!);
    const swept = await sweepStuckRuns(db, sweepOpts);
    assert.equal(swept.failed.length, 1);
    await app.startWorker({ concurrency: 2 });
    const [p] = await waitForRuns(db, [r.runId!], { timeoutMs: 300_000 });
    await app.stopWorker();
    assert.equal(p.status, 'failed');
    const run = await db.selectFrom('stellar.pipeline_runs').select('error').where('id', '=', r.runId!).executeTakeFirstOrThrow();
    assert.match(run.error ?? '', /parse: stuck: the stage's job was lost and re-queued 2 time\(s\)/);
  });

  test("a dead worker's locked jobs are unlocked; a live worker's are not", async () => {
    const db = app.handle.db;
    const dead = await ingest();
    const alive = await ingest();
    const lock = (runId: string, by: string) =>
      sql`update graphile_worker._private_jobs set locked_by = ${by}, locked_at = now() - interval '10 minutes', attempts = 1 where key = ${`stage:${runId}:parse`}`.execute(db);
    await lock(dead.runId!, 'pool-dead');
    await lock(alive.runId!, 'pool-alive');
    await db.insertInto('stellar.worker_heartbeats').values([
      { worker_id: 'pool-dead', hostname: 'h', pid: 1, concurrency: 4, beat_at: new Date(Date.now() - 10 * 60_000) },
      { worker_id: 'pool-alive', hostname: 'h', pid: 2, concurrency: 4 },
    ]).execute();
    const swept = await sweepStuckRuns(db, sweepOpts);
    assert.deepEqual(swept.deadWorkers, ['pool-dead']);
    assert.equal(swept.unlockedJobs, 1);
    const locks = await sql<{ key: string; locked_by: string | null }>`select key, locked_by from graphile_worker.jobs where key like 'stage:%:parse'`.execute(db);
    assert.equal(locks.rows.find((j) => j.key.includes(dead.runId!))?.locked_by, null);
    assert.equal(locks.rows.find((j) => j.key.includes(alive.runId!))?.locked_by, 'pool-alive');
    const hb = await db.selectFrom('stellar.worker_heartbeats').select(['worker_id', 'stopped_at']).where('worker_id', '=', 'pool-dead').executeTakeFirstOrThrow();
    assert.ok(hb.stopped_at instanceof Date, 'the dead worker is marked stopped');
    // The live one's job stays its own; let it go for the rest of the test.
    await sql`select graphile_worker.force_unlock_workers(array['pool-alive'])`.execute(db);
    await app.startWorker({ concurrency: 2 });
    const progress = await waitForRuns(db, [dead.runId!, alive.runId!], { timeoutMs: 300_000 });
    await app.stopWorker();
    assert.ok(progress.every((p) => p.status === 'succeeded'));
  });

  test('a run whose stages all ended but whose fan-in job is gone gets one', async () => {
    const db = app.handle.db;
    const r = await ingest();
    await app.startWorker({ concurrency: 2 });
    await waitForRuns(db, [r.runId!], { timeoutMs: 300_000 });
    await app.stopWorker();
    await db.updateTable('stellar.pipeline_runs').set({ status: 'running', finished_at: null, created_at: new Date(Date.now() - 10 * 60_000) }).where('id', '=', r.runId!).execute();
    const swept = await sweepStuckRuns(db, sweepOpts);
    assert.deepEqual(swept.finishQueued, [r.runId]);
    await app.startWorker({ concurrency: 2 });
    const [p] = await waitForRuns(db, [r.runId!], { timeoutMs: 300_000 });
    await app.stopWorker();
    assert.equal(p.status, 'succeeded');
  });
});

describe('sweep_stuck_runs after a real crash (SIGKILL of a worker process mid-job)', () => {
  let app: TestApp;
  let fake: FakeOllama;
  before(async () => {
    // The first model call never answers: the worker that takes it is killed while it waits.
    fake = await startFakeOllama({ chat: (req) => (req.n === 0 ? { hang: true } : pipelineChat(req)) });
    app = await createTestApp('sweep_crash', { STELLAR_PROVIDER: 'ollama', OLLAMA_HOST: fake.url, OLLAMA_RETRIES: '0' });
  });
  after(async () => {
    await app?.close();
    await fake?.close();
  });

  test('the run resumes within seconds of the sweep, not hours', async () => {
    const db = app.handle.db;
    const env = { STELLAR_PROVIDER: 'ollama', OLLAMA_HOST: fake.url, STELLAR_CRONTAB: 'no-crontab' };
    const child = await spawnWorker(app.database.url, env, { concurrency: 2 });
    const r = await ingestTranscript(db, { bytes: Buffer.from(syntheticTranscript(777)), fileName: 'crash.txt', source: 'upload', maxAttempts: 3 });
    await fake.waitForCalls(1, 300_000);
    const locked = await sql<{ locked_by: string }>`select locked_by from graphile_worker.jobs where key = ${`stage:${r.runId}:structure`}`.execute(db);
    assert.equal(typeof locked.rows[0]?.locked_by, 'string', 'structure is locked by the child worker');
    await child.kill();
    // Its last heartbeat ages past deadAfterMs (1 s) while we wait.
    await sleep(1500);
    const swept = await sweepStuckRuns(db, { deadAfterMs: 1000, stuckAfterMs: 60_000, maxRequeues: 3, ledger: { maxAttempts: 3 } });
    assert.deepEqual(swept.deadWorkers, [locked.rows[0].locked_by]);
    await app.startWorker({ concurrency: 2 });
    // Without the sweep the job would stay locked by the dead worker for graphile-worker's 4 h lock timeout.
    const [p] = await waitForRuns(db, [r.runId!], { timeoutMs: 300_000 });
    assert.equal(p.status, 'succeeded');
    const structure = await db.selectFrom('stellar.stage_runs').select('attempt').where('run_id', '=', r.runId!).where('stage', '=', 'structure').executeTakeFirstOrThrow();
    assert.equal(structure.attempt, 2, 'the crashed attempt counted; the second one finished');
  });
});
