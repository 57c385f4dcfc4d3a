/**
 * STELLAR_MAX_MODEL_CALLS: a cap on concurrent model calls across ALL worker
 * processes, kept in PostgreSQL — and the local rule that keeps the stages
 * without a model flowing while model stages wait.
 *
 * Two parts, both per worker process:
 *
 * 1. ModelCallLimiter (the global cap). The N slots are session advisory locks
 *    `(727001, slot)`; each process holds the slots of its calls in flight on one
 *    dedicated connection (LISTENing on `stellar_model_slots` too). A call takes a
 *    slot with `stellar.take_model_slot(...)` (sql/030_operations.sql) and gives it
 *    back with `pg_advisory_unlock` + `pg_notify`. A process that crashes loses its
 *    connection and PostgreSQL frees its slots at once: nothing to clean up.
 *    Waiting calls queue in the process by (job priority, arrival); only the head
 *    of that queue asks PostgreSQL, on every release notice and every `pollMs`.
 *    Across processes, priority is honoured with shared advisory locks
 *    `(727002, priority)`: a process with a call waiting at priority p holds one,
 *    and a process whose best waiter has a worse priority takes no slot while it
 *    is held — an upload's model stage goes before a backfill's, whichever worker
 *    holds it.
 *
 * 2. LocalModelGate (no head-of-line blocking). A model job waits for its slot
 *    inside the job, after loading its input, so a freed slot is used at once. To
 *    keep those waiting jobs from filling the pool, model-stage jobs carry the flag
 *    `model` (src/pipeline/runs.ts) and the pool's `forbiddenFlags` returns
 *    `['model']` while the process already holds `cap` model jobs (cap =
 *    concurrency − 1, at least 1): the remaining worker slot(s) only take stages
 *    without a model (parse, chunk, link_graph, finish_run, reprocess_transcript,
 *    the cron tasks). The count is exact: fetches allowed to return a model job
 *    are reserved until graphile-worker reports what they returned.
 *
 * Owns: slots, waiting, the gate. Must not: know about stages beyond "is this
 * task a model stage" (given), or call models itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { Job, WorkerEvents, WorkerPool } from 'graphile-worker';
import type { Logger } from '../log.ts';

export const SLOT_LOCK_CLASS = 727001;
export const WAIT_LOCK_CLASS = 727002;
/** Priorities are stored as priority + this offset (advisory lock keys are shown as unsigned oids). */
export const PRIORITY_OFFSET = 1_000_000;
export const SLOT_CHANNEL = 'stellar_model_slots';

/** The job a task is running, for code below it that has no `helpers` (the limiter reads the priority). */
export interface JobContext {
  jobId: string;
  task: string;
  priority: number;
  /** graphile-worker's abort signal: fires when a shutdown's grace period has passed. */
  abortSignal?: AbortSignal;
}
export const jobContext = new AsyncLocalStorage<JobContext>();

interface Waiter {
  priority: number;
  seq: number;
  resolve(slot: number): void;
  reject(err: Error): void;
}

export interface ModelCallLimiterOptions {
  databaseUrl: string;
  /** STELLAR_MAX_MODEL_CALLS (> 0). */
  slots: number;
  /** Fallback re-check while waiting (release notices make it rarely needed). Default 500 ms. */
  pollMs?: number;
  log?: Logger;
  applicationName?: string;
}

export interface LimiterStats {
  /** Calls that had to wait for a slot. */
  waited: number;
  /** Longest wait, ms. */
  maxWaitMs: number;
  calls: number;
}

function clampPriority(p: number): number {
  return Math.max(-PRIORITY_OFFSET + 1, Math.min(PRIORITY_OFFSET, Math.trunc(p)));
}

export class ModelCallLimiter {
  readonly slots: number;
  private readonly opts: ModelCallLimiterOptions;
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly held = new Set<number>();
  private waiters: Waiter[] = [];
  private seq = 0;
  /** priority → local waiters; a shared wait lock is held for each key present. */
  private readonly waitingAt = new Map<number, number>();
  private pumping = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  /** Queries on the limiter connection run one after another (lock, unlock, take keep their order). */
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  readonly stats: LimiterStats = { waited: 0, maxWaitMs: 0, calls: 0 };

