/**
 * WebVTT: Zoom-style "Name: text" cues and <v Name> voice tags (closed or not).
 * Owns: which VTT blocks are not cues (header, NOTE, STYLE, REGION), and a meeting
 * date and title written in the header or NOTE lines before the first cue. Cue settings
 * after the timing are ignored by the shared timing parser. Must not: handle SRT quirks.
 */
import { cuesToSegments, scanCues } from './cues.ts';
import { meetingAtFromPreamble, titleFromPreamble } from './preamble.ts';
import { mergeSegments, uniqueSpeakers } from './text.ts';
import type { ParsedTranscript } from './types.ts';

const NON_CUE_BLOCK = /^(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)/;

export function parseVtt(text: string): ParsedTranscript {
  const turns = mergeSegments(cuesToSegments(scanCues(text, (line) => NON_CUE_BLOCK.test(line), 'vtt')));
  // The header and NOTE lines before the first cue may carry the meeting date ("NOTE Recorded 2027-03-04").
  const lines = text.split('\n');
  const firstCue = lines.findIndex((l) => l.includes('-->'));
  const head = (firstCue < 0 ? lines : lines.slice(0, firstCue)).filter((l) => !/^\s*\d+\s*$/.test(l));
  return { format: 'vtt', turns, participants: uniqueSpeakers(turns).map((name) => ({ name })), meetingAt: meetingAtFromPreamble(head), title: titleFromPreamble(head) };
}
