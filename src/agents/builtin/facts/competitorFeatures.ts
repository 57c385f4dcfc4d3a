/**
 * The competitors' candidates, each with a feature vector for the learned competitor filter (competitorModel.ts).
 *
 * Owns: which names are candidates (every name the phrase rules of competitors.ts proposed, before their filters,
 * plus every capitalised run of the call from orgMentions.ts that is not the seller, the buyer, a person or a
 * department), and the class-level numbers that describe each one (what the rules concluded, vendor-usage words
 * around it counted by the side that says them, comparison and list context, word-vector kind, everyday-word share,
 * mentions, integration context). Must not: decide (competitorModel.ts does), hold phrases of one call, or read truth.
 *
 * Why: four rounds of hand-written rules reach 0.95–1.0 on the folders whose misses were read and ~0.8 on fresh
 * calls. The same evidence, counted separately and weighted by a fit, can be measured on a folder left out of it.
 */
import { DEPARTMENTS, INFRA, NOT_NAMES, ORG_SUFFIX, ROLE_ACRONYMS, ROLE_HEADS } from './lexicon.ts';
import { isIntegrationTarget, type CompetitorTrace } from './competitors.ts';
import type { OrgMention } from './orgMentions.ts';
import { hasWholeWord, wholeWordAt, type Sentence } from './text.ts';

export interface CompetitorEvidence {
  sentences: Sentence[];
  sideOf: Map<string, 'seller' | 'buyer' | 'unknown'>;
  /** The seller, the buyer and the speakers' names: never candidates. */
  exclude: string[];
  personNames: Set<string>;
  /** What findCompetitors returned, and every name its rules proposed with the filter that dropped it. */
  rulesFound: string[];
  trace: CompetitorTrace[];
  /** Every capitalised run of the call (orgMentions.ts). */
  mentions: readonly OrgMention[];
  everyday?: (word: string) => boolean;
  /** A lower-case word's frequency rank in the word vectors' corpus, -1 when unknown (invented brand names mostly are). */
  rank?: (word: string) => number;
  kindOf?: (word: string) => 'person' | 'place' | null;
}

export interface CompetitorCandidate {
  name: string;
  /** Values in the order of COMPETITOR_FEATURES. */
  x: number[];
  /**
   * The rules named it as the buyer's own platform's built-in feature ("the native X approvals"): the features
   * describe such a name as an integration target, the very evidence against a vendor, and no labelled call has one.
   */
  native?: boolean;
  /** The rules' own list has it (findCompetitors' answer). */
  rulesKept: boolean;
}

const DROPS = ['lower-case word', 'place', 'person', 'own system', 'everyday word', 'person or place', 'infra'] as const;
const SOURCES = ['phrase', 'usage', 'answer', 'vendor words', 'in use now'] as const;

/** Kinds of words around a vendor's name, each counted by the side of who says them. */
const CUE_CLASSES: readonly (readonly [string, RegExp])[] = [
  ['evaluating', /\b(?:evaluat\w*|consider\w*|look(?:ed|ing)? at|shortlist\w*|demo\w*|trial\w*|pilot\w*|options?|alternatives?|competitors?|talk(?:ed|ing)? to|spoke)\b/],
  ['switching', /\b(?:switch\w*|migrat\w*|replac\w*|mov(?:e|ed|ing) (?:off|from|to|away)|leav\w*|getting off|ditch\w*|rip\w* out|instead)\b/],
  ['incumbent', /\b(?:use[sd]?|using|currently|today|right now|been on|been with|for (?:[a-z]+ )?years|incumbent|existing|current)\b/],
  ['money', /\b(?:pric\w*|cost\w*|cheaper|expensive|quot\w*|bids?|proposals?|discount\w*|per (?:seat|user|month|year)|dollars|thousand|grand)\b/],
  ['contract', /\b(?:contract\w*|renew\w*|licen[cs]\w*|subscription\w*|signed|terms?|locked)\b/],
  ['integration', /\b(?:integrat\w*|sync\w*|connect\w*|api|export\w*|import\w*|feeds?|plug\w*|into)\b/],
];
const WE = /\b(?:we|our|us|we're|we've)\b/;
const TITLE_WORD = new RegExp(`\\b(?:${ROLE_HEADS})\\b`, 'i');

