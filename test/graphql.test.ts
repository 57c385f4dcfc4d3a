/**
 * GraphQL (PostGraphile v5 on the Hono server) against the real database and
 * real pipeline runs: auth, the read-only schema of views, filters, ordering,
 * pagination and counts, the statistics functions, the role it runs as, the
 * depth/cost limits and the statement timeout, Ruru at /graphiql and what a
 * browser gets at /graphql; filters (connection-filter), aggregates
 * (pg-aggregates), and numbers that are JSON numbers (issue 13).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { gql, ingest, sample, startMonitoringServer, TOKEN, unparseable, type MonitoringServer } from './support/monitoring.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { STAGES } from '../src/pipeline/stages.ts';

describe('GraphQL API', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  let okRuns: string[] = [];
  let failedRun: string;

  before(async () => {
    app = await createTestApp('graphql', { STELLAR_API_TOKENS: `other-token,${TOKEN}`, STELLAR_GRAPHIQL: '1', STELLAR_GRAPHQL_TIMEOUT_MS: '700' });
    // Test-only helpers in this test's own database, created before the schema is built:
    // who the GraphQL requests run as, and a slow function for the statement timeout.
    await sql`create function stellar_api.test_whoami() returns text language sql stable as $$ select current_user || '|' || current_setting('statement_timeout') $$`.execute(app.handle.db);
    await sql`create function stellar_api.test_sleep(seconds float) returns int language sql stable as $$ select 1 from pg_sleep(seconds) $$`.execute(app.handle.db);
    await sql`grant execute on function stellar_api.test_whoami(), stellar_api.test_sleep(float) to stellar_graphql`.execute(app.handle.db);
    await app.startWorker({ concurrency: 4 });
    okRuns = [await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt')), await ingest(app, 'committee-mossgiel.vtt', sample('committee-mossgiel.vtt'))];
    failedRun = await ingest(app, 'notes.txt', unparseable('graphql'));
    await waitForRuns(app.handle.db, [...okRuns, failedRun], { timeoutMs: 300_000 });
    srv = await startMonitoringServer(app);
  });
  after(async () => {
    await srv?.close();
    await app?.close();
  });

  test('requires the bearer token, like the REST API', async () => {
    const none = await gql(srv.url, '{ allPipelineRuns { totalCount } }', {}, null);
    assert.equal(none.status, 401);
    assert.equal(none.body.error?.code, 'unauthorized');
    const wrong = await gql(srv.url, '{ allPipelineRuns { totalCount } }', {}, 'not-a-token');
    assert.equal(wrong.status, 401);
    const ok = await gql(srv.url, '{ allPipelineRuns { totalCount } }');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.data.allPipelineRuns.totalCount, 3);
  });

  test('lists runs with their stages, newest first, with counts and pagination', async () => {
    const q = `query ($after: Cursor) {
      allPipelineRuns(first: 2, after: $after, orderBy: [CREATED_AT_DESC]) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { id status trigger createdAt durationMs transcript { fileName }
          stageRuns(orderBy: [ID_ASC]) { totalCount nodes { stage status attempt durationMs queueWaitMs queuedAt startedAt finishedAt } } }
      }
    }`;
    const page1 = await gql(srv.url, q);
    assert.equal(page1.status, 200, JSON.stringify(page1.body));
    const c1 = page1.body.data.allPipelineRuns;
    assert.equal(c1.totalCount, 3);
    assert.equal(c1.nodes.length, 2);
    assert.equal(c1.pageInfo.hasNextPage, true);
    assert.equal(c1.nodes[0].id, failedRun, 'newest first');
    const page2 = await gql(srv.url, q, { after: c1.pageInfo.endCursor });
    const c2 = page2.body.data.allPipelineRuns;
    assert.equal(c2.nodes.length, 1);
    assert.equal(c2.pageInfo.hasNextPage, false);
    const all = [...c1.nodes, ...c2.nodes];
    assert.deepEqual(all.map((r: any) => r.id).sort(), [...okRuns, failedRun].sort());
    const ok = all.find((r: any) => r.id === okRuns[0]);
    assert.equal(ok.status, 'SUCCEEDED');
    assert.equal(ok.trigger, 'CLI');
    assert.equal(ok.transcript.fileName, 'discovery-halden-foods.txt');
    assert.equal(ok.stageRuns.totalCount, STAGES.length);
    assert.ok(Number.isInteger(ok.durationMs), `run duration ${ok.durationMs}`);
    for (const s of ok.stageRuns.nodes) {
      assert.equal(s.status, 'SUCCEEDED');
      // Durations are Int milliseconds (sql/077), not BigInt strings.
      assert.equal(typeof s.queueWaitMs, 'number', `${s.stage}: queue wait`);
      assert.ok(Number.isInteger(s.queueWaitMs) && s.queueWaitMs >= 0, `${s.stage}: queue wait ${s.queueWaitMs}`);
      assert.equal(typeof s.durationMs, 'number', `${s.stage}: duration`);
      assert.ok(s.durationMs >= 0, `${s.stage}: duration ${s.durationMs}`);
      assert.ok(Date.parse(s.startedAt) >= Date.parse(s.queuedAt), `${s.stage}: started ${s.startedAt} after queued ${s.queuedAt}`);
    }
  });

  test('filters runs by status, trigger, time range and stage state', async () => {
    const failed = await gql(srv.url, '{ allPipelineRuns(condition: {status: FAILED}) { totalCount nodes { id error } } }');
    assert.deepEqual(failed.body.data.allPipelineRuns.nodes.map((n: any) => n.id), [failedRun]);
    assert.match(failed.body.data.allPipelineRuns.nodes[0].error, /parse/);

    const upload = await gql(srv.url, '{ allPipelineRuns(condition: {trigger: UPLOAD}) { totalCount } }');
    assert.equal(upload.body.data.allPipelineRuns.totalCount, 0);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const inRange = await gql(srv.url, 'query($a: Datetime, $b: Datetime) { allPipelineRuns(condition: {createdAfter: $a, createdBefore: $b}) { totalCount } }', { a: past, b: future });
    assert.equal(inRange.body.data.allPipelineRuns.totalCount, 3);
    const none = await gql(srv.url, 'query($a: Datetime) { allPipelineRuns(condition: {createdAfter: $a}) { totalCount } }', { a: future });
    assert.equal(none.body.data.allPipelineRuns.totalCount, 0);

    const byStage = await gql(srv.url, '{ runsByStageState(stageName: "parse", stageStatus: FAILED) { totalCount nodes { id } } }');
    assert.equal(byStage.status, 200, JSON.stringify(byStage.body));
    assert.deepEqual(byStage.body.data.runsByStageState.nodes.map((n: any) => n.id), [failedRun]);
    const skipped = await gql(srv.url, '{ runsByStageState(stageName: "embed", stageStatus: SKIPPED, orderBy: [CREATED_AT_DESC]) { totalCount } }');
    assert.equal(skipped.body.data.runsByStageState.totalCount, 1);
    const succeeded = await gql(srv.url, '{ runsByStageState(stageName: "embed", stageStatus: SUCCEEDED, condition: {trigger: CLI}) { totalCount } }');
    assert.equal(succeeded.body.data.runsByStageState.totalCount, 2);

    const stageRows = await gql(srv.url, '{ allStageRuns(condition: {stage: "parse", status: FAILED}) { nodes { runId error } } }');
    assert.deepEqual(stageRows.body.data.allStageRuns.nodes.map((n: any) => n.runId), [failedRun]);
  });

  test('per-stage statistics over a time window', async () => {
    const res = await gql(srv.url, `query($since: Datetime) { stageStats(since: $since) { nodes { stage total succeeded failed skipped p50DurationMs p95DurationMs p50QueueWaitMs p95QueueWaitMs } } }`, {
      since: new Date(Date.now() - 3_600_000).toISOString(),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const byStage = new Map<string, any>(res.body.data.stageStats.nodes.map((n: any) => [n.stage, n]));
    assert.deepEqual([...byStage.keys()].sort(), [...STAGES].sort());
    const parse = byStage.get('parse');
    assert.equal(parse.total, 3);
    assert.equal(parse.failed, 1);
    assert.equal(parse.succeeded, 2);
    for (const k of ['p50DurationMs', 'p95DurationMs', 'p50QueueWaitMs', 'p95QueueWaitMs']) assert.ok(Number.isInteger(parse[k]), `${k}: ${parse[k]} is whole ms`);
    assert.ok(parse.p50DurationMs >= 0 && parse.p95DurationMs >= parse.p50DurationMs, `p50 ${parse.p50DurationMs}, p95 ${parse.p95DurationMs}`);
    assert.ok(parse.p50QueueWaitMs >= 0 && parse.p95QueueWaitMs >= parse.p50QueueWaitMs, `p50 ${parse.p50QueueWaitMs}, p95 ${parse.p95QueueWaitMs}`);
    const embed = byStage.get('embed');
    assert.equal(embed.skipped, 1);
    assert.equal(embed.succeeded, 2);
    // The same numbers straight from SQL.
    const { rows } = await sql<{ n: string }>`select count(*) as n from stellar.stage_runs where stage = 'embed' and status = 'succeeded'`.execute(app.handle.db);
    assert.equal(Number(rows[0].n), embed.succeeded);
    const empty = await gql(srv.url, `query($since: Datetime) { stageStats(since: $since) { totalCount } }`, { since: new Date(Date.now() + 60_000).toISOString() });
    assert.equal(empty.body.data.stageStats.totalCount, 0);
    const hours = await gql(srv.url, '{ runsPerHour(hours: 24) { nodes { hour total failed } } }');
    const h = hours.body.data.runsPerHour.nodes;
    assert.equal(h.length, 24);
    assert.equal(h.reduce((n: number, x: any) => n + x.total, 0), 3);
    assert.equal(h.reduce((n: number, x: any) => n + x.failed, 0), 1);
  });

  test('the job queue is visible without payloads, and alerts are listed', async () => {
    await sql`select graphile_worker.add_job('finish_run', json_build_object('runId', 'secret-payload'), run_at := now() + interval '1 hour', job_key := 'graphql-test')`.execute(app.handle.db);
    const res = await gql(srv.url, '{ allJobs(condition: {taskIdentifier: "finish_run"}) { nodes { id taskIdentifier queueName priority attempts maxAttempts runAt lockedAt lastError createdAt state } } allQueueDepths { nodes { taskIdentifier scheduled total } } }');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const job = res.body.data.allJobs.nodes[0];
    assert.equal(job.state, 'SCHEDULED');
    assert.ok(!JSON.stringify(res.body).includes('secret-payload'));
    assert.equal(res.body.data.allQueueDepths.nodes.find((n: any) => n.taskIdentifier === 'finish_run').scheduled, 1);
    const fields = await gql(srv.url, '{ __type(name: "Job") { fields { name } } }');
    const names = fields.body.data.__type.fields.map((f: any) => f.name);
    assert.ok(!names.includes('payload') && !names.includes('key') && !names.includes('lockedBy'), names.join());
    await sql`select graphile_worker.remove_job('graphql-test')`.execute(app.handle.db);

    const alerts = await gql(srv.url, '{ allAlerts(orderBy: [CREATED_AT_DESC]) { nodes { kind stage runId error run { status } } } }');
    assert.deepEqual(
      alerts.body.data.allAlerts.nodes.map((a: any) => [a.kind, a.stage, a.runId, a.run.status]),
      [['stage_failed', 'parse', failedRun, 'FAILED']],
    );
  });

  test('exposes only the stellar_api schema, read-only: no mutations', async () => {
    const res = await gql(srv.url, '{ __schema { mutationType { name } subscriptionType { name } queryType { fields { name } } } }');
    assert.equal(res.body.data.__schema.mutationType, null);
    assert.equal(res.body.data.__schema.subscriptionType?.name, 'Subscription', 'runChanged (test/graphql-subscriptions.test.ts)');
    const fields: string[] = res.body.data.__schema.queryType.fields.map((f: any) => f.name);
    for (const f of ['allPipelineRuns', 'allStageRuns', 'allTranscripts', 'allJobs', 'allAlerts', 'stageStats', 'runsByStageState']) assert.ok(fields.includes(f), f);
    assert.ok(!fields.some((f) => /^(allTurns|allChunks|allCallFacts)/.test(f)), 'no raw tables');
    const mutation = await gql(srv.url, 'mutation { createPipelineRun(input: {}) { clientMutationId } }');
    assert.ok(mutation.body.errors?.length, 'a mutation is refused');
    assert.equal(mutation.body.errors![0].extensions?.code, 'READ_ONLY', JSON.stringify(mutation.body));
    // The error says what is unsupported and where writes go instead.
    assert.match(mutation.body.errors![0].message, /^Mutations are not supported: the GraphQL API is read-only/);
    assert.match(mutation.body.errors![0].message, /POST \/transcripts/);
    assert.equal(mutation.body.errors![0].extensions?.unsupported, 'mutation');
  });

  test('a logged-out request is told how to log in (in the REST shape and the GraphQL shape Ruru shows)', async () => {
    const none = await gql(srv.url, '{ allPipelineRuns { totalCount } }', {}, null);
    assert.equal(none.status, 401);
    const body = none.body as any;
    assert.equal(body.error.code, 'unauthorized');
    assert.match(body.error.message, /\/dashboard\/login\?next=\/graphiql/);
    assert.match(body.error.message, /Authorization: Bearer/);
    assert.equal(body.errors[0].extensions.code, 'UNAUTHENTICATED');
    assert.equal(body.errors[0].message, body.error.message);
  });

  test('filters beyond equality: in, ranges, comparisons, or, string matches (connection-filter)', async () => {
    const failedOrPartial = await gql(srv.url, '{ allPipelineRuns(filter: {status: {in: [FAILED, PARTIAL]}}) { nodes { id } } }');
    assert.equal(failedOrPartial.status, 200, JSON.stringify(failedOrPartial.body));
    assert.deepEqual(failedOrPartial.body.data.allPipelineRuns.nodes.map((n: any) => n.id), [failedRun]);
    const notFailed = await gql(srv.url, '{ allPipelineRuns(filter: {status: {notIn: [FAILED]}}) { totalCount } }');
    assert.equal(notFailed.body.data.allPipelineRuns.totalCount, 2);

    const past = new Date(Date.now() - 3_600_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const range = await gql(srv.url, 'query($a: Datetime, $b: Datetime) { allPipelineRuns(filter: {createdAt: {greaterThanOrEqualTo: $a, lessThan: $b}}) { totalCount } }', { a: past, b: future });
    assert.equal(range.body.data.allPipelineRuns.totalCount, 3, JSON.stringify(range.body));
    const empty = await gql(srv.url, 'query($b: Datetime) { allPipelineRuns(filter: {createdAt: {greaterThan: $b}}) { totalCount } }', { b: future });
    assert.equal(empty.body.data.allPipelineRuns.totalCount, 0);

    // Comparisons on Int ms, checked against SQL.
    const { rows } = await sql<{ n: number; median: number }>`
      select count(*)::int as n, (percentile_disc(0.5) within group (order by duration_ms))::int as median
      from stellar.stage_runs where status = 'succeeded' and stage in ('parse', 'structure')`.execute(app.handle.db);
    const { median } = rows[0];
    const slow = await gql(srv.url, `{ allStageRuns(filter: {stage: {in: ["parse", "structure"]}, status: {equalTo: SUCCEEDED}, durationMs: {greaterThanOrEqualTo: ${median}}}) { totalCount nodes { stage durationMs } } }`);
    assert.equal(slow.status, 200, JSON.stringify(slow.body));
    const { rows: expected } = await sql<{ n: number }>`select count(*)::int as n from stellar.stage_runs where status = 'succeeded' and stage in ('parse', 'structure') and duration_ms >= ${median}`.execute(app.handle.db);
    assert.equal(slow.body.data.allStageRuns.totalCount, expected[0].n);
    assert.ok(slow.body.data.allStageRuns.nodes.every((n: any) => ['parse', 'structure'].includes(n.stage) && n.durationMs >= median));

    const either = await gql(srv.url, '{ allPipelineRuns(filter: {or: [{status: {equalTo: FAILED}}, {trigger: {equalTo: UPLOAD}}]}) { nodes { id } } }');
    assert.deepEqual(either.body.data.allPipelineRuns.nodes.map((n: any) => n.id), [failedRun]);
    const named = await gql(srv.url, '{ allTranscripts(filter: {fileName: {startsWithInsensitive: "DISCOVERY"}}) { nodes { fileName } } }');
    assert.deepEqual(named.body.data.allTranscripts.nodes.map((n: any) => n.fileName), ['discovery-halden-foods.txt']);
    // Filters work on nested connections and next to the old conditions.
    const nested = await gql(srv.url, '{ allPipelineRuns(condition: {status: SUCCEEDED}) { nodes { stageRuns(filter: {stage: {in: ["parse", "embed"]}}) { totalCount } } } }');
    assert.deepEqual(nested.body.data.allPipelineRuns.nodes.map((n: any) => n.stageRuns.totalCount), [2, 2]);
    // A wrong operator is a clear validation error.
    const bad = await gql(srv.url, '{ allPipelineRuns(filter: {status: {greaterThanBanana: FAILED}}) { totalCount } }');
    assert.match(bad.body.errors![0].message, /greaterThanBanana/);
  });

  test('aggregates and grouped aggregates (pg-aggregates), as JSON numbers, equal to SQL', async () => {
    const res = await gql(srv.url, `{ allStageRuns(filter: {status: {equalTo: SUCCEEDED}}) {
      totalCount
      aggregates { sum { durationMs } max { durationMs queueWaitMs } min { durationMs } average { durationMs } distinctCount { stage runId } }
      groupedAggregates(groupBy: [STAGE]) { keys sum { durationMs } max { durationMs } }
    } }`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const c = res.body.data.allStageRuns;
    const { rows } = await sql<{ n: number; sum: number; max: number; min: number; avg: number; stages: number; runs: number; qmax: number }>`
      select count(*)::int as n, sum(duration_ms)::float8 as sum, max(duration_ms) as max, min(duration_ms) as min, avg(duration_ms)::float8 as avg,
             count(distinct stage)::int as stages, count(distinct run_id)::int as runs,
             max(round(extract(epoch from started_at - queued_at) * 1000))::int as qmax
      from stellar.stage_runs where status = 'succeeded'`.execute(app.handle.db);
    const e = rows[0];
    assert.equal(c.totalCount, e.n);
    assert.equal(c.aggregates.sum.durationMs, e.sum);
    assert.equal(c.aggregates.max.durationMs, e.max);
    assert.equal(c.aggregates.min.durationMs, e.min);
    assert.ok(Math.abs(c.aggregates.average.durationMs - e.avg) < 1e-6, `${c.aggregates.average.durationMs} vs ${e.avg}`);
    assert.equal(c.aggregates.distinctCount.stage, e.stages);
    assert.equal(c.aggregates.distinctCount.runId, 2);
    assert.equal(c.aggregates.max.queueWaitMs, e.qmax);
    for (const v of [c.aggregates.sum.durationMs, c.aggregates.average.durationMs, c.aggregates.distinctCount.stage]) assert.equal(typeof v, 'number');
    const groups = new Map<string, any>(c.groupedAggregates.map((g: any) => [g.keys[0], g]));
    const { rows: perStage } = await sql<{ stage: string; sum: number }>`select stage, sum(duration_ms)::float8 as sum from stellar.stage_runs where status = 'succeeded' group by stage`.execute(app.handle.db);
    assert.equal(groups.size, perStage.length);
    for (const r of perStage) assert.equal(groups.get(r.stage)?.sum.durationMs, r.sum, r.stage);
    // Runs too; views outside AGGREGATED_VIEWS have none (they would triple the schema).
    const runs = await gql(srv.url, '{ allPipelineRuns { groupedAggregates(groupBy: [STATUS]) { keys distinctCount { id } } } }');
    assert.deepEqual(
      Object.fromEntries(runs.body.data.allPipelineRuns.groupedAggregates.map((g: any) => [g.keys[0], g.distinctCount.id])),
      { succeeded: 2, failed: 1 },
      JSON.stringify(runs.body),
    );
    const jobs = await gql(srv.url, '{ allJobs { aggregates { sum { attempts } } } }');
    assert.match(jobs.body.errors?.[0]?.message ?? '', /Cannot query field "aggregates"/);
  });

  test('every duration in the schema is an Int or Float of milliseconds, never a BigInt/BigFloat string', async () => {
    const res = await gql(srv.url, '{ __schema { types { name kind fields { name type { name kind ofType { name kind ofType { name kind } } } } } } }');
    const named = (t: any): any => (t.ofType ? named(t.ofType) : t);
    const durations: string[] = [];
    const wrong: string[] = [];
    for (const type of res.body.data.__schema.types) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__')) continue;
      for (const f of type.fields ?? []) {
        if (!/(ms|duration)$/i.test(f.name)) continue;
        const scalar = named(f.type).name;
        durations.push(`${type.name}.${f.name}: ${scalar}`);
        if (!['Int', 'Float'].includes(scalar)) wrong.push(`${type.name}.${f.name}: ${scalar}`);
      }
    }
    assert.deepEqual(wrong, []);
    for (const f of ['PipelineRun.durationMs: Int', 'StageRun.durationMs: Int', 'StageRun.queueWaitMs: Int', 'SpeakerMetric.talkMs: Int']) {
      assert.ok(durations.includes(f), `${f} among ${durations.join(', ')}`);
    }
    assert.ok(durations.some((d) => /p95DurationMs: Int$/.test(d)), 'stage_stats percentiles are whole ms');
  });

  test('filters count in the cost: a long filter on a nested connection is refused; oversized variables too', async () => {
    const terms = Array.from({ length: 60 }, (_, i) => `{stage: {equalTo: "s${i}"}}`).join(', ');
    const atRoot = await gql(srv.url, `{ allStageRuns(first: 10, filter: {or: [${terms}]}) { totalCount } }`);
    assert.equal(atRoot.status, 200, JSON.stringify(atRoot.body));
    assert.equal(atRoot.body.data.allStageRuns.totalCount, 0);
    const perRow = await gql(srv.url, `{ allPipelineRuns(first: 100) { nodes { stageRuns(first: 10, filter: {or: [${terms}]}) { nodes { id } } } } }`);
    assert.equal(perRow.body.errors?.[0]?.extensions?.code, 'QUERY_TOO_COSTLY', JSON.stringify(perRow.body));
    // The same without the filter is within the limit: the filter made the difference.
    const plain = await gql(srv.url, '{ allPipelineRuns(first: 100) { nodes { stageRuns(first: 10) { nodes { id } } } } }');
    assert.equal(plain.body.errors, undefined, JSON.stringify(plain.body.errors));
    const huge = await gql(srv.url, 'query($f: StageRunFilter) { allStageRuns(first: 1, filter: $f) { totalCount } }', {
      f: { or: Array.from({ length: 600 }, (_, i) => ({ stage: { equalTo: `s${i}` } })) },
    });
    assert.equal(huge.body.errors?.[0]?.extensions?.code, 'QUERY_TOO_WIDE', JSON.stringify(huge.body));
  });

  test('queries run as the role stellar_graphql, which can only read the API views', async () => {
    const who = await gql(srv.url, '{ testWhoami }');
    assert.equal(who.body.data.testWhoami, 'stellar_graphql|700ms');

    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    try {
      await client.query('set role stellar_graphql');
      const denied = async (q: string) => assert.rejects(client.query(q), /permission denied/, q);
      await denied('select * from stellar.transcripts limit 1');
      await denied('select * from stellar.pipeline_runs limit 1');
      await denied('select * from graphile_worker.jobs limit 1');
      await denied('select * from graphile_worker._private_jobs limit 1');
      await denied(`insert into stellar_api.pipeline_runs (id) values (gen_random_uuid())`);
      await denied(`delete from stellar_api.stage_runs`);
      await assert.rejects(client.query(`update stellar_api.alerts set error = 'x'`), /permission denied|cannot update view/);
      await denied(`select graphile_worker.add_job('parse', '{}')`);
      const { rows } = await client.query('select count(*)::int as n from stellar_api.pipeline_runs');
      assert.equal(rows[0].n, 3);
      // A job due in a day, that no worker takes meanwhile: the role sees it through stellar_api.jobs.
      await sql`select graphile_worker.add_job('finish_run', json_build_object('runId', 'role-test'), run_at := now() + interval '1 day', job_key := 'graphql-role-test')`.execute(app.handle.db);
      try {
        const { rows: jobs } = await client.query(`select count(*)::int as n from stellar_api.jobs where task_identifier = 'finish_run' and state = 'scheduled' and run_at > now() + interval '23 hours'`);
        assert.equal(jobs[0].n, 1);
      } finally {
        await sql`select graphile_worker.remove_job('graphql-role-test')`.execute(app.handle.db);
      }
    } finally {
      await client.end();
    }
  });

  test('a query too deep or too costly is refused before it reaches the database', async () => {
    // 12 levels: allStageRuns > nodes > run > stageRuns > nodes > run > stageRuns > nodes > run > transcript > runs > nodes > id
    const path = ['allStageRuns(first: 1)', 'nodes', 'run', 'stageRuns(first: 1)', 'nodes', 'run', 'stageRuns(first: 1)', 'nodes', 'run', 'transcript', 'runs(first: 1)', 'nodes'];
    const deepQuery = `{ ${path.map((f) => `${f} {`).join(' ')} id ${'}'.repeat(path.length)} }`;
    const deep = await gql(srv.url, deepQuery);
    // GraphQL over HTTP: a request error is 200 with application/json (400 with application/graphql-response+json).
    assert.equal(deep.body.data, undefined);
    assert.equal(deep.body.errors![0].extensions?.code, 'QUERY_TOO_DEEP', JSON.stringify(deep.body));
    const costly = await gql(srv.url, '{ allPipelineRuns(first: 1000) { nodes { stageRuns(first: 1000) { nodes { id stage } } } } }');
    assert.equal(costly.body.errors![0].extensions?.code, 'QUERY_TOO_COSTLY');
    const strict = await fetch(`${srv.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: deepQuery }),
    });
    assert.equal(strict.status, 400);
    await strict.body?.cancel();
    // Within the limits, the same shape works.
    const fine = await gql(srv.url, '{ allStageRuns(first: 2) { nodes { run { stageRuns(first: 8) { nodes { stage } } } } } }');
    assert.equal(fine.body.data.allStageRuns.nodes.length, 2);
    // Introspection (what GraphiQL sends) is not counted.
    const intro = await gql(srv.url, '{ __schema { types { name fields { name type { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } } }');
    assert.equal(intro.status, 200);
  });

  test('the statement timeout stops a slow query', async () => {
    // PostgreSQL cancelled the 5 s sleep (the error says so): the answer did not wait for it.
    const slow = await gql(srv.url, '{ testSleep(seconds: 5) }');
    assert.equal(slow.body.errors?.[0]?.extensions?.code, 'STATEMENT_TIMEOUT', JSON.stringify(slow.body));
    assert.match(slow.body.errors![0].message, /statement timeout of 700 ms/);
    assert.equal(slow.body.data?.testSleep ?? null, null);
    const fast = await gql(srv.url, '{ testSleep(seconds: 0.01) }');
    assert.equal(fast.body.data.testSleep, 1);
  });

  test('bad requests get a clear 4xx: malformed JSON, wrong media type, oversized body', async () => {
    const post = (contentType: string, body: string) =>
      fetch(`${srv.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType }, body });
    const malformed = await post('application/json', '{not json');
    assert.equal(malformed.status, 400);
    const malformedBody = (await malformed.json()) as { errors: { message: string }[] };
    assert.equal(typeof malformedBody.errors[0].message, 'string');
    assert.notEqual(malformedBody.errors[0].message.trim(), '');
    const form = await post('application/x-www-form-urlencoded', 'query=%7B%7D');
    assert.ok([400, 415].includes(form.status), String(form.status));
    await form.body?.cancel();
    const text = await post('text/plain', JSON.stringify({ query: '{ allPipelineRuns { totalCount } }' }));
    assert.equal(text.status, 415);
    await text.body?.cancel();
    const big = await post('application/json', JSON.stringify({ query: '{ allPipelineRuns { totalCount } }', variables: { pad: 'x'.repeat(150_000) } }));
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as any).error.code, 'body_too_large');
    const unknownField = await gql(srv.url, '{ nope }');
    assert.match(unknownField.body.errors![0].message, /Cannot query field "nope"/);
  });

  test('Ruru is served at /graphiql (STELLAR_GRAPHIQL=1) after logging in; a browser at /graphql is sent there', async () => {
    const res = await fetch(`${srv.url}/graphiql`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.match(body, /ruru/i);
    // Logged out: the log-in page first, then back to Ruru.
    const loggedOut = await fetch(`${srv.url}/graphiql`, { redirect: 'manual', headers: { accept: 'text/html' } });
    assert.equal(loggedOut.status, 303);
    assert.equal(loggedOut.headers.get('location'), '/dashboard/login?next=%2Fgraphiql');
    await loggedOut.body?.cancel();
    // A browser opening /graphql lands on Ruru (no token needed for the redirect: it holds no data).
    const browser = await fetch(`${srv.url}/graphql`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(browser.status, 302);
    assert.equal(browser.headers.get('location'), '/graphiql');
    await browser.body?.cancel();
    // GET without a browser or a WebSocket: queries are POSTed.
    const get = await fetch(`${srv.url}/graphql?query=%7B__typename%7D`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } });
    assert.equal(get.status, 405);
    assert.match(((await get.json()) as any).error.message, /POSTed as JSON/);
  });

  test('weekly reports appear once the operations migration has created them', async () => {
    const { rows } = await sql<{ t: string | null }>`select to_regclass('stellar_api.weekly_reports')::text as t`.execute(app.handle.db);
    if (!rows[0].t) return; // sql/030 not present on this branch
    await sql`insert into stellar.weekly_reports (rep, week_start, metrics) values ('Dana', date_trunc('week', now())::date, '{"calls": 3}')`.execute(app.handle.db);
    // The schema was built before the row existed, not before the view: no restart needed.
    const res = await gql(srv.url, '{ allWeeklyReports { nodes { rep weekStart metrics } } }');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.data.allWeeklyReports.nodes[0].rep, 'Dana');
    assert.equal(res.body.data.allWeeklyReports.nodes[0].metrics.calls, 3);
  });
});

describe('GraphQL with GraphiQL off', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  before(async () => {
    app = await createTestApp('graphql_off', { STELLAR_API_TOKENS: TOKEN, STELLAR_GRAPHIQL: '0' });
    srv = await startMonitoringServer(app);
  });
  after(async () => {
    await srv?.close();
    await app?.close();
  });

  test('/graphiql is not served; /graphql works, and explains itself to a browser', async () => {
    const res = await fetch(`${srv.url}/graphiql`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
    const ok = await gql(srv.url, '{ allPipelineRuns { totalCount } }');
    assert.equal(ok.body.data.allPipelineRuns.totalCount, 0);
    const page = await fetch(`${srv.url}/graphql`, { redirect: 'manual', headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /STELLAR_GRAPHIQL=1/);
    assert.match(html, /POSTed as JSON/);
    assert.match(html, /href="\/dashboard\/login/);
  });
});
