/**
 * STELLAR_WORKER_MAX_HEAP_MB (issue 11, worker memory; src/worker/heapLimit.ts) reaches what runs the
 * pool: a `stellar worker` process replaces itself with `--max-old-space-size=<MB>` on its command
 * line (the same pid), leaves a limit given in NODE_OPTIONS alone, adds nothing at 0; the worker
 * thread of `stellar start` gets it as its resourceLimits. Asserts on command lines and limits, not
 * on memory figures (those are in the pipeline benchmark).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../src/paths.ts';
import { hasHeapFlag, heapLimitArgv, threadResourceLimits } from '../src/worker/heapLimit.ts';
import { startWorkerThread } from '../src/cli/workerThread.ts';
import { createTestApp, testTasks, type TestApp } from './support/app.ts';

describe('heap limit: the flag', () => {
  test('added once, after the node options and before the script; not when given or 0', () => {
    const proc = { execPath: '/usr/bin/node', execArgv: ['--enable-source-maps'], argv: ['/usr/bin/node', '/app/bin/stellar.mjs', 'worker', '--concurrency', '4'] };
    assert.deepEqual(heapLimitArgv(200, proc), ['/usr/bin/node', '--enable-source-maps', '--max-old-space-size=200', '/app/bin/stellar.mjs', 'worker', '--concurrency', '4']);
    assert.equal(heapLimitArgv(0, proc), null);
    assert.equal(heapLimitArgv(200, { ...proc, execArgv: ['--max-old-space-size=512'] }), null);
    assert.equal(heapLimitArgv(200, { ...proc, nodeOptions: '--trace-warnings --max_old_space_size=300' }), null);
    assert.equal(hasHeapFlag(['--max-old-space-size-percentage=50']), false);
    assert.equal(hasHeapFlag([], '--max-old-space-size 300'), true);
    assert.deepEqual(threadResourceLimits(96), { maxOldGenerationSizeMb: 96 });
    assert.equal(threadResourceLimits(0), undefined);
  });
});

interface Started {
  pid: number;
  heapLimitMb: number;
  cmdline: string[] | null;
}

describe('heap limit: `stellar worker` and the worker thread', { timeout: 180_000 }, () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp('heaplimit');
  });
  after(async () => {
    await app?.close();
  });

  /** Starts `stellar worker` (from source), reads its "worker started" line and its command line, stops it. */
  async function startedWorker(env: Record<string, string>): Promise<Started> {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin/stellar.mjs'), 'worker', '--concurrency', '1'], {
      cwd: projectRoot,
      env: { ...process.env, NODE_OPTIONS: '', STELLAR_FROM_SOURCE: '1', DATABASE_URL: app.database.url, STELLAR_PROVIDER: 'builtin', STELLAR_CRONTAB: 'no-such-crontab', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Every line is read until the process ends (a closed pipe would fail its log writes).
    const started = new Promise<Started>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let entry: { msg?: string; pid?: number; heapLimitMb?: number };
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        if (entry.msg !== 'worker started') return;
        const file = `/proc/${child.pid}/cmdline`;
        const cmdline = existsSync(file) ? readFileSync(file, 'utf8').split('\0').filter(Boolean) : null;
        resolve({ pid: entry.pid!, heapLimitMb: entry.heapLimitMb!, cmdline });
      });
      void exited.then((code) => reject(new Error(`stellar worker ended before it started (exit code ${code})`)));
    });
    try {
      const s = await started;
      assert.equal(s.pid, child.pid, 'the same process (replaced in place, not a child)');
      return s;
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }

  test('STELLAR_WORKER_MAX_HEAP_MB=123: the same process, re-executed with --max-old-space-size=123', async () => {
    const s = await startedWorker({ STELLAR_WORKER_MAX_HEAP_MB: '123' });
    if (s.cmdline) assert.equal(s.cmdline.filter((a) => a === '--max-old-space-size=123').length, 1, s.cmdline.join(' '));
    // V8's limit: the old generation asked for plus the young generation (a few tens of MB).
    assert.ok(s.heapLimitMb >= 123 && s.heapLimitMb <= 123 + 96, `heap limit ${s.heapLimitMb} MB`);
  });

  test('a limit in NODE_OPTIONS wins; 0 adds none', async () => {
    const given = await startedWorker({ STELLAR_WORKER_MAX_HEAP_MB: '123', NODE_OPTIONS: '--max-old-space-size=171' });
    if (given.cmdline) assert.ok(!given.cmdline.some((a) => a.startsWith('--max-old-space-size')), given.cmdline.join(' '));
    assert.ok(given.heapLimitMb >= 171 && given.heapLimitMb <= 171 + 96, `heap limit ${given.heapLimitMb} MB`);
    const off = await startedWorker({ STELLAR_WORKER_MAX_HEAP_MB: '0' });
    if (off.cmdline) assert.ok(!off.cmdline.some((a) => a.startsWith('--max-old-space-size')), off.cmdline.join(' '));
    assert.ok(off.heapLimitMb > 123 + 96, `V8's default limit (${off.heapLimitMb} MB) is not the 123 MB one`);
  });

  test('the worker thread of `stellar start` runs with the limit as its resourceLimits', async () => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, STELLAR_CRONTAB: process.env.STELLAR_CRONTAB, LOG_LEVEL: process.env.LOG_LEVEL };
    process.env.DATABASE_URL = app.database.url;
    process.env.STELLAR_CRONTAB = 'no-such-crontab';
    process.env.LOG_LEVEL = 'silent';
    try {
      const thread = await startWorkerThread({ concurrency: 1, log: app.log, tasksModuleUrl: testTasks.moduleUrl, maxHeapMb: 97 });
      try {
        assert.equal(thread.resourceLimits?.maxOldGenerationSizeMb, 97);
      } finally {
        await thread.stop();
      }
      const unlimited = await startWorkerThread({ concurrency: 1, log: app.log, tasksModuleUrl: testTasks.moduleUrl, maxHeapMb: 0 });
      try {
        assert.notEqual(unlimited.resourceLimits?.maxOldGenerationSizeMb, 97);
      } finally {
        await unlimited.stop();
      }
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
