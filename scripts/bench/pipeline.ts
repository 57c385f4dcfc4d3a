/**
 * Benchmark (issue 11): the pipeline's own throughput and hand-off latency.
 *
 * For each worker concurrency (1, 2, 4, 8): a fresh database, BENCH_PIPELINE_RUNS
 * queued runs (the project's samples, made unique), one in-process worker pool
 * (builtin provider, no crontab), timed from the pool's start until every run
 * has ended. Reported per concurrency: runs/s, the hand-off wait of every stage
 * (queued_at → started_at, p50/p99; queued_at is taken at the end of the
 * hand-off transaction) and the process's peak RSS — the median of
 * BENCH_PIPELINE_REPEAT repetitions (default 3). Beside them, the in-process
 * sequential baseline: the same stage code with no queue (every stage of one
 * run after the other, in this process), which bounds what the queue can reach
 * on this machine.
 * Also (issue 11): the database round trips of every stage of one run (counted
 * on the pool, in the sequential baseline), the structure agent's CPU time per
 * 10 KB of transcript (scripts/structure-cpu.ts), and the peak RSS of a real
 * `stellar worker` process at concurrency 4 draining BENCH_PIPELINE_MEMORY_RUNS
 * queued runs (default 1000; VmHWM of the child process, from /proc).
 * The compute bound (issue 11): the CPU time of the stage code alone
 * (process.cpuUsage around every stage of the sequential baseline, first run
 * left out as warm-up), summed per run; bound = cores ÷ CPU-seconds per run.
 * Latency under load (issue 11): a fresh `stellar worker` (concurrency 4) and
 * uploads through the intake function (source 'upload') at a fixed rate of 70 %
 * of the runs/s that same worker setup drained in the memory round, for
 * BENCH_PIPELINE_LOAD_SECONDS (default 60); upload (run created_at) → run
 * finished_at, p50/p95. The worker processes run the compiled CLI (dist/, built
 * first as `npm run setup` does) with the configuration's defaults —
 * STELLAR_WORKER_MAX_HEAP_MB among them.
 * BENCH_PIPELINE_RUNS (default 40), BENCH_PIPELINE_CONCURRENCY ("1,2,4,8"),
 * BENCH_PIPELINE_REPEAT, BENCH_PIPELINE_MEMORY_RUNS (0: skip) and
 * BENCH_PIPELINE_LOAD_SECONDS (0: skip) override the defaults (quick checks).
 * benchHandoff (its own section, below the rest): hand-off latency as issue 11
 * defines it — one run at a time through an idle pool — beside bare chains of
 * the same transaction shape (`npm run bench -- pipeline/benchHandoff`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { JobHelpers, Task } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../src/db/index.ts';
import { addJobsInTx, type JobSpec } from '../../src/runs/handoff.ts';
import { openApp } from '../../src/app.ts';
import { ingestTranscript } from '../../src/intake/ingest.ts';
import { waitForRuns } from '../../src/db/queries/runs.ts';
import { startWorker } from '../../src/worker/worker.ts';
import { buildRuntime } from '../../src/worker/runtime.ts';
import { projectRoot } from '../../src/paths.ts';
import { entryStages, FAN_OUT_STAGES, isStage, stageDepth, stagePriority, STAGES, successorsInPlan, type Stage } from '../../src/pipeline/stages.ts';
import { createTaskList, taskFactories } from '../../tasks/index.ts';
import { createTestDatabase } from '../../test/support/db.ts';
import { countingDb } from '../../test/support/countingDb.ts';
import { measureStructureCpu } from '../structure-cpu.ts';

const RUNS = Number(process.env.BENCH_PIPELINE_RUNS ?? 40);
const REPEAT = Number(process.env.BENCH_PIPELINE_REPEAT ?? 3);
const CONCURRENCY = (process.env.BENCH_PIPELINE_CONCURRENCY ?? '1,2,4,8').split(',').map(Number);
const MEMORY_RUNS = Number(process.env.BENCH_PIPELINE_MEMORY_RUNS ?? 1000);
const LOAD_SECONDS = Number(process.env.BENCH_PIPELINE_LOAD_SECONDS ?? 60);
const CORES = os.availableParallelism();
const tasks = { createTaskList, moduleUrl: new URL('../../tasks/index.ts', import.meta.url).href };

const samplesDir = path.join(projectRoot, 'samples');
const samples = readdirSync(samplesDir).filter((f) => /\.(txt|vtt|srt|json)$/.test(f) && !/voicemail/i.test(f)).sort();

function transcriptFor(i: number): { bytes: Buffer; fileName: string } {
  const file = samples[i % samples.length];
  // Unique bytes (no dedupe) that every parser ignores: trailing new lines, one more per run.
  const text = readFileSync(path.join(samplesDir, file), 'utf8').trimEnd() + '\n'.repeat(i + 1);
  return { bytes: Buffer.from(text), fileName: file };
}

type BenchApp = ReturnType<typeof openApp>;

/** `fn` with the app (builtin provider, silent) open on a fresh database, closed and dropped afterwards. */
async function withFreshApp<T>(label: string, fn: (app: BenchApp, url: string) => Promise<T>): Promise<T> {
  const db = await createTestDatabase(label);
  const app = openApp({ DATABASE_URL: db.url, STELLAR_PROVIDER: 'builtin', LOG_LEVEL: 'silent' }, { logLevel: 'silent', tasks });
  try {
    return await fn(app, db.url);
  } finally {
    await app.close();
    await db.drop();
  }
}