  constructor(opts: ModelCallLimiterOptions) {
    if (!(opts.slots > 0)) throw new Error('ModelCallLimiter needs at least one slot');
    this.opts = opts;
    this.slots = opts.slots;
  }

  async start(): Promise<void> {
    await this.connection();
    this.timer = setInterval(() => void this.pump(), this.opts.pollMs ?? 500);
    this.timer.unref();
  }

  /**
   * Runs `fn` holding one of the N slots; waits (in priority order) for one
   * first. `signal` (the job's abort signal) gives up the wait: the job fails
   * back to the queue and is retried by any worker.
   */
  async run<T>(fn: () => Promise<T>, priority = 0, signal?: AbortSignal): Promise<T> {
    const slot = await this.acquire(clampPriority(priority), signal);
    this.stats.calls++;
    try {
      return await fn();
    } finally {
      this.release(slot);
    }
  }

  /** Slots this process holds right now. */
  get inUse(): number {
    return this.held.size;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of this.waiters.splice(0)) w.reject(new Error('model-call limiter stopped'));
    const client = this.client;
    this.client = null;
    // Closing the connection frees every slot and wait lock it held.
    await client?.end().catch(() => {});
  }

  // ------------------------------------------------------------ internals

  /** Runs a query on the limiter connection after those already issued; null when there is no connection. */
  private query<R extends pg.QueryResultRow>(client: pg.Client | null, text: string, values: unknown[]): Promise<pg.QueryResult<R> | null> {
    if (!client) return Promise.resolve(null);
    const next = this.chain.then(
      () => client.query<R>(text, values),
      () => client.query<R>(text, values),
    );
    this.chain = next.catch(() => {});
    return next;
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: this.opts.applicationName ?? 'stellar-limiter' });
      client.on('error', (err) => this.lost(client, err));
      client.on('end', () => this.lost(client, new Error('connection ended')));
      client.on('notification', () => void this.pump());
      await client.connect();
      await client.query(`listen ${SLOT_CHANNEL}`);
      // Waiters queued while (re)connecting need their wait locks on this session.
      for (const p of this.waitingAt.keys()) await client.query('select pg_advisory_lock_shared($1, $2)', [WAIT_LOCK_CLASS, p + PRIORITY_OFFSET]);
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** The limiter connection broke: its locks are gone with it. Calls in flight finish; slots are retaken on a new connection. */
  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.held.clear();
    if (this.stopped) return;
    this.opts.log?.warn({ err: err.message }, 'model-call limiter connection lost; reconnecting');
    setTimeout(() => void this.pump(), 250).unref();
  }

  private acquire(priority: number, signal?: AbortSignal): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (this.stopped) return reject(new Error('model-call limiter stopped'));
      if (signal?.aborted) return reject(new Error('job aborted while waiting for a model-call slot'));
      const started = Date.now();
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return; // already has its slot
        this.waiters.splice(i, 1);
        this.removeWaitingAt(priority);
        reject(new Error('job aborted (worker shutting down) while waiting for a model-call slot'));
      };
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        resolve: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          const waited = Date.now() - started;
          if (waited > 5) this.stats.waited++;
          this.stats.maxWaitMs = Math.max(this.stats.maxWaitMs, waited);
          resolve(slot);
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let i = this.waiters.length;
      while (i > 0 && (this.waiters[i - 1].priority > priority || (this.waiters[i - 1].priority === priority && this.waiters[i - 1].seq > waiter.seq))) i--;
      this.waiters.splice(i, 0, waiter);
      this.addWaitingAt(priority);
      void this.pump();
    });
  }

  private addWaitingAt(priority: number): void {
    const n = this.waitingAt.get(priority) ?? 0;
    this.waitingAt.set(priority, n + 1);
    if (n === 0 && this.client) {
      this.query(this.client, 'select pg_advisory_lock_shared($1, $2)', [WAIT_LOCK_CLASS, priority + PRIORITY_OFFSET]).catch(() => {});
    }
  }

  private removeWaitingAt(priority: number): void {
    const n = (this.waitingAt.get(priority) ?? 1) - 1;
    if (n > 0) return void this.waitingAt.set(priority, n);
    this.waitingAt.delete(priority);
    // Tell the other processes that a better-priority waiter is gone.
    this.query(this.client, 'select pg_advisory_unlock_shared($1, $2), pg_notify($3, $4)', [WAIT_LOCK_CLASS, priority + PRIORITY_OFFSET, SLOT_CHANNEL, 'waiter']).catch(() => {});
  }

  private release(slot: number): void {
    if (!this.held.delete(slot)) {
      // The connection was lost during the call: the slot was freed with it.
      void this.pump();
      return;
    }
    this.query(this.client, 'select pg_advisory_unlock($1, $2), pg_notify($3, $4)', [SLOT_LOCK_CLASS, slot, SLOT_CHANNEL, 'free']).catch(() => {});
    void this.pump();
  }

  /** Gives free slots to local waiters, best priority first; only ever one pump at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    if (this.waiters.length === 0 || this.stopped) return;
    this.pumping = true;
    try {
      do {
        this.again = false;
        const client = await this.connection();
        while (this.waiters.length > 0 && this.held.size < this.slots && !this.stopped) {
          const head = this.waiters[0];
          const result = await this.query<{ slot: number | null }>(client, 'select stellar.take_model_slot($1, $2, $3) as slot', [this.slots, head.priority, [...this.held]]);
          const slot = result?.rows[0]?.slot;
          if (slot === null || slot === undefined) break;
          if (this.client !== client) break; // lost meanwhile: that lock is gone too
          this.held.add(slot);
          const i = this.waiters.indexOf(head);
          if (i >= 0) this.waiters.splice(i, 1);
          this.removeWaitingAt(head.priority);
          head.resolve(slot);
        }
      } while (this.again && !this.stopped);
    } catch (err) {
      if (!this.stopped) this.opts.log?.warn({ err: (err as Error).message }, 'model-call limiter could not ask for a slot; will retry');
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * The pool-side half: a graphile-worker `forbiddenFlags` function and the
 * event listeners that keep its count of model jobs exact.
 */
