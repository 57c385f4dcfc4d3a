/**
 * Text plumbing shared by the built-in fact extractors: a length-preserving
 * normalisation (so offsets found on the normalised text slice the original),
 * sentence splitting with wink-nlp, and the call-wide sentence list.
 * Must not: know about facts; it only cuts text into addressable pieces.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Turn } from '../../../parsing/types.ts';

let nlpInstance: ReturnType<typeof winkNLP> | null = null;
/**
 * wink-nlp loads its model once per process (about 30 ms); sentence splitting is all we ask of it,
 * so its pipe is sentence boundaries only (issue 11): the default pipe also tags parts of speech,
 * entities, negation and sentiment on every token — most of wink's time — and none of them changes
 * the tokens or the boundaries that sentences() returns (sbd runs first, on the tokens alone).
 */
function nlp(): ReturnType<typeof winkNLP> {
  if (nlpInstance && docsRead >= DOCS_PER_INSTANCE) {
    nlpInstance = null;
    docsRead = 0;
  }
  nlpInstance ??= winkNLP(model, ['sbd']);
  docsRead++;
  return nlpInstance;
}

/**
 * Turns read by one wink-nlp instance before it is replaced (issue 11, memory): its token cache
 * keeps every word it has not seen before — names, figures — for the life of the instance, so a
 * long-lived worker grew without bound (about 1 MB per 1,000 turns of new words). A fresh instance
 * costs about 80 ms of CPU, once per this many turns (some 40 long calls). Sentence boundaries do
 * not depend on what the cache has seen (checked: the golden outputs are the same with a fresh
 * instance every 40 turns).
 */
const DOCS_PER_INSTANCE = 20_000;
let docsRead = 0;

/**
 * Same length as the input, one char for one char: curly quotes become straight,
 * no-break and thin spaces become plain spaces, the Unicode hyphens become '-'.
 */
export function normalize(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch.length === 2) {
      out += ch; // astral chars keep their two UTF-16 units
      continue;
    }
    switch (code) {
      case 0x2018:
      case 0x2019:
      case 0x02bc:
        out += "'";
        break;
      case 0x201c:
      case 0x201d:
        out += '"';
        break;
      case 0x00a0:
      case 0x2007:
      case 0x2009:
      case 0x202f:
        out += ' ';
        break;
      case 0x2010:
      case 0x2011:
        out += '-';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

export interface Span {
  start: number;
  end: number;
}

/** Splits a turn's text into sentences; offsets refer to `text`. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.trim()) return spans;
  let pieces: string[];
  try {
    pieces = nlp().readDoc(text).sentences().out() as string[];
  } catch {
    pieces = text.split(/(?<=[.!?])\s+(?=[A-Z"'(])/);
  }
  let pos = 0;
  for (const piece of pieces) {
    const p = piece.trim();
    if (!p) continue;
    let at = text.indexOf(p, pos);
    if (at < 0) {
      // wink re-spaced the tokens; find the sentence by its first few chars instead.
      const head = p.slice(0, Math.min(12, p.length));
      at = text.indexOf(head, pos);
      if (at < 0) continue;
      const nextHeadAt = (() => {
        const idx = pieces.indexOf(piece);
        const next = pieces[idx + 1]?.trim();
        if (!next) return text.length;
        const n = text.indexOf(next.slice(0, Math.min(12, next.length)), at + head.length);
        return n < 0 ? text.length : n;
      })();
      spans.push({ start: at, end: trimEnd(text, nextHeadAt) });
      pos = nextHeadAt;
      continue;
    }
    spans.push({ start: at, end: at + p.length });
    pos = at + p.length;
  }
  if (!spans.length) spans.push({ start: 0, end: text.length });
  return mergeAbbreviationSplits(text, spans);
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** wink occasionally ends a sentence on "a.m." / "p.m." / "Mr." when the next word is capitalised; glue those back. */
function mergeAbbreviationSplits(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev) {
      const prevText = text.slice(prev.start, prev.end);
      const curText = text.slice(s.start, s.end);
      if (/\b(?:[ap]\.m\.|Mr\.|Mrs\.|Ms\.|Dr\.|St\.|vs\.|e\.g\.|i\.e\.)$/i.test(prevText) && /^(?:Pacific|Eastern|Central|Mountain|[A-Z]{2,4}T\b|[a-z])/.test(curText)) {
        prev.end = s.end;
        continue;
      }
    }
    out.push({ ...s });
  }
  return out;
}

