/**
 * Errors that no retry can fix (bad input, a stage that does not apply, a
 * statement the database refuses by its nature). The stage runner records them
 * at once instead of spending attempts.
 * Owns: that classification. Must not: log, retry or touch the database.
 *
 * Permanent:
 *   - PermanentStageError, and TranscriptParseError (the same bytes fail the
 *     same way every time);
 *   - PostgreSQL errors whose SQLSTATE class says the statement itself is wrong
 *     for its data: 22 data exception (a value out of range, invalid input
 *     syntax), 23 integrity constraint violation (but not 23505/23P01, which
 *     races cause), 54 program limit exceeded
 *     (too many columns, statement too complex), and 08P01 protocol violation
 *     (node-postgres sends a statement of more than 65,535 parameters as a
 *     Bind message the server refuses: the same statement is refused again).
 * Everything else (connection lost, serialization failure 40001, deadlock
 * 40P01, lock or statement timeouts, a model server down) is temporary and
 * retried with back-off.
 */
export class PermanentStageError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentStageError';
  }
}

/** SQLSTATE classes (first two characters) that a retry of the same statement cannot pass. */
export const PERMANENT_SQLSTATE_CLASSES: readonly string[] = ['22', '23', '54'];
/** Single SQLSTATEs outside those classes that are just as permanent. */
export const PERMANENT_SQLSTATES: readonly string[] = ['08P01'];
/**
 * Inside those classes, the ones a race can cause: a unique or exclusion
 * violation from two writers of the same row at once (reprocess runs of one
 * transcript finishing together) passes on retry, when the other has committed.
 */
export const RETRYABLE_SQLSTATES: readonly string[] = ['23505', '23P01'];

/** The SQLSTATE of a PostgreSQL error (node-postgres DatabaseError), or null. */
export function sqlState(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentStageError) return true;
  if (typeof err !== 'object' || err === null) return false;
  // Parsers mark their errors; a file that cannot be parsed will not parse on retry.
  if ((err as { name?: string }).name === 'TranscriptParseError') return true;
  const state = sqlState(err);
  if (state !== null && !RETRYABLE_SQLSTATES.includes(state) && (PERMANENT_SQLSTATE_CLASSES.includes(state.slice(0, 2)) || PERMANENT_SQLSTATES.includes(state))) return true;
  // Kysely/pg may wrap: look one level down.
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && typeof cause === 'object' && cause !== null && sqlState(cause) !== null && isPermanent(cause);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
