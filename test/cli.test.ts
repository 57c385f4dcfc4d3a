/**
 * The `stellar` command as a user runs it (issue 13): built with
 * scripts/build.mjs and spawned as a child process (dist/cli.js, the file
 * bin/stellar.mjs runs while the build is fresh) against this file's own test
 * databases. Covers --version, id prefixes (unique, ambiguous, none),
 * numeric option checks, one JSON key style, `ingest --wait` failing, the
 * helpful errors (database unreachable, not migrated), `stellar worker`
 * refusing an unmigrated database, reprocess confirmation, and `show` after a
 * partial reprocess. Spawns are kept few: each costs a second or more on a busy machine.
 * Owns: those checks. Must not: assert on wall-clock times (scripts/bench/cli.ts measures start-up).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { projectRoot } from '../src/paths.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { ADMIN_URL } from './support/db.ts';
import { withDatabase } from '../src/db/client.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { createBackfill, planBackfill } from '../src/ops/reprocess.ts';
import { reprocessCommand } from '../src/cli/reprocess.ts';
import { transcriptReport } from '../src/reports/transcriptReport.ts';
import { syntheticTranscript } from './support/transcripts.ts';
import { waitFor } from './support/monitoring.ts';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = path.join(projectRoot, 'dist/cli.js');

function cli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: projectRoot, env: { ...process.env, STELLAR_PROVIDER: 'builtin', LOG_LEVEL: 'silent', ...env }, timeout: 300_000, maxBuffer: 16 * 2 ** 20 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** Every key of a JSON value, with its path; the values of `stages` maps (stage name → status) are data, not keys. */
function keysOf(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keysOf(x, `${at}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => (k === 'stages' && !Array.isArray(x) ? [`${at}.${k}`] : [`${at}.${k}`, ...keysOf(x, `${at}.${k}`)]));
}
const snakeKeys = (v: unknown) => keysOf(v).filter((k) => /_/.test(k.split('.').pop()!));

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

const hex = (n: number) => randomBytes(n).toString('hex');

before(() => {
  // Build dist/ as `npm run setup` does; every spawn below runs the compiled CLI.
  const started = Date.now();
  const out = execFileSyncText(process.execPath, [path.join(projectRoot, 'scripts/build.mjs'), '--quiet']);
  assert.ok(existsSync(CLI), `dist/cli.js built: ${out}`);
  const stamp = JSON.parse(readFileSync(path.join(projectRoot, 'dist/build.json'), 'utf8')) as { builtAt: number; inputs: string[] };
  assert.ok(started <= stamp.builtAt && stamp.builtAt <= Date.now(), 'the stamp is taken between the spawn and its end (the build start)');
  for (const f of ['bin/cli.ts', 'src/cli/main.ts', 'src/cli/status.ts', 'tasks/index.ts']) assert.ok(stamp.inputs.includes(f), `${f} is an input of the build`);
});

function execFileSyncText(file: string, args: string[]): string {
  return execFileSync(file, args, { cwd: projectRoot, encoding: 'utf8' });
}

describe('stellar CLI: version, prefixes, numeric options, JSON keys', () => {
  let app: TestApp;
  let env: Record<string, string>;
  const t1 = `${'a1b2'}c3d4-0000-4000-8000-${hex(6)}`;
  const t2 = `${'a1b2'}c3d5-0000-4000-8000-${hex(6)}`;
  const r1 = `${'e5f6'}0001-0000-4000-8000-${hex(6)}`;
  const r2 = `${'e5f6'}0002-0000-4000-8000-${hex(6)}`;
  const b1 = `${'c0ff'}ee00-0000-4000-8000-${hex(6)}`;

  before(async () => {
    app = await createTestApp('cli');
    env = { DATABASE_URL: app.database.url };
    const db = app.handle.db;
    for (const [id, n] of [[t1, 1], [t2, 2]] as const) {
      await db.insertInto('stellar.transcripts').values({ id, content_sha256: hex(32), file_name: `call-${n}.txt`, raw_text: syntheticTranscript(n), source: 'cli' }).execute();
    }
    for (const [id, t] of [[r1, t1], [r2, t2]] as const) {
      await db.insertInto('stellar.pipeline_runs').values({ id, transcript_id: t, trigger: 'cli', status: 'succeeded', stages: ['parse'], priority: 5 }).execute();
      await db.insertInto('stellar.stage_runs').values({ run_id: id, stage: 'parse', status: 'succeeded', attempt: 1, agent_version: 'parse/1', finished_at: new Date() }).execute();
    }
    await db.insertInto('stellar.backfills').values({ id: b1, reason: 'cli test', only_changed: false }).execute();
  });
  after(async () => {
    await app?.close();
  });

  test('--version prints the package version; --help lists the commands', { timeout: 300_000 }, async () => {
    const version = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const v = await cli(['--version'], env);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stdout.trim(), version);
    const h = await cli(['--help'], env);
    assert.equal(h.code, 0, h.stderr);
    for (const c of ['ingest', 'status', 'show', 'worker', 'start', 'reprocess', 'backfill', 'search', 'ask']) assert.match(h.stdout, new RegExp(`^\\s+${c}\\b`, 'm'), c);
  });

  test('ids by unique prefix; an ambiguous prefix lists the candidates; no match and a malformed id are clear errors', { timeout: 300_000 }, async () => {
    const one = await cli(['status', r1.slice(0, 8), '--json'], env);
    assert.equal(one.code, 0, one.stderr);
    const detail = JSON.parse(one.stdout) as { id: string; transcriptId: string; stages: { stage: string; agentVersion: string }[] };
    assert.equal(detail.id, r1);
    assert.equal(detail.transcriptId, t1);
    assert.deepEqual(detail.stages.map((s) => [s.stage, s.agentVersion]), [['parse', 'parse/1']]);
    assert.deepEqual(snakeKeys(detail), [], 'status <id> --json: camelCase keys');

    const many = await cli(['status', 'e5f6'], env);
    assert.equal(many.code, 1);
    assert.match(many.stderr, /more than one run/);
    assert.ok(many.stderr.includes(r1) && many.stderr.includes(r2), many.stderr);
    assert.doesNotMatch(many.stderr, /invalid input syntax/);

    const none = await cli(['show', 'dddd0000'], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no transcript id starts with dddd0000/);

    const bad = await cli(['show', 'xyz'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not a transcript id: xyz/);
    assert.doesNotMatch(bad.stderr, /invalid input syntax/);

    const shown = await cli(['show', t2.slice(0, 8), '--json'], env);
    assert.equal(shown.code, 0, shown.stderr);
    const report = JSON.parse(shown.stdout) as { transcript: { id: string }; outputs: { stage: string; runId: string; version: number }[] };
    assert.equal(report.transcript.id, t2);
    assert.deepEqual(report.outputs.map((o) => [o.stage, o.runId, o.version]), [['parse', r2, 1]]);
    assert.deepEqual(snakeKeys(report), [], 'show --json: camelCase keys');

    const backfill = await cli(['backfill', 'status', b1.slice(0, 6), '--json'], env);
    assert.equal(backfill.code, 0, backfill.stderr);
    const b = JSON.parse(backfill.stdout) as Record<string, unknown>;
    assert.equal(b.id, b1);
    assert.equal(typeof b.createdAt, 'string');
    assert.deepEqual(snakeKeys(b), [], 'backfill status --json: camelCase keys');
  });

  test('status --json (the GET /runs shape) and numeric options: a bad --limit is refused, naming the option', { timeout: 300_000 }, async () => {
    const list = await cli(['status', '--json', '--limit', '1'], env);
    assert.equal(list.code, 0, list.stderr);
    const body = JSON.parse(list.stdout) as { runs: { id: string; fileName: string; stages: Record<string, string> }[] };
    assert.equal(body.runs.length, 1, '--limit 1 applies');
    assert.deepEqual(body.runs[0].stages, { parse: 'succeeded' });
    assert.deepEqual(snakeKeys(body), [], 'status --json: camelCase keys');

    for (const args of [['status', '--limit', 'abc'], ['backfill', 'list', '--limit', '0'], ['worker', '--concurrency', '2x']]) {
      const r = await cli(args, env);
      assert.notEqual(r.code, 0, `${args.join(' ')} exits non-zero`);
      assert.match(r.stderr, new RegExp(`option '${args[args.length - 2]} <n>' argument '${args[args.length - 1]}' is invalid`), r.stderr);
    }
  });

  test('reprocess without --since: refused off a terminal unless --all; on a terminal it asks first', { timeout: 300_000 }, async () => {
    const r = await cli(['reprocess'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--all/);
    const count = async () => (await app.handle.db.selectFrom('stellar.backfills').select('id').execute()).length;
    assert.equal(await count(), 1, 'nothing created (only the fixture backfill)');

    const questions: string[] = [];
    const io = (answer: boolean) => ({ isTTY: true, confirm: async (q: string) => (questions.push(q), answer) });
    const declined = await reprocessCommand(app, { stage: ['parse'] }, io(false));
    assert.equal(declined, 1);
    assert.equal(questions.length, 1);
    assert.match(questions[0], /ALL 2 transcript/);
    assert.equal(await count(), 1, 'declined: nothing queued');
    const accepted = await reprocessCommand(app, { stage: ['parse'], json: true }, io(true));
    assert.equal(accepted, 0);
    assert.equal(await count(), 2, 'confirmed: one backfill');
    assert.equal(await reprocessCommand(app, { stage: ['parse'], all: true, json: true }, { isTTY: false, confirm: async () => assert.fail('--all does not ask') }), 0);
    assert.equal(await count(), 3, '--all: queued without asking');
  });
});

describe('stellar CLI: errors that say what to do', () => {
  test('database unreachable: names DATABASE_URL with the password masked, and how to start PostgreSQL', { timeout: 300_000 }, async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const url = `postgres://stellar:s3cret-pw@127.0.0.1:${port}/stellar_nowhere`;
    const r = await cli(['status'], { DATABASE_URL: url });
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`DATABASE_URL=postgres://stellar:***@127.0.0.1:${port}/stellar_nowhere`), r.stderr);
    assert.doesNotMatch(r.stderr, /s3cret-pw/);
    assert.match(r.stderr, /postgresql start/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('database not migrated: one-shot commands and `stellar worker` say "run `npm run setup`" and exit non-zero', { timeout: 300_000 }, async () => {
    const name = `stellar_cli_empty_${hex(4)}`;
    await admin(`create database ${name}`);
    try {
      const env = { DATABASE_URL: withDatabase(ADMIN_URL, name) };
      const status = await cli(['status'], env);
      assert.equal(status.code, 1);
      assert.match(status.stderr, /npm run setup/);
      // The worker checks before it starts (reading sql/ from the build: projectRoot is right from dist/).
      const worker = await cli(['worker'], { ...env, LOG_LEVEL: 'info' });
      assert.equal(worker.code, 1);
      assert.match(worker.stderr, /not set up \(\d+ of \d+ migrations not applied, from 001_core\.sql\): run `npm run setup`/);
      assert.doesNotMatch(worker.stdout + worker.stderr, /\n\s+at /, 'no stack trace');
      assert.doesNotMatch(worker.stdout, /worker pool/, 'no pool was started');
    } finally {
      await admin(`drop database if exists ${name} with (force)`);
    }
  });
});

