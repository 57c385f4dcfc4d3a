/**
 * Which of the project's migrations (sql/NNN_*.sql) a database has not applied
 * yet: the check `stellar worker`, `start`, `serve` and `watch` make before
 * they start, so an unmigrated database is one clear message (issue 13).
 * Owns: that read of public.stellar_migrations. Must not: apply migrations (src/db/migrate.ts does).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';

/** The names in `files` that the database has not applied (all of them when it was never migrated). */
export async function pendingMigrations(db: Db, files: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ t: string | null }>`select to_regclass('public.stellar_migrations')::text as t`.execute(db);
  if (!rows[0]?.t) return [...files];
  const applied = await sql<{ name: string }>`select name from public.stellar_migrations`.execute(db);
  const done = new Set(applied.rows.map((r) => r.name));
  return files.filter((f) => !done.has(f));
}
