/**
 * Benchmark (issue 4): GraphQL latency with a realistic history in the tables.
 *
 * A fresh database gets 100 000 runs and 800 000 stage runs (scripts/
 * generate-runs.ts); the real HTTP server (Hono + grafserv, bearer auth, the
 * stellar_graphql role and statement timeout per request) answers, on one
 * keep-alive connection, one request at a time:
 *   - the run list: the last 50 runs with their stages (and the total count);
 *   - the per-stage statistics over the last 24 hours and the last 7 days;
 *   - failed runs filtered by stage state.
 * p50/p95/max over BENCH_GRAPHQL_N requests each (default 300) after a
 * warm-up. Target: run list p95 under 50 ms.
 * BENCH_GRAPHQL_RUNS overrides the number of runs (quick checks).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { withDatabase as dbUrl } from '../../src/db/client.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { connect } from '../../src/db/index.ts';
import { createServerApp } from '../../src/server/app.ts';
import { startServer } from '../../src/server/serve.ts';
import { prepareGraphql } from '../../src/server/routes/graphql.ts';
import { generateRuns } from '../generate-runs.ts';

const TOKEN = 'bench-token';

export const RUN_LIST_QUERY = `query RunList {
  allPipelineRuns(first: 50, orderBy: [CREATED_AT_DESC]) {
    totalCount
    nodes {
      id status trigger createdAt finishedAt durationMs error
      transcript { fileName }
      stageRuns(orderBy: [ID_ASC]) { nodes { stage status attempt queuedAt startedAt finishedAt durationMs queueWaitMs error } }
    }
  }
}`;

export const STAGE_STATS_QUERY = `query StageStats($since: Datetime) {
  stageStats(since: $since) { nodes { stage total succeeded failed skipped p50DurationMs p95DurationMs p50QueueWaitMs p95QueueWaitMs } }
}`;

export const FAILED_BY_STAGE_QUERY = `query FailedAtStructure {
  runsByStageState(stageName: "structure", stageStatus: FAILED, first: 20, orderBy: [CREATED_AT_DESC]) {
    totalCount nodes { id createdAt error }
  }
}`;


function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

async function measure(url: string, query: string, variables: Record<string, unknown>, n: number, check: (data: any) => void): Promise<Timing> {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    const ms = performance.now() - t0;
    if (res.status !== 200 || body.errors) throw new Error(`GraphQL error: ${res.status} ${JSON.stringify(body.errors ?? body)}`);
    return { ms, data: body.data };
  };
  for (let i = 0; i < 20; i++) check((await once()).data); // warm-up (plans cached, pool filled)
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await once()).ms);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], n };
}

/** EXPLAIN ANALYZE of the SQL the run list sends, for the record (top node and time). */
async function explainRunList(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`explain (analyze, format text)
      select r.id from stellar_api.pipeline_runs r order by r.created_at desc, r.id asc limit 51`);
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  } finally {
    await c.end();
  }
}