export const COMPETITOR_FEATURES: readonly string[] = [
  'bias',
  'rules kept it',
  ...SOURCES.map((s) => `rule source: ${s}`),
  ...DROPS.map((d) => `rules dropped it: ${d}`),
  'found only as a capitalised run',
  'word vectors: person',
  'word vectors: place',
  'every word an everyday word',
  'words used in lower case in the call',
  'infrastructure word',
  'one word',
  'three+ words',
  'legal suffix',
  'log mentions',
  'mentions ÷ the most-mentioned candidate\'s',
  'first mention (fraction of call)',
  'share said by buyer side',
  'share said by seller side',
  'vendor verbs near it, said by buyer side',
  'vendor verbs near it, said by seller side',
  'buying words near it (price, contract, demo, vendor)',
  'comparison just before (instead of, than, versus)',
  'in a list of names',
  'integration context',
  'our/my just before',
  'after a name and from/at/with (someone\'s company)',
  'place preposition just before',
  'followed by site, team or plan words',
  'only ever sentence-initial',
  'possessive',
  'the rival\'s things after it (pricing, rep, quote)',
  'first word a person\'s name in the call',
  'every word among the 20,000 commonest',
  'every word among the 100,000 commonest',
  'a title word in it (CFO, manager)',
  ...CUE_CLASSES.flatMap(([c]) => [`${c} words near it, said by buyer side`, `${c} words near it, said by seller side`]),
  // A party to the call the rules did not name as seller or buyer: introduced early, with at/from, "we"/"you".
  'after at/with/from, said by buyer side',
  'after at/with/from, said by seller side',
  'buyer side says it with we/our/us',
  'seller side says it with we/our/us',
  'seller side says it with you/your',
  'in first 10 sentences',
  'an acronym (NDAs, PLCs)',
  'a hyphenated modifier (X-shaped, X-based)',
];

