/**
 * The companies' candidates, each with a feature vector for the learned choosers of the buyer and the seller (buyerModel.ts).
 *
 * Owns: which names are candidates (every name the rules tied to a speaker or the call: introductions, e-mail
 * domains, the file's company field, "your team at X", "we at X", framing such as "demo for X", possessives and
 * names with a legal suffix, plus the rules' own choice — and every capitalised run of the call (orgMentions.ts) that is
 * not an ordinary word, a tool, a place or a product), and the numbers that describe each one.
 * Must not: choose (buyerModel.ts does), find evidence in text (people.ts and companies.ts do), or read truth.
 *
 * Why features and not one more rule: the hand-tuned weights in companies.ts fit the calls their authors read.
 * Here each kind of evidence is counted separately by the side it points to, and the weights are fitted on the
 * labelled folders (scripts/train-buyer.ts), so they can be measured on a folder left out of the fit.
 */
import { INFRA, ORG_SUFFIX } from './lexicon.ts';
import { notACompany, sameCompany, type CompanyChoice, type SpeakerClaim } from './companies.ts';
import { hasWholeWord, type Sentence } from './text.ts';
import type { OrgMention } from './orgMentions.ts';

/** A name tied to the call without a speaker ("Globex's setup", "Penrose Weaving Co."). */
export interface LooseMention {
  org: string;
  why: string;
}

/** Everything the rules know about the companies once sides are settled. */
export interface BuyerEvidence {
  sentences: Sentence[];
  /** Framing and introduction claims, tied to a speaker (companies.ts SpeakerClaim; `why` names the kind). */
  claims: SpeakerClaim[];
  loose: LooseMention[];
  sideOf: Map<string, 'seller' | 'buyer' | 'unknown'>;
  /** Names that are people: never candidates. */
  people: Set<string>;
  /** The rules' seller and buyer (companies.ts), and the buyer chosen from introductions alone (people.ts). */
  seller: string | null;
  rulesBuyer: string | null;
  introBuyer: string | null;
  tally: CompanyChoice['tally'];
  /** Every capitalised run of the call with its context (orgMentions.ts): candidates the rules may have missed. */
  mentions?: readonly OrgMention[];
  /** Whether a lower-case word is an everyday English word (word-vector frequency rank); absent: never. */
  everyday?: (word: string) => boolean;
  /** Whether a lower-case word is a first name or a place (wordKinds.ts); absent: never. */
  personOrPlace?: (word: string) => boolean;
}

export interface BuyerCandidate {
  org: string;
  /** Values in the order of BUYER_FEATURES. */
  x: number[];
}

/** Kinds of evidence, grouped by what they say (the `why` of a claim or vote). */
const GROUP: Record<string, string> = {
  introduction: 'intro', answer: 'intro', 'side of': 'intro', 'i work': 'intro', 'i own': 'intro', colleague: 'intro',
  'at X, we': 'intro', 'on behalf of': 'intro', 'sign-off': 'intro', 'owner of': 'intro',
  'here at': 'weAt',
  'your at': 'yourAt', 'you are at': 'yourAt', 'your title': 'yourAt', 'your title at': 'yourAt', 'from join': 'yourAt', 'joining from': 'yourAt', 'having us': 'yourAt',
  'e-mail': 'email',
  'company field': 'field',
  'meeting named for': 'framing', between: 'framing', 'the X deal': 'framing', 'site of': 'framing', news: 'framing',
};
const GROUPS = ['intro', 'weAt', 'yourAt', 'email', 'field', 'framing'] as const;

export const BUYER_FEATURES: readonly string[] = [
  'bias',
  ...GROUPS.flatMap((g) => [`${g}→buyer`, `${g}→seller`]),
  'loose mentions',
  'log mentions',
  'share said by buyer side',
  'share said by seller side',
  'first mention (fraction of call)',
  'in first 10 sentences',
  'legal suffix',
  'one word',
  'three+ words',
  'is the seller',
  'rules chose it',
  'introductions chose it',
  'rules margin (buyer-seller)/5',
  // Context of the capitalised runs (orgMentions.ts), counted per side of the speaker who said them.
  'after at/with/from, said by buyer side',
  'after at/with/from, said by seller side',
  'after for/to/over',
  'possessive',
  'before team/account/deal/meeting words',
  'opens a turn as a greeting',
  'seller says it with you/your',
  'buyer says it with we/our/us',
  'only ever sentence-initial',
  'everyday-word share',
  'found only as a capitalised run',
  'mentions ÷ the most-mentioned candidate\'s',
  'most-mentioned candidate but the seller',
  'after called/named (a product or feature)',
  'seller says it with we/our/us',
  'buyer says it with you/your',
  'in an integration context (a tool)',
];