export async function benchGraphql(): Promise<{ title: string; markdown: string; metrics: Record<string, number> }> {
  const runs = Number(process.env.BENCH_GRAPHQL_RUNS ?? 100_000);
  const n = Number(process.env.BENCH_GRAPHQL_N ?? 300);
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stellar';
  const name = `stellar_bench_graphql_${randomBytes(3).toString('hex')}`;
  const url = dbUrl(base, name);
  await migrate({ databaseUrl: url });
  const generated = await generateRuns(url, { runs, days: 30 });

  const config = loadConfig({ ...process.env, DATABASE_URL: url, STELLAR_API_TOKENS: TOKEN, STELLAR_GRAPHIQL: '0', LOG_LEVEL: 'warn' });
  const log = createLogger('warn');
  const handle = connect(url, { max: 4 });
  const graphql = await prepareGraphql({ config, log });
  const state = { draining: false };
  const hono = createServerApp({ db: handle.db, config, log, state, mounts: [(app) => graphql.mount(app)] });
  const server = await startServer(hono, { port: 0, host: '127.0.0.1', log, state, maxUploadBytes: config.STELLAR_MAX_UPLOAD_BYTES });
  try {
    const runList = await measure(server.url, RUN_LIST_QUERY, {}, n, (d) => {
      if (d.allPipelineRuns.nodes.length !== 50 || d.allPipelineRuns.totalCount !== generated.runs) throw new Error('run list: wrong shape');
      if (d.allPipelineRuns.nodes[0].stageRuns.nodes.length === 0) throw new Error('run list: no stages');
    });
    const day = await measure(server.url, STAGE_STATS_QUERY, { since: new Date(Date.now() - 86_400_000).toISOString() }, n, (d) => {
      if (d.stageStats.nodes.length !== 8) throw new Error('stats: expected 8 stages');
    });
    const week = await measure(server.url, STAGE_STATS_QUERY, { since: new Date(Date.now() - 7 * 86_400_000).toISOString() }, Math.min(n, 100), (d) => {
      if (d.stageStats.nodes.length !== 8) throw new Error('stats: expected 8 stages');
    });
    const byStage = await measure(server.url, FAILED_BY_STAGE_QUERY, {}, n, (d) => {
      if (d.runsByStageState.nodes.length !== 20) throw new Error('runsByStageState: expected 20');
    });
    const plan = await explainRunList(url);
    const fmt = (t: Timing) => `${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} | ${t.max.toFixed(1)} | ${t.n}`;
    const markdown = [
      `Fresh database with ${generated.runs.toLocaleString('en')} runs and ${generated.stageRuns.toLocaleString('en')} stage runs over 30 days (scripts/generate-runs.ts, ${(generated.ms / 1000).toFixed(1)} s to generate). ` +
        `The real HTTP server (Hono + grafserv's Hono adapter, bearer auth, SET ROLE stellar_graphql and statement_timeout per request), one client, one request at a time on a keep-alive connection, after 20 warm-up requests. Times are end to end (HTTP request to parsed JSON), in ms.`,
      '',
      '| query | p50 | p95 | max | requests |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| run list: last 50 runs with their 8 stages + totalCount | ${fmt(runList)} |`,
      `| stageStats, last 24 h (≈27 000 stage runs) | ${fmt(day)} |`,
      `| stageStats, last 7 days (≈187 000 stage runs) | ${fmt(week)} |`,
      `| runsByStageState(structure, FAILED), first 20 + totalCount | ${fmt(byStage)} |`,
      '',
      `Target: run list p95 < 50 ms — **${runList.p95 < 50 ? 'met' : 'NOT met'}** (${runList.p95.toFixed(1)} ms).`,
      '',
      'PostGraphile orders the run list by `created_at desc, id asc` (the primary key breaks ties); the index `pipeline_runs_created_id_idx (created_at desc, id)` (sql/020_monitoring.sql) has exactly that order, so the last 50 runs are an index-only scan with no sort step. The stage rows come from the `(run_id, stage)` unique index; the statistics read the covering index `stage_runs_finished_idx`; `runsByStageState` uses `(stage, status, finished_at)`. Plan of the run-list part:',
      '',
      '```',
      plan,
      '```',
    ].join('\n');
    return {
      title: 'GraphQL: run list and per-stage statistics (100 000 runs)',
      markdown,
      metrics: {
        runs: generated.runs,
        stageRuns: generated.stageRuns,
        runListP50: runList.p50,
        runListP95: runList.p95,
        stats24hP50: day.p50,
        stats24hP95: day.p95,
        stats7dP50: week.p50,
        stats7dP95: week.p95,
        byStageP50: byStage.p50,
        byStageP95: byStage.p95,
      },
    };
  } finally {
    await server.close(2000);
    await graphql.release();
    await handle.close();
    const admin = new pg.Client({ connectionString: dbUrl(base, 'postgres') });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}
