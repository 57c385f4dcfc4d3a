/**
 * The worker pool of `stellar start` runs in a worker thread of the same process.
 * Stages are CPU-heavy and synchronous for long stretches (the built-in
 * structure stage spends 100–200 ms on a 20 KB call); in the HTTP server's
 * event loop every upload would wait behind them. In its own thread the
 * pool has its own event loop, database pool and runtime, and — on Linux — a
 * lower CPU priority (STELLAR_WORKER_NICE, per thread), so uploads and
 * status requests come first and the pipeline catches up when they pause.
 *
 * Main side: startWorkerThread() → { stop(), done }. Thread side (this same file,
 * run as the thread's entry): opens its own App, superviseWorker() (the pool,
 * restarted with back-off while the database is away), then on "stop"
 * worker.stop() (running jobs finish; jobs still running after graphile-worker's
 * abort timeout are failed back to the queue) and closes its database pool.
 */
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';
import { threadResourceLimits } from '../worker/heapLimit.ts';
import type { Logger } from '../log.ts';
import type { TaskSource } from '../pipeline/runtime.ts';

interface ThreadData {
  stellarWorkerThread: true;
  /** The module exporting createTaskList (tasks/index.ts), imported by the thread. */
  tasksModuleUrl: string;
  concurrency?: number;
  crontab?: boolean;
}

type FromThread = { type: 'started' } | { type: 'stopped' } | { type: 'failed'; message: string };

export interface WorkerThread {
  /** The thread's resource limits as Node reports them (maxOldGenerationSizeMb: STELLAR_WORKER_MAX_HEAP_MB). */
  resourceLimits?: ResourceLimits;
  /** Graceful stop; resolves when the thread has stopped its pool and exited. */
  stop(): Promise<void>;
  /** Settles when the thread ends (rejects when it failed). */
  done: Promise<void>;
}

/** Lowers this thread's CPU priority (Linux: setpriority on the thread id). Best effort. */
function niceThisThread(nice: number, log: Logger): void {
  if (nice <= 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, nice);
    log.debug({ tid, nice }, 'worker thread priority lowered');
  } catch (err) {
    log.debug({ err }, 'worker thread priority unchanged (not Linux, or not permitted)');
  }
}

/** `maxHeapMb`: STELLAR_WORKER_MAX_HEAP_MB, the thread's old-generation limit (0: V8's default; src/worker/heapLimit.ts). */
export async function startWorkerThread(opts: { concurrency?: number; crontab?: boolean; log: Logger; tasksModuleUrl: string; maxHeapMb?: number }): Promise<WorkerThread> {
  const data: ThreadData = { stellarWorkerThread: true, tasksModuleUrl: opts.tasksModuleUrl, concurrency: opts.concurrency, crontab: opts.crontab };
  // From source: the boot entry registers tsx in the thread, then imports this file (runThread below).
  // From the build (scripts/build.mjs, every output file flat in dist/): dist/workerThread.js, this file compiled.
  const entry = import.meta.url.endsWith('.ts') ? './workerThreadBoot.mjs' : './workerThread.js';
  const worker = new Worker(new URL(entry, import.meta.url), { workerData: data, resourceLimits: threadResourceLimits(opts.maxHeapMb ?? 0) });
  let stopped = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.once('error', (err) => reject(err));
    worker.once('exit', (code) => (code === 0 || stopped ? resolve() : reject(new Error(`worker thread exited with code ${code}`))));
  });
  done.catch(() => {});
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromThread) => {
      if (m.type === 'started') resolve();
      if (m.type === 'failed') reject(new Error(m.message));
    });
    done.then(() => reject(new Error('worker thread ended before it started')), reject);
  });
  let stopping: Promise<void> | undefined;
  return {
    done,
    resourceLimits: worker.resourceLimits,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        worker.postMessage({ type: 'stop' });
        await done.catch((err: unknown) => opts.log.error({ err }, 'worker thread failed while stopping'));
      })();
      return stopping;
    },
  };
}

/** Thread entry. */
async function runThread(): Promise<void> {
  const { openApp } = await import('../app.ts');
  const { superviseWorker } = await import('../worker/supervisor.ts');
  const data = workerData as ThreadData;
  const tasksModule: { createTaskList: TaskSource['createTaskList'] } = await import(data.tasksModuleUrl);
  const app = openApp({}, { tasks: { createTaskList: tasksModule.createTaskList, moduleUrl: data.tasksModuleUrl } });
  niceThisThread(app.config.STELLAR_WORKER_NICE, app.log);
  try {
    // Supervised (issue 11): a database outage restarts the pool with back-off; the thread (and the
    // HTTP server beside it) stays up. 'started' is sent at once: the HTTP server does not wait for the database.
    const worker = await superviseWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList: tasksModule.createTaskList, concurrency: data.concurrency, crontab: data.crontab, captureUnhandled: true });
    parentPort!.on('message', (m: { type: string }) => {
      if (m.type === 'stop') void worker.stop();
    });
    parentPort!.postMessage({ type: 'started' } satisfies FromThread);
    await worker.done;
  } catch (err) {
    parentPort!.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies FromThread);
    process.exitCode = 1;
  } finally {
    await app.close();
    parentPort!.postMessage({ type: 'stopped' } satisfies FromThread);
    parentPort!.close();
  }
}

if (!isMainThread && parentPort && (workerData as ThreadData | undefined)?.stellarWorkerThread === true) {
  await runThread();
}
