/**
 * Starts the graphile-worker pool with the tasks it is given and the crontab.
 * Builds the Runtime (db, provider, config, logger, model-call limit, the
 * ledger's alert hook) and hands it to `createTaskList` — the caller's
 * (tasks/index.ts, passed in by bin/, scripts/ and tests): nothing in src/
 * imports tasks/.
 * Owns: the pool's start and stop, with its heartbeat and limiter. Must not: know the tasks.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { DbHandle } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import type { Provider } from '../agents/types.ts';
import type { Logger } from '../log.ts';
import type { Connectors, Runtime } from '../pipeline/runtime.ts';
import { createProcessResources } from './resources.ts';
import { buildRuntime } from './runtime.ts';
import { projectRoot } from '../paths.ts';
import { startHeartbeat } from './heartbeat.ts';
import { logJobEvents } from './jobLog.ts';
import { isModelStage, MODEL_FLAG } from '../pipeline/stages.ts';
import { jobContext, LocalModelGate, ModelCallLimiter } from './limiter.ts';

export interface StartWorkerOptions {
  handle: DbHandle;
  config: Config;
  provider: Provider;
  log: Logger;
  /** The task list for a runtime: tasks/index.ts createTaskList. */
  createTaskList: (rt: Runtime) => TaskList;
  concurrency?: number;
  /** Tasks (tests) that replace the pipeline's, built for the same runtime. */
  extraTasks?: (rt: Runtime) => TaskList;
  /** false: no crontab (tests that must not see scheduled jobs). */
  crontab?: boolean;
  limitModelCall?: Runtime['limitModelCall'];
  pollInterval?: number;
  /** Clients of outside systems (tests pass fakes); default the real ones. */
  connectors?: Partial<Connectors>;
}

/**
 * graphile-worker's logger, forwarded to pino. The project writes one line per job (jobLog.ts), so
 * graphile-worker's own lines go to debug: its per-job "Completed task" / "Failed task" (the failure is
 * logged by jobLog.ts at warn/error) and its start-up chatter; its other warnings and errors stay.
 */
export function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const child = log.child({ source: 'graphile-worker', worker: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId });
    const perJob = Boolean(meta && ('job' in meta || 'failure' in meta));
    const method = perJob || level === 'info' || level === 'debug' ? 'debug' : level === 'error' ? 'error' : 'warn';
    if (!child.isLevelEnabled(method)) return;
    // A job's payload and error objects are large: keep the scalar fields only.
    const fields = meta ? Object.fromEntries(Object.entries(meta).filter(([, v]) => v === null || typeof v !== 'object')) : {};
    child[method](fields, message);
  });
}

export function readCrontab(config: Config): string {
  const file = path.resolve(projectRoot, config.STELLAR_CRONTAB);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export async function startWorker(opts: StartWorkerOptions): Promise<Runner> {
  const { handle, config, provider, log } = opts;
  const concurrency = opts.concurrency ?? config.STELLAR_WORKER_CONCURRENCY;
  const events: WorkerEvents = new EventEmitter();
  logJobEvents(events, log); // job start / success / failure as JSON lines (src/worker/jobLog.ts)

  // STELLAR_MAX_MODEL_CALLS (src/ops/limiter.ts): slots in PostgreSQL shared by
  // every worker process, plus a local gate that keeps one worker slot (at
  // least) for stages without a model while model stages wait.
  let limiter: ModelCallLimiter | null = null;
  let gate: LocalModelGate | null = null;
  if (!opts.limitModelCall && config.STELLAR_MAX_MODEL_CALLS > 0) {
    limiter = new ModelCallLimiter({ databaseUrl: config.DATABASE_URL, slots: config.STELLAR_MAX_MODEL_CALLS, log });
    await limiter.start();
    gate = new LocalModelGate(Math.max(1, concurrency - 1), MODEL_FLAG, isModelStage);
    gate.attach(events);
  }
  const activeLimiter = limiter;
  const limitModelCall: Runtime['limitModelCall'] =
    opts.limitModelCall ?? (activeLimiter ? (fn) => activeLimiter.run(fn, jobContext.getStore()?.priority ?? 0, jobContext.getStore()?.abortSignal) : (fn) => fn());
  // Per-process resources (the Neo4j driver, …): closed after the pool has stopped.
  const resources = createProcessResources();
  const closeResources = () => resources.closeAll((name, err) => log.warn({ resource: name, err: String(err) }, 'closing a worker resource failed'));
  const rt = buildRuntime({ db: handle.db, provider, config, log, limitModelCall, resources, connectors: opts.connectors });

  // graphile-worker's pool id is what it writes to jobs.locked_by: the heartbeat
  // row carries it, so sweep_stuck_runs can unlock a dead worker's jobs.
  let poolId: string | undefined;
  events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id;
  });

  // Every task runs inside a job context (its priority is read by the limiter).
  const tasks: TaskList = Object.fromEntries(
    Object.entries({ ...opts.createTaskList(rt), ...opts.extraTasks?.(rt) }).map(([name, task]) => [
      name,
      ((payload, helpers) => jobContext.run({ jobId: helpers.job.id, task: name, priority: helpers.job.priority, abortSignal: helpers.abortSignal }, () => task!(payload, helpers))) as Task,
    ]),
  );

  const crontabText = opts.crontab === false ? '' : readCrontab(config);
  let runner: Runner;
  try {
    runner = await run({
      pgPool: handle.pool,
      concurrency,
      taskList: tasks,
      // No crontab text: parsedCronItems [] — graphile-worker treats `crontab: ''` as unset and reads
      // ./crontab from the working directory instead (the project's own, found by the jobs benchmark).
      ...(crontabText.trim() ? { crontab: crontabText } : { parsedCronItems: [] }),
      noHandleSignals: true,
      pollInterval: opts.pollInterval ?? 1000,
      logger: workerLogger(log),
      events,
      forbiddenFlags: gate?.forbiddenFlags ?? null,
      // Batched completion and failure (delay 0: whatever ends in the same tick goes together): the batch
      // retries a lost connection with back-off and, if it never comes back, aborts the pool through
      // runner.promise (the supervisor restarts it). Unbatched, graphile-worker 0.18 leaves a failJob that
      // meets a refused connection as an unhandled rejection, which ended the process (issue 11).
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
  } catch (err) {
    await limiter?.stop();
    await closeResources();
    throw err;
  }
  // Heartbeat for GET /healthz and sweep_stuck_runs (src/worker/heartbeat.ts): stopped
  // before the pool stops, so its last write never races the caller closing the database.
  const heartbeat = startHeartbeat(handle.db, { concurrency, log, workerId: poolId });
  const cleanup = async () => {
    await heartbeat.stop();
  };
  // The pool id for the supervisor (src/worker/supervisor.ts): it releases this pool's locks after a crash.
  (runner as Runner & { stellarPoolId?: string }).stellarPoolId = poolId;
  const stopRunner = runner.stop.bind(runner);
  runner.stop = async (reason?: string) => {
    await cleanup();
    await stopRunner(reason);
    await limiter?.stop();
    await closeResources();
  };
  runner.promise.then(
    () => Promise.all([cleanup(), limiter?.stop(), closeResources()]),
    () => Promise.all([cleanup(), limiter?.stop(), closeResources()]),
  );
  return runner;
}
