/**
 * Is this error a lost or refused database connection (the server restarting,
 * stopped, or unreachable), as opposed to a statement that failed? Such a
 * request or job may be retried as is once the database is back. node-postgres
 * reports some of these with a code (ECONNREFUSED, SQLSTATE 57P01 "terminating
 * connection due to administrator command", class 08) and some with a message
 * only: "Connection terminated unexpectedly", "Client has encountered a
 * connection error and is not queryable" — and kysely, when a transaction's
 * ROLLBACK meets the dead connection, throws the rollback's error, which is one
 * of these (found by test/faults/pg-restart.test.ts: uploads during a restart
 * got 500 instead of 503).
 * Owns: that classification. Must not: log, retry or touch the database.
 */

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES = /Connection terminated|connection error|not queryable|terminating connection|timeout exceeded when trying to connect/i;

function lost(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // Class 08 is connection exceptions, except 08P01 (protocol violation: the statement itself, permanent).
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || (code.startsWith('08') && code !== '08P01'))) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/** A lost or refused database connection: the error itself, or its cause one level down. */
export function isConnectionLost(err: unknown): boolean {
  if (lost(err)) return true;
  const cause = typeof err === 'object' && err !== null ? (err as { cause?: unknown }).cause : undefined;
  return cause !== undefined && cause !== err && lost(cause);
}
