/**
 * Issue 11, hand-off cost: the database round trips of one stage's mechanics
 * (defineStage + the run ledger), counted on the pool — no clock. A stage whose
 * own load and store touch no table costs exactly:
 *   2 before its work (mark running — one statement that locks the run —
 *     beside the transcript read),
 *   4 after it (BEGIN, settle — lock + close the stage row in one statement —,
 *     the hand-off — successors' rows and jobs in one statement, or the
 *     finish_run check-and-queue in one — and COMMIT).
 * It was 13–14 before (a mark-running transaction, two reads, lock, update,
 * insert, add_jobs, count). The walk also checks that the folded statements
 * still do their work: every successor queued, finish_run queued once, only
 * after the last fan-out stage, and a skip blocking what follows.
 * link_graph with its real load and store: its round trips no longer grow with
 * the call's graph (92 on a sample before: one lookup and write per entity).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { JobHelpers } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { countingDb, type CountingDb } from './support/countingDb.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { buildRuntime } from '../src/worker/runtime.ts';
import { defineStage, type StageResult } from '../src/pipeline/defineStage.ts';
import { FAN_OUT_STAGES, STAGES, type Stage } from '../src/pipeline/stages.ts';
import { taskFactories } from '../tasks/index.ts';
import { readFileSync } from 'node:fs';
import { projectRoot } from '../src/paths.ts';
import path from 'node:path';
import type { Runtime } from '../src/pipeline/runtime.ts';

const helpers = (id: string) => ({ job: { id, attempts: 1, max_attempts: 5 } }) as unknown as JobHelpers;
const body = (tag: string) => Buffer.from(`Ann: Hello, this is call ${tag}.\nBo: Hi Ann, what does it cost?\nAnn: Ten thousand a year.\n`);

/** A stage with no load or store queries: what is counted is the mechanics alone. */
function bareStage(stage: Stage, result: StageResult<null> = { output: null, provider: 'test', model: 'test', agentVersion: 'test/1' }) {
  return defineStage<null, null>(stage, { load: async () => null, work: async () => result, store: async () => {} });
}

describe('hand-off round trips per stage', () => {
  let app: TestApp;
  let counted: CountingDb;
  let rt: Runtime;
  before(async () => {
    app = await createTestApp('roundtrips');
    counted = countingDb(app.database.url);
    rt = buildRuntime({ db: counted.db, provider: app.provider, config: app.config, log: app.log });
  });
  after(async () => {
    await counted?.close();
    await app?.close();
  });

  const jobKeys = async (runId: string) =>
    (await sql<{ key: string }>`select key from graphile_worker.jobs where key like ${`%${runId}%`} order by key`.execute(app.handle.db)).rows.map((r) => r.key);
  const stageRows = async (runId: string) =>
    Object.fromEntries((await app.handle.db.selectFrom('stellar.stage_runs').select(['stage', 'status']).where('run_id', '=', runId).execute()).map((r) => [r.stage, r.status]));

  test('every stage of a run: 6 round trips each, successors queued, finish_run after the last fan-out stage only', async () => {
    const { runId } = await ingestTranscript(app.handle.db, { bytes: body('walk'), fileName: 'walk.txt', source: 'upload', maxAttempts: 5 });
    assert.ok(runId);
    const perStage: Record<string, number> = {};
    for (const stage of STAGES) {
      counted.reset();
      await bareStage(stage)(rt)({ runId }, helpers(stage));
      perStage[stage] = counted.count();
      const keys = await jobKeys(runId);
      const fanOutLeft = FAN_OUT_STAGES.filter((s) => STAGES.indexOf(s) > STAGES.indexOf(stage));
      assert.equal(keys.includes(`finish_run:${runId}`), fanOutLeft.length === 0, `after ${stage}: ${keys.join(', ')}`);
    }
    assert.deepEqual(perStage, Object.fromEntries(STAGES.map((s) => [s, 6])), JSON.stringify(perStage));
    const rows = await stageRows(runId);
    assert.deepEqual(rows, Object.fromEntries(STAGES.map((s) => [s, 'succeeded'])));
    const run = await app.handle.db.selectFrom('stellar.pipeline_runs').select(['status', 'started_at']).where('id', '=', runId).executeTakeFirstOrThrow();
    assert.equal(run.status, 'running');
    assert.ok(run.started_at);
  });

  test('a settled stage run again costs 2 round trips and changes nothing', async () => {
    const { runId } = await ingestTranscript(app.handle.db, { bytes: body('again'), fileName: 'again.txt', source: 'upload', maxAttempts: 5 });
    assert.ok(runId);
    await bareStage('parse')(rt)({ runId }, helpers('parse'));
    const before = await stageRows(runId);
    counted.reset();
    await bareStage('parse')(rt)({ runId }, helpers('parse-again'));
    assert.equal(counted.count(), 2, counted.statements().join('\n'));
    assert.deepEqual(await stageRows(runId), before);
  });

  test('a skipped stage blocks what follows and queues finish_run in the same transaction', async () => {
    const { runId } = await ingestTranscript(app.handle.db, { bytes: body('skip'), fileName: 'skip.txt', source: 'upload', maxAttempts: 5 });
    assert.ok(runId);
    await bareStage('parse')(rt)({ runId }, helpers('parse'));
    counted.reset();
    await bareStage('structure', { skip: 'does not apply' })(rt)({ runId }, helpers('structure'));
    // 2 + BEGIN, settle, skip the blocked stages, finish check-and-queue, COMMIT.
    assert.equal(counted.count(), 7, counted.statements().join('\n'));
    const rows = await stageRows(runId);
    assert.equal(rows.structure, 'skipped');
    for (const s of STAGES.slice(2)) assert.equal(rows[s], 'skipped', s);
    assert.ok((await jobKeys(runId)).includes(`finish_run:${runId}`));
  });

  test('link_graph: the same round trips for a call of 3 entities and one of dozens (the graph store writes in batch)', async () => {
    const linkGraph = async (bytes: Buffer, fileName: string) => {
      const { runId } = await ingestTranscript(app.handle.db, { bytes, fileName, source: 'upload', maxAttempts: 5 });
      assert.ok(runId);
      for (const stage of STAGES.filter((s) => s !== 'link_graph')) await taskFactories[stage](rt)({ runId }, helpers(stage));
      counted.reset();
      await taskFactories.link_graph(rt)({ runId }, helpers('link_graph'));
      const entities = (await app.handle.db.selectFrom('stellar.entities').select('id').where('run_id', '=', runId).execute()).length;
      assert.equal((await stageRows(runId)).link_graph, 'succeeded');
      return { roundTrips: counted.count(), statements: counted.statements(), entities };
    };
    const small = await linkGraph(body('graph'), 'graph.txt');
    const sample = 'discovery-halden-foods.txt';
    const big = await linkGraph(readFileSync(path.join(projectRoot, 'samples', sample)), sample);
    assert.ok(big.entities >= 4 * small.entities, `${big.entities} entities against ${small.entities}`);
    assert.equal(big.roundTrips, small.roundTrips, big.statements.join('\n'));
    // 6 of the stage's mechanics, 4 reads of its load (the current runs, then turns, parsed call and facts side by side),
    // 6 writes: the call's graph, the graph lock, old rows out + resolution's read, entities,
    // aliases + relations + evidence + mentions, aggregates.
    assert.equal(big.roundTrips, 16, big.statements.join('\n'));
  });
});
