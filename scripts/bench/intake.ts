/**
 * Benchmark (issue 3): HTTP upload throughput and latency.
 *
 * A fresh database; the real server started as its own process with the
 * project's CLI; autocannon (in this process) POSTs 20 KB plain-text
 * transcripts — unique bytes every time, so each one is stored and starts a
 * run — over 32 connections for 20 s, while the worker processes those runs.
 * Five layouts:
 *   - `stellar start` (npm start): server + worker (+ crontab) in ONE process, the
 *     worker pool in a worker thread at STELLAR_WORKER_NICE 0, 10 (the default)
 *     and 19 — what the worker's niceness buys the uploads;
 *   - `stellar serve` + `stellar worker`: two processes, same CPU priority;
 *   - `stellar serve` + `nice -n 19 stellar worker`.
 * Reports uploads/s, latency p50/p99, errors and non-202 answers, and checks
 * the database holds exactly one transcript and one run per 202.
 * Target on the 2-core machine: ≥ 500 uploads/s, p99 < 100 ms.
 * BENCH_INTAKE_SECONDS overrides the duration (quick checks).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createRequire } from 'node:module';
import pg from 'pg';
import { projectRoot } from '../../src/paths.ts';
import { createTestDatabase } from '../../test/support/db.ts';
import { sizedSalesCall } from '../../test/support/transcripts.ts';

// autocannon ships no types (and @types/autocannon describes v7): the part used here.
interface AutocannonRequest {
  body?: string | Buffer;
  [key: string]: unknown;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p90: number; p99: number; max: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: {
  url: string;
  method: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: { setupRequest: (req: AutocannonRequest) => AutocannonRequest }[];
}) => Promise<AutocannonResult>;

const CONNECTIONS = 32;
const TOKEN = `bench-${randomBytes(8).toString('hex')}`;


function spawnCli(args: string[], env: Record<string, string>, nice = 0): ChildProcess {
  const argv = [process.execPath, '--import', 'tsx', 'bin/cli.ts', ...args];
  const [cmd, ...rest] = nice > 0 ? ['nice', '-n', String(nice), ...argv] : argv;
  return spawn(cmd, rest, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** A free TCP port on 127.0.0.1 (listen on 0, read, close). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Polls /readyz until the server answers 200. */
