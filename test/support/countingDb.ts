/**
 * A kysely instance on its own pg pool that counts every statement sent to
 * the server (BEGIN and COMMIT included): database round trips, for the
 * hand-off round-trip test and the pipeline benchmark (issue 11).
 * Must not: change what is sent.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database, Db } from '../../src/db/index.ts';

export interface CountingDb {
  db: Db;
  /** Statements sent since the last reset. */
  count(): number;
  /** The statements' text since the last reset (first 80 characters each). */
  statements(): string[];
  reset(): void;
  close(): Promise<void>;
}

export function countingDb(url: string): CountingDb {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  let sent: string[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      sent.push((typeof first === 'string' ? first : first?.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 80));
      return query(...args);
    };
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    count: () => sent.length,
    statements: () => [...sent],
    reset: () => {
      sent = [];
    },
    close: () => db.destroy(),
  };
}