export class LocalModelGate {
  /** Model jobs this process holds (waiting for a slot or calling). */
  inHand = 0;
  /** Fetches allowed to return a model job that have not reported back yet. */
  private reserved = 0;
  private readonly decisions: boolean[] = [];
  private readonly fetches = new Map<unknown, boolean>();
  private pool: WorkerPool | null = null;

  constructor(
    readonly cap: number,
    readonly flag: string,
    private readonly isModelTask: (task: string) => boolean,
  ) {}

  /** For graphile-worker's `forbiddenFlags` option (called before every fetch). */
  readonly forbiddenFlags = (): string[] | null => {
    const allow = this.inHand + this.reserved < this.cap;
    if (allow) this.reserved++;
    this.decisions.push(allow);
    return allow ? null : [this.flag];
  };

  attach(events: WorkerEvents): void {
    events.on('pool:create', ({ workerPool }) => {
      this.pool = workerPool;
    });
    events.on('worker:getJob:start', ({ worker }) => {
      this.fetches.set(worker, this.decisions.shift() ?? false);
    });
    const fetched = (worker: unknown) => {
      if (this.fetches.get(worker)) this.reserved = Math.max(0, this.reserved - 1);
      this.fetches.delete(worker);
    };
    events.on('worker:getJob:empty', ({ worker }) => fetched(worker));
    events.on('worker:getJob:error', ({ worker }) => fetched(worker));
    events.on('job:start', ({ worker, job }) => {
      fetched(worker);
      if (this.isModel(job)) this.inHand++;
    });
    events.on('job:complete', ({ job }) => {
      if (!this.isModel(job)) return;
      this.inHand = Math.max(0, this.inHand - 1);
      // Workers that found nothing allowed sleep until the poll interval: wake one.
      this.pool?.nudge(1);
    });
  }

  private isModel(job: Job): boolean {
    return this.isModelTask(job.task_identifier);
  }
}
