/**
 * Shared pieces of the fault suite (test/faults/, `npm run test:faults`):
 * polling until a condition holds, the "every stage exactly once" check over
 * a set of runs, the job lines of `stellar worker` processes, and a crontab
 * holding only the sweeper. Owns: those helpers. Must not: change data (the
 * checks only read) or decide by the wall clock (deadlines guard against hangs).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import { projectRoot } from '../../src/paths.ts';
import { STAGES } from '../../src/pipeline/stages.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` (every `intervalMs`) until it holds; the guard only stops a hang and decides nothing. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, guardMs = 600_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + guardMs;
  for (;;) {
    if (await Promise.resolve().then(cond).catch(() => false)) return;
    if (Date.now() > deadline) assert.fail(`never happened: ${what}`);
    await sleep(intervalMs);
  }
}

/** A crontab file with only sweep_stuck_runs (every minute, as in the project's crontab): nothing else scheduled. */
export function sweepOnlyCrontab(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stellar-faults-'));
  const file = path.join(dir, 'crontab');
  writeFileSync(file, '* * * * * sweep_stuck_runs ?max=1&jobKey=sweep_stuck_runs&jobKeyMode=replace\n');
  return file;
}

/** One job line ("job started") of a worker process's JSON log. */
export interface JobLine {
  task: string;
  runId?: string;
  attempt?: number;
}

/** The "job started" lines in a worker process's output (they are debug lines: LOG_LEVEL=debug; pino JSON lines). */
export function jobStarts(output: string): JobLine[] {
  const out: JobLine[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes('"job started"')) continue;
    try {
      const j = JSON.parse(line) as { msg?: string; task?: string; runId?: string; attempt?: number };
      if (j.msg === 'job started' && typeof j.task === 'string') out.push({ task: j.task, runId: j.runId, attempt: j.attempt });
    } catch {
      /* a line cut by the pipe: not a job line */
    }
  }
  return out;
}

export interface OnceReport {
  runs: number;
  stageRows: number;
  /** Stage rows whose job was taken more than once (attempt > 1), as `stage:<run>:<stage>` keys. */
  retried: Set<string>;
}

/**
 * Every run ended `succeeded`, has exactly one stage row per stage (all
 * succeeded) and exactly one of each output (the parsed call, its facts, both
 * drafts, the coaching report; turns, chunks and one vector per chunk; its
 * graph), and no job of it is left in the queue. Returns which stages needed
 * more than one attempt, for the caller to judge.
 */
