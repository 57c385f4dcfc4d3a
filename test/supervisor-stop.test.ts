/**
 * src/worker/supervisor.ts: a stop() that arrives while the pool is still starting (Ctrl-C right after
 * `stellar start`, or the heap-limit test stopping a fresh worker thread) stops that pool once it is
 * up, and done resolves — it used to wait forever on a pool nobody stopped. No database: the pool is a stand-in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Runner } from 'graphile-worker';
import { superviseWorker } from '../src/worker/supervisor.ts';
import { createLogger } from '../src/log.ts';
import type { StartWorkerOptions } from '../src/worker/worker.ts';

test('stop() during the pool start stops the pool when it comes up, and ends', async () => {
  let stops = 0;
  let release!: () => void;
  const poolEnds = new Promise<void>((r) => (release = r));
  let letStart!: () => void;
  const starting = new Promise<void>((r) => (letStart = r));
  const fakeRunner = {
    promise: poolEnds,
    events: { on() {} },
    async stop() {
      stops++;
      release();
    },
  } as unknown as Runner;
  const worker = await superviseWorker({
    log: createLogger('silent'),
    start: async () => {
      await starting;
      return fakeRunner;
    },
  } as unknown as StartWorkerOptions & { start: (o: StartWorkerOptions) => Promise<Runner> });
  const stopped = worker.stop();
  letStart();
  await stopped;
  await worker.done;
  assert.equal(stops, 1, 'the pool that came up after stop() was stopped once');
  assert.equal(worker.status().state, 'stopped');
});
