/**
 * Small text helpers for the built-in planner's answers: display names,
 * dates, percentages, lists, and the lexical check that a passage really
 * contains the words asked about.
 */
import { fold } from '../../lexicon.ts';
import { formatDay } from '../../periods.ts';

/** "DECLAN MAYHEW" → "Declan Mayhew"; other names unchanged. */
export function displayName(name: string | null | undefined): string {
  if (!name) return 'someone';
  if (name === name.toUpperCase() && /\p{L}/u.test(name)) return name.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
  return name;
}

export function day(iso: string | null | undefined): string {
  return iso ? formatDay(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : 'an unknown date';
}

export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function quote(s: string, max = 220): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `"${t.length > max ? `${t.slice(0, max - 1)}…` : t}"`;
}

const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'and', 'or', 'for', 'with', 'about', 'our', 'their', 'what', 'which', 'who', 'is', 'are', 'was', 'were', 'do', 'does', 'did', 'any', 'it', 'we', 'they']);

/** The content words of a phrase (folded), for lexical checks. */
export function contentWords(phrase: string): string[] {
  return fold(phrase)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 1 && !STOPWORDS.has(w));
}

/** True when every content word of `phrase` starts a word of `text` (so "price" finds "pricing"). */
export function mentions(text: string, phrase: string): boolean {
  const words = contentWords(phrase);
  if (words.length === 0) return false;
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return words.every((w) => t.includes(` ${w.length > 4 ? w.slice(0, Math.max(4, w.length - 2)) : w}`));
}
