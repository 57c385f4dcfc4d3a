/**
 * File names from the outside world (multipart filename, ?name=, files in the
 * inbox) are labels: stored with the transcript and shown in reports, never
 * used as a path. Still, a hostile name gets one of two answers:
 *   - sanitised: directory parts are dropped ("../../etc/x.txt", "C:\\Users\\a\\x.txt"
 *     → "x.txt"), surrounding white space trimmed, Unicode NFC-normalised;
 *   - refused (IntakeError 422 invalid_file_name): control characters (C0, DEL, C1,
 *     line/paragraph separators), bidirectional controls such as U+202E RIGHT-TO-LEFT
 *     OVERRIDE (they make "call\u202Etxt.exe" read as "callexe.txt"), lone surrogates,
 *     more than 255 bytes in UTF-8, or nothing left once the path is dropped.
 * Owns: those rules. Must not: touch the file system.
 */
import { IntakeError } from '../intake/ingest.ts';

export const MAX_FILE_NAME_BYTES = 255;

export interface CleanFileName {
  name: string;
  /** true when the name differs from what was sent (path dropped, trimmed, normalised). */
  sanitised: boolean;
}

// C0 controls, DEL, C1 controls, LINE/PARAGRAPH SEPARATOR.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Bidirectional formatting characters: embeddings/overrides, isolates, LRM/RLM, ALM.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function refuse(message: string, field: string): never {
  throw new IntakeError(422, 'invalid_file_name', message, field);
}

/**
 * Returns the name to store, or throws IntakeError(422, 'invalid_file_name').
 * `fallback` is used when no name was given at all (not when one was given and is bad).
 */
export function cleanFileName(raw: string | null | undefined, opts: { fallback: string; field?: string }): CleanFileName {
  const field = opts.field ?? 'fileName';
  if (raw === null || raw === undefined || raw === '') return { name: opts.fallback, sanitised: false };
  if (LONE_SURROGATE.test(raw)) refuse('The file name is not valid Unicode (lone surrogate).', field);
  if (CONTROL.test(raw)) refuse('The file name contains control characters.', field);
  if (BIDI.test(raw)) refuse('The file name contains bidirectional control characters (such as U+202E RIGHT-TO-LEFT OVERRIDE), which can disguise its extension.', field);
  const base = raw.split(/[/\\]/).filter((part) => part.trim() !== '').pop() ?? '';
  const name = base.trim().normalize('NFC');
  if (name === '' || name === '.' || name === '..') refuse('The file name has no name part once its directories are removed.', field);
  if (Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES) {
    refuse(`The file name is longer than ${MAX_FILE_NAME_BYTES} bytes (UTF-8).`, field);
  }
  return { name, sanitised: name !== raw };
}

/** The name's extension in lower case, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const m = /\.([^.]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}
