/**
 * Otter.ai text export: a "Name  0:03" header line, the paragraph below it, a blank
 * line, and a "Transcribed by https://otter.ai" footer.
 * Owns: header recognition and paragraph timing. Must not: parse "Name: text" lines.
 *
 * Otter gives start times only, so a paragraph lasts until the next one starts and
 * the last one lasts 0 ms (we do not invent an end the file does not give).
 */
import { isNameLike } from './labels.ts';
import { lineParserResult } from './text.ts';
import { parseClock } from './timecode.ts';
import type { ParsedTranscript, Turn } from './types.ts';

// Otter separates name and time with two spaces (or a tab); one space would make a
// paragraph like "Call me at 10:30" look like a header. (One quantifier for the gap:
// two adjacent ones over the same spaces backtrack quadratically on long blank runs.)
const HEADER = /^[ \t]*(\S[^\n]{0,60}?)(?:[ \t]{2,}|\t)(\d{1,3}:\d{2}(?::\d{2})?)[ \t]*$/;
const FOOTER = /^[ \t]*Transcribed by[ \t]+https?:\/\/(?:www\.)?otter\.ai\S*[ \t]*$/i;

/** A header line's speaker and start time, or null. */
export function matchOtterHeader(line: string): { speaker: string; startMs: number } | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const speaker = m[1].trim().replace(/\s+/g, ' ');
  if (!isNameLike(speaker)) return null;
  const startMs = parseClock(m[2]);
  return startMs === null ? null : { speaker, startMs };
}

export function isOtterFooter(line: string): boolean {
  return FOOTER.test(line);
}

export function parseOtter(text: string): ParsedTranscript {
  const segments: Turn[] = [];
  const preamble: string[] = [];
  let current: Turn | null = null;

  for (const line of text.split('\n')) {
    if (!line.trim() || isOtterFooter(line)) continue;
    const header = matchOtterHeader(line);
    if (header) {
      if (current) current.endMs = header.startMs;
      current = { speaker: header.speaker, startMs: header.startMs, endMs: header.startMs, text: '' };
      segments.push(current);
    } else if (current) {
      current.text = current.text ? `${current.text} ${line.trim()}` : line.trim();
    } else {
      preamble.push(line);
    }
  }
  // A header with no paragraph below it says nothing; drop it but keep timing of neighbours.
  return lineParserResult('otter', segments, preamble);
}
