/**
 * Scores extracted call facts against hand-written truth (src/eval/expected.ts).
 * Owns: the matching rules per fact and the precision / recall / F1 arithmetic.
 * Must not: parse transcripts or run extraction; it compares two plain objects.
 *
 * Facts and how each is matched:
 *  - participants: (name, side) of everyone who spoke or is said to be present; a name matches by its
 *    display form ("DANA WHITFIELD" = "Dana Whitfield") or the speaker label. On a call the truth
 *    types internal or earnings, names only: such a call has no seller and buyer (issue 10), while
 *    truth sets differ on what to write there (`seller` for the company's own people, or `unknown`).
 *  - buyer / seller company, call type: right or wrong per call (accuracy);
 *    legal suffixes ("Inc.", "GmbH") and case are ignored, null = null is right.
 *  - competitors: names, one containing the other counts ("Mapquill" ~ "Mapquill Pro").
 *  - objection labels: the set of types per call.
 *  - amounts: value (to the cent) and currency.
 *  - next steps: owner (as for participants) and due date both equal; each
 *    found step matches at most one true step.
 */
import type { CallFacts } from '../agents/types.ts';
import type { ExpectedCall } from './expected.ts';

export const FACTS = ['participants', 'buyerCompany', 'sellerCompany', 'competitors', 'objections', 'amounts', 'nextSteps', 'callType'] as const;
export type FactName = (typeof FACTS)[number];
/** Facts scored as right/wrong per call rather than as sets. */
export const ACCURACY_FACTS: ReadonlySet<FactName> = new Set(['buyerCompany', 'sellerCompany', 'callType']);

/** Counts for one fact: set facts use tp/fp/fn, accuracy facts use right/total. */
export interface FactCount {
  tp: number;
  fp: number;
  fn: number;
  right: number;
  total: number;
}
export type CallScore = Record<FactName, FactCount> & { misses: string[] };

/** No items counted yet. */
export const zeroCount = (): FactCount => ({ tp: 0, fp: 0, fn: 0, right: 0, total: 0 });
/** Two counts summed (micro-averaging: every item weighs the same, whatever its call). */
export const addCounts = (a: FactCount, b: FactCount): FactCount => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, right: a.right + b.right, total: a.total + b.total });

/** "Dana Whitfield", "DANA WHITFIELD", " dana  whitfield " → "dana whitfield". */
export const normName = (s: string | null | undefined): string => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
const LEGAL = /[,.]?\s+(?:inc|incorporated|corp|corporation|co|company|llc|ltd|limited|gmbh|ag|plc|sa|bv|nv|pty|group|holdings)\.?$/i;
export const normCompany = (s: string | null | undefined): string => {
  let t = (s ?? '').trim();
  for (let k = 0; k < 2; k++) t = t.replace(LEGAL, '');
  return t.replace(/^the\s+/i, '').replace(/\s+/g, ' ').toLowerCase();
};

/** Two competitor names match when one contains the other, legal suffixes ignored ("Ledgerline" / "Ledgerline Inc."). */
export const sameCompetitor = (a: string, b: string): boolean => {
  const x = normCompany(a);
  const y = normCompany(b);
  return !!x && !!y && (x.includes(y) || y.includes(x));
};

/** Greedy one-to-one matching; returns the number of matched pairs. */
export function matchCount<A, B>(found: readonly A[], truth: readonly B[], same: (a: A, b: B) => boolean): number {
  const used = new Set<number>();
  let n = 0;
  for (const a of found) {
    const j = truth.findIndex((b, k) => !used.has(k) && same(a, b));
    if (j >= 0) {
      used.add(j);
      n++;
    }
  }
  return n;
}

function setCount(found: number, truth: number, tp: number): FactCount {
  return { tp, fp: found - tp, fn: truth - tp, right: 0, total: 0 };
}

/** tp/fp/fn of a found list against the truth, matched one to one by `same` (also the trainers' score). */
export const countMatches = <A, B>(found: readonly A[], truth: readonly B[], same: (a: A, b: B) => boolean): FactCount =>
  setCount(found.length, truth.length, matchCount(found, truth, same));