const log1 = (n: number) => Math.log1p(n);
/** Verbs of using, switching, evaluating and buying a vendor's product. */
const VENDOR_VERB = /\b(?:use[sd]?|using|switch\w*|evaluat\w*|quot(?:e|es|ed|ing)|contract\w*|migrat\w*|moved?|moving|replac\w*|looked|looking|considering|trial\w*|pilot\w*|demo\w*|signed|renew\w*|pay(?:ing)?|paid|tried|tested|went|going with|go with|leaning|been on|been with|currently)\b/;
const BUYING_WORD = /\b(?:pric\w*|cost\w*|cheaper|expensive|contract\w*|licen[cs]\w*|subscription\w*|renewal\w*|vendors?|providers?|competitors?|incumbent|alternatives?|options?|shortlist\w*|proposals?|bids?|offers?|quotes?|demos?|reps?|sales\w*|per (?:seat|user|month|year))\b/;
const COMPARE_BEFORE = /\b(?:instead of|compared (?:to|with)|comparing|versus|vs\.?|than|unlike|against|over|or|between)\s+(?:what\s+)?$/;
/** Another capitalised name and a list joint just before ("Acme, X", "Acme and X"). */
const OTHER_NAME_BEFORE = /(?:\p{Lu}[\p{L}\d]+)(?:,\s*|,?\s+(?:and|or)\s+)$/u;
const OUR_BEFORE = /\b(?:our|my)\s+$/;
const PLACE_BEFORE = /\b(?:in|near|around|outside|across|to)\s+$/;
const SITE_AFTER = /^(?:'s)?\s+(?:plan|tier|edition|package|module|team|crew|staff|office|offices|depot|depots|site|sites|plant|campus|branch|store|warehouse|county|city|region|university|school|hospital|street|road|avenue|department|group)\b/;
const THINGS_AFTER = /^(?:'s)?\s+(?:pricing|price|prices|quote|proposal|rep|reps|sales|contract|renewal|demo|offer|bid|product|platform|tool|app|software|system|license|licence)\b/;

/** The candidates for competitors, each with its features; empty when the call names none. */
export function competitorCandidates(ev: CompetitorEvidence): CompetitorCandidate[] {
  const ex = ev.exclude.filter(Boolean).map((e) => e.toLowerCase());
  // The seller, the buyer, people, departments and function words are never competitors (as in competitors.ts).
  const excluded = (o: string) => {
    const l = o.toLowerCase();
    if (ex.some((e) => l === e || e.startsWith(l + ' ') || l.startsWith(e + ' ') || e.split(/\s+/)[0] === l)) return true;
    if (ev.personNames.has(o) || o.split(/\s+/).every((w) => ev.personNames.has(w))) return true;
    return NOT_NAMES.has(o.replace(/'/g, '')) || DEPARTMENTS.test(o) || o.replace(/[^\p{L}]/gu, '').length < 3;
  };
  const names: string[] = [];
  const fromRules = new Set<string>();
  for (const t of ev.trace) {
    if (t.dropped === 'excluded' || t.dropped === 'not a name' || excluded(t.name)) continue;
    fromRules.add(t.name);
    if (!names.includes(t.name)) names.push(t.name);
  }
  for (const f of ev.rulesFound) {
    const n = f.replace(/ \(native\)$/, '');
    fromRules.add(n);
    if (!names.includes(n)) names.push(n);
  }
  for (const m of ev.mentions) if (!names.includes(m.org) && !excluded(m.org)) names.push(m.org);

  const lowerText = ev.sentences.map((s) => s.norm).join(' ');
  const lowerCaseUse = (w: string) => hasWholeWord(lowerText, w.toLowerCase(), true);
  const n = Math.max(1, ev.sentences.length);
  const said = names.map((name) => ev.sentences.filter((s) => hasWholeWord(s.norm, name)));
  const most = Math.max(1, ...said.map((x) => x.length));
  const rulesKept = new Set(ev.rulesFound.map((f) => f.replace(/ \(native\)$/, '')));

  return names.map((name, k) => {
    const words = name.split(/\s+/);
    const ss = said[k]!;
    const tr = ev.trace.filter((t) => t.name === name);
    const ms = ev.mentions.filter((m) => m.org === name);
    // Every occurrence: the text before and after it in its sentence, and the side of who said it.
    const occ: { before: string; after: string; afterRaw: string; window: string; side: string; s: Sentence }[] = [];
    for (const s of ss) {
      for (const at of wholeWordAt(s.norm, name)) {
        const before = s.norm.slice(0, at);
        const after = s.norm.slice(at + name.length);
        const bw = before.toLowerCase().split(/\s+/).filter(Boolean).slice(-8).join(' ');
        const aw = after.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8).join(' ');
        occ.push({ before, after: after.toLowerCase(), afterRaw: after, window: `${bw} ${aw}`, side: ev.sideOf.get(s.speaker) ?? 'unknown', s });
      }
    }
    const count = (f: (o: (typeof occ)[number]) => boolean) => log1(occ.filter(f).length);
    const bySide = (sd: string) => ss.filter((s) => ev.sideOf.get(s.speaker) === sd).length / Math.max(1, ss.length);
    const kind = ev.kindOf?.(words[0]!.toLowerCase()) ?? null;
    // A name whose words are all among the commonest of the corpus: people, places and words; a rare real word ("lodestar") is like a brand.
    // Every word, not a share: a brand's everyday tail ("Storefront Pro", "Kilnworth Energy") does not make it a word.
    const commonShare = (top: number) => (ev.rank && words.every((w) => { const r = ev.rank!(w.toLowerCase()); return r >= 0 && r < top; }) ? 1 : 0);
    const x = [
      1,
      rulesKept.has(name) ? 1 : 0,
      ...SOURCES.map((src) => log1(tr.filter((t) => t.source === src).length)),
      ...DROPS.map((d) => (tr.some((t) => t.dropped === d) ? 1 : 0)),
      fromRules.has(name) ? 0 : 1,
      kind === 'person' ? 1 : 0,
      kind === 'place' ? 1 : 0,
      ev.everyday && words.every((w) => ev.everyday!(w.toLowerCase())) ? 1 : 0,
      words.filter((w) => lowerCaseUse(w)).length / words.length,
      words.some((w) => INFRA.has(w)) ? 1 : 0,
      words.length === 1 ? 1 : 0,
      words.length >= 3 ? 1 : 0,
      ORG_SUFFIX.test(name) ? 1 : 0,
      log1(ss.length),
      ss.length / most,
      ss.length ? ss[0]!.index / n : 1,
      bySide('buyer'),
      bySide('seller'),
      count((o) => o.side === 'buyer' && VENDOR_VERB.test(o.window)),
      count((o) => o.side === 'seller' && VENDOR_VERB.test(o.window)),
      count((o) => BUYING_WORD.test(o.window)),
      count((o) => COMPARE_BEFORE.test(o.before.toLowerCase())),
      count((o) => OTHER_NAME_BEFORE.test(o.before) || /^(?:,\s*|,?\s+(?:and|or)\s+)\p{Lu}[\p{L}\d]+/u.test(o.afterRaw)),
      isIntegrationTarget(name, ev.sentences) ? 1 : 0,
      count((o) => OUR_BEFORE.test(o.before.toLowerCase())),
      count((o) => /\p{Lu}\p{Ll}+\s+(?:from|at|with)\s+$/u.test(o.before)),
      count((o) => PLACE_BEFORE.test(o.before.toLowerCase())),
      count((o) => SITE_AFTER.test(o.after)),
      ms.length && ms.every((m) => m.initial) ? 1 : 0,
      log1(ms.filter((m) => m.possessive).length),
      count((o) => THINGS_AFTER.test(o.after)),
      ev.personNames.has(words[0]!) ? 1 : 0,
      commonShare(20_000),
      commonShare(100_000),
      words.some((w) => ROLE_ACRONYMS.has(w) || TITLE_WORD.test(w)) ? 1 : 0,
      ...CUE_CLASSES.flatMap(([, re]) => [count((o) => o.side === 'buyer' && re.test(o.window)), count((o) => o.side === 'seller' && re.test(o.window))]),
      count((o) => o.side === 'buyer' && /\b(?:at|with|from)\s+$/.test(o.before.toLowerCase())),
      count((o) => o.side === 'seller' && /\b(?:at|with|from)\s+$/.test(o.before.toLowerCase())),
      count((o) => o.side === 'buyer' && WE.test(o.s.lower)),
      count((o) => o.side === 'seller' && WE.test(o.s.lower)),
      count((o) => o.side === 'seller' && /\byou(?:r|'re|'ve|'ll)?\b/.test(o.s.lower)),
      ss.some((s) => s.index < 10) ? 1 : 0,
      words.length === 1 && /^\p{Lu}{2,}s?$/u.test(name) ? 1 : 0,
      /-\p{Ll}+$/u.test(name) ? 1 : 0,
    ];
    const kept = rulesKept.has(name);
    return ev.rulesFound.includes(`${name} (native)`) ? { name, x, native: true, rulesKept: kept } : { name, x, rulesKept: kept };
  });
}
