/**
 * Each test file gets its own database, copied from a migrated template
 * (fast: CREATE DATABASE ... TEMPLATE), and drops it at the end. Tests run
 * in parallel against the real PostgreSQL without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { withClient, withDatabase } from '../../src/db/client.ts';

export const ADMIN_URL = process.env.STELLAR_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** STELLAR_TEST_TEMPLATE lets two checkouts run their suites side by side on one server. */
export const TEMPLATE_DB = process.env.STELLAR_TEST_TEMPLATE ?? 'stellar_test_template';

const urlFor = (name: string) => withDatabase(ADMIN_URL, name);

const admin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withClient(ADMIN_URL, fn);

/** Builds the template database from scratch (scripts/run-tests.ts calls this once per test run). */
export async function rebuildTemplate(): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${TEMPLATE_DB} with (force)`));
  await migrate({ databaseUrl: urlFor(TEMPLATE_DB) });
}

async function templateReady(): Promise<boolean> {
  return admin(async (c) => {
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [TEMPLATE_DB]);
    return (rowCount ?? 0) > 0;
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  if (!(await templateReady())) await migrate({ databaseUrl: urlFor(TEMPLATE_DB) });
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `${TEMPLATE_DB.replace(/_template$/, '')}_${safe}_${randomBytes(4).toString('hex')}`;
  // Retry: CREATE DATABASE fails while another session is connected to the template.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database ${name} template ${TEMPLATE_DB}`));
      break;
    } catch (err) {
      if (attempt > 40 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    name,
    url: urlFor(name),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
