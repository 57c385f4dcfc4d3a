/**
 * Speaker-aware chunking of a call for search (the `chunk` stage).
 * Owns: sentence splitting and packing turns into ~200-word chunks whose text
 * names every speaker ("Maria Delgado: …"). Must not: embed, call a model or
 * touch the database. Deterministic.
 *
 * Rules: a chunk is built from whole sentences; a turn longer than the target
 * is split at sentence boundaries; only a single sentence longer than
 * MAX_WORDS (run-on speech without punctuation) is cut, at word boundaries.
 * Times of a split turn are interpolated by word position when the turn has
 * both a start and an end.
 *
 * Sides: given each speaker's side (from the call's facts), a chunk never
 * mixes the buyer side with the seller side, so search can filter "what
 * buyers said" exactly; consecutive turns of one side still pack together.
 * Every chunk records the turn indexes it covers (for citations).
 */
import type { Turn } from '../../parsing/types.ts';

export const TARGET_WORDS = 200;
/** A chunk may grow to this size to avoid leaving a sentence behind. */
export const SOFT_MAX_WORDS = 250;
/** A single sentence longer than this is cut at word boundaries. */
export const MAX_WORDS = 300;

export type ChunkSide = 'buyer' | 'seller';

export interface Chunk {
  idx: number;
  /** Speakers in order of first appearance in the chunk. */
  speakers: string[];
  /** The side every speaker of the chunk is on, or null when unknown. */
  side: ChunkSide | null;
  /** Indexes (in the turn list) of the first and last turn the chunk covers. */
  turnFrom: number;
  turnTo: number;
  startMs: number | null;
  endMs: number | null;
  text: string;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'approx',
  'e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const wordsOf = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * Splits text into sentences: a sentence ends at . ! ? … (possibly followed by
 * closing quotes/brackets) before whitespace, except after a known
 * abbreviation ("Mr.", "e.g.", "10 a.m.") or a single initial ("J.").
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?…。！？]+["'”’)\]]*(?=\s|$)/gu;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.') && m[0].length === 1) {
      const before = text.slice(from, m.index).match(/([\p{L}.]+)$/u)?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(before) || /^\p{L}$/u.test(before)) continue;
    }
    const s = text.slice(from, end).trim();
    if (s) out.push(s);
    from = end;
  }
  const rest = text.slice(from).trim();
  if (rest) out.push(rest);
  return out;
}

interface Piece {
  speaker: string;
  turn: number;
  side: ChunkSide | null;
  text: string;
  words: number;
  startMs: number | null;
  endMs: number | null;
}

/** Splits one turn into pieces of at most TARGET_WORDS (whole sentences; over-long sentences cut at MAX_WORDS). */
function splitTurn(turn: Turn, turnIdx: number, side: ChunkSide | null): Piece[] {
  const text = turn.text.replace(/\s+/g, ' ').trim();
  if (!text) return [];
  const total = wordsOf(text).length;
  const units: string[] = [];
  for (const s of splitSentences(text)) {
    const w = wordsOf(s);
    if (w.length <= MAX_WORDS) units.push(s);
    else for (let i = 0; i < w.length; i += TARGET_WORDS) units.push(w.slice(i, i + TARGET_WORDS).join(' '));
  }
  const groups: string[][] = [];
  let cur: string[] = [];
  let curWords = 0;
  for (const u of units) {
    const n = wordsOf(u).length;
    if (cur.length && curWords + n > TARGET_WORDS) {
      groups.push(cur);
      cur = [];
      curWords = 0;
    }
    cur.push(u);
    curWords += n;
  }
  if (cur.length) groups.push(cur);

  const timed = typeof turn.startMs === 'number' && typeof turn.endMs === 'number' && total > 0;
  let offset = 0;
  return groups.map((g, i) => {
    const t = g.join(' ');
    const n = wordsOf(t).length;
    const at = (k: number) => Math.round((turn.startMs as number) + (((turn.endMs as number) - (turn.startMs as number)) * k) / total);
    const piece: Piece = {
      speaker: turn.speaker,
      turn: turnIdx,
      side,
      text: t,
      words: n,
      startMs: timed ? at(offset) : i === 0 ? turn.startMs : null,
      endMs: timed ? at(offset + n) : i === groups.length - 1 ? turn.endMs : null,
    };
    offset += n;
    return piece;
  });
}

export interface ChunkOptions {
  /** Side of each speaker (by name); speakers not listed have no known side. */
  sides?: Readonly<Record<string, string>>;
}

const sideOf = (sides: Readonly<Record<string, string>>, speaker: string): ChunkSide | null => {
  const s = Object.hasOwn(sides, speaker) ? sides[speaker] : undefined;
  return s === 'buyer' || s === 'seller' ? s : null;
};

/**
 * Packs the turns into chunks of about TARGET_WORDS words; every line starts
 * with its speaker's name. A change of side (buyer/seller/unknown) starts a new chunk.
 */
export function chunkTurns(turns: Turn[], options: ChunkOptions = {}): Chunk[] {
  const sides = options.sides ?? {};
  const pieces = turns.flatMap((t, i) => splitTurn(t, i, sideOf(sides, t.speaker)));
  const chunks: Chunk[] = [];
  let cur: Piece[] = [];
  let curWords = 0;

  const flush = () => {
    if (!cur.length) return;
    const lines: { speaker: string; text: string }[] = [];
    for (const p of cur) {
      const last = lines[lines.length - 1];
      if (last && last.speaker === p.speaker) last.text += ` ${p.text}`;
      else lines.push({ speaker: p.speaker, text: p.text });
    }
    chunks.push({
      idx: chunks.length,
      speakers: [...new Set(cur.map((p) => p.speaker))],
      side: cur[0].side,
      turnFrom: cur[0].turn,
      turnTo: cur[cur.length - 1].turn,
      startMs: cur.find((p) => p.startMs !== null)?.startMs ?? null,
      endMs: [...cur].reverse().find((p) => p.endMs !== null)?.endMs ?? null,
      text: lines.map((l) => `${l.speaker}: ${l.text}`).join('\n'),
    });
    cur = [];
    curWords = 0;
  };

  for (const p of pieces) {
    const fits = curWords + p.words <= TARGET_WORDS || (curWords < TARGET_WORDS && curWords + p.words <= SOFT_MAX_WORDS);
    if (cur.length && (!fits || cur[0].side !== p.side)) flush();
    cur.push(p);
    curWords += p.words;
  }
  flush();
  return chunks;
}
