/**
 * Idempotent database set-up, called by `npm run demo` and `npm test`:
 *   - connects to DATABASE_URL (default: the local server);
 *   - when no server answers: only for a URL on this machine, and only as
 *     src/db/provision.ts decides — start an installed cluster, or on a fresh
 *     Debian/Ubuntu machine as root install PostgreSQL — saying what it is
 *     about to do, never setting or changing a password; a remote URL is
 *     refused with a message (issue 11);
 *   - creates the database, makes sure pgvector is there, runs graphile-worker's
 *     and the project's migrations. A second run changes nothing.
 *   - with --roles (npm run setup): the least-privilege roles stellar_owner
 *     (migrations) and stellar_app (server, worker), idempotently, and their URLs.
 * Flags: --quiet, --roles, --database-url URL (also: the test template database).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../src/config/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { provisionPlan, type MachineFacts } from '../src/db/provision.ts';
import { ensureRoles } from '../src/db/roles.ts';

const quiet = process.argv.includes('--quiet');
/** --roles (npm run setup): also create the stellar_owner / stellar_app roles and print their URLs. */
const withRoles = process.argv.includes('--roles');
const urlFlag = process.argv.indexOf('--database-url');
const log = (line: string) => {
  if (!quiet) console.log(`setup-db: ${line}`);
};

async function serverAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** What this machine has (for provisionPlan). */
function machineFacts(): MachineFacts {
  const dir = '/usr/lib/postgresql';
  const installedVersions = existsSync(dir) ? readdirSync(dir).filter((v) => /^\d+$/.test(v) && existsSync(`${dir}/${v}/bin/postgres`)) : [];
  return { installedVersions, isRoot: process.getuid?.() === 0, isDebian: existsSync('/etc/debian_version') };
}

/** Provisions a local server when none answers — only as src/db/provision.ts decides, announcing each step. */
function provision(databaseUrl: string): void {
  const plan = provisionPlan(databaseUrl, machineFacts());
  if (plan.action === 'refuse' || plan.action === 'instructions') throw new Error(plan.message);
  console.log(`setup-db: ${plan.message}`);
  for (const [cmd, ...args] of plan.commands) {
    console.log(`setup-db: running ${[cmd, ...args].join(' ')}`);
    execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (plan.action === 'install') {
    const version = machineFacts().installedVersions.sort((a, b) => Number(a) - Number(b)).pop();
    if (version) {
      console.log(`setup-db: running pg_ctlcluster ${version} main start`);
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const databaseUrl = urlFlag > 0 ? process.argv[urlFlag + 1] : config.DATABASE_URL;
  if (!(await serverAnswers(databaseUrl))) {
    provision(databaseUrl);
    if (!(await serverAnswers(databaseUrl))) throw new Error(`PostgreSQL does not answer at ${new URL(databaseUrl).host} yet; check its log and pg_hba.conf, then run setup again.`);
  }
  const applied = await migrate({ databaseUrl, log });
  log(applied.length ? `database ready (${applied.length} migration(s) applied)` : 'database up to date');
  if (withRoles) {
    const urls = await ensureRoles(databaseUrl, log);
    console.log('setup-db: least-privilege roles ready (docs/operations.md, "Database roles"):');
    console.log(`  migrations (npm run setup, stellar_owner): DATABASE_URL=${urls.ownerUrl}`);
    console.log(`  server and worker (stellar_app):           DATABASE_URL=${urls.appUrl}`);
  }
}

main().catch((err) => {
  console.error(`setup-db: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
