/**
 * Issue 11, pipeline performance: the hand-off records queued_at with
 * clock_timestamp() at the end of its transaction (after the stage's own
 * store step, so queued_at → started_at is the wait for a worker), and a
 * stage job's priority favours finishing runs: within a trigger class a
 * deeper stage runs first, classes keep their order. A stage's hand-off
 * commits without waiting for its WAL flush, in that transaction only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { JobHelpers } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { buildRuntime } from '../src/worker/runtime.ts';
import { taskFactories } from '../tasks/index.ts';
import { PRIORITY, STAGES, stageDepth, stagePriority } from '../src/pipeline/stages.ts';
import { settleStage } from '../src/runs/ledger.ts';
import type { Db } from '../src/db/index.ts';

const helpers = (id: string) => ({ job: { id, attempts: 1, max_attempts: 5 } }) as unknown as JobHelpers;
const body = (tag: string) => Buffer.from(`Ann: Hello, this is call ${tag}.\nBo: Hi Ann, what does it cost?\nAnn: Ten thousand a year.\n`);

describe('hand-off: queued_at at commit time, depth in the priority', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp('handoff');
  });
  after(async () => {
    await app?.close();
  });

  test('priorities: classes in order, deeper stages first within a class', () => {
    const classes = [PRIORITY.upload, PRIORITY.inbox, PRIORITY.cli, PRIORITY.reprocess];
    for (let i = 1; i < classes.length; i++) {
      const worstOfBetter = Math.max(...STAGES.map((s) => stagePriority(classes[i - 1], s)), stagePriority(classes[i - 1], 'finish_run'));
      const bestOfWorse = Math.min(...STAGES.map((s) => stagePriority(classes[i], s)), stagePriority(classes[i], 'finish_run'));
      assert.ok(worstOfBetter < bestOfWorse, `class ${classes[i - 1]} entirely before class ${classes[i]}`);
    }
    for (const s of STAGES) for (const t of STAGES) if (stageDepth(s) > stageDepth(t)) assert.ok(stagePriority(0, s) < stagePriority(0, t), `${s} before ${t}`);
    assert.ok(stagePriority(0, 'finish_run') < stagePriority(0, 'link_graph'));
  });

  test('a run under way outranks a new upload; queued_at is taken after the previous stage finished', async () => {
    const rt = buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log });
    const first = await ingestTranscript(app.handle.db, { bytes: body('one'), fileName: 'one.txt', source: 'upload', maxAttempts: 5 });
    await taskFactories.parse(rt)({ runId: first.runId! }, helpers('p1'));
    const second = await ingestTranscript(app.handle.db, { bytes: body('two'), fileName: 'two.txt', source: 'upload', maxAttempts: 5 });
    const { rows } = await sql<{ key: string; priority: number }>`select key, priority from graphile_worker.jobs where key in (${`stage:${first.runId}:structure`}, ${`stage:${second.runId}:parse`})`.execute(app.handle.db);
    const of = Object.fromEntries(rows.map((r) => [r.key, r.priority]));
    assert.ok(of[`stage:${first.runId}:structure`] < of[`stage:${second.runId}:parse`], JSON.stringify(of));

    const stages = await app.handle.db.selectFrom('stellar.stage_runs').select(['stage', 'queued_at', 'finished_at']).where('run_id', '=', first.runId!).execute();
    const parse = stages.find((s) => s.stage === 'parse')!;
    const structure = stages.find((s) => s.stage === 'structure')!;
    // parse settled with now() (its transaction's start); the hand-off's clock_timestamp() comes after it.
    assert.ok(structure.queued_at.getTime() >= parse.finished_at!.getTime());
    const same = await sql<{ later: boolean }>`select (select queued_at from stellar.stage_runs where run_id = ${first.runId} and stage = 'structure') > (select finished_at from stellar.stage_runs where run_id = ${first.runId} and stage = 'parse') as later`.execute(app.handle.db);
    assert.equal(same.rows[0].later, true, 'queued_at is the clock at hand-off, not the transaction start');
  });

  test('the hand-off commits without waiting for the WAL flush, in its own transaction only', async () => {
    const rt = buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log });
    const { runId } = await ingestTranscript(app.handle.db, { bytes: body('flush'), fileName: 'flush.txt', source: 'upload', maxAttempts: 5 });
    await taskFactories.parse(rt)({ runId: runId! }, helpers('p'));
    const setting = async (on: Db) => (await sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(on)).rows[0].v;
    // One connection for the three transactions: what a transaction sets must not outlive it.
    const seen = await app.handle.db.connection().execute(async (conn) => {
      const inHandOff = await conn.transaction().execute(async (trx) => {
        await settleStage(trx, runId!, 'structure', { status: 'skipped', error: 'test' }, { ...rt.ledger, commitWithoutFlush: true });
        return setting(trx);
      });
      const inOther = await conn.transaction().execute(async (trx) => setting(trx));
      return { inHandOff, inOther, after: await setting(conn) };
    });
    assert.deepEqual(seen, { inHandOff: 'off', inOther: 'on', after: 'on' });
  });
});
