/**
 * The check the long-running commands (`worker`, `start`, `serve`, `watch`)
 * make before they start: a reachable database that is not migrated is refused
 * with one message ("run `npm run setup`") and a non-zero exit, instead of a
 * worker logging a stack trace every few seconds (issue 13). An unreachable
 * database is not refused here: the worker pool restarts itself until it comes
 * back (issue 11), and the HTTP server answers /healthz meanwhile.
 * Owns: that check. Must not: change the database.
 */
import type { App } from '../app.ts';
import { migrationFiles } from '../db/migrate.ts';
import { pendingMigrations } from '../db/queries/migrations.ts';
import { isConnectionError } from '../worker/supervisor.ts';
import { notMigratedMessage } from './errors.ts';

export async function assertMigrated(app: App): Promise<void> {
  let pending: string[];
  try {
    pending = await pendingMigrations(app.handle.db, migrationFiles());
  } catch (err) {
    if (isConnectionError(err) || (err as { errors?: unknown[] }).errors?.some(isConnectionError)) {
      app.log.warn({ err: (err as Error).message }, 'database unreachable at start-up; the worker keeps trying');
      return;
    }
    throw err;
  }
  if (pending.length) {
    const detail = `${pending.length} of ${migrationFiles().length} migrations not applied, from ${pending[0]}`;
    throw new Error(notMigratedMessage(app.config.DATABASE_URL, detail));
  }
}
