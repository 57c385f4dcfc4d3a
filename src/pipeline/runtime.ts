/**
 * What a running task needs from the process: database, provider, config,
 * logger. Set once by the worker (src/pipeline/worker.ts); read by tasks.
 */
import type { Db } from '../db/index.ts';
import type { Provider } from '../agents/types.ts';
import type { Config } from '../config/index.ts';
import type { Logger } from '../log.ts';

export interface Runtime {
  db: Db;
  provider: Provider;
  config: Config;
  log: Logger;
  /** Wraps every model call (the cross-process limit of STELLAR_MAX_MODEL_CALLS). */
  limitModelCall: <T>(fn: () => Promise<T>) => Promise<T>;
}

let current: Runtime | undefined;

export function setRuntime(rt: Runtime): void {
  current = rt;
}

/** The runtime when a worker has set one in this process, else undefined (e.g. a server-only process). */
export function maybeRuntime(): Runtime | undefined {
  return current;
}

export function runtime(): Runtime {
  if (!current) throw new Error('Stellar runtime not initialised: start tasks through startWorker()');
  return current;
}
