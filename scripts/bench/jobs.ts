/**
 * Benchmark (issue 11, "Beyond one machine"): the job ceiling of one
 * PostgreSQL on this machine — bare graphile-worker jobs per second with no-op
 * tasks, no Stellar code — at a few concurrencies, in one process and in two
 * (docs/scaling.md reads it). Two shapes, each a median of 3 rounds on a fresh
 * database:
 *   - drain: N jobs queued in one statement, then taken and completed by idle
 *     workers (take + complete per job);
 *   - chain: 100 chains whose every job queues the next before completing
 *     (add + take + complete per job: the shape of a stage hand-off).
 * Same worker settings as Stellar's (src/worker/worker.ts: batched completion
 * with delay 0), silent logger; graphile-worker's own schema only. BENCH_JOBS_N overrides N (default 2000). Every layout runs in
 * child processes (a fresh Node process per pool and round: nothing carried
 * over from one round to the next).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Logger, runMigrations } from 'graphile-worker';
import { projectRoot } from '../../src/paths.ts';
import { withClient, withDatabase as dbUrl } from '../../src/db/client.ts';

const ROUNDS = 3;
const CHAINS = 100;
const silent = new Logger(() => () => {});
const PRESET = { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } };


/** Median of the rounds that finished (NaN: none did). */
const median = (all: number[]) => {
  const xs = all.filter(Number.isFinite).sort((a, b) => a - b);
  return xs.length ? xs[Math.floor(xs.length / 2)] : NaN;
};

/** The worker of the child processes: no-op `noop`, `link` queues the next link of its chain. */
const CHILD_SOURCE = `
import { run, Logger } from 'graphile-worker';
const [url, concurrency] = process.argv.slice(-2);
const runner = await run({
  connectionString: url, concurrency: Number(concurrency), pollInterval: 1000, noHandleSignals: true, parsedCronItems: [],
  logger: new Logger(() => () => {}), preset: ${JSON.stringify(PRESET)},
  taskList: {
    noop: async () => {},
    link: async (p, helpers) => { if (p.left > 0) await helpers.addJob('link', { left: p.left - 1 }); },
  },
});
process.stdout.write('ready\\n');
process.on('SIGTERM', () => runner.stop().then(() => process.exit(0)));
`;

interface Pool {
  stop(): Promise<void>;
}

async function childProcess(url: string, concurrency: number): Promise<Pool> {
  const proc: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', CHILD_SOURCE, url, String(concurrency)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    void exited.then(() => reject(new Error('bench worker exited before it was ready')));
  });
  return {
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

interface Layout {
  label: string;
  processes: number;
  concurrency: number;
}

const LAYOUTS: Layout[] = [
  { label: '1 process × 1', processes: 1, concurrency: 1 },
  { label: '1 process × 4', processes: 1, concurrency: 4 },
  { label: '1 process × 16', processes: 1, concurrency: 16 },
  { label: '2 processes × 8', processes: 2, concurrency: 8 },
];

/** One round: fresh database, workers up and idle, then the jobs; jobs/s from the first insert to an empty queue. */
async function round(base: string, layout: Layout, shape: 'drain' | 'chain', n: number): Promise<number> {
  const name = `stellar_bench_jobs_${randomBytes(3).toString('hex')}`;
  const url = dbUrl(base, name);
  await withClient(dbUrl(base, 'postgres'), (c) => c.query(`create database ${name}`));
  await runMigrations({ connectionString: url, logger: silent });
  const pools: Pool[] = [];
  try {
    for (let p = 0; p < layout.processes; p++) pools.push(await childProcess(url, layout.concurrency));
    return await withClient(url, async (c) => {
      const t0 = performance.now();
      if (shape === 'drain') {
        await c.query(`select count(*) from graphile_worker.add_jobs(array(select ('noop', '{}'::json, null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, $1)))`, [n]);
      } else {
        const links = Math.round(n / CHAINS);
        await c.query(`select count(*) from graphile_worker.add_jobs(array(select ('link', json_build_object('left', $2::int - 1), null, null, null, null, null, null)::graphile_worker.job_spec from generate_series(1, $1)))`, [CHAINS, links]);
      }
      const guard = Date.now() + 5 * 60_000;
      for (;;) {
        if (Date.now() > guard) throw new Error(`${layout.label} ${shape}: the queue did not drain within 5 min`);
        const { rows } = await c.query<{ left: boolean }>('select exists (select 1 from graphile_worker._private_jobs) as left');
        if (!rows[0].left) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const seconds = (performance.now() - t0) / 1000;
      const done = shape === 'drain' ? n : CHAINS * Math.round(n / CHAINS);
      return done / seconds;
    });
  } finally {
    await Promise.all(pools.map((p) => p.stop()));
    await withClient(dbUrl(base, 'postgres'), (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

export async function benchJobs() {
  const n = Number(process.env.BENCH_JOBS_N ?? 2000);
  const loadAtStart = os.loadavg()[0];
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stellar';
  const rows: { layout: Layout; drain: number; chain: number; drainAll: number[]; chainAll: number[] }[] = [];
  for (const layout of LAYOUTS) {
    const drainAll: number[] = [];
    const chainAll: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // A round that fails (the queue never drains) is shown as — and leaves the other layouts to run.
      const safe = (shape: 'drain' | 'chain') => round(base, layout, shape, n).catch((err: unknown) => (console.error(err), NaN));
      drainAll.push(await safe('drain'));
      chainAll.push(await safe('chain'));
    }
    rows.push({ layout, drain: median(drainAll), chain: median(chainAll), drainAll, chainAll });
  }
  const best = Math.max(...rows.map((r) => r.chain).filter(Number.isFinite));
  const bestDrain = Math.max(...rows.map((r) => r.drain).filter(Number.isFinite));
  const JOBS_PER_RUN = 9; // 8 stages + finish_run
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');
  const markdown = [
    `Bare graphile-worker 0.18 against this PostgreSQL, no-op tasks, no Stellar code; ${n} jobs per round, medians of ${ROUNDS} rounds (each on a fresh database, workers started and idle before the jobs are queued). Worker settings as Stellar's (batched completion, delay 0); each layout is that many fresh Node processes with one graphile-worker pool each. PostgreSQL and the workers share the 2 cores; load average at the start: ${loadAtStart.toFixed(1)} (other work on the machine lowers these figures).`,
    '',
    '| layout | drain: jobs/s (take + complete) | chain: jobs/s (add + take + complete) | rounds (drain / chain) |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.layout.label} | ${f(r.drain)} | ${f(r.chain)} | ${r.drainAll.map(f).join(', ')} / ${r.chainAll.map(f).join(', ')} |`),
    '',
    `Ceiling of the queue alone: **${f(best)} jobs/s** in the hand-off shape (${f(bestDrain)} draining a backlog). A run is ${JOBS_PER_RUN} jobs (8 stages + finish_run), so the queue by itself caps the pipeline at about **${(best / JOBS_PER_RUN).toFixed(0)} runs/s** on this machine — an upper bound: each real stage also writes its output and its ledger rows in the hand-off transaction. The pipeline itself reaches far less on 2 cores because the stage work is CPU-bound (see the pipeline section): the queue is not what limits one machine. Read in docs/scaling.md.`,
  ].join('\n');
  return {
    title: 'Job ceiling: bare graphile-worker jobs/s on this PostgreSQL',
    markdown,
    metrics: Object.fromEntries(rows.flatMap((r) => [[`drain ${r.layout.label}`, r.drain], [`chain ${r.layout.label}`, r.chain]])),
  };
}