const log1 = (n: number) => Math.log1p(n);
/** A mention that introduces a product or feature by name ("called X", "the X module"). */
const productNamed = (m: OrgMention) => /^(?:called|named|dubbed|branded)$/.test(m.before) || /^,?\s+(?:feature|module|add-on|app|product|plan|tier|edition)\b/.test(m.after);
/** A sentence about connecting systems: the names in it are tools ("a standard connector for Shopify", "syncs with Odoo"). */
const INTEGRATION = /\b(?:connectors?|integrat\w*|syncs?|synced|plug-?ins?|apis?|imports? from|exports? to|lives? in|runs? on)\b/;

/** Evidence a speaker gives that a name is one side's own: an introduction, "we at X" / "your team at X", an e-mail, the file. */
const TIED = {
  buyer: ['intro→buyer', 'yourAt→buyer', 'email→buyer', 'field→buyer'].map((f) => BUYER_FEATURES.indexOf(f)),
  seller: ['intro→seller', 'weAt→seller', 'email→seller', 'field→seller'].map((f) => BUYER_FEATURES.indexOf(f)),
};
export const tiedTo = (side: 'buyer' | 'seller', c: BuyerCandidate): boolean => TIED[side].some((j) => (c.x[j] ?? 0) > 0);
/** The seller's people name it as their own (a claim of theirs, or said with "we / our / us"), and never as a tool. */
const OWN = ['intro→seller', 'weAt→seller', 'seller says it with we/our/us'].map((f) => BUYER_FEATURES.indexOf(f));
const TOOL = BUYER_FEATURES.indexOf('in an integration context (a tool)');
export const spokenOfAsOwn = (c: BuyerCandidate): boolean => OWN.some((j) => (c.x[j] ?? 0) > 0) && !((c.x[TOOL] ?? 0) > 0);

