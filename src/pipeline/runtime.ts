/**
 * What a running task needs from its process — database, provider, config,
 * logger, the model-call limit and the ledger's options — passed explicitly:
 * the worker builds one Runtime and hands it to createTaskList(runtime)
 * (tasks/index.ts). There is no module-level runtime.
 * Owns: the Runtime and TaskFactory types. Must not: hold state.
 */
import type { Task, TaskList } from 'graphile-worker';
import type { Db } from '../db/index.ts';
import type { Provider } from '../agents/types.ts';
import type { Config } from '../config/index.ts';
import type { Logger } from '../log.ts';
import type { LedgerOptions } from '../runs/ledger.ts';
import type { TaskName } from './payloads.ts';

export interface Runtime {
  db: Db;
  provider: Provider;
  config: Config;
  log: Logger;
  /** Wraps every model call (the cross-process limit of STELLAR_MAX_MODEL_CALLS). */
  limitModelCall: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Attempts per stage and the alert hook, for every ledger transition a task makes. */
  ledger: LedgerOptions;
}

/** A task file's default export: the task, built for one runtime. */
export type TaskFactory<T extends TaskName> = (rt: Runtime) => Task<T>;

/** Every task of the worker, one factory each: a missing task does not compile. */
export type TaskFactories = { [T in TaskName]: TaskFactory<T> };

/**
 * Where a process gets its tasks: passed in by the entry points (bin/, scripts/,
 * test/) from tasks/index.ts. `moduleUrl` names that module, for the worker
 * thread of `stellar start`, which imports it itself (a function cannot cross
 * into a thread).
 */
export interface TaskSource {
  createTaskList(rt: Runtime): TaskList;
  moduleUrl: string;
}
