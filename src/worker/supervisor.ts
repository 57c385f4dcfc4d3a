/**
 * Keeps a worker pool running through database outages (issue 11, defect 1: a
 * PostgreSQL restart with jobs in flight made graphile-worker abort its pool —
 * "Could not completeJobs; queue is in an inconsistent state" — and the
 * process exit with rc=1). The supervisor starts the pool (startWorker), and
 * whenever the pool ends without being asked to, or cannot be started (the
 * database is away), tries again with exponential back-off (0.5 s doubling to
 * 5 s, ±20 % jitter: work resumes within about 6 s of the database's return)
 * until it runs again.
 *
 * Before a new pool takes jobs, the previous pool's locks are released at once
 * with graphile_worker.force_unlock_workers(['<old pool id>']) — the jobs it
 * held are known to be abandoned (this process ran them), so they need not wait
 * for sweep_stuck_runs to notice a silent heartbeat 60–90 s later; and the old
 * pool's heartbeat row is marked stopped.
 * graphile-worker 0.18 also lets some connection errors escape as unhandled
 * promise rejections (failing a job while the server is gone: "connect
 * ECONNREFUSED" from inside the pool), which end a Node process. With
 * `captureUnhandled`, a rejection that is a lost or refused database connection
 * is caught here and recycles the pool (its jobs' bookkeeping is lost, so it is
 * replaced and its locks released); any other unhandled rejection is re-thrown
 * and ends the process as before. And graphile-worker ends a single worker of
 * the pool whose job fetch meets a refused connection while the pool and its
 * promise live on: a worker of the pool ending with an error recycles the pool
 * too, or after an outage it would beat on and take no job; so does the pool's
 * `pool:fatalError` (it could not complete or fail jobs and is shutting down,
 * possibly forever).
 * A replaced pool is asked to stop in the background (it may be waiting on the
 * database); until it has stopped it can still lock a job — seen in the
 * pg-restart fault test: a job locked 2 s after the supervisor had released the
 * old pool's locks, then held until the sweeper's 60 s. So once a replaced
 * pool's stop() settles, its locks are released once more (event `released`).
 * Owns: the restart loop and its state (status(), for health and logs).
 * Must not: know the tasks, or stop anything but its own pools.
 */
import { EventEmitter } from 'node:events';
import type { Runner } from 'graphile-worker';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { isConnectionLost } from '../db/connectionErrors.ts';
import type { Logger } from '../log.ts';
import { startWorker, type StartWorkerOptions } from './worker.ts';

export interface SupervisorStatus {
  state: 'starting' | 'running' | 'restarting' | 'stopped';
  /** graphile-worker's id of the running pool (what jobs.locked_by holds). */
  poolId: string | null;
  /** Pools started after the first. */
  restarts: number;
  /** Why the last pool ended or the last start failed. */
  lastError: string | null;
}

export interface SupervisorEvents {
  /** A pool is running. */
  started: [{ poolId: string | null; restarts: number; unlockedJobs: number }];
  /** A pool ended or could not start; the next try is in `delayMs`. */
  retrying: [{ error: string; delayMs: number; attempt: number }];
  /** A replaced pool has stopped and its locks were released again (jobs it locked after it was replaced). */
  released: [{ poolId: string; unlockedJobs: number }];
}

export interface SupervisedWorker {
  status(): SupervisorStatus;
  events: EventEmitter<SupervisorEvents>;
  /** Stops the running pool (running jobs finish) and the restart loop. */
  stop(): Promise<void>;
  /** Resolves once stopped. */
  done: Promise<void>;
  /** Resolves when the first pool runs (or the supervisor is stopped first). */
  ready: Promise<void>;
}

export interface SuperviseWorkerOptions extends StartWorkerOptions {
  /** First back-off delay (ms); doubles per failed try up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Starts one pool; startWorker unless replaced (tests). */
  start?: (opts: StartWorkerOptions) => Promise<Runner>;
  /** Catch unhandled rejections that are database connection errors and recycle the pool (process entry points: true). */
  captureUnhandled?: boolean;
}

/** A lost or refused database connection (the server is restarting or away), as opposed to a bug (src/db/connectionErrors.ts). */
export function isConnectionError(err: unknown): boolean {
  return isConnectionLost(err);
}

