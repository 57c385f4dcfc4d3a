/**
 * The one error type the parsers throw.
 * Owns: TranscriptParseError and its codes. Must not: log, retry or know about jobs.
 *
 * A parse error is a property of the bytes, so the same file fails the same way every
 * time: callers (the parse task) must treat it as permanent and not retry it.
 */

export type TranscriptParseErrorCode = 'no_turns' | 'invalid_json' | 'unknown_format';

export class TranscriptParseError extends Error {
  readonly code: TranscriptParseErrorCode;
  /** Always true: retrying cannot change the outcome for the same input. */
  readonly permanent = true;

  constructor(code: TranscriptParseErrorCode, message: string) {
    super(message);
    this.name = 'TranscriptParseError';
    this.code = code;
  }
}

export function isTranscriptParseError(err: unknown): err is TranscriptParseError {
  return err instanceof TranscriptParseError;
}
