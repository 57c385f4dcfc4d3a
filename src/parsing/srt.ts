/**
 * SubRip (SRT): numbered cues, "hh:mm:ss,mmm --> hh:mm:ss,mmm", text wrapped over
 * 2–3 lines with the "NAME:" label on the first line only.
 * Owns: SRT entry point. Labels stay as written (upper case included); use
 * displayName() for a Title Case form. Must not: rewrite speaker names.
 */
import { cuesToSegments, scanCues } from './cues.ts';
import { mergeSegments, uniqueSpeakers } from './text.ts';
import type { ParsedTranscript } from './types.ts';

export function parseSrt(text: string): ParsedTranscript {
  const turns = mergeSegments(cuesToSegments(scanCues(text, undefined, 'srt')));
  return { format: 'srt', turns, participants: uniqueSpeakers(turns).map((name) => ({ name })), meetingAt: null, title: null };
}
