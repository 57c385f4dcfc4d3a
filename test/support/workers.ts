/**
 * Real `stellar worker` processes for tests and benchmarks: each is a child
 * process running bin/cli.ts against the given database, ready once its
 * heartbeat row appears. Separate processes are the evidence that limits kept
 * in PostgreSQL hold across processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../../src/paths.ts';

export interface WorkerProcess {
  proc: ChildProcess;
  pid: number;
  /** stderr and stdout so far (for failure messages). */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait for exit. */
  kill(): Promise<void>;
}

export async function spawnWorker(databaseUrl: string, env: Record<string, string>, opts: { concurrency?: number; timeoutMs?: number } = {}): Promise<WorkerProcess> {
  const args = ['--import', 'tsx', path.join(projectRoot, 'bin/cli.ts'), 'worker'];
  if (opts.concurrency) args.push('--concurrency', String(opts.concurrency));
  const proc = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const pid = proc.pid!;

  // Ready when the worker pool beats (its row carries this pid).
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + (opts.timeoutMs ?? 300_000); // a guard against a hang: tsx compiles slowly on a busy machine
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`worker process exited with ${proc.exitCode}:\n${out}`);
      const { rowCount } = await client.query('select 1 from stellar.worker_heartbeats where pid = $1 and stopped_at is null', [pid]);
      if (rowCount) break;
      if (Date.now() > deadline) throw new Error(`worker process not ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
  return {
    proc,
    pid,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
