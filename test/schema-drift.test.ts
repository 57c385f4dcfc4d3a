/**
 * The kysely `Database` interface (src/db/schema.ts, kept by hand) against a
 * freshly migrated database: the same relations in stellar and stellar_api,
 * graphile-worker's jobs view, the same columns, the same nullability for
 * table columns. `relations` is the runtime copy of `Database`; the compiler
 * keeps the two equal, this test keeps both equal to sql/.
 * Owns: that comparison. Must not: change the migrations.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { functionResults, relations } from '../src/db/schema.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { catalogueDrift, readCatalogue, readFunctionResults } from './support/catalogue.ts';

describe('Database (src/db/schema.ts) matches the migrated catalogue', () => {
  let testDb: TestDatabase;
  let client: pg.Client;
  const declared = Object.keys(relations);

  before(async () => {
    testDb = await createTestDatabase('schema_drift');
    client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await testDb?.drop();
  });

  test('every relation and column the migrations create is declared, and nothing else', async () => {
    const catalogue = await readCatalogue(client, declared);
    assert.deepEqual(catalogueDrift(catalogue, relations), []);
    // The comparison saw the whole catalogue: every declared relation, with columns.
    assert.deepEqual(Object.keys(catalogue).sort(), [...declared].sort());
    for (const name of declared) assert.ok(Object.keys(catalogue[name].columns).length > 0, `${name} has columns`);
  });

  test('the set-returning functions the code reads have the declared result columns', async () => {
    const inCatalogue = await readFunctionResults(client);
    for (const [fn, columns] of Object.entries(functionResults)) {
      assert.deepEqual(inCatalogue[fn], Object.keys(columns), `${fn}: result columns (in order)`);
    }
    assert.ok(Object.keys(functionResults).length > 0);
  });

  test('graphile-worker jobs and the stellar_api views are declared', () => {
    for (const name of ['graphile_worker.jobs', 'stellar_api.jobs', 'stellar_api.queue_depth', 'stellar_api.pipeline_runs', 'stellar_api.stage_runs']) {
      assert.equal(name in relations, true, `${name} declared`);
    }
    assert.equal(relations['stellar.call_facts'].columns.facts, 'not null');
    assert.equal(relations['stellar.stage_runs'].columns.duration_ms, 'null');
  });

  test('drift fails: an added column, a dropped one, a changed nullability and a new relation are each reported', async () => {
    await client.query('begin');
    try {
      await client.query('alter table stellar.turns add column mood text');
      await client.query('alter table stellar.drafts drop column subject');
      await client.query('alter table stellar.chunks alter column start_ms set not null');
      await client.query('create view stellar_api.extra as select 1 as one');
      const drift = catalogueDrift(await readCatalogue(client, declared), relations);
      assert.deepEqual(drift, [
        'stellar_api.extra: in the database, not in Database (src/db/schema.ts)',
        'stellar.chunks.start_ms: not null in the database, declared null',
        'stellar.drafts.subject: in Database, not in the database',
        'stellar.turns.mood: in the database, not in Database',
      ]);
    } finally {
      await client.query('rollback');
    }
  });
});