/** Releases the jobs a previous pool of this process still holds; returns how many were locked. */
async function unlockPool(db: Db, poolId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where locked_by = ${poolId}`.execute(db);
  await sql`select graphile_worker.force_unlock_workers(${[poolId]}::text[])`.execute(db);
  await db.updateTable('stellar.worker_heartbeats').set({ stopped_at: sql`now()` }).where('worker_id', '=', poolId).where('stopped_at', 'is', null).execute();
  return Number(rows[0]?.n ?? 0);
}

export async function superviseWorker(opts: SuperviseWorkerOptions): Promise<SupervisedWorker> {
  const log: Logger = opts.log.child({ component: 'worker-supervisor' });
  const start = opts.start ?? startWorker;
  const initialDelayMs = opts.initialDelayMs ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 5_000;
  const events = new EventEmitter<SupervisorEvents>();
  const status: SupervisorStatus = { state: 'starting', poolId: null, restarts: 0, lastError: null };
  let runner: Runner | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  let previousPool: string | null = null;
  let started = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  // Set per pool: resolving it makes the loop replace that pool (a connection error escaped it).
  let recycle: ((reason: string) => void) | null = null;
  const onUnhandled = (reason: unknown) => {
    if (!isConnectionError(reason)) throw reason; // not ours: ends the process, as without this handler
    const message = reason instanceof Error ? reason.message : String(reason);
    if (recycle) {
      log.warn({ err: message }, 'database connection lost inside the worker pool; replacing the pool');
      recycle(message);
      recycle = null;
    }
  };
  if (opts.captureUnhandled) process.on('unhandledRejection', onUnhandled);

  const releaseRetired = async (poolId: string) => {
    try {
      const unlockedJobs = await unlockPool(opts.handle.db, poolId);
      if (unlockedJobs > 0) log.warn({ poolId, unlockedJobs }, 'a replaced pool locked jobs before it stopped; released them');
      events.emit('released', { poolId, unlockedJobs });
    } catch (err) {
      // The database is away again: sweep_stuck_runs frees what is left once the pool's heartbeat is old.
      log.warn({ poolId, err: err instanceof Error ? err.message : String(err) }, 'could not release a replaced pool\'s locks');
    }
  };

  let firstStart!: { resolve: () => void; reject: (err: unknown) => void };
  const firstStarted = new Promise<void>((resolve, reject) => (firstStart = { resolve, reject }));

  const loop = async () => {
    let attempt = 0;
    while (!stopping) {
      let unlockedJobs = 0;
      try {
        if (previousPool) {
          unlockedJobs = await unlockPool(opts.handle.db, previousPool);
          log.info({ poolId: previousPool, unlockedJobs }, 'released the previous pool\'s jobs');
          previousPool = null;
        }
        runner = await start(opts);
        if (stopping) {
          // stop() came while the pool was starting (it saw no runner to stop): stop this one now.
          await runner.stop().catch((err: unknown) => log.warn({ err }, 'worker pool did not stop cleanly'));
          runner = null;
          break;
        }
        // startWorker learns the pool id from graphile-worker's pool:create event; the heartbeat row carries it.
        const poolId = (runner as Runner & { stellarPoolId?: string }).stellarPoolId ?? null;
        status.state = 'running';
        status.poolId = poolId;
        if (started++ > 0) status.restarts++;
        attempt = 0;
        log.info({ poolId, restarts: status.restarts }, status.restarts > 0 ? 'worker pool restarted' : 'worker pool started');
        events.emit('started', { poolId, restarts: status.restarts, unlockedJobs });
        firstStart.resolve();
        const current = runner;
        let mine: ((reason: string) => void) | null = null;
        const recycled = new Promise<string>((resolve) => (recycle = mine = resolve));
        // graphile-worker 0.18 ends a worker of the pool whose job fetch meets a refused connection ("Worker
        // exited with error") but keeps the pool — and runner.promise — alive with fewer workers, none at all
        // after an outage: the pool beat on and took no job (found by test/faults/pg-restart.test.ts).
        // A worker that ends with an error while we are not stopping: replace the whole pool.
        current.events.on('worker:stop', ({ error }) => {
          if (error === undefined || stopping || !mine || recycle !== mine) return; // this pool only, once
          const message = error instanceof Error ? error.message : String(error);
          log.warn({ err: message }, 'a worker of the pool exited with an error; replacing the pool');
          recycle(`a worker of the pool exited: ${message}`);
          recycle = null;
        });
        // When graphile-worker cannot record a job's completion or failure after its own retries ("Failed to
        // fail jobs … queue is in an inconsistent state; aborting") it shuts the pool down gracefully — and
        // that shutdown can wait forever on jobs it cannot settle, with the heartbeat still beating and no
        // job taken (found by test/faults/pg-restart.test.ts). A fatal error of the pool: replace it now.
        current.events.on('pool:fatalError', ({ error, action }) => {
          if (stopping || !mine || recycle !== mine) return;
          const message = error instanceof Error ? error.message : String(error);
          log.warn({ err: message, action }, 'the worker pool could not record job outcomes; replacing the pool');
          recycle(`the pool could not ${action}: ${message}`);
          recycle = null;
        });
        try {
          const outcome = await Promise.race([current.promise.then(() => null), recycled]);
          if (stopping) break;
          if (outcome !== null) {
            // The pool lost track of its jobs: stop it in the background (it may wait on the database) and replace it.
            // Until it has stopped it may still lock a job: release its locks again once it has.
            void current
              .stop()
              .catch(() => {})
              .then(() => (poolId ? releaseRetired(poolId) : undefined));
            throw new Error(`database connection lost: ${outcome}`);
          }
          throw new Error('the worker pool stopped on its own');
        } catch (err) {
          if (stopping) break;
          throw err;
        } finally {
          recycle = null;
          previousPool = poolId;
          runner = null;
        }
      } catch (err) {
        if (stopping) break;
        const error = err instanceof Error ? err.message : String(err);
        attempt++;
        const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 20));
        const delayMs = Math.round(base * (0.8 + Math.random() * 0.4));
        status.state = 'restarting';
        status.lastError = error;
        status.poolId = null;
        log.error({ err: error, attempt, delayMs }, 'worker pool down; restarting with back-off');
        events.emit('retrying', { error, delayMs, attempt });
        await sleep(delayMs);
      }
    }
    status.state = 'stopped';
    status.poolId = null;
    if (opts.captureUnhandled) process.off('unhandledRejection', onUnhandled);
    firstStart.resolve();
  };
  const done = loop();
  return {
    ready: firstStarted,
    status: () => ({ ...status }),
    events,
    done,
    async stop() {
      stopping = true;
      wake?.();
      const r = runner;
      if (r) await r.stop().catch((err: unknown) => log.warn({ err }, 'worker pool did not stop cleanly'));
      await done;
    },
  };
}
