/**
 * Database set-up: create the database when missing, make sure pgvector is
 * available (building it from Debian's source package when it is not), run
 * graphile-worker's migrations, then the project's sql/ migrations in order,
 * each recorded so a second run changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { withDatabase } from './client.ts';
import { Logger, runMigrations } from 'graphile-worker';
import { projectRoot } from '../paths.ts';

// graphile-worker's migrations are chatty at info level; keep errors only.
const quietWorkerLogger = new Logger(() => (level, message) => {
  if (level === 'error') console.error(message);
});

export interface MigrateOptions {
  databaseUrl: string;
  log?: (line: string) => void;
  /** Build pgvector when missing (needs root). Default true. */
  installVector?: boolean;
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** Creates the database named in the URL if it does not exist. */
export async function ensureDatabase(databaseUrl: string, log: (l: string) => void = () => {}): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    // Identifiers cannot be bound as parameters; quote_ident does the quoting on the server.
    const { rows } = await admin.query<{ q: string }>('select quote_ident($1) as q', [name]);
    await admin.query(`create database ${rows[0].q}`);
    log(`created database ${name}`);
    return true;
  } finally {
    await admin.end();
  }
}

async function vectorAvailable(client: pg.Client): Promise<boolean> {
  const { rowCount } = await client.query("select 1 from pg_available_extensions where name = 'vector'");
  return (rowCount ?? 0) > 0;
}

export async function ensureVector(client: pg.Client, opts: { install: boolean; log: (l: string) => void }): Promise<void> {
  if (await vectorAvailable(client)) return;
  if (!opts.install) throw new Error('The pgvector extension is not installed on the PostgreSQL server (run scripts/install-pgvector.sh as root).');
  opts.log('pgvector is missing: building it from the Debian source package (about 25 s)');
  execFileSync('sh', [path.join(projectRoot, 'scripts/install-pgvector.sh')], { stdio: 'inherit' });
  if (!(await vectorAvailable(client))) throw new Error('pgvector was built but PostgreSQL does not list it; is the server a different major version than pg_config?');
}

export function migrationFiles(): string[] {
  return readdirSync(path.join(projectRoot, 'sql'))
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort();
}

/** Runs every migration step; returns the names of the sql/ files applied now. */
export async function migrate(opts: MigrateOptions): Promise<string[]> {
  const log = opts.log ?? (() => {});
  await ensureDatabase(opts.databaseUrl, log);
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await ensureVector(client, { install: opts.installVector ?? true, log });
    // Serialise concurrent set-ups (two test files, two processes) on one database.
    await client.query('select pg_advisory_lock(7215001)');
    try {
      await runMigrations({ connectionString: opts.databaseUrl, logger: quietWorkerLogger });
      await client.query(`create table if not exists public.stellar_migrations (
        name text primary key, applied_at timestamptz not null default now())`);
      const done = new Set((await client.query<{ name: string }>('select name from public.stellar_migrations')).rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of migrationFiles()) {
        if (done.has(file)) continue;
        const body = readFileSync(path.join(projectRoot, 'sql', file), 'utf8');
        await client.query('begin');
        try {
          await client.query(body);
          await client.query('insert into public.stellar_migrations (name) values ($1)', [file]);
          await client.query('commit');
        } catch (err) {
          await client.query('rollback');
          throw new Error(`migration ${file} failed: ${(err as Error).message}`);
        }
        applied.push(file);
        log(`applied ${file}`);
      }
      return applied;
    } finally {
      await client.query('select pg_advisory_unlock(7215001)');
    }
  } finally {
    await client.end();
  }
}