describe('stellar CLI: ingest --wait and show after a partial reprocess', () => {
  let app: TestApp;
  let dir: string;
  before(async () => {
    app = await createTestApp('cli_runs');
    dir = mkdtempSync(path.join(tmpdir(), 'stellar-cli-'));
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('ingest --wait exits 1 when a run failed and names the run, the stage and the error', { timeout: 600_000 }, async () => {
    writeFileSync(path.join(dir, 'no-turns.txt'), 'just some words with no speaker labels at all\n');
    const r = await cli(['ingest', path.join(dir, 'no-turns.txt'), '--wait'], { DATABASE_URL: app.database.url, STELLAR_CRONTAB: 'no-such-crontab' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const run = await app.handle.db.selectFrom('stellar.pipeline_runs').selectAll().executeTakeFirstOrThrow();
    assert.equal(run.status, 'failed');
    const failedStage = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', run.id).where('status', '=', 'failed').executeTakeFirstOrThrow();
    assert.ok(r.stderr.includes(`run ${run.id} (no-turns.txt) failed — ${failedStage.stage}: ${failedStage.error}`), r.stderr);
  });

  test('show after a partial reprocess: each stage\'s current output, with its version and run', { timeout: 600_000 }, async () => {
    const { transcriptId, runId } = await ingestTranscript(app.handle.db, { bytes: Buffer.from(syntheticTranscript(7)), fileName: 'partial.txt', source: 'cli', maxAttempts: 3 });
    await app.startWorker({ concurrency: 4 });
    await waitForRuns(app.handle.db, [runId!], { timeoutMs: 300_000 });
    const plan = await planBackfill(app.handle.db, app.provider, { stages: ['draft_email'] });
    assert.ok(plan.items.some((i) => i.transcriptId === transcriptId));
    await createBackfill(app.handle.db, { ...plan, items: plan.items.filter((i) => i.transcriptId === transcriptId) }, { stages: ['draft_email'], maxAttempts: 3 });
    const report = await waitFor('draft_email version 2', async () => {
      const r = await transcriptReport(app.handle.db, transcriptId);
      return r?.outputs.find((o) => o.stage === 'draft_email')?.version === 2 ? r : null;
    }, 300_000);
    await app.stopWorker();
    const email = report.outputs.find((o) => o.stage === 'draft_email')!;
    const facts = report.outputs.find((o) => o.stage === 'structure')!;
    assert.notEqual(email.runId, runId, 'the e-mail is from the reprocess run');
    assert.equal(facts.runId, runId, 'the facts are still from the first run');
    assert.equal(facts.version, 1);
    assert.ok(report.email, 'the e-mail shown is the current one');

    const text = await cli(['show', transcriptId.slice(0, 8)], { DATABASE_URL: app.database.url });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`draft_email\\s+v2\\s+${email.runId.slice(0, 8)}`));
    assert.match(text.stdout, new RegExp(`structure\\s+v1\\s+${runId!.slice(0, 8)}`));
  });
});
