/**
 * WebVTT: Zoom-style "Name: text" cues and <v Name> voice tags (closed or not).
 * Owns: which VTT blocks are not cues (header, NOTE, STYLE, REGION). Cue settings
 * after the timing are ignored by the shared timing parser. Must not: handle SRT quirks.
 */
import { cuesToSegments, scanCues } from './cues.ts';
import { mergeSegments, uniqueSpeakers } from './text.ts';
import type { ParsedTranscript } from './types.ts';

const NON_CUE_BLOCK = /^(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)/;

export function parseVtt(text: string): ParsedTranscript {
  const turns = mergeSegments(cuesToSegments(scanCues(text, (line) => NON_CUE_BLOCK.test(line), 'vtt')));
  return { format: 'vtt', turns, participants: uniqueSpeakers(turns).map((name) => ({ name })), meetingAt: null };
}
