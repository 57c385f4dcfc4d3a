/**
 * One-off connections: the URL of another database on the same server, and a
 * client opened for one piece of work and always closed. For setup, admin
 * statements (CREATE / DROP DATABASE), benchmarks and tests.
 * Must not: hold pools (src/db/index.ts connect() does) or any query.
 */
import pg from 'pg';

/** `url` with its database name replaced by `name`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/** Opens a client on `url`, runs `fn` with it, and closes it whatever happens. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