/** The candidates for the buyer company, each with its features; empty when the call names no company. */
export function buyerCandidates(ev: BuyerEvidence): BuyerCandidate[] {
  const rows: { org: string; spellings: string[]; groups: Map<string, number>; loose: number }[] = [];
  const rowOf = (org: string) => {
    // A name of one or two letters is a speaker label ("D"); titles, departments and people are not companies.
    if (org.replace(/[^\p{L}]/gu, '').length < 3 || notACompany(org, ev.people)) return null;
    // A trailing pronoun or possessive mark is not part of a name ("Moorhen Software I", "Orison Technologies'").
    org = org.replace(/(?:\s+I|['’])$/u, '');
    let r = rows.find((x) => sameCompany(x.org, org));
    if (!r) rows.push((r = { org, spellings: [], groups: new Map(), loose: 0 }));
    if (!r.spellings.includes(org)) r.spellings.push(org);
    // Keep the longest spelling ("Penrose Weaving Co." over "Penrose"), as companies.ts does — unless what it adds
    // is a place or a person ("Umbrella Canada" is a subsidiary, "Gannet Brewing Nadia" a misread).
    const added = org.split(/\s+/).slice(r.org.split(/\s+/).length);
    if (org.length > r.org.length && !(added.length === 1 && ev.personOrPlace?.(added[0]!.toLowerCase()))) r.org = org;
    return r;
  };
  for (const c of ev.claims) {
    const r = rowOf(c.org);
    if (!r) continue;
    // Sides are settled before the companies are; a speaker left unknown says nothing about a side.
    const sd = ev.sideOf.get(c.speaker) ?? 'unknown';
    if (sd === 'unknown') continue;
    const side = c.rel === 'own' ? sd : sd === 'seller' ? 'buyer' : 'seller';
    const key = `${GROUP[c.why] ?? 'intro'}→${side}`;
    r.groups.set(key, (r.groups.get(key) ?? 0) + 1);
  }
  for (const l of ev.loose) {
    const r = rowOf(l.org);
    if (r) r.loose++;
  }
  for (const o of [ev.rulesBuyer, ev.introBuyer]) if (o) rowOf(o);
  const ruled = rows.length;
  // A capitalised run only at the start of sentences, of words the call also uses in lower case or everyday words,
  // is a capitalised word, not a name ("Quantities", "Technically").
  const lowerCaseUse = (w: string) => ev.sentences.some((s) => hasWholeWord(s.norm, w.toLowerCase(), true));
  const ordinary = (org: string) => org.split(/\s+/).every((w) => ev.everyday?.(w.toLowerCase()) || lowerCaseUse(w));
  const mentions = ev.mentions ?? [];
  for (const m of mentions) {
    // A name already a candidate gains the spelling (the longest wins); a new one must not be an ordinary word.
    if (rows.some((x) => sameCompany(x.org, m.org))) {
      rowOf(m.org);
      continue;
    }
    const same = mentions.filter((o) => o.org === m.org);
    if (same.every((o) => o.initial) && ordinary(m.org)) continue;
    // A name introduced as a thing ("a feature called Buddy Booking", "the Ledger module") is a product, not a company.
    if (same.some(productNamed)) continue;
    // Tools and infrastructure ("Google Calendar", "OData APIs") and places or first names ("New Jersey") only
    // mentioned are never the buyer; the rules' evidence still makes a candidate of them when a speaker claims one.
    const words = m.org.split(/\s+/);
    if (words.some((w) => INFRA.has(w)) || words.every((w) => /^(?:New|North|South|East|West|San|Saint|St)$/.test(w) || ev.personOrPlace?.(w.toLowerCase()))) continue;
    rowOf(m.org);
  }
  // The seller keeps the rules' spelling (so "is the seller" holds); any other name its longest clean spelling
  // ("Ingleby College of Art" over "Ingleby"), as a company is named in full at least once.
  for (const r of rows) if (ev.seller && r.spellings.includes(ev.seller)) r.org = ev.seller;

  const n = Math.max(1, ev.sentences.length);
  const side = (m: OrgMention) => ev.sideOf.get(m.sentence.speaker) ?? 'unknown';
  const saidIn = rows.map((r) => {
    return ev.sentences.filter((s) => r.spellings.some((o) => hasWholeWord(s.norm, o)));
  });
  const isSeller = (org: string) => !!ev.seller && sameCompany(ev.seller, org);
  const most = Math.max(1, ...saidIn.map((x) => x.length));
  const mostOther = Math.max(0, ...saidIn.filter((_, k) => !isSeller(rows[k]!.org)).map((x) => x.length));
  return rows.map((r, k) => {
    const ms = (ev.mentions ?? []).filter((m) => r.spellings.some((o) => sameCompany(o, m.org)));
    const count = (f: (m: OrgMention) => boolean) => log1(ms.filter(f).length);
    const atWith = (m: OrgMention) => /^(?:at|with|from)$/.test(m.before);
    const words = r.org.split(/\s+/);
    const said = saidIn[k]!;
    const bySide = (sd: string) => said.filter((s) => ev.sideOf.get(s.speaker) === sd).length / Math.max(1, said.length);
    const first = said.length ? said[0]!.index / n : 1;
    const t = ev.tally.find((x) => sameCompany(x.org, r.org));
    const x = [
      1,
      ...GROUPS.flatMap((g) => [log1(r.groups.get(`${g}→buyer`) ?? 0), log1(r.groups.get(`${g}→seller`) ?? 0)]),
      log1(r.loose),
      log1(said.length),
      bySide('buyer'),
      bySide('seller'),
      first,
      said.some((s) => s.index < 10) ? 1 : 0,
      ORG_SUFFIX.test(r.org) ? 1 : 0,
      words.length === 1 ? 1 : 0,
      words.length >= 3 ? 1 : 0,
      isSeller(r.org) ? 1 : 0,
      ev.rulesBuyer && sameCompany(ev.rulesBuyer, r.org) ? 1 : 0,
      ev.introBuyer && sameCompany(ev.introBuyer, r.org) ? 1 : 0,
      t ? Math.max(-2, Math.min(2, (t.buyer - t.seller) / 5)) : 0,
      count((m) => atWith(m) && side(m) === 'buyer'),
      count((m) => atWith(m) && side(m) === 'seller'),
      count((m) => /^(?:for|to|over)$/.test(m.before)),
      count((m) => m.possessive),
      count((m) => /^(?:'s)?\s+(?:team|folks|people|side|staff|account|contract|renewal|deal|proposal|quote|rollout|pilot|office|group|demo|call|meeting|project|order|agreement|kickoff|review)\b/.test(m.after)),
      count((m) => m.turnStart && m.initial && /^\s*[,.]?\s*(?:this is|speaking|good (?:morning|afternoon)|how can)/.test(m.after)),
      count((m) => side(m) === 'seller' && /\byou(?:r|'re|'ve|'ll)?\b/.test(m.sentence.lower)),
      count((m) => side(m) === 'buyer' && /\b(?:we|our|us|we're|we've)\b/.test(m.sentence.lower)),
      ms.length && ms.every((m) => m.initial) ? 1 : 0,
      ev.everyday ? words.filter((w) => ev.everyday!(w.toLowerCase())).length / words.length : 0,
      k >= ruled ? 1 : 0,
      said.length / most,
      !isSeller(r.org) && said.length > 0 && said.length === mostOther ? 1 : 0,
      count(productNamed),
      count((m) => side(m) === 'seller' && /\b(?:we|our|us|we're|we've)\b/.test(m.sentence.lower)),
      count((m) => side(m) === 'buyer' && /\byou(?:r|'re|'ve|'ll)?\b/.test(m.sentence.lower)),
      count((m) => INTEGRATION.test(m.sentence.lower)),
    ];
    return { org: r.org, x };
  });
}
