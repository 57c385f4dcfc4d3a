/**
 * Reprocessing and backfills (src/ops/reprocess.ts, tasks/reprocess_transcript.ts,
 * `stellar reprocess`, `stellar backfill status`): the SQL statement of docs/operations.md,
 * new output versions with the old ones kept, no duplicates from job keys or
 * retries, missing upstream inputs, --only-changed, and the backfill status
 * with its ETA.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { JobHelpers, Task } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { settle } from './support/settle.ts';
import { syntheticTranscript } from './support/transcripts.ts';
import { ingestTranscript, sha256 } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import { taskFactories } from '../tasks/index.ts';
import { buildRuntime } from '../src/worker/runtime.ts';
import { createBackfill, planBackfill, reprocessTranscript } from '../src/ops/reprocess.ts';
import { currentAgentVersions, STAGES } from '../src/pipeline/stages.ts';

const run = promisify(execFile);

/** The statement in docs/operations.md ("From SQL"), verbatim. */
const DOC_SQL = `select graphile_worker.add_job('reprocess_transcript', json_build_object('transcriptId', id, 'stages', json_build_array('draft_email')), job_key := 'reprocess:' || id, priority := 10) from stellar.transcripts where received_at > now() - interval '3 months';`;

describe('reprocessing', () => {
  let app: TestApp;
  const calls: { transcriptId: string; runId: string }[] = [];
  const db = () => app.handle.db;

  const cli = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bin/cli.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: app.database.url, STELLAR_PROVIDER: 'builtin', LOG_LEVEL: 'silent' },
    });
    return stdout;
  };

  const reprocessRuns = (transcriptId: string) =>
    db().selectFrom('stellar.pipeline_runs').selectAll().where('transcript_id', '=', transcriptId).where('trigger', 'in', ['reprocess', 'backfill']).orderBy('created_at').execute();

  /** Waits until every run is closed and no job is left. */
  before(async () => {
    app = await createTestApp('reprocess');
    for (let i = 0; i < 4; i++) {
      const r = await ingestTranscript(db(), { bytes: Buffer.from(syntheticTranscript(i)), fileName: `call-${i}.txt`, source: 'cli', maxAttempts: 3 });
      calls.push({ transcriptId: r.transcriptId, runId: r.runId! });
    }
    await app.startWorker({ concurrency: 4 });
    const progress = await waitForRuns(db(), calls.map((c) => c.runId), { timeoutMs: 120_000 });
    assert.ok(progress.every((p) => p.status === 'succeeded'), JSON.stringify(progress));
    // Three calls of the last weeks and one of four months ago.
    await sql`update stellar.transcripts set received_at = now() - interval '10 days' where id = any(${calls.slice(0, 3).map((c) => c.transcriptId)}::uuid[])`.execute(db());
    await sql`update stellar.transcripts set received_at = now() - interval '4 months' where id = ${calls[3].transcriptId}::uuid`.execute(db());
  });
  after(async () => {
    await app?.close();
  });

  test('docs/operations.md gives the statement this test runs, verbatim', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs/operations.md'), 'utf8');
    assert.ok(doc.includes(DOC_SQL), 'docs/operations.md and this test must show the same statement');
  });

  test("the documented statement re-runs the last three months' e-mail drafts as new versions; the old stay queryable", async () => {
    await sql.raw(DOC_SQL).execute(db());
    await settle(db());
    for (const { transcriptId, runId: firstRun } of calls.slice(0, 3)) {
      const runs = await reprocessRuns(transcriptId);
      assert.equal(runs.length, 1, 'one reprocess run');
      const [r] = runs;
      assert.equal(r.trigger, 'reprocess');
      assert.equal(r.status, 'succeeded', r.error ?? '');
      assert.deepEqual(r.stages, ['draft_email'], 'draft_email has nothing downstream');
      assert.equal(r.priority, 10);
      assert.ok(r.job_id, 'the run records the job that opened it');
      assert.equal(r.job_key, `reprocess:${transcriptId}`);
      const stages = await db().selectFrom('stellar.stage_runs').select(['stage', 'status']).where('run_id', '=', r.id).execute();
      assert.deepEqual(stages.map((s) => s.stage), ['draft_email'], 'upstream stages are not re-run');

      const drafts = await db().selectFrom('stellar.drafts').select(['run_id', 'kind']).where('transcript_id', '=', transcriptId).orderBy('created_at').execute();
      assert.deepEqual(
        drafts.filter((d) => d.kind === 'email').map((d) => d.run_id),
        [firstRun, r.id],
        'a new e-mail version; the first one is still there',
      );
      assert.equal(drafts.filter((d) => d.kind === 'social').length, 1, 'social draft untouched');
      const current = await db().selectFrom('stellar.current_stage_run').select('run_id').where('transcript_id', '=', transcriptId).where('stage', '=', 'draft_email').executeTakeFirstOrThrow();
      assert.equal(current.run_id, r.id, 'the current e-mail draft is the new one');
      const facts = await db().selectFrom('stellar.call_facts').select('run_id').where('transcript_id', '=', transcriptId).execute();
      assert.deepEqual(facts.map((f) => f.run_id), [firstRun], 'it read the current facts; structure did not run again');
    }
    assert.equal((await reprocessRuns(calls[3].transcriptId)).length, 0, 'the call of four months ago is left alone');
  });

  test('the statement queued twice (same job keys) runs once per transcript', async () => {
    await app.stopWorker();
    await sql.raw(DOC_SQL).execute(db());
    await sql.raw(DOC_SQL).execute(db());
    const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where task_identifier = 'reprocess_transcript'`.execute(db());
    assert.equal(Number(rows[0].n), 3, 'the job key replaced the second batch');
    await app.startWorker({ concurrency: 4 });
    await settle(db());
    for (const { transcriptId } of calls.slice(0, 3)) {
      assert.equal((await reprocessRuns(transcriptId)).length, 2, 'one more run, not two');
      const emails = await db().selectFrom('stellar.drafts').select('run_id').where('transcript_id', '=', transcriptId).where('kind', '=', 'email').execute();
      assert.equal(emails.length, 3);
      assert.equal(new Set(emails.map((e) => e.run_id)).size, 3, 'one e-mail version per run');
    }
  });

  test('a retried job, or a second job with the same key while the first run is open, opens no second run', async () => {
    await app.stopWorker();
    const { transcriptId } = calls[0];
    const key = `reprocess:${transcriptId}`;
    const before = (await reprocessRuns(transcriptId)).length;
    const payload = { transcriptId, stages: ['coach_call'] };
    const a = await reprocessTranscript(db(), payload, { id: '900001', key, createdAt: new Date(), priority: 10 }, { maxAttempts: 3 });
    assert.equal(a.status, 'opened');
    const retried = await reprocessTranscript(db(), payload, { id: '900001', key, createdAt: new Date(), priority: 10 }, { maxAttempts: 3 });
    assert.equal(retried.status, 'duplicate', 'same job id: a retry');
    const second = await reprocessTranscript(db(), payload, { id: '900002', key, createdAt: new Date(), priority: 10 }, { maxAttempts: 3 });
    assert.equal(second.status, 'duplicate', 'same key while the first run is open');

    // Through the task itself, as graphile-worker calls it: twice with the same job (a retry after a crash).
    const helpers = { job: { id: '900003', key: 'manual-key', created_at: new Date(), priority: 10, attempts: 1, max_attempts: 3 } } as unknown as JobHelpers;
    const task = taskFactories.reprocess_transcript(buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log }));
    await task({ transcriptId: calls[1].transcriptId, stages: ['coach_call'] }, helpers);
    await task({ transcriptId: calls[1].transcriptId, stages: ['coach_call'] }, helpers);
    const viaTask = await db().selectFrom('stellar.pipeline_runs').select('id').where('job_id', '=', '900003').execute();
    assert.equal(viaTask.length, 1);

    await app.startWorker({ concurrency: 4 });
    await settle(db());
    assert.equal((await reprocessRuns(transcriptId)).length, before + 1);
    const opened = (await reprocessRuns(transcriptId)).at(-1)!;
    // Once that run has ended: a job queued before it opened is still satisfied by it; a later one runs again.
    const stale = await reprocessTranscript(db(), payload, { id: '900004', key, createdAt: new Date(new Date(opened.created_at).getTime() - 1000), priority: 10 }, { maxAttempts: 3 });
    assert.equal(stale.status, 'duplicate');
    const fresh = await reprocessTranscript(db(), payload, { id: '900005', key, createdAt: new Date(), priority: 10 }, { maxAttempts: 3 });
    assert.equal(fresh.status, 'opened');
    await settle(db());
    const coach = await db().selectFrom('stellar.coaching_reports').select('run_id').where('transcript_id', '=', transcriptId).execute();
    assert.equal(coach.length, new Set(coach.map((c) => c.run_id)).size, 'no run stored two coaching reports');
  });

  test('a stage job that runs again after its stage succeeded stores nothing twice', async () => {
    const [r] = await reprocessRuns(calls[2].transcriptId);
    const before = await db().selectFrom('stellar.drafts').select('run_id').where('run_id', '=', r.id).execute();
    const helpers = { job: { id: '1', attempts: 2, max_attempts: 3, key: null, priority: 10 } } as unknown as JobHelpers;
    await taskFactories.draft_email(buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log }))({ runId: r.id }, helpers);
    const afterRows = await db().selectFrom('stellar.drafts').select('run_id').where('run_id', '=', r.id).execute();
    assert.equal(afterRows.length, before.length);
  });

  test('bad payloads are rejected without a run (and never retried)', async () => {
    const job = { id: '900100', key: null, createdAt: new Date(), priority: 10 };
    assert.equal((await reprocessTranscript(db(), { transcriptId: 'nope' }, job, { maxAttempts: 3 })).status, 'rejected');
    const unknown = await reprocessTranscript(db(), { transcriptId: calls[0].transcriptId, stages: ['email'] }, job, { maxAttempts: 3 });
    assert.equal(unknown.status, 'rejected');
    assert.match(unknown.status === 'rejected' ? unknown.why : '', /unknown stage\(s\): email/);
    const missing = await reprocessTranscript(db(), { transcriptId: '00000000-0000-4000-8000-000000000000' }, job, { maxAttempts: 3 });
    assert.equal(missing.status, 'rejected');
  });

  test('a named stage whose input was never produced brings the stages that produce it', async () => {
    const text = syntheticTranscript(42);
    const t = await db()
      .insertInto('stellar.transcripts')
      .values({ content_sha256: sha256(Buffer.from(text)), file_name: 'never-run.txt', raw_text: text, source: 'cli' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outcome = await reprocessTranscript(db(), { transcriptId: t.id, stages: ['draft_email'] }, { id: '900200', key: null, createdAt: new Date(), priority: 0 }, { maxAttempts: 3 });
    assert.equal(outcome.status, 'opened');
    if (outcome.status !== 'opened') return;
    assert.deepEqual(outcome.added, ['parse', 'structure', 'chunk', 'embed']);
    assert.deepEqual(outcome.plan, ['parse', 'structure', 'chunk', 'embed', 'draft_email']);
    const [p] = await waitForRuns(db(), [outcome.runId], { timeoutMs: 60_000 });
    assert.equal(p.status, 'succeeded');
    const runRow = await db().selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', outcome.runId).executeTakeFirstOrThrow();
    assert.equal(runRow.priority, 10, 'reprocessing never runs ahead of uploads, whatever the job priority');
    const drafts = await db().selectFrom('stellar.drafts').select('kind').where('transcript_id', '=', t.id).execute();
    assert.deepEqual(drafts.map((d) => d.kind), ['email']);
    await settle(db());
  });

  test('--only-changed picks the stages whose recorded agent version differs from the code', async () => {
    const versions = currentAgentVersions(app.provider);
    assert.deepEqual([...versions.keys()].sort(), [...STAGES].sort());
    const since = new Date(Date.now() - 30 * 86_400_000);
    const none = await planBackfill(db(), app.provider, { since, onlyChanged: true });
    assert.equal(none.items.length, 0, `every current version matches the code: ${JSON.stringify(none.items[0]?.changed)}`);
    assert.equal(none.unchanged, none.candidates);

    // Pretend the coaching of call 0 and the facts of call 1 came from older agents.
    const currentRun = async (transcriptId: string, stage: string) =>
      (await db().selectFrom('stellar.current_stage_run').select('run_id').where('transcript_id', '=', transcriptId).where('stage', '=', stage).executeTakeFirstOrThrow()).run_id;
    await db().updateTable('stellar.stage_runs').set({ agent_version: 'builtin-coaching/0' }).where('run_id', '=', await currentRun(calls[0].transcriptId, 'coach_call')).where('stage', '=', 'coach_call').execute();
    await db().updateTable('stellar.stage_runs').set({ agent_version: 'builtin-facts/0' }).where('run_id', '=', await currentRun(calls[1].transcriptId, 'structure')).where('stage', '=', 'structure').execute();

    const plan = await planBackfill(db(), app.provider, { since, onlyChanged: true });
    const byId = new Map(plan.items.map((i) => [i.transcriptId, i]));
    assert.equal(plan.items.length, 2);
    assert.deepEqual(byId.get(calls[0].transcriptId)!.plan, ['coach_call']);
    assert.deepEqual(byId.get(calls[0].transcriptId)!.changed, [{ stage: 'coach_call', recorded: 'builtin-coaching/0', current: versions.get('coach_call') }]);
    assert.deepEqual(byId.get(calls[1].transcriptId)!.plan, ['structure', 'chunk', 'embed', 'draft_email', 'draft_social', 'coach_call', 'link_graph'], 'new facts: everything downstream too');
    const onlyEmail = await planBackfill(db(), app.provider, { since, onlyChanged: true, stages: ['draft_email'] });
    assert.equal(onlyEmail.items.length, 0, 'limited to the named stages');

    // Run it as a backfill: afterwards nothing differs any more.
    const id = await createBackfill(db(), plan, { since, onlyChanged: true, maxAttempts: 3, reason: 'agents upgraded' });
    await settle(db());
    const status = await db().selectFrom('stellar.backfill_status').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(status.done, 2);
    assert.equal((await planBackfill(db(), app.provider, { since, onlyChanged: true })).items.length, 0);
  });

  test('CLI: stellar reprocess (dry run, then a backfill) and stellar backfill status', async () => {
    await app.stopWorker();
    const dry = JSON.parse(await cli('reprocess', '--since', '30d', '--stage', 'coach_call', '--stage', 'link_graph', '--dry-run', '--json'));
    assert.equal(dry.dryRun, true);
    assert.equal(dry.toReprocess, dry.candidates);
    assert.ok(dry.candidates >= 3);
    assert.deepEqual(dry.perStage, { coach_call: dry.candidates, link_graph: dry.candidates });
    assert.equal((await db().selectFrom('stellar.backfills').select('id').where('reason', 'is', null).execute()).length, 0, 'a dry run creates nothing');

    const created = JSON.parse(await cli('reprocess', '--since', '30d', '--stage', 'coach_call', '--json'));
    const id: string = created.backfillId;
    assert.match(id, /^[0-9a-f-]{36}$/);
    const queued = JSON.parse(await cli('backfill', 'status', id, '--json'));
    assert.equal(queued.status, 'queued');
    assert.equal(queued.total, dry.candidates);
    assert.equal(queued.remaining, dry.candidates);
    assert.equal(queued.pending, dry.candidates);
    assert.equal(queued.eta, null, 'no ETA before anything ended');

    await app.startWorker({ concurrency: 4 });
    await settle(db());
    const done = JSON.parse(await cli('backfill', 'status', id, '--json'));
    assert.equal(done.status, 'finished');
    assert.equal(done.done, dry.candidates);
    assert.equal(done.failed, 0);
    assert.equal(done.remaining, 0);
    assert.equal(typeof done.finishedAt, 'string', JSON.stringify(done));
    assert.equal(Number.isNaN(Date.parse(done.finishedAt)), false, done.finishedAt);
    assert.equal(done.finished_at, undefined, 'camelCase keys only (one key style with the REST API)');
    const text = await cli('backfill', 'status', id);
    assert.match(text, /finished/);
    const runs = await db().selectFrom('stellar.pipeline_runs').selectAll().where('backfill_id', '=', id).execute();
    assert.equal(runs.length, dry.candidates);
    assert.ok(runs.every((r) => r.trigger === 'backfill' && r.status === 'succeeded' && r.priority === 10 && r.stages.join() === 'coach_call'));
    const api = await sql<{ done: number }>`select done from stellar_api.backfills where id = ${id}::uuid`.execute(db());
    assert.equal(api.rows[0]?.done, dry.candidates, 'the GraphQL view shows it too');
  });

  test('backfill status: done, failed, remaining and an ETA from the rate so far', async () => {
    await app.stopWorker();
    const since = new Date(Date.now() - 30 * 86_400_000);
    const plan = await planBackfill(db(), app.provider, { since, stages: ['draft_social'] });
    const items = plan.items.slice(0, 4);
    assert.equal(items.length, 4);
    const id = await createBackfill(db(), { ...plan, items }, { since, stages: ['draft_social'], maxAttempts: 3 });
    await sql`delete from graphile_worker._private_jobs where key like ${`backfill:${id}:%`}`.execute(db());
    // Item 0 done 10 minutes after the backfill started, item 1 failed, item 2 running, item 3 not started.
    const fake = async (transcriptId: string, status: 'succeeded' | 'failed' | 'running', createdMinAgo: number, finishedMinAgo: number | null) => {
      const r = await db()
        .insertInto('stellar.pipeline_runs')
        .values({
          transcript_id: transcriptId,
          trigger: 'backfill',
          status,
          stages: ['draft_social'],
          priority: 10,
          backfill_id: id,
          created_at: new Date(Date.now() - createdMinAgo * 60_000),
          finished_at: finishedMinAgo === null ? null : new Date(Date.now() - finishedMinAgo * 60_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db().updateTable('stellar.backfill_items').set({ run_id: r.id }).where('backfill_id', '=', id).where('transcript_id', '=', transcriptId).execute();
    };
    const beforeFake = Date.now();
    await fake(items[0].transcriptId, 'succeeded', 20, 15);
    await fake(items[1].transcriptId, 'failed', 15, 10);
    await fake(items[2].transcriptId, 'running', 5, null);
    const queryFrom = Date.now();
    const s = await db().selectFrom('stellar.backfill_status').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const queryTo = Date.now();
    assert.deepEqual(
      { total: s.total, done: s.done, failed: s.failed, running: s.running, pending: s.pending, remaining: s.remaining, status: s.status },
      { total: 4, done: 1, failed: 1, running: 1, pending: 1, remaining: 2, status: 'running' },
    );
    // 2 ended since the first run opened (20 minutes before `queryFrom`): the other 2 need as long again,
    // so eta = now + (now - started) = 2·now - started, with the database's now() between queryFrom and queryTo.
    assert.ok(s.started_at instanceof Date && s.eta instanceof Date, JSON.stringify(s));
    const started = s.started_at.getTime();
    // The first run was created 20 minutes before an instant between beforeFake and queryFrom.
    assert.ok(started >= beforeFake - 20 * 60_000 && started <= queryFrom - 20 * 60_000, `started ${s.started_at.toISOString()}`);
    const eta = s.eta.getTime();
    assert.ok(eta >= 2 * queryFrom - started - 1 && eta <= 2 * queryTo - started + 1, `ETA ${s.eta.toISOString()}`);
    const cliFrom = Date.now();
    const text = await cli('backfill', 'status', id);
    const cliTo = Date.now();
    assert.match(text, /running/);
    // The CLI prints eta - its own now, both read while it ran: between 2·cliFrom - started - cliTo and cliTo - started.
    const shown = /\(in (\d+)m(\d\d)s\)/.exec(text);
    assert.ok(shown, text);
    const shownMs = (Number(shown[1]) * 60 + Number(shown[2])) * 1000;
    assert.ok(shownMs >= 2 * cliFrom - started - cliTo - 1000 && shownMs <= cliTo - started + 1000, `shown ${shown[0]}`);
  });
});
