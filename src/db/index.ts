/**
 * Database access. Owns: the pg pool, the kysely instance and transactions.
 * Must not: know about stages, agents or HTTP.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

// bigint identity columns come back as strings by default; counts and ids fit in a JS number.
pg.types.setTypeParser(20, (v) => v);

export interface DbHandle {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

/**
 * pgvector's HNSW settings of every connection (session defaults, set at connect time): search
 * runs its one statement without a transaction of SET LOCALs around it — one round trip instead
 * of four (docs/search.md). They affect HNSW index scans only, which only search does.
 */
export const HNSW_SESSION = { efSearch: 200, iterativeScan: 'relaxed_order' } as const;

/** One pool + kysely per process (or per test database). */
export function connect(databaseUrl: string, opts: { max?: number; applicationName?: string } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'stellar',
    options: `-c hnsw.iterative_scan=${HNSW_SESSION.iterativeScan} -c hnsw.ef_search=${HNSW_SESSION.efSearch}`,
  });
  // An idle client error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => {});
  // graphile-worker checks for this handler: a client that errors while checked out must not crash us either.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    pool,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

export type { Database } from './schema.ts';
