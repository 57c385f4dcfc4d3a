/**
 * src/parsing — bytes of an uploaded transcript → normalised speaker turns.
 *
 * Owns: format detection and one parser per format (plain.ts, otter.ts, vtt.ts,
 * srt.ts, json.ts; cues.ts/labels.ts/timecode.ts/text.ts are their shared parts).
 * Must not: touch the database, call a model, or extract deal facts — the structure
 * stage does that from the turns. Pure functions only, so the same bytes always give
 * the same turns (and the same error: TranscriptParseError is permanent, not retried).
 */
import { TranscriptParseError } from './errors.ts';
import { parseJson } from './json.ts';
import { matchOtterHeader, parseOtter } from './otter.ts';
import { parsePlain } from './plain.ts';
import { parseSrt } from './srt.ts';
import { looksBinary, normalizeInput } from './text.ts';
import { MAX_TIME_MS, parseTiming, timingProblem } from './timecode.ts';
import { judgeFor } from './labels.ts';
import { parseVtt } from './vtt.ts';
import type { ParsedTranscript, TranscriptFormat } from './types.ts';

export { TranscriptParseError, isTranscriptParseError } from './errors.ts';
export type { TranscriptParseErrorCode } from './errors.ts';
export { displayName, countWords, countQuestions, mergeSegments } from './text.ts';
export type { ParsedTranscript, ParticipantHint, TranscriptFormat, Turn } from './types.ts';

function extensionFormat(fileName?: string): TranscriptFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (ext === 'vtt' || ext === 'webvtt') return 'vtt';
  if (ext === 'srt') return 'srt';
  if (ext === 'json') return 'json';
  return null;
}

/**
 * Which parser a file needs. Content signatures win over the file name (a ".txt"
 * that starts with WEBVTT is VTT); the name decides only what content leaves open.
 * Never throws: anything unrecognised is treated as plain text.
 */
export function detectFormat(text: string, fileName?: string): TranscriptFormat {
  const t = normalizeInput(text).trimStart();
  if (/^WEBVTT(?:[ \t\n]|$)/.test(t)) return 'vtt';
  if (t.startsWith('{')) return 'json';
  if (/^\[\s*(?:[{\]]|$)/.test(t)) return 'json-array';

  const byExt = extensionFormat(fileName);
  const lines = t.split('\n');
  let timings = 0;
  let commaTimings = 0;
  for (const line of lines) {
    if (!line.includes('-->')) continue;
    // A malformed timing line ("00:00:61,000 --> …") still says the file is cues: the cue parser names the fault.
    if (!parseTiming(line) && !timingProblem(line, 'srt')) continue;
    timings++;
    if (/\d,\d/.test(line.split('-->')[0])) commaTimings++;
  }
  if (timings > 0) {
    // SRT writes "00:00:01,000"; VTT "00:00:01.000". A missing WEBVTT header is common.
    if (byExt === 'vtt' || byExt === 'srt') return byExt;
    return commaTimings * 2 >= timings ? 'srt' : 'vtt';
  }
  if (byExt === 'json') return t.startsWith('[') ? 'json-array' : 'json';

  // Otter vs plain: count "Name  0:03" headers against accepted "Name: text" labels.
  let headers = 0;
  for (const line of lines) if (matchOtterHeader(line)) headers++;
  if (headers > 0) {
    const judge = judgeFor(lines);
    const labels = lines.filter((l) => judge.match(l)).length;
    if (headers >= labels) return 'otter';
  }
  return 'plain';
}

const PARSERS: Record<TranscriptFormat, (text: string) => ParsedTranscript> = {
  plain: parsePlain,
  otter: parseOtter,
  vtt: parseVtt,
  srt: parseSrt,
  json: parseJson,
  'json-array': parseJson,
};

/** Safety net over every parser: each turn's times are whole ms in [0, MAX_TIME_MS] and its end is not before its start. */
function checkTurnTimes(parsed: ParsedTranscript): void {
  parsed.turns.forEach((t, i) => {
    const where = `turn ${i + 1} (${t.speaker})`;
    for (const [field, v] of [['start', t.startMs], ['end', t.endMs]] as const) {
      if (v !== null && !(Number.isFinite(v) && v >= 0 && v <= MAX_TIME_MS)) {
        throw new TranscriptParseError('invalid_time', `${where}: its ${field} time (${v} ms) is out of range (0 to ${MAX_TIME_MS / 3_600_000} hours)`, `${where}.${field}`);
      }
    }
  });
}

/**
 * Parse any supported transcript. Throws TranscriptParseError: 'unknown_format' for
 * binary input, 'invalid_json' for broken JSON, 'no_turns' when nothing attributable
 * to a speaker was found (empty files, captions without speakers, prose).
 */
export function parseTranscript(text: string, fileName?: string): ParsedTranscript {
  const input = normalizeInput(text);
  if (looksBinary(input)) throw new TranscriptParseError('unknown_format', 'input looks binary, not a text transcript');
  if (!input.trim()) throw new TranscriptParseError('no_turns', 'the file is empty');
  const format = detectFormat(input, fileName);
  const parsed = PARSERS[format](input);
  if (parsed.turns.length === 0) {
    throw new TranscriptParseError('no_turns', `no speaker turns found (read as ${format})`);
  }
  checkTurnTimes(parsed);
  return parsed;
}
