/**
 * Conversation metrics computed exactly from the turns (no model involved).
 * Owns: talk time, questions, monologues, interactivity, patience, fillers.
 * Must not: call a provider or touch the database.
 */
import type { Turn } from '../../parsing/types.ts';

export type Side = 'seller' | 'buyer' | 'unknown';

export interface SpeakerMetrics {
  speaker: string;
  side: Side;
  talkMs: number;
  /** talkMs / total talk, 0..1 */
  share: number;
  words: number;
  questions: number;
  turns: number;
  fillerWords: number;
}

export interface SideMetrics {
  talkMs: number;
  share: number;
  words: number;
  questions: number;
}

export interface Monologue {
  speaker: string;
  side: Side;
  startMs: number;
  endMs: number;
  durationMs: number;
  words: number;
}

export interface CoachingMetrics {
  /** 'timestamps' when the file had times; 'words' when time is estimated at 150 words/minute. */
  timeBasis: 'timestamps' | 'words';
  durationMs: number;
  totalTalkMs: number;
  speakers: SpeakerMetrics[];
  sides: Record<Side, SideMetrics>;
  /** Longest run of consecutive segments by one speaker. */
  longestMonologue: Monologue | null;
  /** Longest such run by a buyer-side speaker. */
  longestCustomerStory: Monologue | null;
  /** Speaker switches per minute of call. */
  interactivity: number;
  /** Mean pause (ms) before a seller answers a buyer; null without timestamps or such answers. */
  patienceMs: number | null;
  fillerWordsPerMinute: number;
  nextStepsSet: number;
}

// ---------------------------------------------------------------------------
// Computation
// ---------------------------------------------------------------------------


/** Speaking rate used when a file has no timestamps (words per minute). */
export const WORDS_PER_MINUTE = 150;
const MS_PER_WORD = 60_000 / WORDS_PER_MINUTE; // 400 ms

/** Transcription markers such as AMI's `{vocalsound}` / `{disfmarker}` / `{gap}` are not speech. */
const MARKER = /\{[^{}\s]*\}/g;

/** Words = whitespace-separated tokens that contain a letter or digit (markers removed). */
export function countWords(text: string): number {
  let n = 0;
  for (const tok of text.replace(MARKER, ' ').split(/\s+/)) if (/[\p{L}\p{N}]/u.test(tok)) n++;
  return n;
}

/** Questions = number of question marks (ASCII and full-width). */
export function countQuestions(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '?' || ch === '？') n++;
  return n;
}

/**
 * Filler words. The list is deliberately short and documented, because "like"
 * or "so" as fillers can't be told from their normal use without a parser:
 *   single words: um, uh, erm, er, ah, hmm (with stretched spellings: umm, uhh, hmmm),
 *                 basically, actually, literally;
 *   phrases:      "you know" (not after do/did/don't/didn't/if/as), "i mean", "sort of", "kind of".
 */
export const FILLER_WORDS = ['um', 'uh', 'erm', 'er', 'ah', 'hmm', 'basically', 'actually', 'literally'] as const;
export const FILLER_PHRASES = ['you know', 'i mean', 'sort of', 'kind of'] as const;
const FILLER_SINGLE = /^(?:u+m+|u+h+|e+r+m+|e+r+|a+h+|h+m+|basically|actually|literally)$/;
const YOU_KNOW_NOT_FILLER = new Set(['do', 'did', 'dont', 'didnt', 'if', 'as']);

function fillerTokens(text: string): string[] {
  return text
    .replace(MARKER, ' ')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function countFillers(text: string): number {
  const t = fillerTokens(text);
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (FILLER_SINGLE.test(t[i])) {
      n++;
      continue;
    }
    const next = t[i + 1];
    if (next === undefined) continue;
    const pair = `${t[i]} ${next}`;
    if (pair === 'you know' && i > 0 && YOU_KNOW_NOT_FILLER.has(t[i - 1])) continue;
    if ((FILLER_PHRASES as readonly string[]).includes(pair)) {
      n++;
      i++; // a phrase's words are not counted again
    }
  }
  return n;
}

