/**
 * The process's shared objects, built once from the validated configuration:
 * database handle, provider, logger — and the task list when the entry point
 * gives one (bin/cli.ts, scripts/, tests). Every entry point starts here.
 * Owns: building them. Must not: import tasks/ (they are passed in).
 */
import { createProvider } from './agents/index.ts';
import type { Provider } from './agents/types.ts';
import { loadConfig, loadDotEnv, type Config } from './config/index.ts';
import { connect, type DbHandle } from './db/index.ts';
import { createLogger, type Logger } from './log.ts';
import type { TaskSource } from './pipeline/runtime.ts';

export interface App {
  config: Config;
  handle: DbHandle;
  log: Logger;
  provider: Provider;
  /** The tasks a worker of this process runs; absent in processes that run no worker. */
  tasks: TaskSource | null;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  logLevel?: string;
  tasks?: TaskSource | null;
}

/** The task list of an app that is about to run a worker; a clear error when its entry point gave none. */
export function requireTasks(app: App): TaskSource {
  if (!app.tasks) throw new Error('this process was started without the task list (start Stellar through bin/cli.ts, `npm start` or `npm run stellar`)');
  return app.tasks;
}

export function openApp(overrides: Partial<Record<keyof Config, string>> = {}, opts: OpenAppOptions = {}): App {
  loadDotEnv();
  const config = loadConfig({ ...process.env, ...overrides });
  const log = createLogger(opts.logLevel ?? config.LOG_LEVEL);
  const handle = connect(config.DATABASE_URL, { max: config.STELLAR_WORKER_CONCURRENCY + 6 });
  const provider = createProvider(config);
  return { config, handle, log, provider, tasks: opts.tasks ?? null, close: () => handle.close() };
}
