/**
 * Idempotent database set-up, called by `npm run demo` and `npm test`:
 *   - connects to DATABASE_URL (default: the local server);
 *   - on a fresh Debian/Ubuntu machine where no server answers and we run as
 *     root, installs PostgreSQL from the distribution's packages and starts it
 *     (elsewhere it says exactly what to install);
 *   - creates the database, makes sure pgvector is there, runs graphile-worker's
 *     and the project's migrations. A second run changes nothing.
 * Flags: --quiet, --database-url URL (also: the test template database).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../src/config/index.ts';
import { migrate } from '../src/db/migrate.ts';

const quiet = process.argv.includes('--quiet');
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

function installPostgres(): void {
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (!isRoot || !isDebian) {
    throw new Error(
      'No PostgreSQL server answers at DATABASE_URL. Install PostgreSQL 15 or newer with pgvector ' +
        '(Debian/Ubuntu: apt-get install postgresql postgresql-server-dev-all; macOS: brew install postgresql pgvector) ' +
        'and start it, or set DATABASE_URL to a running server.',
    );
  }
  log('no server answers: installing PostgreSQL from the distribution packages');
  execSync('DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql', { stdio: 'inherit' });
  const version = execSync('ls /etc/postgresql | sort -n | tail -n 1').toString().trim();
  execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start || true`, { stdio: 'inherit' });
  // Local trust auth for the postgres user over TCP, as the project's default URL expects.
  execSync(
    `su postgres -c "psql -c \\"alter user postgres password 'postgres'\\"" >/dev/null 2>&1 || true`,
    { stdio: 'inherit' },
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  const databaseUrl = urlFlag > 0 ? process.argv[urlFlag + 1] : config.DATABASE_URL;
  if (!(await serverAnswers(databaseUrl))) {
    installPostgres();
    if (!(await serverAnswers(databaseUrl))) throw new Error(`PostgreSQL was installed but does not answer at ${new URL(databaseUrl).host}`);
  }
  const applied = await migrate({ databaseUrl, log });
  log(applied.length ? `database ready (${applied.length} migration(s) applied)` : 'database up to date');
}

main().catch((err) => {
  console.error(`setup-db: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
