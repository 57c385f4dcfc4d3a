/**
 * The App of a one-shot CLI command (main.ts withApp): like src/app.ts openApp,
 * but the model provider (src/agents: chrono-node, the Ollama client, the
 * built-in extractors) is loaded only by the commands that use it, so
 * `stellar status`, `show` and `backfill` start without it (issue 13,
 * scripts/bench/cli.ts). Reading `app.provider` of an app opened without one
 * is a programming error and says so.
 * Owns: that variant of openApp. Must not: hold command logic.
 */
import type { App } from '../app.ts';
import type { Provider } from '../agents/types.ts';
import type { TaskSource } from '../pipeline/runtime.ts';
import { loadConfig, loadDotEnv } from '../config/index.ts';
import { connect } from '../db/index.ts';
import { createLogger } from '../log.ts';

export async function openCliApp(opts: { logLevel: string; tasks: TaskSource | null; provider: boolean }): Promise<App> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const log = createLogger(opts.logLevel);
  const provider: Provider | null = opts.provider ? (await import('../agents/index.ts')).createProvider(config) : null;
  const handle = connect(config.DATABASE_URL, { max: config.STELLAR_WORKER_CONCURRENCY + 6 });
  return {
    config,
    handle,
    log,
    tasks: opts.tasks,
    get provider(): Provider {
      if (!provider) throw new Error('internal: this command was opened without a model provider (src/cli/main.ts withApp: provider: true)');
      return provider;
    },
    close: () => handle.close(),
  };
}
