/**
 * Issue 11, defect 4: a transcript of 100,000 turns goes through parse
 * and chunk (their INSERTs are cut into batches under PostgreSQL's 65,535
 * bind-parameter limit), and errors no retry can fix — the database's own
 * "invalid input", "program limit" and protocol refusals — are classified
 * permanent, so a stage does not spend its attempts on them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { JobHelpers } from 'graphile-worker';
import { createTestApp, type TestApp } from './support/app.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { buildRuntime } from '../src/worker/runtime.ts';
import { taskFactories } from '../tasks/index.ts';
import { batchRows, POSTGRES_MAX_PARAMETERS } from '../src/db/batch.ts';
import { isPermanent, PermanentStageError } from '../src/pipeline/errors.ts';
import type { Runtime } from '../src/pipeline/runtime.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { loadCallInput } from '../src/db/queries/outputs.ts';
import type { CallFacts, CallInput } from '../src/agents/types.ts';

// structure (deal facts) on 100,000 turns is not what is under test (and slow): this stand-in extracts the
// facts of the first 200 turns with the real provider and stores them as structure does, so chunk runs next.
const structureStandIn = defineStage<CallInput, CallFacts>('structure', {
  load: async ({ rt, transcript }) => {
    const call = await loadCallInput(rt.db, transcript);
    return { ...call, turns: call.turns.slice(0, 200) };
  },
  work: (call, { rt }) => rt.provider.extractCallFacts(call),
  async store(trx, { output, provider, model, agentVersion }, { run, transcript }) {
    await trx.insertInto('stellar.call_facts').values({ run_id: run.id, transcript_id: transcript.id, facts: JSON.stringify(output), provider, model, agent_version: agentVersion }).execute();
  },
});

const TURNS = 100_000;

function helpers(id: string): JobHelpers {
  return { job: { id, attempts: 1, max_attempts: 5 } } as unknown as JobHelpers;
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail('expected the statement to fail');
}

describe('transcripts of 100,000 turns', { timeout: 300_000 }, () => {
  let app: TestApp;
  let rt: Runtime;
  before(async () => {
    app = await createTestApp('bigtranscript', { STELLAR_MAX_UPLOAD_BYTES: String(64 * 1024 * 1024) });
    rt = buildRuntime({ db: app.handle.db, provider: app.provider, config: app.config, log: app.log });
  });
  after(async () => {
    await app?.close();
  });

  test('parse stores every turn and chunk stores its chunks', async () => {
    const lines: string[] = [];
    for (let i = 0; i < TURNS; i++) lines.push(`${i % 2 === 0 ? 'Dana' : 'Omar'}: point number ${i} about the rollout.`);
    const ingested = await ingestTranscript(app.handle.db, {
      bytes: Buffer.from(lines.join('\n') + '\n'),
      fileName: 'long.txt',
      source: 'cli',
      requireTurns: true,
      maxAttempts: 5,
    });
    const runId = ingested.runId!;
    await taskFactories.parse(rt)({ runId }, helpers('parse'));
    await structureStandIn(rt)({ runId }, helpers('structure'));
    await taskFactories.chunk(rt)({ runId }, helpers('chunk'));

    const stages = await app.handle.db.selectFrom('stellar.stage_runs').select(['stage', 'status', 'error']).where('run_id', '=', runId).execute();
    const status = Object.fromEntries(stages.map((s) => [s.stage, s.status]));
    assert.equal(status.parse, 'succeeded', JSON.stringify(stages.find((s) => s.stage === 'parse')));
    assert.equal(status.chunk, 'succeeded', JSON.stringify(stages.find((s) => s.stage === 'chunk')));
    const turns = await app.handle.db.selectFrom('stellar.turns').select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('idx').as('last')]).where('run_id', '=', runId).executeTakeFirstOrThrow();
    assert.equal(Number(turns.n), TURNS);
    assert.equal(Number(turns.last), TURNS - 1);
    const chunks = await app.handle.db.selectFrom('stellar.chunks').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
    // 7 parameters per chunk row: more than 9,362 chunks would not fit one statement either.
    assert.ok(Number(chunks.n) > 0, 'chunks were stored');
  });

  test('batches stay under the parameter limit', () => {
    const rows = Array.from({ length: TURNS }, (_, i) => ({ a: i, b: i, c: i, d: i, e: i, f: i, g: i }));
    const batches = batchRows(rows);
    assert.ok(batches.length > 1);
    assert.equal(batches.reduce((n, b) => n + b.length, 0), TURNS);
    for (const b of batches) assert.ok(b.length * 7 <= POSTGRES_MAX_PARAMETERS);
    assert.deepEqual(batchRows([]), []);
  });

  test('errors that cannot succeed on retry are permanent; connection and concurrency errors are not', async () => {
    const db = app.handle.db;
    // 22003 numeric value out of range: what a 1e300 timestamp did in parse.
    const outOfRange = await caught(sql`select ${1e303}::int`.execute(db));
    assert.equal((outOfRange as { code?: string }).code?.slice(0, 2), '22');
    assert.equal(isPermanent(outOfRange), true);
    // 08P01: more than 65,535 parameters in one statement (the unbatched INSERT of ~9,400+ turns).
    const values = Array.from({ length: 70_000 }, (_, i) => i);
    const tooMany = await caught(sql`select count(*) from (values ${sql.join(values.map((v) => sql`(${v}::int)`))}) v`.execute(db));
    assert.equal((tooMany as { code?: string }).code, '08P01');
    assert.equal(isPermanent(tooMany), true);
    // 23502 not-null violation: the row itself is wrong, a retry writes it the same way.
    const nullName = await caught(sql`insert into stellar.transcripts (content_sha256, file_name, raw_text, source) values (${'e'.repeat(64)}, null, 'A: hi', 'cli')`.execute(db));
    assert.equal((nullName as { code?: string }).code, '23502');
    assert.equal(isPermanent(nullName), true);
    // 23505 unique violation: two writers of the same row at once; the retry sees the committed one.
    const row = { content_sha256: 'f'.repeat(64), file_name: 'x.txt', raw_text: 'A: hi', source: 'cli' as const };
    await db.insertInto('stellar.transcripts').values(row).execute();
    const dup = await caught(db.insertInto('stellar.transcripts').values(row).execute());
    assert.equal((dup as { code?: string }).code, '23505');
    assert.equal(isPermanent(dup), false);
    // 54: program limit exceeded (a row of more than 1,664 target columns).
    const cols = Array.from({ length: 1700 }, (_, i) => sql`${i}::int`);
    const wide = await caught(sql`select ${sql.join(cols)}`.execute(db));
    assert.equal((wide as { code?: string }).code?.slice(0, 2), '54');
    assert.equal(isPermanent(wide), true);
    // Temporary: serialization failure, deadlock, lost connection, plain errors.
    assert.equal(isPermanent(Object.assign(new Error('could not serialize access'), { code: '40001' })), false);
    assert.equal(isPermanent(Object.assign(new Error('deadlock detected'), { code: '40P01' })), false);
    assert.equal(isPermanent(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), false);
    assert.equal(isPermanent(new Error('Connection terminated unexpectedly')), false);
    assert.equal(isPermanent(new PermanentStageError('no')), true);
  });
});
