/**
 * Text helpers shared by every format parser: input normalisation, merging of
 * consecutive same-speaker segments, display names, and the word/question counts
 * the rest of the pipeline (and the tests) agree on.
 * Must not: know any one file format.
 */
import { meetingAtFromPreamble, titleFromPreamble } from './preamble.ts';
import type { ParsedTranscript, Turn } from './types.ts';

/** Strip a BOM and unify line endings, so every parser sees "\n" only. */
export function normalizeInput(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  return t;
}

/**
 * True for input that is clearly not text (NUL bytes, or many control / replacement
 * characters, as when a PDF or audio file is uploaded by mistake). Checked on a prefix:
 * a text file does not turn binary half way through.
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad / sample.length > 0.1;
}

/**
 * Merge consecutive segments of one speaker into one turn: text joined with a space,
 * start of the first, end of the last. Cue-based formats split long turns into many
 * cues; downstream metrics (turn counts, monologues) need them whole. Empty segments
 * are dropped first, so they can neither create nor split a turn.
 */
export function mergeSegments(segments: readonly Turn[]): Turn[] {
  const turns: Turn[] = [];
  for (const seg of segments) {
    const text = seg.text.trim();
    const speaker = seg.speaker.trim();
    if (!text || !speaker) continue;
    const last = turns[turns.length - 1];
    if (last && last.speaker === speaker) {
      // Talk is the sum of the cues' own durations; the gaps between them are silence.
      const before = spokenMs(last);
      const add = seg.startMs !== null && seg.endMs !== null ? Math.max(0, seg.endMs - seg.startMs) : null;
      last.text = `${last.text} ${text}`;
      if (last.startMs === null) last.startMs = seg.startMs;
      if (seg.endMs !== null) last.endMs = seg.endMs;
      const talk = before !== null && add !== null ? before + add : null;
      if (talk !== null && last.startMs !== null && last.endMs !== null && talk < last.endMs - last.startMs) last.talkMs = talk;
      else delete last.talkMs;
    } else {
      turns.push({ speaker, startMs: seg.startMs, endMs: seg.endMs, text });
    }
  }
  return turns;
}

/** Speech time of a turn: its talkMs, else end − start; null without both times. */
export function spokenMs(t: Turn): number | null {
  if (typeof t.talkMs === 'number') return t.talkMs;
  return t.startMs !== null && t.endMs !== null ? Math.max(0, t.endMs - t.startMs) : null;
}

/** Speakers in order of first appearance. */
export function uniqueSpeakers(turns: readonly Turn[]): string[] {
  return [...new Set(turns.map((t) => t.speaker))];
}

/**
 * A display form of a speaker label. Labels are stored as written (an SRT's
 * "DANA WHITFIELD" stays upper case, so the raw file and the turns agree); this gives
 * "Dana Whitfield" for reports. Only all-caps labels are changed: "McKay" or
 * "de la Cruz" are already how the person writes their name.
 */
export function displayName(label: string): string {
  const name = label.trim().replace(/\s+/g, ' ');
  if (!/\p{L}/u.test(name) || /\p{Ll}/u.test(name)) return name;
  return name
    .toLocaleLowerCase()
    .replace(/(^|[\s\-'’.])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toLocaleUpperCase());
}

/** Words = whitespace-separated tokens containing a letter or digit. */
export function countWords(text: string): number {
  let n = 0;
  for (const tok of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(tok)) n++;
  return n;
}

export function countQuestions(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '?') n++;
  return n;
}

/** The result of a line-based parser: merged turns, speakers as participants, a meeting date and title from the preamble. */
export function lineParserResult(format: 'plain' | 'otter', segments: readonly Turn[], preamble: readonly string[]): ParsedTranscript {
  const turns = mergeSegments(segments);
  return {
    format,
    turns,
    participants: uniqueSpeakers(turns).map((name) => ({ name })),
    meetingAt: meetingAtFromPreamble(preamble),
    title: titleFromPreamble(preamble),
  };
}
