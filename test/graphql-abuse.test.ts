/**
 * Issue 11, defect 2: one GraphQL request must not freeze the server. 1,500
 * aliases of `allStageRuns { totalCount }` (60 KB, under the body limit, and
 * zero rows by the old cost estimate) are refused as QUERY_TOO_WIDE before
 * validation or planning; root fields are capped and counted in the cost;
 * /healthz answers beside a hostile request.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'postgraphile/graphql';
import { createTestApp, type TestApp } from './support/app.ts';
import { gql, startMonitoringServer, type MonitoringServer } from './support/monitoring.ts';
import { checkQueryShape, MAX_ALIASES, MAX_ROOT_FIELDS, queryShape } from '../src/graphql/limits.ts';

const aliases = (n: number, field = 'allStageRuns { totalCount }') => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('GraphQL: hostile shapes', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  before(async () => {
    app = await createTestApp('gqlabuse', { STELLAR_API_TOKENS: 'test-token-0123456789' });
    srv = await startMonitoringServer(app);
  });
  after(async () => {
    await srv?.close();
    await app?.close();
  });

  test('1,500 aliases: refused as QUERY_TOO_WIDE, while /healthz answers', async () => {
    const hostile = aliases(1500);
    assert.ok(hostile.length > 40_000 && hostile.length < 100_000, 'under the body limit');
    const [res, health] = await Promise.all([gql(srv.url, hostile), fetch(`${srv.url}/healthz`)]);
    assert.ok([200, 503].includes(health.status), 'healthz answered');
    assert.ok(Array.isArray(((await health.json()) as { down: unknown }).down));
    assert.equal(res.body.data, undefined);
    assert.equal(res.body.errors?.[0].extensions?.code, 'QUERY_TOO_WIDE', JSON.stringify(res.body).slice(0, 300));
    assert.match(res.body.errors![0].message, /root fields, over the limit of 20/);
  });

  test('aliases beyond the cap inside one field are refused too; within the caps the query runs', async () => {
    const many = await gql(srv.url, `{ allStageRuns(first: 1) { nodes { ${Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `s${i}: stage`).join(' ')} } } }`);
    assert.equal(many.body.errors?.[0].extensions?.code, 'QUERY_TOO_WIDE');
    assert.match(many.body.errors![0].message, /aliases/);
    const fine = await gql(srv.url, aliases(5));
    assert.equal(fine.body.errors, undefined, JSON.stringify(fine.body));
    assert.equal(fine.body.data.a4.totalCount, 0);
  });

  test('root fields count in the cost: ten pages of 4,000 rows pass on rows alone, not with their root cost', async () => {
    const q = aliases(10, 'allStageRuns(first: 4000) { nodes { id } }');
    const res = await gql(srv.url, q);
    assert.equal(res.body.errors?.[0].extensions?.code, 'QUERY_TOO_COSTLY', JSON.stringify(res.body).slice(0, 300));
    assert.ok(Number(res.body.errors![0].extensions!.cost) > 50_000);
  });

  test('the shape is counted through fragments, and the strict media type gets 400', async () => {
    const doc = parse(`query { ...F ...F2 } fragment F on Query { ${Array.from({ length: 15 }, (_, i) => `f${i}: allStageRuns { totalCount }`).join(' ')} } fragment F2 on Query { ${Array.from({ length: 15 }, (_, i) => `g${i}: allStageRuns { totalCount }`).join(' ')} }`);
    assert.equal(queryShape(doc).rootFields, 30);
    assert.ok(checkQueryShape(doc));
    assert.equal(checkQueryShape(parse(aliases(MAX_ROOT_FIELDS))), null);
    const strict = await fetch(`${srv.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: 'Bearer test-token-0123456789' },
      body: JSON.stringify({ query: aliases(1500) }),
    });
    assert.equal(strict.status, 400);
    await strict.body?.cancel();
  });
});
