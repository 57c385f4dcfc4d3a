/**
 * The process's shared objects, built once from the validated configuration:
 * database handle, provider, logger. Every entry point (CLI, server, demo,
 * tests) starts here.
 */
import { createProvider } from './agents/index.ts';
import type { Provider } from './agents/types.ts';
import { loadConfig, loadDotEnv, type Config } from './config/index.ts';
import { connect, type DbHandle } from './db/index.ts';
import { createLogger, type Logger } from './log.ts';

export interface App {
  config: Config;
  handle: DbHandle;
  log: Logger;
  provider: Provider;
  close(): Promise<void>;
}

export function openApp(overrides: Partial<Record<keyof Config, string>> = {}, opts: { logLevel?: string } = {}): App {
  loadDotEnv();
  const config = loadConfig({ ...process.env, ...overrides });
  const log = createLogger(opts.logLevel ?? config.LOG_LEVEL);
  const handle = connect(config.DATABASE_URL, { max: config.STELLAR_WORKER_CONCURRENCY + 6 });
  const provider = createProvider(config);
  return { config, handle, log, provider, close: () => handle.close() };
}
