/**
 * Plain text: "Name: text" lines (also AMI-style "Role: text" and "Speaker 1: text").
 * Owns: line → turn assignment for plain text. Must not: detect formats or merge rules
 * beyond calling mergeSegments.
 *
 * A line that does not start with an accepted label (see labels.ts) continues the
 * current speaker's turn — whether it follows a blank line or another unlabelled line.
 * Lines before the first label are a preamble (title, date), not a turn.
 */
import { judgeFor } from './labels.ts';
import { lineParserResult } from './text.ts';
import type { ParsedTranscript, Turn } from './types.ts';

export function parsePlain(text: string): ParsedTranscript {
  const lines = text.split('\n');
  const judge = judgeFor(lines);
  const segments: Turn[] = [];
  const preamble: string[] = [];
  let current: Turn | null = null;

  for (const line of lines) {
    const labelled = judge.match(line);
    if (labelled) {
      current = { speaker: labelled.speaker, startMs: null, endMs: null, text: labelled.text.trim() };
      segments.push(current);
    } else if (!line.trim()) {
      continue;
    } else if (current) {
      current.text = current.text ? `${current.text} ${line.trim()}` : line.trim();
    } else {
      preamble.push(line);
    }
  }

  return lineParserResult('plain', segments, preamble);
}
