/**
 * The reasoning engine's `sql` tool against the real database: only SELECT on
 * the stellar_api views, enforced by the `stellar_reasoning` role in a
 * read-only transaction with a statement timeout and a row cap. DML, DDL,
 * COPY, pg_read_file, set role / set_config, several statements, a
 * data-modifying CTE and a 10-second query are each refused or cut, and
 * nothing changes (row counts and contents compared before and after). The
 * built-in planner never puts question text into SQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { EvidenceLocator } from '../src/reasoning/evidence.ts';
import { askEngine } from '../src/reasoning/engine.ts';
import { BuiltinPlanner } from '../src/reasoning/planners/builtin/index.ts';
import { OBJECTIONS_SQL } from '../src/reasoning/planners/builtin/shapes/objections.ts';
import { createThreadStore } from '../src/reasoning/threads.ts';
import { createTools, runToolCall } from '../src/reasoning/tools/index.ts';
import { REASONING_ROLE, runReadOnlyQuery, SqlToolError } from '../src/reasoning/tools/sql.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { createFtsSearch } from './support/ftsSearch.ts';
import { syntheticTranscript } from './support/transcripts.ts';

const LIMITS = { timeoutMs: 400, maxRows: 50 };

describe('sql tool: read-only, stellar_api only, enforced by the database role', () => {
  let app: TestApp;
  const snapshot = async () => {
    const db = app.handle.db;
    const r = await sql<{ t: number; r: number; s: number; names: string; roles: number; tables: number }>`
      select (select count(*)::int from stellar.transcripts) as t,
             (select count(*)::int from stellar.pipeline_runs) as r,
             (select count(*)::int from stellar.stage_runs) as s,
             (select string_agg(file_name || ':' || content_sha256, ',' order by id) from stellar.transcripts) as names,
             (select count(*)::int from pg_roles where rolname = ${REASONING_ROLE} and not rolsuper and not rolcanlogin) as roles,
             (select count(*)::int from information_schema.tables where table_schema in ('stellar', 'stellar_api', 'public')) as tables`.execute(db);
    return r.rows[0]!;
  };

  before(async () => {
    app = await createTestApp('reasoning_sql');
    for (let i = 0; i < 3; i++) {
      await ingestTranscript(app.handle.db, { bytes: Buffer.from(syntheticTranscript(900 + i)), fileName: `sql-${i}.txt`, source: 'cli', maxAttempts: 3 });
    }
  });
  after(async () => app?.close());

  test('reads the stellar_api views, with values bound as parameters', async () => {
    const all = await runReadOnlyQuery(app.handle.db, 'select file_name from stellar_api.transcripts order by file_name', [], LIMITS);
    assert.deepEqual(all.rows.map((r) => r.file_name), ['sql-0.txt', 'sql-1.txt', 'sql-2.txt']);
    const evil = "sql-0.txt'; delete from stellar.transcripts; --";
    const bound = await runReadOnlyQuery(app.handle.db, 'select file_name from stellar_api.transcripts where file_name = $1', [evil], LIMITS);
    assert.equal(bound.rows.length, 0);
    const one = await runReadOnlyQuery(app.handle.db, 'select file_name from stellar_api.transcripts where file_name = $1;', ['sql-1.txt'], LIMITS);
    assert.deepEqual(one.rows, [{ file_name: 'sql-1.txt' }]);
  });

  test('cuts the result at the row cap and says so', async () => {
    const r = await runReadOnlyQuery(app.handle.db, 'select n from generate_series(1, 1000) as n', [], LIMITS);
    assert.equal(r.rows.length, LIMITS.maxRows);
    assert.equal(r.truncated, true);
    const small = await runReadOnlyQuery(app.handle.db, 'select n from generate_series(1, 3) as n', [], LIMITS);
    assert.equal(small.truncated, false);
  });

  const refused: [string, string, string[]][] = [
    ['INSERT', "insert into stellar_api.transcripts (file_name) values ('x')", ['42601']],
    ['UPDATE', "update stellar.transcripts set file_name = 'x'", ['42601']],
    ['DELETE', 'delete from stellar.pipeline_runs', ['42601']],
    ['DROP TABLE', 'drop table stellar.transcripts', ['42601']],
    ['CREATE TABLE', 'create table stellar_api.evil (x int)', ['42601']],
    ['COPY out', 'copy stellar.transcripts to stdout', ['42601']],
    ['COPY to a file', "copy (select 1) to '/tmp/stellar-evil'", ['42601']],
    ['pg_read_file', "select pg_read_file('/etc/passwd')", ['42501']],
    ['SET ROLE', 'set role postgres', ['42601']],
    ["set_config('role')", "select set_config('role', 'postgres', false)", ['42501']],
    ['several statements', 'select 1; delete from stellar.transcripts', ['42601']],
    ['data-modifying CTE', 'with d as (delete from stellar.transcripts returning id) select count(*) from d', ['0A000', '42501']],
    ['data-modifying CTE on a view', 'with d as (delete from stellar_api.transcripts returning id) select count(*) from d', ['0A000', '42501', '25006']],
    ['a raw table', 'select raw_text from stellar.transcripts', ['42501']],
    ['graphile_worker internals', 'select * from graphile_worker._private_jobs', ['42501']],
    ['a security-definer API function', "select * from stellar_api.runs_by_stage_state('parse')", ['42501']],
    ['breaking out of the subquery', 'select 1) as x; delete from stellar.transcripts; select (1', ['42601']],
  ];

  test('refuses DML, DDL, COPY, file reads, role changes, several statements and data-modifying CTEs; nothing changes', async () => {
    const before = await snapshot();
    assert.equal(before.t, 3);
    assert.equal(before.roles, 1, 'stellar_reasoning exists, is not a superuser and cannot log in');
    for (const [what, query, codes] of refused) {
      await assert.rejects(
        runReadOnlyQuery(app.handle.db, query, [], LIMITS),
        (err: unknown) => {
          assert.ok(err instanceof SqlToolError, `${what}: ${String(err)}`);
          assert.ok(codes.includes(err.code ?? ''), `${what}: expected ${codes.join('/')}, got ${err.code} (${err.message})`);
          return true;
        },
        what,
      );
    }
    assert.deepEqual(await snapshot(), before);
    // The pooled connections are back to their own role.
    const who = await sql<{ u: string }>`select current_user as u`.execute(app.handle.db);
    assert.equal(who.rows[0]!.u, 'postgres');
  });

  test('cuts a 10-second query with the statement timeout', async () => {
    await assert.rejects(runReadOnlyQuery(app.handle.db, 'select pg_sleep(10)', [], LIMITS), (err: unknown) => {
      assert.ok(err instanceof SqlToolError);
      assert.equal(err.code, '57014');
      assert.match(err.message, /statement timeout/);
      return true;
    });
  });

  test('the role itself refuses writes, even outside a read-only transaction and without the wrapper', async () => {
    const before = await snapshot();
    for (const stmt of ["update stellar_api.transcripts set file_name = 'x'", "insert into stellar_api.transcripts (id, content_sha256, file_name) values (gen_random_uuid(), 'x', 'x')", 'delete from stellar_api.transcripts', 'create table stellar_api.evil (x int)']) {
      await assert.rejects(
        app.handle.db.transaction().execute(async (trx) => {
          await sql.raw(`set local role ${REASONING_ROLE}`).execute(trx);
          await sql.raw(stmt).execute(trx);
        }),
        (err: unknown) => (err as { code?: string }).code === '42501',
        stmt,
      );
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('a refused query is an error result the engine can read, not a crash', async () => {
    const tools = createTools({ db: app.handle.db, search: createFtsSearch(app.handle.db), sqlTimeoutMs: LIMITS.timeoutMs, sqlMaxRows: LIMITS.maxRows });
    const ctx = { evidence: new EvidenceLocator(app.handle.db), now: new Date() };
    const bad = await runToolCall(tools, { id: 'c1', tool: 'sql', args: { query: 'delete from stellar.transcripts' } }, ctx, 1);
    assert.equal(bad.ok, false);
    assert.match(bad.error!, /not a single SELECT/);
    const malformed = await runToolCall(tools, { id: 'c2', tool: 'sql', args: { sql: 'select 1' } }, ctx, 1);
    assert.equal(malformed.ok, false);
    assert.match(malformed.error!, /invalid arguments for sql/);
    const good = await runToolCall(tools, { id: 'c3', tool: 'sql', args: { query: 'select count(*)::int as n from stellar_api.transcripts' } }, ctx, 1);
    assert.equal(good.ok, true);
    assert.deepEqual((good.data as { rows: unknown[] }).rows, [{ n: 3 }]);
  });

  test('the built-in planner binds question text as parameters, never as SQL', async () => {
    const before = await snapshot();
    const engine = askEngine({
      db: app.handle.db,
      search: createFtsSearch(app.handle.db),
      planner: new BuiltinPlanner({ db: app.handle.db }),
      checkpointer: await createThreadStore({ pool: app.handle.pool }),
      maxSteps: 6,
      sqlTimeoutMs: LIMITS.timeoutMs,
      sqlMaxRows: LIMITS.maxRows,
    });
    const question = "Which price objections came up in November 2026'); drop table stellar.transcripts; --";
    const a = await engine.ask(question);
    const call = a.steps.find((s) => s.kind === 'tool_call' && s.tool === 'sql');
    assert.ok(call && call.kind === 'tool_call', 'the objections shape used the sql tool');
    const args = call.args as { query: string; params: unknown[] };
    assert.equal(args.query, OBJECTIONS_SQL);
    assert.ok(!args.query.includes('drop table'));
    assert.match(a.answer, /No price objections were raised in November 2026/);
    assert.deepEqual(await snapshot(), before);
  });
});
