/**
 * The names the built-in planner recognises in a question: accounts, people,
 * competitors (from the current outputs, through the stellar_api views and the
 * knowledge graph). Loaded once per question; matched case- and
 * accent-insensitively, by the full name or a distinctive first word
 * ("Halden" for "Halden Foods", "Owen" only when one person has that name).
 * Must not: decide what a question means.
 */
import type { Db } from '../db/index.ts';

export interface LexiconEntry {
  name: string;
  /** Lower-case keys that select it in a question. */
  keys: string[];
}

export interface Lexicon {
  accounts: LexiconEntry[];
  people: (LexiconEntry & { side: string })[];
  competitors: LexiconEntry[];
}

const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'group', 'services', 'service', 'supply', 'foods', 'company', 'systems', 'solutions', 'medical', 'creek']);
const LEGAL = /\b(inc|llc|ltd|gmbh|a\/s|as|ab|plc|corp|co)\.?$/i;

export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/å/g, 'a').toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
}

function keysOf(name: string, firstWordOk: (w: string) => boolean): string[] {
  const full = fold(name).replace(LEGAL, '').trim();
  const keys = [full];
  const first = full.split(' ')[0]!;
  if (first !== full && first.length >= 4 && !STOP.has(first) && firstWordOk(first)) keys.push(first);
  return keys;
}

export async function loadLexicon(db: Db): Promise<Lexicon> {
  const [accounts, people, competitors] = await Promise.all([
    db.selectFrom('stellar_api.calls').select('account').distinct().where('account', 'is not', null).execute(),
    db
      .selectFrom('stellar.entities as e')
      .innerJoin('stellar.current_stage_run as c', (j) => j.onRef('c.run_id', '=', 'e.run_id').on('c.stage', '=', 'link_graph'))
      .select(['e.name', 'e.attrs'])
      .where('e.kind', '=', 'person')
      .execute(),
    db.selectFrom('stellar_api.competitor_mentions').select('competitor').distinct().execute(),
  ]);
  const personNames = new Map<string, { name: string; side: string }>();
  for (const p of people) {
    const k = fold(p.name);
    if (!personNames.has(k)) personNames.set(k, { name: p.name, side: String((p.attrs as { side?: unknown })?.side ?? 'unknown') });
  }
  const firstNames = new Map<string, number>();
  for (const k of personNames.keys()) {
    const f = k.split(' ')[0]!;
    firstNames.set(f, (firstNames.get(f) ?? 0) + 1);
  }
  return {
    accounts: accounts.map((a) => ({ name: a.account!, keys: keysOf(a.account!, () => true) })),
    people: [...personNames.values()].map((p) => ({ ...p, keys: keysOf(p.name, (w) => firstNames.get(w) === 1) })),
    competitors: competitors.map((c) => ({ name: c.competitor, keys: [fold(c.competitor)] })),
  };
}

/** Entries named in the text, in order of appearance (longest key wins at one place). */
export function findIn<T extends LexiconEntry>(text: string, entries: readonly T[]): T[] {
  const t = ` ${fold(text).replace(/[^\p{L}\p{N}' &/-]+/gu, ' ')} `;
  const hits: { at: number; len: number; e: T }[] = [];
  for (const e of entries) {
    let best: { at: number; len: number } | null = null;
    for (const k of e.keys) {
      const re = new RegExp(`[^\\p{L}\\p{N}]${k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:'s)?(?=[^\\p{L}\\p{N}])`, 'u');
      const m = re.exec(t);
      if (m && (!best || k.length > best.len)) best = { at: m.index, len: k.length };
    }
    if (best) hits.push({ ...best, e });
  }
  return hits.sort((a, b) => a.at - b.at || b.len - a.len).map((h) => h.e);
}
