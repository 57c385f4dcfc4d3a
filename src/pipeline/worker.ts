/**
 * Starts the graphile-worker pool with the project's tasks and crontab, and
 * sets the runtime the tasks read (db, provider, config, logger).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type { DbHandle } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import type { Provider } from '../agents/types.ts';
import type { Logger } from '../log.ts';
import { setRuntime, type Runtime } from './runtime.ts';
import { taskList as pipelineTasks } from '../../tasks/index.ts';
import { projectRoot } from '../paths.ts';

export interface StartWorkerOptions {
  handle: DbHandle;
  config: Config;
  provider: Provider;
  log: Logger;
  concurrency?: number;
  /** Extra tasks (tests) merged over the pipeline's. */
  extraTasks?: TaskList;
  /** false: no crontab (tests that must not see scheduled jobs). */
  crontab?: boolean;
  limitModelCall?: Runtime['limitModelCall'];
  pollInterval?: number;
}

/** graphile-worker's logger, forwarded to pino so the worker logs job start/success/failure as JSON lines. */
function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const child = log.child({ worker: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId, ...meta });
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
    child[method](message);
  });
}

export function readCrontab(config: Config): string {
  const file = path.resolve(projectRoot, config.STELLAR_CRONTAB);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export async function startWorker(opts: StartWorkerOptions): Promise<Runner> {
  const { handle, config, provider, log } = opts;
  setRuntime({ db: handle.db, provider, config, log, limitModelCall: opts.limitModelCall ?? ((fn) => fn()) });
  return run({
    pgPool: handle.pool,
    concurrency: opts.concurrency ?? config.STELLAR_WORKER_CONCURRENCY,
    taskList: { ...pipelineTasks, ...opts.extraTasks },
    crontab: opts.crontab === false ? '' : readCrontab(config),
    noHandleSignals: true,
    pollInterval: opts.pollInterval ?? 1000,
    logger: workerLogger(log),
  });
}