interface Segment {
  speaker: string;
  side: Side;
  start: number;
  end: number;
  /** true when the end came from the file (not inferred from the next start). */
  explicitEnd: boolean;
  /** Speech time when less than end − start (a merged turn with silences between its cues). */
  talk?: number;
  words: number;
  questions: number;
  fillers: number;
}

/** One run of consecutive segments by the same speaker. */
interface Run {
  speaker: string;
  side: Side;
  start: number;
  end: number;
  explicitEnd: boolean;
  words: number;
}

/**
 * Computes every conversation metric exactly from the turns.
 *
 * Time basis: 'timestamps' when every turn has a start time; a turn without an
 * end (Otter exports) lasts until the next turn starts and the last one counts 0.
 * Otherwise (or when the timestamps add up to no talk at all) every word counts
 * 60000/150 = 400 ms and the segments are laid end to end — timeBasis 'words'.
 *
 * patienceMs is null without timestamps, without explicit end times, or when
 * every turn ends exactly where the next begins (ends inferred, not measured).
 *
 * fillerWordsPerMinute is the seller side's fillers per minute of seller talk
 * (the rep is who is coached); when no speaker is known to be a seller, all
 * speakers' fillers per minute of total talk.
 */
export function computeCoachingMetrics(
  turns: Turn[],
  sides: Record<string, Side>,
  opts: { nextStepsSet?: number } = {},
): CoachingMetrics {
  const sideOf = (speaker: string): Side => sides[speaker] ?? 'unknown';
  const counted = turns.map((t) => ({
    turn: t,
    words: countWords(t.text),
    questions: countQuestions(t.text),
    fillers: countFillers(t.text),
  }));

  let timeBasis: 'timestamps' | 'words' =
    turns.length > 0 && turns.every((t) => typeof t.startMs === 'number' && Number.isFinite(t.startMs)) ? 'timestamps' : 'words';

  const build = (basis: 'timestamps' | 'words'): Segment[] => {
    let cursor = 0;
    return counted.map((c, i) => {
      const base = { speaker: c.turn.speaker, side: sideOf(c.turn.speaker), words: c.words, questions: c.questions, fillers: c.fillers };
      if (basis === 'words') {
        const start = cursor;
        cursor += c.words * MS_PER_WORD;
        return { ...base, start, end: cursor, explicitEnd: true };
      }
      const start = c.turn.startMs as number;
      let end: number;
      let explicitEnd = false;
      if (typeof c.turn.endMs === 'number' && Number.isFinite(c.turn.endMs)) {
        end = c.turn.endMs;
        explicitEnd = true;
      } else {
        const next = turns[i + 1];
        end = next && typeof next.startMs === 'number' ? next.startMs : start;
      }
      const talk = explicitEnd && typeof c.turn.talkMs === 'number' ? Math.min(c.turn.talkMs, Math.max(0, end - start)) : undefined;
      return { ...base, start, end: Math.max(start, end), explicitEnd, ...(talk === undefined ? {} : { talk }) };
    });
  };

  let segments = build(timeBasis);
  // The silence between merged cues of one turn is not talk.
  const talkOf = (s: Segment) => s.talk ?? s.end - s.start;
  if (timeBasis === 'timestamps' && segments.reduce((a, s) => a + talkOf(s), 0) === 0 && segments.some((s) => s.words > 0)) {
    timeBasis = 'words';
    segments = build('words');
  }

  // Runs of consecutive segments by one speaker.
  const runs: Run[] = [];
  for (const s of segments) {
    const last = runs[runs.length - 1];
    if (last && last.speaker === s.speaker) {
      last.end = Math.max(last.end, s.end);
      last.explicitEnd = s.explicitEnd;
      last.words += s.words;
    } else {
      runs.push({ speaker: s.speaker, side: s.side, start: s.start, end: s.end, explicitEnd: s.explicitEnd, words: s.words });
    }
  }

  // Per speaker, in order of first appearance.
  const bySpeaker = new Map<string, SpeakerMetrics>();
  for (const s of segments) {
    let m = bySpeaker.get(s.speaker);
    if (!m) {
      m = { speaker: s.speaker, side: s.side, talkMs: 0, share: 0, words: 0, questions: 0, turns: 0, fillerWords: 0 };
      bySpeaker.set(s.speaker, m);
    }
    m.talkMs += talkOf(s);
    m.words += s.words;
    m.questions += s.questions;
    m.fillerWords += s.fillers;
  }
  for (const r of runs) bySpeaker.get(r.speaker)!.turns++;
  const speakers = [...bySpeaker.values()];
  const totalTalkMs = speakers.reduce((a, m) => a + m.talkMs, 0);
  for (const m of speakers) m.share = totalTalkMs > 0 ? m.talkMs / totalTalkMs : 0;

  const sidesOut: Record<Side, SideMetrics> = {
    seller: { talkMs: 0, share: 0, words: 0, questions: 0 },
    buyer: { talkMs: 0, share: 0, words: 0, questions: 0 },
    unknown: { talkMs: 0, share: 0, words: 0, questions: 0 },
  };
  for (const m of speakers) {
    const s = sidesOut[m.side];
    s.talkMs += m.talkMs;
    s.words += m.words;
    s.questions += m.questions;
  }
  for (const s of Object.values(sidesOut)) s.share = totalTalkMs > 0 ? s.talkMs / totalTalkMs : 0;

  const durationMs = segments.length
    ? Math.max(...segments.map((s) => s.end)) - Math.min(...segments.map((s) => s.start))
    : 0;

  const toMonologue = (r: Run): Monologue => ({
    speaker: r.speaker,
    side: r.side,
    startMs: r.start,
    endMs: r.end,
    durationMs: r.end - r.start,
    words: r.words,
  });
  const longest = (pool: Run[]): Monologue | null => {
    let best: Run | null = null;
    for (const r of pool) if (!best || r.end - r.start > best.end - best.start) best = r;
    return best ? toMonologue(best) : null;
  };

  const switches = Math.max(0, runs.length - 1);
  const interactivity = durationMs > 0 ? switches / (durationMs / 60_000) : 0;

  // Patience: pause between a buyer run's (file-given) end and the next seller run's start.
  // When every turn ends exactly where the next starts, the ends were inferred
  // (an Otter export turned into start/end by the parser): there are no real
  // pauses to measure, so patience stays null rather than a misleading 0.
  const gapless = segments.length > 1 && segments.every((s, i) => i === 0 || s.start === segments[i - 1].end);
  let patienceMs: number | null = null;
  if (timeBasis === 'timestamps' && !gapless) {
    const pauses: number[] = [];
    for (let i = 0; i + 1 < runs.length; i++) {
      const a = runs[i];
      const b = runs[i + 1];
      if (a.side === 'buyer' && b.side === 'seller' && a.explicitEnd) pauses.push(Math.max(0, b.start - a.end));
    }
    if (pauses.length) patienceMs = pauses.reduce((x, y) => x + y, 0) / pauses.length;
  }

  const sellerSpeakers = speakers.filter((m) => m.side === 'seller');
  const fillerPool = sellerSpeakers.length ? sellerSpeakers : speakers;
  const poolFillers = fillerPool.reduce((a, m) => a + m.fillerWords, 0);
  const poolTalk = fillerPool.reduce((a, m) => a + m.talkMs, 0);
  const fillerWordsPerMinute = poolTalk > 0 ? poolFillers / (poolTalk / 60_000) : 0;

  return {
    timeBasis,
    durationMs,
    totalTalkMs,
    speakers,
    sides: sidesOut,
    longestMonologue: longest(runs),
    longestCustomerStory: longest(runs.filter((r) => r.side === 'buyer')),
    interactivity,
    patienceMs,
    fillerWordsPerMinute,
    nextStepsSet: opts.nextStepsSet ?? 0,
  };
}
