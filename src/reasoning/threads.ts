/**
 * Conversation threads: LangGraph's PostgresSaver in the same database, in its
 * own schema (`stellar_threads`). Its tables are created by its own setup() on
 * first use, under an advisory lock so that two processes starting at once do
 * not race on CREATE TABLE.
 * Owns: the checkpointer's creation. Must not: read or write thread tables
 * itself (PostgresSaver does).
 */
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';

export const THREADS_SCHEMA = 'stellar_threads';
const SETUP_LOCK = 7215009;

export interface ThreadStoreOptions {
  pool: pg.Pool;
  schema?: string;
}

/** A PostgresSaver whose tables exist (setup() has run once in this database). */
export async function createThreadStore(opts: ThreadStoreOptions): Promise<PostgresSaver> {
  const saver = new PostgresSaver(opts.pool, undefined, { schema: opts.schema ?? THREADS_SCHEMA });
  const client = await opts.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SETUP_LOCK]);
    try {
      await saver.setup();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [SETUP_LOCK]);
    }
  } finally {
    client.release();
  }
  return saver;
}
