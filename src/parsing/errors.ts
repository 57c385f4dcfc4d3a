/**
 * The one error type the parsers throw.
 * Owns: TranscriptParseError and its codes. Must not: log, retry or know about jobs.
 *
 * A parse error is a property of the bytes, so the same file fails the same way every
 * time: callers (the parse task) must treat it as permanent and not retry it.
 */

/**
 * invalid_time: a turn's start/end is not a time, negative, past MAX_TIME_MS or
 * before its own start (JSON; any format's turns as a safety net);
 * invalid_cue: a WebVTT/SRT cue timing that is malformed (61 seconds, a comma in
 * WebVTT, no "-->"), ends before it starts, or starts before the cue before it.
 */
export type TranscriptParseErrorCode = 'no_turns' | 'invalid_json' | 'unknown_format' | 'invalid_time' | 'invalid_cue';

export class TranscriptParseError extends Error {
  readonly code: TranscriptParseErrorCode;
  /** Always true: retrying cannot change the outcome for the same input. */
  readonly permanent = true;

  /** Where in the file: the JSON path of the bad value (`turns[2].start`), or `cue 4 (line 12)`. */
  readonly where?: string;

  constructor(code: TranscriptParseErrorCode, message: string, where?: string) {
    super(message);
    this.name = 'TranscriptParseError';
    this.code = code;
    if (where !== undefined) this.where = where;
  }
}

export function isTranscriptParseError(err: unknown): err is TranscriptParseError {
  return err instanceof TranscriptParseError;
}
