/**
 * Keeps the worker thread of `stellar start` alive (issue 11): the pool inside
 * restarts itself through database outages (src/worker/supervisor.ts); should
 * the thread itself end without being asked to (a crash in a task's module, a
 * fatal error), a new thread is started with back-off (1 s doubling to 30 s),
 * and the HTTP server and inbox beside it carry on meanwhile.
 * Owns: the thread restart loop. Must not: stop anything but its threads.
 */
import type { Logger } from '../log.ts';
import type { WorkerThread } from './workerThread.ts';

export interface KeepThreadOptions {
  start: () => Promise<WorkerThread>;
  log: Logger;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Called after each restart (tests, logs). */
  onRestart?: (restarts: number) => void;
}

export async function keepWorkerThread(opts: KeepThreadOptions): Promise<WorkerThread> {
  const initial = opts.initialDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 30_000;
  let current = await opts.start();
  let stopped = false;
  let restarts = 0;
  let wake: (() => void) | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const restart = async (why: unknown) => {
    let delay = initial;
    opts.log.error({ err: why }, 'worker thread ended; starting a new one (the HTTP server stays up)');
    while (!stopped) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, delay);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      wake = null;
      if (stopped) break;
      try {
        current = await opts.start();
        restarts++;
        opts.log.info({ restarts }, 'worker thread restarted');
        opts.onRestart?.(restarts);
        watch(current);
        return;
      } catch (err) {
        delay = Math.min(max, delay * 2);
        opts.log.error({ err, retryInMs: delay }, 'worker thread did not start; trying again');
      }
    }
    resolveDone();
  };
  const watch = (t: WorkerThread) =>
    t.done.then(
      () => (stopped ? resolveDone() : void restart(new Error('worker thread exited'))),
      (err: unknown) => (stopped ? resolveDone() : void restart(err)),
    );
  watch(current);

  return {
    done,
    get resourceLimits() {
      return current.resourceLimits;
    },
    async stop() {
      stopped = true;
      wake?.();
      await current.stop();
      resolveDone();
      await done;
    },
  };
}