export interface Sentence {
  /** Index in the call-wide sentence list. */
  index: number;
  turnIndex: number;
  speaker: string;
  /** Original text, exactly as in the turn. */
  text: string;
  /** normalize(text): same length, straight quotes, plain spaces. */
  norm: string;
  /** Lower-cased norm. */
  lower: string;
  isQuestion: boolean;
}

export function sentencesOf(turns: Turn[]): Sentence[] {
  const out: Sentence[] = [];
  turns.forEach((turn, turnIndex) => {
    const text = turn.text.replace(/\s+/g, ' ').trim();
    for (const span of splitSentences(text)) {
      const t = text.slice(span.start, span.end).trim();
      if (!t) continue;
      const norm = normalize(t);
      out.push({
        index: out.length,
        turnIndex,
        speaker: turn.speaker,
        text: t,
        norm,
        lower: norm.toLowerCase(),
        isQuestion: /\?\s*["')]?$/.test(norm),
      });
    }
  });
  return out;
}

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const LETTER = /\p{L}/u;
/** Whether code point cp is a letter (or, unless lettersOnly, an ASCII digit): ASCII answered without a pattern. */
function isWordEdge(cp: number | undefined, lettersOnly: boolean): boolean {
  if (cp === undefined) return false;
  if (cp < 128) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || (!lettersOnly && cp >= 48 && cp <= 57);
  return LETTER.test(String.fromCodePoint(cp));
}

/**
 * Where `word` stands whole in `text`: no letter (and, unless `lettersOnly`, no digit) right before or after it,
 * left to right without overlaps — what `(?<![\p{L}\d])word(?![\p{L}\d])` with the flags `gu` finds, without
 * compiling a pattern per word (the feature builders ask this of every name of a call; compiling cost more than all
 * the searching). `first` stops at the first place found.
 */
export function wholeWordAt(text: string, word: string, lettersOnly = false, first = false): number[] {
  const out: number[] = [];
  if (!word) return out;
  for (let i = text.indexOf(word); i >= 0; ) {
    const end = i + word.length;
    if (!isWordEdge(codePointBefore(text, i), lettersOnly) && !isWordEdge(text.codePointAt(end), lettersOnly)) {
      out.push(i);
      if (first) break;
      i = text.indexOf(word, end);
    } else i = text.indexOf(word, i + 1);
  }
  return out;
}

/** Whether `word` stands whole anywhere in `text` (see wholeWordAt). */
export const hasWholeWord = (text: string, word: string, lettersOnly = false): boolean => wholeWordAt(text, word, lettersOnly, true).length > 0;

/** The code point that ends right before index i (a whole surrogate pair when there is one). */
function codePointBefore(text: string, i: number): number | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(i - 2);
  }
  return low;
}

/** "DANA WHITFIELD" -> "Dana Whitfield"; names already in mixed case are kept. */
export function displayName(name: string): string {
  if (name !== name.toUpperCase() || !/[A-Z]/.test(name)) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s'-])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
}

export function firstName(name: string): string {
  return displayName(name).split(/\s+/)[0] ?? name;
}

/** Cuts a long sentence at a word boundary, never mid-word. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const at = cut.lastIndexOf(' ');
  return (at > max * 0.6 ? cut.slice(0, at) : cut).replace(/[,;:]$/, '') + '…';
}
