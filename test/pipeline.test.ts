/**
 * The ingestion pipeline end to end against the real PostgreSQL and a real
 * graphile-worker: every sample through every stage, fan-in exactly once,
 * retries then a recorded failure, permanent parse errors, dedupe, migrations.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Task } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { migrate } from '../src/db/migrate.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { projectRoot } from '../src/paths.ts';
import { taskFactories } from '../tasks/index.ts';
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { FAN_OUT_STAGES, STAGES } from '../src/pipeline/stages.ts';

const samplesDir = path.join(projectRoot, 'samples');
const sampleFiles = readdirSync(samplesDir).filter((f) => /\.(txt|vtt|srt|json)$/.test(f)).sort();
const isVoicemail = (f: string) => /voicemail/i.test(f);

async function ingestFile(app: TestApp, file: string, extra: { force?: boolean; bytes?: Buffer } = {}) {
  return ingestTranscript(app.handle.db, {
    bytes: extra.bytes ?? readFileSync(path.join(samplesDir, file)),
    fileName: file,
    source: 'cli',
    force: extra.force,
    maxAttempts: app.config.STELLAR_MAX_ATTEMPTS,
  });
}

describe('pipeline end to end', () => {
  let app: TestApp;
  const finishCalls = new Map<string, number>();
  before(async () => {
    app = await createTestApp('pipeline');
    // Count finish_run executions per run while still running the real task.
    const countingFinish: TaskFactory<'finish_run'> = (rt) => {
      const real = taskFactories.finish_run(rt);
      return async (payload, helpers) => {
        finishCalls.set(payload.runId, (finishCalls.get(payload.runId) ?? 0) + 1);
        await real(payload, helpers);
      };
    };
    await app.startWorker({ concurrency: 4, extraTasks: (rt) => ({ finish_run: countingFinish(rt) }) });
  });
  after(async () => {
    await app?.close();
  });

  test('the project has a sample per format, and each runs through every stage', async () => {
    assert.ok(sampleFiles.length >= 7, `expected at least 7 samples, found ${sampleFiles.length}`);
    const results = await Promise.all(sampleFiles.map((f) => ingestFile(app, f)));
    const runIds = results.map((r) => r.runId!);
    const progress = await waitForRuns(app.handle.db, runIds, { timeoutMs: 300_000 });
    for (const [i, file] of sampleFiles.entries()) {
      const p = progress.find((x) => x.runId === runIds[i])!;
      const stages = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', p.runId).execute();
      assert.deepEqual(stages.map((s) => s.stage).sort(), [...STAGES].sort(), `${file}: one stage_runs row per stage`);
      if (isVoicemail(file)) {
        assert.equal(p.status, 'partial', `${file}: a voicemail has no conversation to coach`);
        const coach = stages.find((s) => s.stage === 'coach_call')!;
        assert.equal(coach.status, 'skipped');
        assert.match(coach.error ?? '', /one speaker/);
      } else {
        assert.equal(p.status, 'succeeded', `${file}: ${JSON.stringify(stages.filter((s) => s.status !== 'succeeded'))}`);
      }
      for (const s of stages.filter((x) => x.status === 'succeeded')) {
        assert.ok(s.duration_ms !== null && s.duration_ms >= 0, `${file}/${s.stage}: duration recorded`);
        assert.ok(s.agent_version, `${file}/${s.stage}: agent version recorded`);
        assert.equal(s.attempt, 1);
      }
      const tid = results[i].transcriptId;
      const db = app.handle.db;
      const count = async (table: 'stellar.turns' | 'stellar.call_facts' | 'stellar.chunks' | 'stellar.chunk_embeddings' | 'stellar.drafts' | 'stellar.entities') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('transcript_id', '=', tid).executeTakeFirstOrThrow()).n);
      assert.ok((await count('stellar.turns')) >= 1, `${file}: turns`);
      assert.equal(await count('stellar.call_facts'), 1, `${file}: facts`);
      assert.ok((await count('stellar.chunks')) >= 1, `${file}: chunks`);
      assert.equal(await count('stellar.chunk_embeddings'), await count('stellar.chunks'), `${file}: one vector per chunk`);
      assert.equal(await count('stellar.drafts'), 2, `${file}: e-mail and social drafts`);
      assert.ok((await count('stellar.entities')) >= 2, `${file}: graph entities`);
    }
    // Fan-in: finish_run ran exactly once per run, and after all four fan-out stages.
    for (const runId of runIds) assert.equal(finishCalls.get(runId), 1, `finish_run once for ${runId}`);
    const early = await sql<{ n: string }>`
      select count(*) as n from stellar.pipeline_runs r join stellar.stage_runs s on s.run_id = r.id
      where s.stage in ('draft_email','draft_social','coach_call','link_graph') and s.finished_at > r.finished_at`.execute(app.handle.db);
    assert.equal(Number(early.rows[0].n), 0, 'no fan-out stage ended after its run was closed');
  });

  test('vector search finds the chunk that talks about a word from it', async () => {
    const chunk = await app.handle.db.selectFrom('stellar.chunks').selectAll().orderBy('id').limit(1).offset(3).executeTakeFirstOrThrow();
    const { rows } = await sql<{ chunk_id: string }>`
      select e.chunk_id from stellar.chunk_embeddings e
      order by e.embedding <=> (select embedding from stellar.chunk_embeddings where chunk_id = ${chunk.id}) limit 1`.execute(app.handle.db);
    assert.equal(rows[0].chunk_id, chunk.id);
  });

  test('the same bytes are stored once and start no new run unless forced', async () => {
    const file = sampleFiles[0];
    const again = await ingestFile(app, file);
    assert.equal(again.duplicate, true);
    const transcripts = await app.handle.db.selectFrom('stellar.transcripts').select('id').where('id', '=', again.transcriptId).execute();
    assert.equal(transcripts.length, 1);
    const runsBefore = await app.handle.db.selectFrom('stellar.pipeline_runs').select('id').where('transcript_id', '=', again.transcriptId).execute();
    assert.equal(runsBefore.length, 1, 'no new run without force');
    const forced = await ingestFile(app, file, { force: true });
    assert.equal(forced.transcriptId, again.transcriptId);
    assert.notEqual(forced.runId, again.runId);
    await waitForRuns(app.handle.db, [forced.runId!], { timeoutMs: 300_000 });
    const runsAfter = await app.handle.db.selectFrom('stellar.pipeline_runs').select('id').where('transcript_id', '=', again.transcriptId).execute();
    assert.equal(runsAfter.length, 2);
  });

  test('parse stores the title the file gives, and the structure stage reads it (a domain-only buyer gets its full name)', async () => {
    const vtt = [
      'WEBVTT', '', 'NOTE Lintel demo - Marrick Credit Union', '',
      '00:00:01.000 --> 00:00:04.000', '<v Wren Abbott>Hi Koji, Wren from Lintel. Thanks for making the time today.', '',
      '00:00:05.000 --> 00:00:09.000', '<v Koji Tanabe>Sure. What would the pilot cost us? Send it to me at k.tanabe@marrickcu.example please.', '',
    ].join('\n');
    const r = await ingestFile(app, 'titled.vtt', { bytes: Buffer.from(vtt) });
    await waitForRuns(app.handle.db, [r.runId!], { timeoutMs: 300_000 });
    const parsed = await app.handle.db.selectFrom('stellar.parsed_calls').select('title').where('transcript_id', '=', r.transcriptId).executeTakeFirstOrThrow();
    assert.equal(parsed.title, 'Lintel demo - Marrick Credit Union');
    const facts = await app.handle.db.selectFrom('stellar.call_facts').select('facts').where('transcript_id', '=', r.transcriptId).executeTakeFirstOrThrow();
    assert.equal((facts.facts as { buyerCompany: string | null }).buyerCompany, 'Marrick Credit Union');
  });

  test('a file with no speaker turns fails its run at parse, permanently, without retries', async () => {
    const r = await ingestFile(app, 'notes.txt', { bytes: Buffer.from('just some notes\nno speakers here at all\n') });
    const [p] = await waitForRuns(app.handle.db, [r.runId!], { timeoutMs: 300_000 });
    assert.equal(p.status, 'failed');
    const stages = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', r.runId!).execute();
    const parse = stages.find((s) => s.stage === 'parse')!;
    assert.equal(parse.status, 'failed');
    assert.equal(parse.attempt, 1, 'not retried');
    assert.match(parse.error ?? '', /turn/i);
    assert.ok(stages.filter((s) => s.stage !== 'parse').every((s) => s.status === 'skipped'), 'downstream stages skipped');
    const run = await app.handle.db.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', r.runId!).executeTakeFirstOrThrow();
    assert.match(run.error ?? '', /parse/);
  });

  test('waitForRuns with listen reads progress on each run change (NOTIFY), not on its timer', async () => {
    const r = await ingestFile(app, 'listen.txt', { bytes: Buffer.from('Ada Ronson: hello there\nBo Lind: the price is too high for us\nAda Ronson: I will send a quote by Friday.\n') });
    let ticks = 0;
    // The timer would first fire after an hour: only notifications can end this wait in time.
    const [p] = await waitForRuns(app.handle.db, [r.runId!], { listen: app.handle.pool, intervalMs: 3_600_000, timeoutMs: 300_000, onTick: () => ticks++ });
    assert.equal(p.status, 'succeeded');
    assert.ok(ticks >= 2, `progress read again on changes (${ticks} reads)`);
  });

  test('migrations run twice change nothing', async () => {
    const before = await sql<{ n: string }>`select count(*) as n from public.stellar_migrations`.execute(app.handle.db);
    const applied = await migrate({ databaseUrl: app.database.url });
    assert.deepEqual(applied, []);
    const after = await sql<{ n: string }>`select count(*) as n from public.stellar_migrations`.execute(app.handle.db);
    assert.equal(after.rows[0].n, before.rows[0].n);
  });
});

describe('retries and failures', () => {
  let app: TestApp;
  const attempts: number[] = [];
  before(async () => {
    app = await createTestApp('retries', { STELLAR_MAX_ATTEMPTS: '2' });
    // draft_social that always throws: a transient-looking error, retried, then recorded as failed.
    const flakySocial = defineStage('draft_social', {
      load: async () => null,
      work: async (_i, ctx) => {
        attempts.push(1);
        throw new Error(`model unavailable (run ${ctx.run.id.slice(0, 8)})`);
      },
      store: async () => {},
    });
    await app.startWorker({ concurrency: 4, extraTasks: (rt) => ({ draft_social: flakySocial(rt) }) });
  });
  after(async () => {
    await app?.close();
  });

  test('a stage that throws is retried, then marked failed with its error, and the run ends partial', async () => {
    const file = sampleFiles.find((f) => !isVoicemail(f))!;
    const r = await ingestFile(app, file);
    // Wait for the first failed attempt, then make the retry due now instead of after the back-off.
    const deadline = Date.now() + 300_000; // a guard against a hang, not a time limit
    for (;;) {
      const s = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', r.runId!).where('stage', '=', 'draft_social').executeTakeFirst();
      if (s?.status === 'retrying') {
        assert.match(s.error ?? '', /attempt 1\/2: model unavailable/);
        break;
      }
      assert.ok(Date.now() < deadline, 'stage never reached retrying');
      await new Promise((res) => setTimeout(res, 100));
    }
    await sql`select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs where task_identifier = 'draft_social'), run_at := now())`.execute(app.handle.db);
    const [p] = await waitForRuns(app.handle.db, [r.runId!], { timeoutMs: 300_000 });
    assert.equal(p.status, 'partial');
    const social = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', r.runId!).where('stage', '=', 'draft_social').executeTakeFirstOrThrow();
    assert.equal(social.status, 'failed');
    assert.equal(social.attempt, 2);
    assert.match(social.error ?? '', /model unavailable/);
    assert.equal(attempts.length, 2);
    const run = await app.handle.db.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', r.runId!).executeTakeFirstOrThrow();
    assert.match(run.error ?? '', /draft_social: model unavailable/);
    const others = await app.handle.db.selectFrom('stellar.stage_runs').select(['stage', 'status']).where('run_id', '=', r.runId!).where('stage', 'in', FAN_OUT_STAGES.filter((s) => s !== 'draft_social')).execute();
    assert.ok(others.every((s) => s.status === 'succeeded'));
    const leftover = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs`.execute(app.handle.db);
    assert.equal(Number(leftover.rows[0].n), 0, 'no job left behind');
  });
});
