/**
 * What WebVTT and SRT share: cue blocks ("start --> end" then text lines) and how a
 * cue gets its speaker — a <v Name> voice tag, or a "Name: text" label on the cue's
 * first line; a cue with neither continues the previous speaker (captioners label
 * only where the speaker changes, and long turns span many cues).
 * Owns: cue scanning and speaker assignment. Must not: decide which format a file is.
 *
 * Malformed cues are refused, not dropped (issue 11): the first cue whose timing
 * is not valid (timingProblem: 61 seconds, a comma in WebVTT, no "-->"), that
 * ends before it starts, or that starts before the cue before it throws
 * TranscriptParseError('invalid_cue') naming the cue (1-based) and its line.
 */
import { judgeFor } from './labels.ts';
import { TranscriptParseError } from './errors.ts';
import { formatClock, MAX_TIME_MS, parseTiming, timingProblem } from './timecode.ts';
import type { Turn } from './types.ts';

export interface RawCue {
  startMs: number;
  endMs: number;
  lines: string[];
}

/** Name used for cue text spoken before any speaker is known; never invented otherwise. */
export const UNKNOWN_SPEAKER = 'Unknown speaker';

/**
 * Scan lines into cues. A blank line ends a cue (both specs say so); lines of a block
 * before its timing line are a cue identifier; `skipBlock` names blocks to ignore whole
 * (the WEBVTT header, NOTE, STYLE, REGION). A bare number just before a timing line is
 * an SRT index even when the blank line before it is missing.
 */
export function scanCues(text: string, skipBlock: (firstLine: string) => boolean = () => false, format: 'vtt' | 'srt' = 'srt'): RawCue[] {
  const cues: RawCue[] = [];
  let cue: RawCue | null = null;
  let atBlockStart = true;
  let skipping = false;
  let lineNo = 0;
  const sep = format === 'vtt' ? '.' : ',';
  const bad = (why: string): never => {
    const where = `cue ${cues.length + 1} (line ${lineNo})`;
    throw new TranscriptParseError('invalid_cue', `${where}: ${why}`, where);
  };
  for (const line of text.split('\n')) {
    lineNo++;
    if (!line.trim()) {
      cue = null;
      skipping = false;
      atBlockStart = true;
      continue;
    }
    if (atBlockStart && skipBlock(line)) skipping = true;
    atBlockStart = false;
    if (skipping) continue;
    const problem = timingProblem(line, format);
    if (problem) bad(problem);
    const timing = parseTiming(line);
    if (timing) {
      if (timing.endMs < timing.startMs) bad(`it ends (${formatClock(timing.endMs, sep)}) before it starts (${formatClock(timing.startMs, sep)})`);
      if (timing.endMs > MAX_TIME_MS) bad(`${formatClock(timing.endMs, sep)} is past ${MAX_TIME_MS / 3_600_000} hours`);
      const prev = cues[cues.length - 1];
      if (prev && timing.startMs < prev.startMs) bad(`it starts (${formatClock(timing.startMs, sep)}) before the cue before it (${formatClock(prev.startMs, sep)}): cues must be in time order`);
      if (cue && cue.lines.length > 0 && /^\s*\d+\s*$/.test(cue.lines[cue.lines.length - 1])) cue.lines.pop();
      cue = { ...timing, lines: [] };
      cues.push(cue);
    } else if (cue) {
      cue.lines.push(line);
    }
  }
  return cues;
}

// Bounded and stopping at "<": an unclosed "<v <v <v …" line must stay linear.
const VOICE = /<v(?:\.[^\s<>]{0,64})?(?:[ \t]+([^<>\n]{0,200}))?>/g;
const VOICE_TEST = /<v(?:\.[^\s<>]{0,64})?(?:[ \t]+[^<>\n]{0,200})?>/;

/** Remove markup and entities; collapse whitespace (line wraps in cues are presentation). */
export function cleanCueText(raw: string): string {
  return decodeEntities(
    raw
      // Only caption markup: transcribers' own annotations like "<affirmative>" are words.
      .replace(/<\/?(?:c|i|b|u|s|v|ruby|rt|lang|font|span)(?:[.\s][^<>\n]*)?>|<\d{1,3}(?::\d{2}){1,2}[.,]\d{1,3}>/gi, '')
      .replace(/\{\\[^{}\n]*\}/g, ''), // SRT/ASS positioning like {\an8}
  )
    // Not \s: a no-break space inside "€52 000" is part of the text, not a line wrap.
    .replace(/[ \t\n\f\v]+/g, ' ')
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,6});/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[body] ?? m;
  });
}

/** Turn cues into speaker segments (not yet merged). */
export function cuesToSegments(cues: readonly RawCue[]): Turn[] {
  const hasVoice = (c: RawCue) => c.lines.some((l) => VOICE_TEST.test(l));
  // Labels are judged across the whole file, from cue first lines only.
  const judge = judgeFor(cues.filter((c) => !hasVoice(c) && c.lines.length > 0).map((c) => c.lines[0]));
  const segments: Turn[] = [];
  let speaker: string | null = null;
  let sawSpeaker = false;

  const push = (who: string | null, raw: string, c: RawCue) => {
    const text = cleanCueText(raw);
    if (!text) return;
    segments.push({ speaker: who ?? UNKNOWN_SPEAKER, startMs: c.startMs, endMs: c.endMs, text });
  };

  for (const c of cues) {
    const payload = c.lines.join('\n');
    if (hasVoice(c)) {
      VOICE.lastIndex = 0;
      const spans: Array<{ who: string | null; from: number; tagAt: number }> = [];
      for (let m = VOICE.exec(payload); m; m = VOICE.exec(payload)) {
        const who = (m[1] ?? '').trim().replace(/\s+/g, ' ');
        spans.push({ who: who || null, from: m.index + m[0].length, tagAt: m.index });
      }
      if (spans.length === 0) {
        push(speaker, payload, c);
        continue;
      }
      push(speaker, payload.slice(0, spans[0].tagAt), c);
      spans.forEach((s, i) => {
        if (s.who) {
          speaker = s.who;
          sawSpeaker = true;
        }
        push(speaker, payload.slice(s.from, i + 1 < spans.length ? spans[i + 1].tagAt : undefined), c);
      });
      continue;
    }
    const first = c.lines.length > 0 ? judge.match(c.lines[0]) : null;
    if (first) {
      speaker = first.speaker;
      sawSpeaker = true;
      push(speaker, [first.text, ...c.lines.slice(1)].join('\n'), c);
    } else {
      push(speaker, payload, c);
    }
  }
  // Captions with no speaker anywhere are not a conversation we can attribute.
  return sawSpeaker ? segments : [];
}