async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('the server was not ready within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

interface LayoutResult {
  layout: string;
  seconds: number;
  uploadsPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  accepted: number;
  errors: number;
  timeouts: number;
  non202: number;
  statusCodes: Record<string, number>;
  stored: { transcripts: number; runs: number };
  runsFinishedDuring: number;
  shutdownExit: (number | null)[];
  /** Runs this result is the median of (1 for a single run). */
  runs: number;
}

interface Layout {
  name: string;
  label: string;
  /** One process (`stellar start`, worker thread) or two (`serve` + `worker`). */
  processes: 1 | 2;
  /** One process: STELLAR_WORKER_NICE of the worker thread; two: `nice -n` of the worker process. */
  nice: number;
}

const LAYOUTS: Layout[] = [
  { name: 'one process, nice 0', label: '`stellar start`, worker thread at STELLAR_WORKER_NICE=0', processes: 1, nice: 0 },
  { name: 'one process, nice 10', label: '`stellar start`, worker thread at STELLAR_WORKER_NICE=10 (default)', processes: 1, nice: 10 },
  { name: 'one process, nice 19', label: '`stellar start`, worker thread at STELLAR_WORKER_NICE=19', processes: 1, nice: 19 },
  { name: 'two processes', label: '`stellar serve` + `stellar worker` (same priority)', processes: 2, nice: 0 },
  { name: 'two processes, worker niced', label: '`stellar serve` + `nice -n 19 stellar worker`', processes: 2, nice: 19 },
];

async function runLayout(layout: Layout, seconds: number): Promise<LayoutResult> {
  const db = await createTestDatabase(`bench_intake_${layout.name.replace(/\W+/g, '_')}`);
  const env = {
    DATABASE_URL: db.url,
    STELLAR_API_TOKENS: TOKEN,
    STELLAR_PROVIDER: 'builtin',
    STELLAR_CRONTAB: 'crontab',
    // info would add graphile-worker's line per job to the measurement; warn is what a busy deployment runs with.
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    STELLAR_WORKER_NICE: String(layout.processes === 1 ? layout.nice : 0),
  };
  const children: ChildProcess[] = [];
  const client = new pg.Client({ connectionString: db.url });
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = spawnCli(layout.processes === 1 ? ['start', '--port', String(port)] : ['serve', '--port', String(port)], env);
    children.push(server);
    if (layout.processes === 2) children.push(spawnCli(['worker'], env, layout.nice));
    await waitReady(url, server);
    await client.connect();
    const base = sizedSalesCall();
    let n = 0;
    const run = autocannon({
      url: `${url}/transcripts?name=bench-call.txt`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: seconds,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain; charset=utf-8' },
      requests: [
        {
          setupRequest: (req) => {
            // Unique bytes on every request: a new transcript and a new run each time.
            req.body = `Alice Moreno: Call reference ${process.pid}-${++n}-${randomBytes(4).toString('hex')}.\n${base}`;
            return req;
          },
        },
      ],
    });
    const started = await client.query<{ n: string }>("select count(*) as n from stellar.pipeline_runs where finished_at is not null");
    const result = await run;
    const finished = await client.query<{ n: string }>("select count(*) as n from stellar.pipeline_runs where finished_at is not null");
    const stored = await client.query<{ t: string; r: string }>('select (select count(*) from stellar.transcripts) as t, (select count(*) from stellar.pipeline_runs) as r');
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
    const accepted = statusCodes['202'] ?? 0;
    const shutdownExit = [];
    for (const c of children) shutdownExit.push(await stop(c));
    return {
      layout: layout.name,
      seconds,
      uploadsPerSec: Math.round((accepted / (result.duration || seconds)) * 10) / 10,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      accepted,
      errors: result.errors,
      timeouts: result.timeouts,
      non202: result['2xx'] + result.non2xx - accepted,
      statusCodes,
      stored: { transcripts: Number(stored.rows[0].t), runs: Number(stored.rows[0].r) },
      runsFinishedDuring: Number(finished.rows[0].n) - Number(started.rows[0].n),
      shutdownExit,
      runs: 1,
    };
  } finally {
    for (const c of children) await stop(c);
    await client.end().catch(() => {});
    await db.drop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** The run whose uploads/s is the median, with p50/p90/p99/max replaced by their medians over the runs; errors and non-202s summed. */
function medianResult(runs: LayoutResult[]): LayoutResult {
  const byRate = [...runs].sort((a, b) => a.uploadsPerSec - b.uploadsPerSec);
  const mid = byRate[Math.floor((byRate.length - 1) / 2)];
  return {
    ...mid,
    p50: median(runs.map((r) => r.p50)),
    p90: median(runs.map((r) => r.p90)),
    p99: median(runs.map((r) => r.p99)),
    max: median(runs.map((r) => r.max)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    timeouts: runs.reduce((n, r) => n + r.timeouts, 0),
    non202: runs.reduce((n, r) => n + r.non202, 0),
    runs: runs.length,
  };
}

export async function benchIntake(): Promise<{ name: string; title: string; markdown: string; metrics: Record<string, unknown>; results: LayoutResult[] }> {
  const seconds = Number(process.env.BENCH_INTAKE_SECONDS ?? 20);
  const reps = Math.max(1, Number(process.env.BENCH_INTAKE_REPS ?? 3));
  // Layouts alternate within each round, so drift of the shared machine falls on all of them alike.
  const byLayout = new Map<string, LayoutResult[]>(LAYOUTS.map((l) => [l.name, []]));
  for (let rep = 0; rep < reps; rep++) for (const layout of LAYOUTS) byLayout.get(layout.name)!.push(await runLayout(layout, seconds));
  const results = LAYOUTS.map((l) => medianResult(byLayout.get(l.name)!));
  const label = (r: LayoutResult) => LAYOUTS.find((l) => l.name === r.layout)?.label ?? r.layout;
  const row = (r: LayoutResult) =>
    `| ${label(r)} | ${r.uploadsPerSec} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.errors + r.timeouts} | ${r.non202} | ${r.accepted} / ${r.stored.transcripts} / ${r.stored.runs} | ${r.runsFinishedDuring} |`;
  const verdict = (r: LayoutResult) => `${r.layout}: ${r.uploadsPerSec >= 500 ? 'meets' : 'misses'} ≥ 500 uploads/s, ${r.p99 < 100 ? 'meets' : 'misses'} p99 < 100 ms`;
  const markdown = [
    `20 KB plain-text transcripts (unique bytes each, so every one is stored and starts a run), POST /transcripts as text/plain, ${CONNECTIONS} connections, ${seconds} s per layout, medians of ${reps} runs (layouts alternating; errors and non-202s summed over the runs; the 202s/transcripts/runs column is the median run's), autocannon 9 in the benchmark process. Server and worker run as their own OS processes started with the CLI, on a fresh database each time; built-in provider, LOG_LEVEL=warn, default configuration otherwise. A 202 means the transcript, its run, its first stage row and its job are committed.`,
    '',
    '| layout | uploads/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-202 | 202s / transcripts / runs | runs finished meanwhile |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(row),
    '',
    `Target on this 2-core machine: ≥ 500 uploads/s and p99 < 100 ms. ${results.map(verdict).join('; ')}.`,
    '',
    'Notes: "transcripts" can exceed "202s" by up to the number of connections — uploads still in flight when the load generator stops are committed, but not counted. The load generator, PostgreSQL, the server and the worker share the 2 cores. The worker falls behind during a burst (a 20 KB call costs it ~200–300 ms of CPU over all stages, most of it in structure) and catches up afterwards; nothing is lost. Runs do finish during the burst (last column): later stages of a run outrank the parse jobs of newer uploads (stage depth in the priority, docs/operations.md). What keeps uploads fast: new transcripts are written in batched statements (src/intake/store.ts — one round trip, one commit and one add_jobs call per batch instead of six round trips and a commit per upload), and in `stellar start` the pipeline runs in a worker thread at a lower CPU priority, so CPU-bound stages neither block the HTTP event loop nor take the cores from it. A worker at the same priority as the server (nice 0, one or two processes) competes with it for the cores. The default niceness is 10, not 19: on 2026-11-30 (Xeon) nice 10 kept 95–96 % of nice 19\'s upload rate with the same p99, and gives the worker 7× the CPU weight against other normal-priority work on the machine (CFS weights 110 vs 15 against 1024) — at 19 the pipeline starved under any such load (docs/architecture.md).',
  ].join('\n');
  return {
    name: 'intake',
    title: 'Intake: HTTP uploads (issue 3)',
    markdown,
    metrics: Object.fromEntries(results.map((r) => [r.layout, { uploadsPerSec: r.uploadsPerSec, p50: r.p50, p99: r.p99, errors: r.errors, non202: r.non202 }])),
    results,
  };
}

// Run directly: `npx tsx scripts/bench/intake.ts`
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchIntake();
  console.log(r.markdown);
  console.log(JSON.stringify(r.results, null, 2));
}
