/**
 * Issue 11, defect 9: least privilege. ensureRoles (what `npm run setup` runs)
 * creates stellar_owner and stellar_app idempotently (roles are cluster-global:
 * a second run, or another test database, changes nothing); the owner can
 * migrate; the server's and worker's work — an upload through the whole
 * pipeline — runs as stellar_app, which cannot create, alter or drop anything
 * and is not a superuser.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { ensureRoles, type RoleUrls } from '../src/db/roles.ts';
import { migrate } from '../src/db/migrate.ts';
import { withClient } from '../src/db/client.ts';
import { openApp, type App } from '../src/app.ts';
import { testTasks } from './support/app.ts';
import { startWorker } from '../src/worker/worker.ts';
import { createTaskList } from '../tasks/index.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import { isLocalUrl, provisionPlan } from '../src/db/provision.ts';
import { execFile } from 'node:child_process';

/** A client as the role in `url`, closed after `fn`. */
const as = withClient;

async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('least-privilege roles', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let urls: RoleUrls;
  let app: App | undefined;
  before(async () => {
    db = await createTestDatabase('roles');
    urls = await ensureRoles(db.url);
  });
  after(async () => {
    await app?.close();
    await db?.drop();
  });

  test('creating the roles again changes nothing', async () => {
    const again = await ensureRoles(db.url);
    assert.deepEqual(again, urls);
    assert.match(urls.appUrl, /^postgres:\/\/stellar_app@/);
    assert.match(urls.ownerUrl, /^postgres:\/\/stellar_owner@/);
    const roles = await as(db.url, (c) => c.query<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>("select rolname, rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname in ('stellar_owner', 'stellar_app') order by rolname"));
    assert.deepEqual(roles.rows.map((r) => [r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole]), [['stellar_app', false, false, false], ['stellar_owner', false, false, false]]);
  });

  test('the owner migrates (nothing left to apply) and may create; the app may not', async () => {
    assert.deepEqual(await migrate({ databaseUrl: urls.ownerUrl, installVector: false }), []);
    assert.equal(await sqlState(as(urls.ownerUrl, (c) => c.query('create table stellar.owner_probe (a int); drop table stellar.owner_probe'))), undefined);
    assert.equal(await sqlState(as(urls.appUrl, (c) => c.query('create table stellar.app_probe (a int)'))), '42501');
    assert.equal(await sqlState(as(urls.appUrl, (c) => c.query('drop table stellar.transcripts'))), '42501');
    assert.equal(await sqlState(as(urls.appUrl, (c) => c.query('alter table stellar.transcripts add column x int'))), '42501');
    assert.equal(await sqlState(as(urls.appUrl, (c) => c.query('create schema app_probe'))), '42501');
  });

  test('an upload runs through the whole pipeline with the server and worker connected as stellar_app', async () => {
    app = openApp({ DATABASE_URL: urls.appUrl, STELLAR_PROVIDER: 'builtin' }, { logLevel: process.env.TEST_LOG_LEVEL ?? 'silent', tasks: testTasks });
    const runner = await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList, concurrency: 4, crontab: false, pollInterval: 100 });
    try {
      const file = 'demo-bramblewood.vtt';
      const r = await ingestTranscript(app.handle.db, { bytes: readFileSync(path.join(projectRoot, 'samples', file)), fileName: file, source: 'upload', requireTurns: true, maxAttempts: 5 });
      const progress = await waitForRuns(app.handle.db, [r.runId!], { timeoutMs: 120_000 });
      assert.equal(JSON.stringify(progress).includes('failed'), false, JSON.stringify(progress));
      const { rows } = await as(urls.appUrl, (c) => c.query<{ status: string; who: string }>('select status, current_user as who from stellar.pipeline_runs where id = $1', [r.runId]));
      assert.equal(rows[0].who, 'stellar_app');
      assert.ok(['succeeded', 'partial'].includes(rows[0].status), rows[0].status);
    } finally {
      await runner.stop();
    }
  });

  test('setup as the owner: roles left as they are, URLs the same', async () => {
    assert.deepEqual(await ensureRoles(urls.ownerUrl), urls);
  });
});

describe('setup provisions PostgreSQL only for a local URL, and never touches a password (defect 11)', () => {
  const debianRoot = { installedVersions: [], isRoot: true, isDebian: true };
  test('a remote URL that does not answer is refused: nothing is installed or changed', () => {
    for (const url of ['postgres://postgres@db.example.com:5432/stellar', 'postgres://app:secret@10.0.0.7/stellar', 'postgres://u@[2001:db8::1]:5432/x']) {
      assert.equal(isLocalUrl(url), false, url);
      const plan = provisionPlan(url, { ...debianRoot, installedVersions: ['15'] });
      assert.equal(plan.action, 'refuse', url);
      assert.match(plan.message, /not this machine, so setup installs and changes nothing/);
    }
  });
  test('local: start an installed cluster, install only when none is, instructions when not root; no password step anywhere', () => {
    for (const url of ['postgres://postgres@127.0.0.1:5432/stellar', 'postgres://postgres@localhost/stellar', 'postgres://postgres@[::1]:5433/s', 'postgres:///stellar?host=/var/run/postgresql']) {
      assert.equal(isLocalUrl(url), true, url);
    }
    const local = 'postgres://postgres@127.0.0.1:5432/stellar';
    const start = provisionPlan(local, { ...debianRoot, installedVersions: ['13', '15'] });
    assert.equal(start.action, 'start');
    assert.deepEqual(start.action === 'start' && start.commands, [['pg_ctlcluster', '--skip-systemctl-redirect', '15', 'main', 'start']]);
    const install = provisionPlan(local, debianRoot);
    assert.equal(install.action, 'install');
    assert.equal(provisionPlan(local, { ...debianRoot, isRoot: false }).action, 'instructions');
    assert.equal(provisionPlan(local, { installedVersions: ['15'], isRoot: false, isDebian: true }).action, 'instructions');
    for (const plan of [start, install]) {
      assert.ok('commands' in plan);
      assert.equal(JSON.stringify(plan.commands).match(/password|psql|alter user/i), null);
      assert.match(plan.message, /installing|starting/);
    }
  });
  test('npm run setup against an unreachable remote URL exits 1 with the reason, installing nothing', async () => {
    const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      execFile(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'scripts/setup-db.ts'), '--database-url', 'postgres://postgres@db.invalid:5432/stellar'], { cwd: projectRoot }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /db\.invalid:5432.*not this machine/);
    assert.doesNotMatch(result.stdout, /apt-get|running/);
  });
});