export async function assertEveryStageOnce(db: Db, runIds: readonly string[], opts: { embeddings?: 'builtin' | 'ollama' } = {}): Promise<OnceReport> {
  assert.ok(runIds.length > 0, 'runs to check');
  const ids = [...runIds];
  const runs = await db.selectFrom('stellar.pipeline_runs').select(['id', 'status', 'error', 'finished_at']).where('id', 'in', ids).execute();
  assert.equal(runs.length, ids.length, 'every run exists');
  const notOk = runs.filter((r) => r.status !== 'succeeded' || !r.finished_at);
  assert.deepEqual(notOk, [], 'every run succeeded and is closed');

  const stages = await db.selectFrom('stellar.stage_runs').select(['run_id', 'stage', 'status', 'attempt']).where('run_id', 'in', ids).execute();
  assert.equal(stages.length, ids.length * STAGES.length, `one stage row per stage per run (${stages.length} rows for ${ids.length} runs)`);
  const perRun = new Map<string, string[]>();
  for (const s of stages) perRun.set(s.run_id, [...(perRun.get(s.run_id) ?? []), s.stage]);
  for (const [runId, names] of perRun) assert.deepEqual(names.sort(), [...STAGES].sort(), `run ${runId}: each stage once`);
  assert.deepEqual(stages.filter((s) => s.status !== 'succeeded'), [], 'every stage succeeded');

  // One of each single output per run (the tables key them by run, so "one" means "present"; the count says it for all runs at once).
  const count = async (table: string, where = sql``) =>
    Number((await sql<{ n: string }>`select count(distinct run_id) as n from ${sql.table(table)} where run_id = any(${ids}::uuid[]) ${where}`.execute(db)).rows[0].n);
  assert.equal(await count('stellar.parsed_calls'), ids.length, 'a parsed call per run');
  assert.equal(await count('stellar.call_facts'), ids.length, 'facts per run');
  assert.equal(await count('stellar.coaching_reports'), ids.length, 'a coaching report per run');
  assert.equal(await count('stellar.drafts', sql`and kind = 'email'`), ids.length, 'an e-mail draft per run');
  assert.equal(await count('stellar.drafts', sql`and kind = 'social'`), ids.length, 'a social draft per run');
  assert.equal(await count('stellar.entities'), ids.length, 'graph entities per run');
  // Turns and chunks: as many as the parsed call says, one vector per chunk.
  const mismatched = await sql<{ run_id: string }>`
    select p.run_id from stellar.parsed_calls p
    where p.run_id = any(${ids}::uuid[])
      and (p.turn_count <> (select count(*) from stellar.turns t where t.run_id = p.run_id)
        or (select count(*) from stellar.chunks c where c.run_id = p.run_id) = 0
        or (select count(*) from stellar.chunks c where c.run_id = p.run_id)
           <> (select count(*) from ${sql.table(opts.embeddings === 'ollama' ? 'stellar.chunk_embeddings_ollama' : 'stellar.chunk_embeddings')} e where e.run_id = p.run_id))`.execute(db);
  assert.deepEqual(mismatched.rows, [], 'turns as parsed, chunks, one vector per chunk');

  // Nothing of these runs left in the queue (no job failed for good, none waiting).
  const keys = ids.flatMap((id) => [...STAGES.map((s) => `stage:${id}:${s}`), `finish_run:${id}`]);
  const left = await sql<{ key: string }>`select key from graphile_worker.jobs where key = any(${keys}::text[])`.execute(db);
  assert.deepEqual(left.rows, [], 'no job of these runs left in the queue');

  return { runs: ids.length, stageRows: stages.length, retried: new Set(stages.filter((s) => s.attempt > 1).map((s) => `stage:${s.run_id}:${s.stage}`)) };
}

/**
 * The URL a `stellar start`/`serve` process logs in its "HTTP server listening" line (JSON logs on stdout).
 * Every chunk of its output, stdout and stderr, goes to `onOutput` (the caller keeps a tail for post-mortems);
 * rejects if the process exits first.
 */
export function listeningUrl(proc: ChildProcessWithoutNullStreams, exited: Promise<number | null>, onOutput: (text: string) => void): Promise<string> {
  proc.stderr.on('data', (d: Buffer) => onOutput(d.toString()));
  return new Promise<string>((resolve, reject) => {
    let buf = '';
    let seen = '';
    proc.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      onOutput(text);
      seen = (seen + text).slice(-20_000);
      buf += text;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.includes('HTTP server listening')) continue;
        try {
          const j = JSON.parse(line) as { url?: string };
          if (j.url) resolve(j.url);
        } catch {
          /* not JSON */
        }
      }
    });
    void exited.then((code) => reject(new Error(`the process exited ${code} before listening:\n${seen}`)));
  });
}

/** A `stellar start` process of a fault test: its output tail, when it exits, its URL, and a stop for `after`. */
export interface StellarStart {
  proc: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
  /** The URL from its "HTTP server listening" line (rejects if it exits first). */
  url: Promise<string>;
  /** The last 200 KB of its stdout and stderr, for assertion messages. */
  output(): string;
  /** SIGTERM if still running, and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * `stellar start --port 0 --concurrency 4` as node itself (not a tsx wrapper, so `proc.pid` is the server, and
 * /proc/<pid> its threads), with `env` as its whole environment. Pipe `proc.stdout` elsewhere in the same tick if
 * the whole log is wanted.
 */
export function spawnStellarStart(env: NodeJS.ProcessEnv): StellarStart {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bin/cli.ts'), 'start', '--port', '0', '--concurrency', '4'], { cwd: projectRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let out = '';
  const url = listeningUrl(proc, exited, (text) => (out = (out + text).slice(-200_000)));
  url.catch(() => {}); // the caller awaits it; an early exit is reported there
  return {
    proc,
    exited,
    url,
    output: () => out,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
