/**
 * Helpers shared by the benchmarks in scripts/bench/: the URL of another
 * database on the same server, and one statement run on its admin database
 * (CREATE / DROP DATABASE). Lives outside scripts/bench/ because every file
 * there is loaded as a benchmark.
 * Must not: hold a benchmark or application code.
 */
import pg from 'pg';

/** `base` with its database name replaced by `name`. */
export function dbUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the `postgres` database of the server of `base`. */
export async function admin(base: string, query: string): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl(base, 'postgres') });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}
