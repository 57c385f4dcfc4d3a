/**
 * `stellar start` (npm start), `stellar serve` and `stellar watch <dir>`: run the
 * HTTP server, the worker pool with its crontab, and the inbox watcher — any
 * combination — in this process until SIGTERM or SIGINT. The worker pool runs in
 * a worker thread (workerThread.ts: its own event loop, lower CPU priority), so
 * CPU-heavy stages never hold up HTTP requests. Shutdown, in order:
 *   1. the server drains (/readyz → 503), stops accepting and finishes in-flight
 *      requests; the inbox stops watching and finishes the files it is ingesting;
 *   2. the worker stops (runner.stop(): running jobs finish; jobs still running
 *      when graphile-worker's abort timeout passes are failed back to the queue
 *      and retried later by any worker);
 *   3. the database pools close (the thread's, then serviceCommand's).
 * A second signal (2 s or more after the first), or STELLAR_SHUTDOWN_TIMEOUT_MS
 * (+10 s) passing, exits at once. The HTTP server never stops because the worker
 * did (issue 11): the pool restarts itself through database outages
 * (src/worker/supervisor.ts) and a thread that ends is replaced (threadKeeper.ts).
 */
import { openApp, requireTasks, type App } from '../app.ts';
import type { TaskSource } from '../pipeline/runtime.ts';
import { startInbox, type Inbox } from '../intake/inbox.ts';
import { startWorkerThread, type WorkerThread } from './workerThread.ts';
import { keepWorkerThread } from './threadKeeper.ts';
import { createServerApp, type ServerMount, type ServerState } from '../server/app.ts';
import { startServer, type RunningServer } from '../server/serve.ts';
import { assertMigrated } from './preflight.ts';
import { explainError } from './errors.ts';

export interface ServiceOptions {
  server?: boolean;
  worker?: boolean;
  /** Folder to watch; none: no inbox. */
  inbox?: string | null;
  port?: number;
  host?: string;
  concurrency?: number;
  /** Routes from other parts of Stellar (GraphQL, dashboard). */
  mounts?: readonly ServerMount[];
}

export interface Services {
  server: RunningServer | null;
  worker: WorkerThread | null;
  inbox: Inbox | null;
  /** Graceful stop of everything started (idempotent). */
  stop(reason?: string): Promise<void>;
}

export async function startServices(app: App, opts: ServiceOptions): Promise<Services> {
  const { config, log } = app;
  const state: ServerState = { draining: false };
  let worker: WorkerThread | null = null;
  let server: RunningServer | null = null;
  let inbox: Inbox | null = null;
  const timeoutMs = config.STELLAR_SHUTDOWN_TIMEOUT_MS;

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') =>
    (stopping ??= (async () => {
      log.info({ reason, timeoutMs }, 'shutting down');
      await Promise.allSettled([server?.close(timeoutMs), inbox?.stop()]);
      if (worker) await worker.stop();
      log.info('stopped');
    })());

  try {
    if (opts.worker) {
      const tasksModuleUrl = requireTasks(app).moduleUrl;
      worker = await keepWorkerThread({ log, start: () => startWorkerThread({ concurrency: opts.concurrency, log, tasksModuleUrl, maxHeapMb: config.STELLAR_WORKER_MAX_HEAP_MB }) });
      log.info({ concurrency: opts.concurrency ?? config.STELLAR_WORKER_CONCURRENCY, nice: config.STELLAR_WORKER_NICE, maxHeapMb: worker.resourceLimits?.maxOldGenerationSizeMb }, 'worker started (worker thread)');
    }
    if (opts.server) {
      if (config.STELLAR_API_TOKENS.length === 0) {
        log.warn('STELLAR_API_TOKENS is empty: every endpoint except /healthz and /readyz answers 401');
      }
      const honoApp = createServerApp({ db: app.handle.db, config, log, state, mounts: opts.mounts });
      server = await startServer(honoApp, { port: opts.port ?? config.PORT, host: opts.host ?? config.HOST, log, state, maxUploadBytes: config.STELLAR_MAX_UPLOAD_BYTES, maxConnections: config.STELLAR_MAX_CONNECTIONS, headersTimeoutMs: config.STELLAR_HTTP_HEADERS_TIMEOUT_MS, keepAliveTimeoutMs: config.STELLAR_HTTP_KEEPALIVE_TIMEOUT_MS });
    }
    if (opts.inbox) {
      inbox = await startInbox({ dir: opts.inbox, db: app.handle.db, config, log });
    }
  } catch (err) {
    await stop('start-up failed');
    throw err;
  }
  return { server, worker, inbox, stop };
}

/** Runs the services until SIGTERM/SIGINT (or the worker exiting), then stops them gracefully. */
export async function runUntilSignal(app: App, opts: ServiceOptions): Promise<void> {
  const services = await startServices(app, opts);
  await new Promise<void>((resolve) => {
    let firstSignalAt = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (firstSignalAt) {
        // Ctrl-C under npm delivers the same SIGINT twice (the terminal's process group, then npm): only a
        // signal repeated later means "stop now".
        if (Date.now() - firstSignalAt < 2000) return;
        app.log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      firstSignalAt = Date.now();
      const force = setTimeout(() => {
        app.log.error({ timeoutMs: app.config.STELLAR_SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown took too long: exiting');
        process.exit(1);
      }, app.config.STELLAR_SHUTDOWN_TIMEOUT_MS + 10_000);
      force.unref();
      void services.stop(`received ${signal}`).then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // The HTTP server and the inbox never stop because the worker did (issue 11): the pool restarts itself
    // inside its thread (src/worker/supervisor.ts); should the thread itself end, it is started again with
    // back-off, and /healthz reports the worker down meanwhile.
    const worker = services.worker;
    if (worker && !opts.server && !opts.inbox) {
      worker.done.then(
        () => void services.stop('worker exited').then(resolve),
        (err: unknown) => {
          app.log.error({ err }, 'worker failed');
          process.exitCode = 1;
          void services.stop('worker failed').then(resolve);
        },
      );
    }
  });
}

/**
 * Like main.ts's withApp, for the long-running commands: logs at LOG_LEVEL
 * (default info, as JSON lines); a database that is reachable but not migrated
 * is refused before anything starts (preflight.ts); a start-up failure is one
 * message on stderr (errors.ts) and exit code 1.
 */
export function serviceCommand<A extends unknown[]>(tasks: TaskSource | null, action: (app: App, ...args: A) => Promise<void>) {
  return async (...args: A) => {
    let app: App | undefined;
    try {
      app = openApp({}, { tasks });
      await assertMigrated(app);
      await action(app, ...args);
    } catch (err) {
      console.error(`stellar: ${explainError(err, app?.config.DATABASE_URL ?? process.env.DATABASE_URL)}`);
      process.exitCode = 1;
    } finally {
      await app?.close();
    }
  };
}