/** `n` runs queued through the intake function (transcriptFor(0 … n-1), source cli): their ids. */
async function queueRuns(app: BenchApp, n: number): Promise<string[]> {
  const runIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await ingestTranscript(app.handle.db, { ...transcriptFor(i), source: 'cli', maxAttempts: 3 });
    if (!r.duplicate && r.runId) runIds.push(r.runId);
  }
  return runIds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

interface Round {
  runsPerSecond: number;
  handoffP50: number;
  handoffP99: number;
  peakRssMb: number;
}

async function round(concurrency: number): Promise<Round> {
  return withFreshApp('bench_pipeline', async (app) => {
    const runIds = await queueRuns(app, RUNS);
    const started = performance.now();
    const runner = await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList, concurrency, crontab: false, pollInterval: 1000 });
    await waitForRuns(app.handle.db, runIds, { timeoutMs: 30 * 60_000, intervalMs: 50 });
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    // Hand-off: stages queued by a previous stage (not parse, queued at intake before the pool started).
    const { rows } = await sql<{ ms: number }>`
      select extract(epoch from started_at - queued_at) * 1000 as ms from stellar.stage_runs
      where stage <> 'parse' and started_at is not null`.execute(app.handle.db);
    const waits = rows.map((r) => Number(r.ms));
    return { runsPerSecond: runIds.length / seconds, handoffP50: pct(waits, 50), handoffP99: pct(waits, 99), peakRssMb: process.resourceUsage().maxRSS / 1024 };
  });
}

/**
 * Every stage of every run one after the other in this process (no queue, no pool): the bound.
 * The stages run on a pool that counts statements: the round trips of each stage of the first run.
 */
/** CPU seconds so far of each PostgreSQL backend serving this database (its sessions' /proc/<pid>/stat; {} without /proc). */
async function backendCpu(db: import('../../src/db/index.ts').Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
  const out: Record<string, number> = {};
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      out[pid] = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks (USER_HZ 100)
    } catch {
      // not on this machine, or gone
    }
  }
  return out;
}

async function sequential(): Promise<{ runsPerSecond: number; roundTrips: Record<string, number>; cpuSecondsPerRun: number; pgCpuSecondsPerRun: number }> {
  return withFreshApp('bench_pipeline_seq', async (app, url) => {
    const counted = countingDb(url);
    try {
      const rt = buildRuntime({ db: counted.db, provider: app.provider, config: app.config, log: app.log });
      const helpers = (id: string) => ({ job: { id, attempts: 1, max_attempts: 3 } }) as unknown as JobHelpers;
      const runIds = await queueRuns(app, RUNS);
      const roundTrips: Record<string, number> = {};
      // CPU time of this process while a stage runs (its code, the driver's encoding and parsing), summed per run.
      let cpuMicros = 0;
      const timed = async (n: number, task: () => unknown) => {
        const before = process.cpuUsage();
        await task();
        const used = process.cpuUsage(before);
        if (n > 0) cpuMicros += used.user + used.system; // the first run loads the word vectors: warm-up
      };
      const pgBefore = await backendCpu(app.handle.db);
      const started = performance.now();
      for (const [n, runId] of runIds.entries()) {
        if (n === 1) Object.assign(pgBefore, await backendCpu(app.handle.db)); // after the warm-up run
        for (const stage of STAGES) {
          counted.reset();
          await timed(n, () => taskFactories[stage](rt)({ runId }, helpers(stage)));
          if (n === 0) roundTrips[stage] = counted.count();
        }
        counted.reset();
        await timed(n, () => taskFactories.finish_run(rt)({ runId }, helpers('finish')));
        if (n === 0) roundTrips.finish_run = counted.count();
      }
      const runsPerSecond = runIds.length / ((performance.now() - started) / 1000);
      const cpuSecondsPerRun = cpuMicros / 1e6 / Math.max(1, runIds.length - 1);
      const pgAfter = await backendCpu(app.handle.db);
      const pgSeconds = Object.entries(pgAfter).reduce((sum, [pid, cpu]) => sum + cpu - (pgBefore[pid] ?? 0), 0);
      return { runsPerSecond, roundTrips, cpuSecondsPerRun, pgCpuSecondsPerRun: pgSeconds / Math.max(1, runIds.length - 1) };
    } finally {
      await counted.close();
    }
  });
}

