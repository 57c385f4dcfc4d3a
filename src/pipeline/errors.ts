/**
 * Errors that no retry can fix (bad input, a stage that does not apply).
 * The stage runner records them at once instead of spending attempts.
 */
export class PermanentStageError extends Error {
  readonly permanent = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentStageError';
  }
}

export function isPermanent(err: unknown): boolean {
  if (err instanceof PermanentStageError) return true;
  // Parsers mark their errors with a code; a file that cannot be parsed will not parse on retry.
  return typeof err === 'object' && err !== null && (err as { name?: string }).name === 'TranscriptParseError';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
