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
  /** Per-process resources (e.g. the Neo4j driver): created lazily, closed when the worker stops. */
  resources: ProcessResources;
  /** Factories of clients to outside systems (tests pass fakes). */
  connectors: Connectors;
}

/** Per-process resources of a worker (src/worker/resources.ts creates them; startWorker closes them at shutdown). */
export interface ProcessResources {
  /** The resource named `name`, created by `create` on first use; `close` runs at shutdown. */
  get<T>(name: string, create: () => T, close: (value: T) => Promise<void> | void): T;
  /** Closes every resource created so far (errors are reported, not thrown); later gets create anew. */
  closeAll(onError?: (name: string, err: unknown) => void): Promise<void>;
}

/** The part of a neo4j-driver Driver the graph mirror uses (tests pass a recording fake). */
export interface Neo4jDriverLike {
  session(config?: { database?: string }): {
    run(query: string, params?: Record<string, unknown>): PromiseLike<unknown>;
    executeWrite<T>(work: (tx: { run(query: string, params?: Record<string, unknown>): PromiseLike<unknown> }) => Promise<T>): Promise<T>;
    close(): Promise<void>;
  };
  close(): Promise<void>;
}

/** How a task reaches systems outside Postgres. */
export interface Connectors {
  /** A Neo4j driver (neo4j-driver's, or a test's recording fake). */
  neo4jDriver(cfg: { url: string; user: string; password: string }): Neo4jDriverLike;
  /** HTTP (the Baserow CRM sync). */
  fetch: typeof fetch;
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