/** The compiled CLI, as `npm run setup` builds it (the worker processes below run it). */
function buildCli(): void {
  execFileSync(process.execPath, [path.join(projectRoot, 'scripts/build.mjs'), '--quiet'], { cwd: projectRoot, stdio: 'inherit' });
}

/** A `stellar worker --concurrency N` process (default 4) on `url`, with the configuration's defaults (heap limit included). */
function spawnWorker(url: string, concurrency = 4): ChildProcess {
  return spawn(process.execPath, [path.join(projectRoot, 'bin/stellar.mjs'), 'worker', '--concurrency', String(concurrency)], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url, STELLAR_PROVIDER: 'builtin', LOG_LEVEL: 'silent', STELLAR_WORKER_CONCURRENCY: String(concurrency), STELLAR_CRONTAB: 'no-such-crontab' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** VmRSS / VmHWM of a process, MB (NaN once it is gone). */
function procStatus(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Peak RSS of a real `stellar worker` (concurrency 4) draining MEMORY_RUNS queued runs: VmHWM from /proc; and its runs/s. */
export async function workerMemory(runs: number): Promise<{ runs: number; peakMb: number; endMb: number; startMb: number; seconds: number; runsPerSecond: number; heapLimitMb: string } | null> {
  if (!existsSync('/proc/self/status')) return null;
  return withFreshApp('bench_pipeline_mem', async (app, url) => {
    const runIds = await queueRuns(app, runs);
    const child = spawnWorker(url);
    const started = performance.now();
    let startMb = NaN;
    try {
      await waitForRuns(app.handle.db, runIds, {
        timeoutMs: 60 * 60_000,
        intervalMs: 500,
        onTick: (progress) => {
          if (Number.isNaN(startMb) && progress.some((p) => p.status === 'succeeded')) startMb = procStatus(child.pid, 'VmRSS');
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      const heapLimitMb = cmdline.find((a) => a.startsWith('--max-old-space-size='))?.split('=')[1] ?? 'none';
      return { runs: runIds.length, peakMb: procStatus(child.pid, 'VmHWM'), endMb: procStatus(child.pid, 'VmRSS'), startMb, seconds, runsPerSecond: runIds.length / seconds, heapLimitMb };
    } finally {
      await stopChild(child);
    }
  });
}

/**
 * Uploads at a fixed rate (runs/s) for `seconds` into a fresh `stellar worker` (concurrency 4), through the
 * intake function as the HTTP upload route calls it; each run's upload (created_at) → finished_at.
 */
async function latencyUnderLoad(rate: number, seconds: number): Promise<{ runs: number; p50: number; p95: number; max: number; peakMb: number }> {
  return withFreshApp('bench_pipeline_load', async (app, url) => {
    const child = spawnWorker(url);
    try {
      // Warm: the worker is up (its heartbeat) before the first upload.
      for (let i = 0; ; i++) {
        const beat = await app.handle.db.selectFrom('stellar.worker_heartbeats').select('worker_id').executeTakeFirst();
        if (beat) break;
        if (i > 1200 || child.exitCode !== null) throw new Error('the worker did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
      const runIds: string[] = [];
      const t0 = performance.now();
      const total = Math.max(1, Math.round(rate * seconds));
      for (let i = 0; i < total; i++) {
        const wait = t0 + (i / rate) * 1000 - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const r = await ingestTranscript(app.handle.db, { ...transcriptFor(100_000 + i), source: 'upload', maxAttempts: 3 });
        if (!r.duplicate && r.runId) runIds.push(r.runId);
      }
      await waitForRuns(app.handle.db, runIds, { timeoutMs: 30 * 60_000, intervalMs: 250 });
      const rows = await app.handle.db
        .selectFrom('stellar.pipeline_runs')
        .select(sql<number>`extract(epoch from finished_at - created_at) * 1000`.as('ms'))
        .where('id', 'in', runIds)
        .execute();
      const ms = rows.map((r) => Number(r.ms));
      return { runs: ms.length, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), peakMb: procStatus(child.pid, 'VmHWM') };
    } finally {
      await stopChild(child);
    }
  });
}

export async function benchPipeline() {
  const rates: Record<number, Round> = {};
  for (const c of CONCURRENCY) {
    const rounds: Round[] = [];
    for (let i = 0; i < REPEAT; i++) rounds.push(await round(c));
    rates[c] = {
      runsPerSecond: median(rounds.map((r) => r.runsPerSecond)),
      handoffP50: median(rounds.map((r) => r.handoffP50)),
      handoffP99: median(rounds.map((r) => r.handoffP99)),
      peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)),
    };
  }
  const metrics: Record<string, unknown> = {};
  const seqRates: number[] = [];
  const cpuPerRun: number[] = [];
  const pgPerRun: number[] = [];
  let roundTrips: Record<string, number> = {};
  for (let i = 0; i < REPEAT; i++) {
    const r = await sequential();
    seqRates.push(r.runsPerSecond);
    cpuPerRun.push(r.cpuSecondsPerRun);
    pgPerRun.push(r.pgCpuSecondsPerRun);
    roundTrips = r.roundTrips;
  }
  const seq = median(seqRates);
  const cpuSeconds = median(cpuPerRun);
  const bound = CORES / cpuSeconds;
  const pgSeconds = median(pgPerRun);
  metrics.postgresCpuSecondsPerRun = pgSeconds;
  metrics.boundWithPostgres = CORES / (cpuSeconds + pgSeconds);
  metrics.sequentialRunsPerSecond = seq;
  metrics.cpuSecondsPerRun = cpuSeconds;
  metrics.computeBoundRunsPerSecond = bound;
  metrics.roundTrips = roundTrips;
  const rows: string[] = [];
  for (const c of CONCURRENCY) {
    const m = rates[c];
    metrics[`concurrency${c}`] = { ...m, ofComputeBound: m.runsPerSecond / bound };
    rows.push(`| ${c} | ${m.runsPerSecond.toFixed(2)} | ${((100 * m.runsPerSecond) / bound).toFixed(0)} % | ${m.handoffP50.toFixed(1)} | ${m.handoffP99.toFixed(1)} | ${m.peakRssMb.toFixed(0)} |`);
  }
  const best = Math.max(...CONCURRENCY.map((c) => rates[c].runsPerSecond));
  const cpu = measureStructureCpu(3);
  metrics.structureCpu = { inputs: cpu.inputs, medianMsPer10KB: cpu.medianMsPer10KB, overallMsPer10KB: cpu.overallMsPer10KB, maxMsPer10KB: cpu.maxMsPer10KB };
  if (MEMORY_RUNS > 0 || LOAD_SECONDS > 0) buildCli();
  const mem = MEMORY_RUNS > 0 ? await workerMemory(MEMORY_RUNS) : null;
  metrics.workerMemory = mem;
  // Capacity of the setup under load (a `stellar worker` at concurrency 4): what the memory round drained.
  const capacity = mem?.runsPerSecond ?? rates[4]?.runsPerSecond ?? best;
  const load = LOAD_SECONDS > 0 ? await latencyUnderLoad(0.7 * capacity, LOAD_SECONDS) : null;
  metrics.latencyUnderLoad = load ? { ...load, rate: 0.7 * capacity, capacity } : null;
  return {
    title: 'Pipeline: throughput, hand-off latency, memory',
    metrics,
    markdown: [
      `${RUNS} queued runs of the project's samples per round, builtin provider, one in-process worker pool; medians of ${REPEAT} rounds (peak RSS: the highest, of the whole bench process). Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min).`,
      '',
      '| concurrency | runs/s | of the compute bound | hand-off p50 (ms) | hand-off p99 (ms) | peak RSS (MB) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `In-process sequential baseline (the same stage code, no queue, one run after another): **${seq.toFixed(2)} runs/s**.`,
      `Compute bound: the stage code's CPU time in that baseline (process.cpuUsage around each stage, summed per run, first run left out) is **${(cpuSeconds * 1000).toFixed(0)} ms per run**; ${CORES} cores ÷ that = **${bound.toFixed(2)} runs/s**. Best queued throughput: ${best.toFixed(2)} runs/s = **${((100 * best) / bound).toFixed(0)} %** of the bound (target ≥ 80 %). PostgreSQL's own CPU is not in that bound though it shares the same cores: its backends for this database spent ${(pgSeconds * 1000).toFixed(0)} ms per run in the same baseline (/proc of each session), so stages + database bound the machine at ${CORES} ÷ ${((cpuSeconds + pgSeconds) * 1000).toFixed(0)} ms = **${(CORES / (cpuSeconds + pgSeconds)).toFixed(2)} runs/s** (best queued: ${((100 * best * (cpuSeconds + pgSeconds)) / CORES).toFixed(0)} % of it).`,
      'Hand-off: `queued_at` (clock at the end of the previous stage\'s transaction) to `started_at`, every stage after parse.',
      '',
      '**Database round trips per stage** (statements sent, BEGIN/COMMIT included, counted on the pool; one run of a sample; the stage\'s own reads and writes included, graphile-worker\'s get/complete not):',
      '',
      `| ${Object.keys(roundTrips).join(' | ')} |`,
      `| ${Object.keys(roundTrips).map(() => '---:').join(' | ')} |`,
      `| ${Object.values(roundTrips).join(' | ')} |`,
      '',
      `**Structure stage CPU time** (process.cpuUsage, median of 3 calls after a warm-up, per 10 KB of transcript file; ${cpu.inputs} transcripts): median **${cpu.medianMsPer10KB.toFixed(1)} ms/10 KB**, all inputs together ${cpu.overallMsPer10KB.toFixed(1)} ms/10 KB, worst ${cpu.maxMsPer10KB.toFixed(1)} ms/10 KB. Target ≤ 40.`,
      '',
      mem
        ? `**Worker memory**: a \`stellar worker\` process (compiled CLI, concurrency 4, heap limit ${mem.heapLimitMb} MB from STELLAR_WORKER_MAX_HEAP_MB) drained ${mem.runs} queued runs in ${mem.seconds.toFixed(0)} s (${mem.runsPerSecond.toFixed(2)} runs/s); RSS ${mem.startMb.toFixed(0)} MB when the first run had ended, peak (VmHWM) **${mem.peakMb.toFixed(0)} MB**, ${mem.endMb.toFixed(0)} MB at the end. Target: peak ≤ 300 MB.`
        : '**Worker memory**: not measured (BENCH_PIPELINE_MEMORY_RUNS=0 or no /proc).',
      '',
      load
        ? `**Latency under load**: uploads (the intake function, source upload) at a steady ${(0.7 * capacity).toFixed(2)} runs/s — 70 % of the ${capacity.toFixed(2)} runs/s the same worker setup drained — for ${LOAD_SECONDS} s into a fresh \`stellar worker\` (concurrency 4): ${load.runs} runs, upload → run end p50 **${(load.p50 / 1000).toFixed(2)} s**, p95 **${(load.p95 / 1000).toFixed(2)} s**, max ${(load.max / 1000).toFixed(2)} s (target p95 ≤ 5 s); the worker's peak RSS ${load.peakMb.toFixed(0)} MB.`
        : '**Latency under load**: not measured (BENCH_PIPELINE_LOAD_SECONDS=0).',
    ].join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// Hand-off latency on an idle worker (issue 11's measurement), beside a bare chain of the same
// transaction shape, in the same run. Kept apart from the throughput rounds above.
// ---------------------------------------------------------------------------------------------

const HANDOFF_RUNS = Number(process.env.BENCH_HANDOFF_RUNS ?? 30);
const HANDOFF_WARMUP = 3;
const HANDOFF_CONCURRENCY = 4;
/** Pause between two runs: the pool is idle (every job completed) when the next one is queued. */
const HANDOFF_GAP_MS = 50;

/** Stage kinds of a hand-off: intake → parse, one stage → one stage, one stage → the four fan-out stages. */
type HandoffKind = 'entry' | 'chain' | 'fanOut';
const kindOf = (stage: Stage): HandoffKind => (stageDepth(stage) === 0 ? 'entry' : FAN_OUT_STAGES.includes(stage) ? 'fanOut' : 'chain');
interface HandoffSample {
  stage: Stage;
  ms: number;
}
interface HandoffRound {
  all: number[];
  byKind: Record<HandoffKind, number[]>;
}
function handoffRound(samples: HandoffSample[]): HandoffRound {
  const byKind: Record<HandoffKind, number[]> = { entry: [], chain: [], fanOut: [] };
  for (const s of samples) byKind[kindOf(s.stage)].push(s.ms);
  return { all: samples.map((s) => s.ms), byKind };
}

/** Resolves when `done(key)` has been called `times` times (in-process signal: no polling of the database). */
function completions() {
  const waiting = new Map<string, { left: number; resolve: () => void }>();
  return {
    wait(key: string, times = 1) {
      return new Promise<void>((resolve) => waiting.set(key, { left: times, resolve }));
    },
    done(key: string) {
      const w = waiting.get(key);
      if (w && --w.left === 0) {
        waiting.delete(key);
        w.resolve();
      }
    },
  };
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pipeline: HANDOFF_RUNS runs, one at a time, through an idle in-process pool at concurrency 4 (default settings). */
async function pipelineHandoff(): Promise<HandoffSample[]> {
  return withFreshApp('bench_handoff', async (app) => {
    const finished = completions();
      const runner = await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList, concurrency: HANDOFF_CONCURRENCY, crontab: false });
      runner.events.on('job:complete', ({ job }) => {
        if (job.task_identifier === 'finish_run') finished.done((job.payload as { runId: string }).runId);
      });
      const measured: string[] = [];
      try {
        for (let i = 0; i < HANDOFF_WARMUP + HANDOFF_RUNS; i++) {
          await pause(HANDOFF_GAP_MS);
          const r = await ingestTranscript(app.handle.db, { ...transcriptFor(i), source: 'upload', maxAttempts: 3 });
          if (!r.runId) throw new Error('bench transcript was a duplicate');
          const ended = finished.wait(r.runId);
          await ended;
          if (i >= HANDOFF_WARMUP) measured.push(r.runId);
        }
      } finally {
        await runner.stop();
      }
      const rows = await app.handle.db
        .selectFrom('stellar.stage_runs')
        .select(['stage', sql<number>`extract(epoch from started_at - queued_at) * 1000`.as('ms')])
        .where('run_id', 'in', measured)
        .where('started_at', 'is not', null)
        .execute();
      return rows.filter((r) => isStage(r.stage)).map((r) => ({ stage: r.stage as Stage, ms: Number(r.ms) }));
  });
}

/**
 * The bare chain: the same stage graph, the same pool settings (startWorker), no stage work. Each job marks
 * its row started (one statement, beside one read, like markStageRunning + transcriptOfRun), then in one
 * transaction settles its row and inserts its successors' rows (queued_at = clock_timestamp()) with their
 * add_jobs in one statement (addJobsInTx, as the ledger does): the hand-off's transaction shape.
 * `withoutFlush`: the settle statement also turns synchronous_commit off for its transaction, as the
 * ledger's does for a stage (SettleOptions.commitWithoutFlush); without it, the issue's reference shape.
 */
async function bareHandoff(withoutFlush: boolean): Promise<HandoffSample[]> {
  return withFreshApp('bench_handoff_bare', async (app) => {
    // An ad-hoc table outside the project's schema: untyped for kysely.
    const adhoc = app.handle.db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const leavesDone = completions();
      await adhoc.schema
        .createTable('bench_handoff')
        .addColumn('chain', 'integer', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('queued_at', 'timestamptz', (c) => c.notNull())
        .addColumn('started_at', 'timestamptz')
        .addColumn('finished_at', 'timestamptz')
        .addPrimaryKeyConstraint('bench_handoff_pk', ['chain', 'stage'])
        .execute();
      const queue = (trx: Kysely<any>, chain: number, stages: readonly Stage[]) => // eslint-disable-line @typescript-eslint/no-explicit-any
        addJobsInTx(
          trx as unknown as Tx,
          stages.map((stage) => ({ task: 'bare_handoff', payload: { chain, stage }, jobKey: `bare:${chain}:${stage}`, priority: stagePriority(0, stage), maxAttempts: 3 }) as unknown as JobSpec),
          trx.insertInto('bench_handoff').values(stages.map((stage) => ({ chain, stage, queued_at: sql`clock_timestamp()` }))),
        );
      const bare: Task = async (payload) => {
        const { chain, stage } = payload as { chain: number; stage: Stage };
        const rt = adhoc;
        await Promise.all([
          rt.updateTable('bench_handoff').set({ started_at: sql`now()` }).where('chain', '=', chain).where('stage', '=', stage).execute(),
          rt.selectFrom('bench_handoff').select('queued_at').where('chain', '=', chain).where('stage', '=', stage).execute(),
        ]);
        const next = successorsInPlan(stage, STAGES);
        await rt.transaction().execute(async (trx) => {
          await trx
            .updateTable('bench_handoff')
            .set({ finished_at: sql`now()` })
            .where('chain', '=', chain)
            .where('stage', '=', stage)
            .returning(withoutFlush ? sql<boolean>`stellar.commit_without_flush()`.as('flush') : sql<number>`1`.as('one'))
            .execute();
          if (next.length) await queue(trx, chain, next);
        });
        if (next.length === 0) leavesDone.done(String(chain));
      };
      const runner = await startWorker({
        handle: app.handle,
        config: app.config,
        provider: app.provider,
        log: app.log,
        createTaskList: () => ({}),
        extraTasks: () => ({ bare_handoff: bare }),
        concurrency: HANDOFF_CONCURRENCY,
        crontab: false,
      });
      try {
        for (let chain = 0; chain < HANDOFF_WARMUP + HANDOFF_RUNS; chain++) {
          await pause(HANDOFF_GAP_MS);
          const ended = leavesDone.wait(String(chain), FAN_OUT_STAGES.length);
          await adhoc.transaction().execute((trx) => queue(trx, chain, entryStages(STAGES)));
          await ended;
        }
      } finally {
        await runner.stop();
      }
      const rows = await adhoc
        .selectFrom('bench_handoff')
        .select(['stage', sql<number>`extract(epoch from started_at - queued_at) * 1000`.as('ms')])
        .where('chain', '>=', HANDOFF_WARMUP)
        .execute();
      return rows.map((r) => ({ stage: r.stage as Stage, ms: Number(r.ms) }));
  });
}

/**
 * Issue 11's hand-off latency: one run at a time through an idle worker at concurrency 4; each stage's wait
 * from queued_at (the clock at the end of the hand-off transaction) to started_at. The pipeline and the bare
 * chain alternate, BENCH_PIPELINE_REPEAT rounds of BENCH_HANDOFF_RUNS runs each (after 3 warm-up runs);
 * the table shows the medians of the rounds' percentiles.
 */
export async function benchHandoff() {
  const loadBefore = os.loadavg()[0];
  const pipe: HandoffRound[] = [];
  const bare: HandoffRound[] = [];
  const bareNoFlush: HandoffRound[] = [];
  for (let i = 0; i < REPEAT; i++) {
    pipe.push(handoffRound(await pipelineHandoff()));
    bare.push(handoffRound(await bareHandoff(false)));
    bareNoFlush.push(handoffRound(await bareHandoff(true)));
  }
  const loadAfter = os.loadavg()[0];
  const stat = (rounds: HandoffRound[], pick: (r: HandoffRound) => number[], p: number) => median(rounds.map((r) => pct(pick(r), p)));
  const line = (label: string, rounds: HandoffRound[]) => {
    const cells = [
      stat(rounds, (r) => r.all, 50),
      stat(rounds, (r) => r.all, 99),
      stat(rounds, (r) => r.byKind.entry, 50),
      stat(rounds, (r) => r.byKind.chain, 50),
      stat(rounds, (r) => r.byKind.fanOut, 50),
      stat(rounds, (r) => r.byKind.fanOut, 99),
    ];
    return { label, cells, row: `| ${label} | ${cells.map((c) => c.toFixed(1)).join(' | ')} | ${rounds[0]?.all.length ?? 0} |` };
  };
  const p = line('pipeline (Stellar stages; hand-off commits without flush)', pipe);
  const b = line('bare chain (same transaction shape, no work; commit waits for flush)', bare);
  const bn = line('bare chain, commit without flush (as the pipeline)', bareNoFlush);
  return {
    title: 'Hand-off latency: one run at a time, idle worker',
    metrics: { runs: HANDOFF_RUNS, rounds: REPEAT, concurrency: HANDOFF_CONCURRENCY, loadBefore, loadAfter, pipeline: p.cells, bare: b.cells, bareWithoutFlush: bn.cells },
    markdown: [
      `One run at a time (${HANDOFF_RUNS} runs per round after ${HANDOFF_WARMUP} warm-up runs, ${HANDOFF_GAP_MS} ms apart) through one idle in-process worker pool at concurrency ${HANDOFF_CONCURRENCY} with the default settings; each stage's wait from \`queued_at\` (the clock at the end of the hand-off transaction) to \`started_at\`. The bare chain runs the same stage graph through the same pool settings with no stage work: mark started beside one read, then one transaction that settles its row and inserts its successors' rows with their jobs (the issue's reference: its commit waits for the WAL flush; the pipeline's hand-off no longer does, so a bare chain without the wait is shown too). Medians of ${REPEAT} alternating rounds; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after. Target (issue 11): pipeline p50 ≤ 5 ms, p99 ≤ 15 ms.`,
      '',
      '| | p50 (ms) | p99 (ms) | intake → parse p50 | stage → next p50 | → fan-out p50 | → fan-out p99 | waits per round |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      p.row,
      b.row,
      bn.row,
    ].join('\n'),
  };
}

const LAYOUT_RUNS = Number(process.env.BENCH_PIPELINE_LAYOUT_RUNS ?? 300);
const LAYOUTS: { processes: number; concurrency: number }[] = [
  { processes: 1, concurrency: 4 },
  { processes: 1, concurrency: 8 },
  { processes: 2, concurrency: 2 },
  { processes: 2, concurrency: 4 },
  { processes: 3, concurrency: 2 },
];

/** Runs/s of `processes` real `stellar worker` processes (compiled CLI) draining LAYOUT_RUNS queued runs on a fresh database. */
async function drainWithProcesses(processes: number, concurrency: number): Promise<number> {
  return withFreshApp('bench_pipeline_layout', async (app, url) => {
    const runIds = await queueRuns(app, LAYOUT_RUNS);
    const children = Array.from({ length: processes }, () => spawnWorker(url, concurrency));
    const started = performance.now();
    try {
      await waitForRuns(app.handle.db, runIds, { timeoutMs: 30 * 60_000, intervalMs: 100 });
      return runIds.length / ((performance.now() - started) / 1000);
    } finally {
      await Promise.all(children.map(stopChild));
    }
  });
}

/**
 * benchProcesses (its own section): is one Node event loop what limits a worker? The same queued runs
 * drained by one process and by several (the compiled CLI, as deployed), medians of REPEAT rounds,
 * layouts interleaved round by round so load drifts hit them alike.
 */
export async function benchProcesses() {
  buildCli();
  const loadBefore = os.loadavg()[0];
  const rates = new Map<string, number[]>();
  for (let i = 0; i < REPEAT; i++) {
    for (const l of LAYOUTS) {
      const key = `${l.processes}×${l.concurrency}`;
      rates.set(key, [...(rates.get(key) ?? []), await drainWithProcesses(l.processes, l.concurrency)]);
    }
  }
  const loadAfter = os.loadavg()[0];
  const base = median(rates.get('1×4') ?? [NaN]);
  const rows = LAYOUTS.map((l) => {
    const xs = rates.get(`${l.processes}×${l.concurrency}`) ?? [];
    return `| ${l.processes} | ${l.concurrency} | ${median(xs).toFixed(2)} | ${(median(xs) / base).toFixed(2)}× | ${xs.map((x) => x.toFixed(2)).join(', ')} |`;
  });
  return {
    title: 'Pipeline: worker processes (one event loop or several)',
    metrics: { runs: LAYOUT_RUNS, rounds: REPEAT, loadBefore, loadAfter, rates: Object.fromEntries(rates) },
    markdown: [
      `${LAYOUT_RUNS} queued runs of the project's samples per round, drained by real \`stellar worker\` processes (compiled CLI, builtin provider, default heap limit) on a fresh database; medians of ${REPEAT} rounds, layouts interleaved. PostgreSQL and the workers share the ${CORES} cores; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after.`,
      '',
      '| processes | concurrency each | runs/s | ÷ 1 process × 4 | rounds |',
      '| ---: | ---: | ---: | ---: | --- |',
      ...rows,
    ].join('\n'),
  };
}