export function scoreCall(facts: CallFacts, exp: ExpectedCall): CallScore {
  const misses: string[] = [];
  // Who the found names stand for: the name, and the speaker label when it differs.
  const aliases = new Map<string, string>();
  for (const p of facts.participants) {
    aliases.set(normName(p.name), normName(p.name));
    if (p.label) aliases.set(normName(p.label), normName(p.name));
  }
  const canon = (n: string | null | undefined) => aliases.get(normName(n)) ?? normName(n);

  // Participants are those who spoke and those the call says are present though silent ("Kim is on the line too").
  const spoke = facts.participants.filter((p) => p.spoke || p.present);
  const sidesScored = exp.callType !== 'internal' && exp.callType !== 'earnings';
  const samePerson = (p: (typeof spoke)[number], s: (typeof exp.speakers)[number]) =>
    (normName(p.name) === normName(s.name) || normName(p.label) === normName(s.name)) && (!sidesScored || p.side === s.side);
  const pTp = matchCount(spoke, exp.speakers, samePerson);
  for (const s of exp.speakers) if (!spoke.some((p) => samePerson(p, s))) misses.push(`participant missed: ${s.name} (${s.side})`);
  for (const p of spoke) if (!exp.speakers.some((s) => samePerson(p, s))) misses.push(`participant extra: ${p.name} (${p.side})`);

  const acc = (f: string | null, t: string | null, label: string): FactCount => {
    const right = normCompany(f) === normCompany(t) ? 1 : 0;
    if (!right) misses.push(`${label}: found ${JSON.stringify(f)}, true ${JSON.stringify(t)}`);
    return { ...zeroCount(), right, total: 1 };
  };

  const comps = [...new Set(facts.competitors.map((c) => c.replace(/ \(native\)$/, '')))];
  const compSame = sameCompetitor;
  const cTp = matchCount(comps, exp.competitors, compSame);
  for (const c of exp.competitors) if (!comps.some((a) => compSame(a, c))) misses.push(`competitor missed: ${c}`);
  for (const c of comps) if (!exp.competitors.some((b) => compSame(c, b))) misses.push(`competitor extra: ${c}`);

  const oFound = [...new Set(facts.objections.map((o) => o.type as string))];
  const oTrue = [...new Set(exp.objections)];
  const oTp = oFound.filter((o) => oTrue.includes(o)).length;
  for (const o of oTrue) if (!oFound.includes(o)) misses.push(`objection missed: ${o}`);
  for (const o of oFound) if (!oTrue.includes(o)) misses.push(`objection extra: ${o} — ${facts.objections.find((x) => x.type === o)?.quote ?? ''}`);

  const amtSame = (a: { value: number; currency: string }, b: { value: number; currency: string }) => Math.abs(a.value - b.value) < 0.005 && a.currency === b.currency;
  const aTp = matchCount(facts.amounts, exp.amounts, amtSame);
  for (const a of exp.amounts) if (!facts.amounts.some((x) => amtSame(x, a))) misses.push(`amount missed: ${a.value} ${a.currency}`);
  for (const a of facts.amounts) if (!exp.amounts.some((x) => amtSame(a, x))) misses.push(`amount extra: ${a.value} ${a.currency} ("${a.text}")`);

  const stepSame = (f: CallFacts['nextSteps'][number], t: ExpectedCall['nextSteps'][number]) => canon(f.owner) === canon(t.owner) && (f.dueDate ?? null) === (t.dueDate ?? null);
  // Steps whose keyword also matches are paired first, so two steps of one owner and date pair up sensibly.
  const kw = (f: CallFacts['nextSteps'][number], t: ExpectedCall['nextSteps'][number]) => !t.keyword || `${f.action} ${f.dueText ?? ''}`.toLowerCase().includes(t.keyword.toLowerCase());
  const ordered = [...facts.nextSteps].sort((a, b) => Number(exp.nextSteps.some((t) => stepSame(b, t) && kw(b, t))) - Number(exp.nextSteps.some((t) => stepSame(a, t) && kw(a, t))));
  const sTp = matchCount(ordered, exp.nextSteps, stepSame);
  for (const t of exp.nextSteps) if (!facts.nextSteps.some((f) => stepSame(f, t))) misses.push(`next step missed: ${t.owner} / ${t.dueDate} / ${t.keyword}`);
  for (const f of facts.nextSteps) if (!exp.nextSteps.some((t) => stepSame(f, t))) misses.push(`next step extra: ${f.owner} / ${f.dueDate} / ${f.action}`);

  const ct: FactCount = zeroCount();
  if (exp.callType) {
    ct.total = 1;
    ct.right = facts.callType === exp.callType ? 1 : 0;
    if (!ct.right) misses.push(`call type: found ${facts.callType}, true ${exp.callType}`);
  }

  return {
    participants: setCount(spoke.length, exp.speakers.length, pTp),
    buyerCompany: acc(facts.buyerCompany, exp.buyerCompany, 'buyer company'),
    sellerCompany: acc(facts.sellerCompany, exp.sellerCompany, 'seller company'),
    competitors: setCount(comps.length, exp.competitors.length, cTp),
    objections: setCount(oFound.length, oTrue.length, oTp),
    amounts: setCount(facts.amounts.length, exp.amounts.length, aTp),
    nextSteps: setCount(facts.nextSteps.length, exp.nextSteps.length, sTp),
    callType: ct,
    misses,
  };
}

/** Sums per-call counts (micro-averaging: every item weighs the same, whatever its call). */
export function sumScores(scores: readonly CallScore[]): Record<FactName, FactCount> {
  const out = Object.fromEntries(FACTS.map((f) => [f, zeroCount()])) as Record<FactName, FactCount>;
  for (const s of scores) for (const f of FACTS) out[f] = addCounts(out[f], s[f]);
  return out;
}

export interface Prf {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Precision, recall, F1; null where undefined (nothing found / nothing true). Both empty is a perfect 1. */
export function prf(c: FactCount): Prf {
  if (c.tp + c.fp + c.fn === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : null;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : null;
  const f1 = c.tp === 0 ? 0 : (2 * precision! * recall!) / (precision! + recall!);
  return { precision, recall, f1 };
}

export const accuracy = (c: FactCount): number | null => (c.total > 0 ? c.right / c.total : null);
