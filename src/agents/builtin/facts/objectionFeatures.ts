/**
 * The learned objection adder's evidence: for every objection type the rules (objections.ts) did not find in a
 * call, a vector of class-level numbers describing how the buyer's side talked about that type's topic — how often,
 * how hesitantly, how close its statements come to the type's prototype sentences (prototypes.ts), and what kind of
 * call it is — plus the buyer sentence that best shows it (the quote, should the model add the type).
 *
 * Owns: the candidates (call × type the rules left out) and their features. Must not: decide (objectionModel.ts),
 * hold phrases of one call, or read truth.
 *
 * Why: eight rounds of cue rules reach 0.9+ on the calls whose misses were read and ~0.55 recall on fresh calls.
 * Truth names the types per call, not the sentences, so the evidence is summed per call and a fit on fresh calls
 * from other writers weighs it; it is measured on a folder left out of the fit.
 */
import type { CallType, ObjectionType } from '../../types.ts';
import { FIRST_PERSON, PRESENCE, RESISTS, STANCE, STANCE_TOPICS, onlyAsks, type FoundObjection } from './objections.ts';
import { COOPERATIVE_QUESTION, DENIED_TOPIC } from './objectionClasses.ts';
import type { Side } from './people.ts';
import type { PrototypeScorer, ProtoLabel } from './prototypes.ts';
import { hasWholeWord, type Sentence } from './text.ts';

export const OBJECTION_TYPES_LEARNED: readonly ObjectionType[] = ['price', 'timing', 'authority', 'need', 'competitor', 'integration', 'security'];

export interface ObjectionEvidence {
  sentences: Sentence[];
  sideOf: Map<string, Side>;
  callType: CallType | null;
  /** What findObjections returned. */
  rules: readonly FoundObjection[];
  /** The rules' competitor names (the competitor type's topic words). */
  competitors: readonly string[];
  amountsBySentence: Map<number, number[]>;
  /** Prototype similarity (the same per-call memo findObjections uses, so a sentence is embedded once). */
  scorer: Pick<PrototypeScorer, 'score'> | null;
}

export interface ObjectionCandidate {
  type: ObjectionType;
  /** Values in the order of OBJECTION_FEATURES. */
  x: number[];
  /** The buyer-side sentence that shows the type best (its prototype margin, among sentences on its topic first). */
  quote: { speaker: string; text: string } | null;
}

/** Competitor talk without a name: another vendor, a quote from elsewhere, staying with what they have. */
const RIVAL_TOPIC = /\b(?:vendors?|competitors?|providers?|suppliers?|alternatives?|other (?:company|companies|option|options|tool|product|platform|folks|guys|people)|someone else|somebody else|incumbent|current (?:provider|vendor|system|tool)|quoted?|quotes|bids?|stay(?:ing)? with|switch(?:ing)?|cheaper)\b/;
const TOPIC_FOR: Record<ObjectionType, RegExp> = { ...Object.fromEntries(STANCE_TOPICS), competitor: RIVAL_TOPIC } as Record<ObjectionType, RegExp>;
/** Wider words of each topic: weak alone (a fit weighs them), they catch what the strict topic words miss. */
const BROAD_TOPIC: Record<ObjectionType, RegExp> = {
  price: /\b(?:pay\w*|paid|dollars?|bucks|grand|thousand|hundred|k|discount\w*|invoice\w*|line item|pricing|rate|fees?|charge\w*|cheap\w*|expens\w*|roi|payback|worth)\b|[$€£]/,
  timing: /\b(?:january|february|march|april|may|june|july|august|september|october|november|december|quarter|q[1-4]|next year|this year|later|wait\w*|until|till|after|busy|slammed|swamped|right now|at the moment|months?|season|year-end|fiscal|deadline|cutover|go-live|launch\w*|rollout|project)\b/,
  authority: /\b(?:approv\w*|sign\w*|decid\w*|decision|budget holder|owner|owners|board|committee|cfo|ceo|coo|cio|cto|vp|director|boss|partner|partners|procurement|finance|legal|corporate|head office|headquarters|parent|trustees|council|leadership|my manager|above me|buy-in)\b/,
  need: /\b(?:spreadsheets?|excel|manual\w*|by hand|paper|whiteboard|works?|working|fine|okay|ok|good enough|need|needs|needed|priority|priorities|problem|pain|worth|value|use it|using it|adoption|nice to have|really)\b/,
  competitor: /\b(?:vendors?|competitors?|providers?|alternatives?|options?|quoted?|quotes?|bids?|proposals?|cheaper|less|lower|stay\w*|stick\w*|switch\w*|leav\w*|renew\w*|contract|current|today|already)\b/,
  integration: /\b(?:systems?|erp|crm|ehr|emr|pos|software|platform|it|data|database|migrat\w*|implement\w*|set ?up|install\w*|connect\w*|integrat\w*|api|export|import|files?|workflow|developers?|engineers?|build)\b/,
  security: /\b(?:security|secure|legal|compliance|complian\w*|audit\w*|privacy|private|data|gdpr|hipaa|soc|pci|iso|certif\w*|risk|review|questionnaire|contract terms|insurance|breach|access|encrypt\w*|sso|regulat\w*)\b/,
};

const CALL_TYPE_FEATURES: readonly CallType[] = ['discovery', 'demo', 'negotiation', 'renewal', 'support', 'partner'];

export const OBJECTION_FEATURES: readonly string[] = [
  'bias',
  'log buyer statements',
  'log buyer sentences on the topic',
  'log buyer sentences on the topic with a hesitant word',
  'log buyer first-person resisting sentences on the topic',
  'share of buyer sentences on the topic',
  'log buyer questions on the topic',
  'log buyer sentences on the wider topic',
  'log buyer sentences on the wider topic with a hesitant word',
  'log buyer first-person resisting sentences on the wider topic',
  'log seller sentences on the topic',
  'best prototype margin over every other label (resisting buyer statements)',
  'best prototype margin over ordinary talk (resisting buyer statements)',
  'best prototype margin over ordinary talk, topic sentences',
  'log types the rules found in the call',
  'log buyer sentences with money',
  'log competitor names the rules found',
  'log buyer sentences naming a competitor',
  ...CALL_TYPE_FEATURES.map((t) => `call type: ${t}`),
];

const log1 = (n: number) => Math.log1p(n);

/** One candidate per type the rules did not find; none for a call with no buyer-side statement. */
export function objectionCandidates(ev: ObjectionEvidence): ObjectionCandidate[] {
  const hasSeller = [...ev.sideOf.values()].includes('seller');
  const buyerSide = (s: Sentence) => {
    const sd = ev.sideOf.get(s.speaker);
    return sd === 'buyer' || (sd === 'unknown' && hasSeller);
  };
  // The sentences findObjections would weigh: the buyer side's, not a denied topic, not a cooperative question.
  const buyer = ev.sentences.filter((s) => buyerSide(s) && !DENIED_TOPIC.test(s.lower) && !(s.isQuestion && COOPERATIVE_QUESTION.test(s.lower)));
  if (!buyer.length) return [];
  const seller = ev.sentences.filter((s) => ev.sideOf.get(s.speaker) === 'seller');
  const statements = buyer.filter((s) => !s.isQuestion && s.lower.split(/\s+/).length >= 4 && !PRESENCE.test(s.lower));
  // Prototype margins of resisting statements only (an objection resists; embedding every sentence cost more than the rest).
  const resisting = statements.filter((s) => RESISTS.test(s.lower));
  const scores = new Map(ev.scorer ? resisting.map((s) => [s.index, ev.scorer!.score(s.text)] as const) : []);
  const names = ev.competitors.map((c) => c.replace(/ \(native\)$/, ''));
  const namesRival = (s: Sentence) => names.some((n) => hasWholeWord(s.norm, n));
  const found = new Set(ev.rules.map((o) => o.type));
  const withMoney = buyer.filter((s) => (ev.amountsBySentence.get(s.index) ?? []).length > 0).length;
  const rivalSentences = buyer.filter(namesRival).length;

  return OBJECTION_TYPES_LEARNED.filter((t) => !found.has(t)).map((type) => {
    const topic = TOPIC_FOR[type];
    const onTopic = (s: Sentence) => topic.test(s.lower) || (type === 'competitor' && namesRival(s));
    const topical = buyer.filter(onTopic);
    const broad = buyer.filter((s) => BROAD_TOPIC[type].test(s.lower) || onTopic(s));
    const margins = resisting.map((s) => {
      const sc = scores.get(s.index);
      if (!sc) return { s, overAll: 0, overNone: 0 };
      const others = (Object.keys(sc) as ProtoLabel[]).filter((l) => l !== type);
      return { s, overAll: sc[type] - Math.max(...others.map((l) => sc[l])), overNone: sc[type] - sc.none };
    });
    const best = (xs: typeof margins) => xs.reduce((a, m) => (m.overNone > a.overNone ? m : a), { s: null as Sentence | null, overAll: -1, overNone: -1 });
    const bestTopical = best(margins.filter((m) => onTopic(m.s)));
    const bestAny = best(margins);
    // Round 11: a rival objection is shown by a sentence about a rival; without one the type is not added (over 445
    // training calls the fallback quote, any resisting sentence, was wrong 24 times and right 14 for this type).
    // Round 13: nor is a type added on a question that only asks ("Does it work with our practice system?"): the rules
    // skip those (onlyAsks), and over train19's talkative buyers the adder put them back as 7 of its 8 wrong labels.
    const quoteOf = bestTopical.s ?? topical.find((s) => !onlyAsks(type, s)) ?? (type === 'competitor' || topical.length ? null : bestAny.s);
    const x = [
      1,
      log1(statements.length),
      log1(topical.length),
      log1(topical.filter((s) => STANCE.test(s.lower)).length),
      log1(topical.filter((s) => FIRST_PERSON.test(s.lower) && RESISTS.test(s.lower)).length),
      topical.length / buyer.length,
      log1(topical.filter((s) => s.isQuestion).length),
      log1(broad.length),
      log1(broad.filter((s) => STANCE.test(s.lower)).length),
      log1(broad.filter((s) => FIRST_PERSON.test(s.lower) && RESISTS.test(s.lower)).length),
      log1(seller.filter(onTopic).length),
      ev.scorer ? Math.max(-1, ...margins.map((m) => m.overAll)) : 0,
      ev.scorer ? Math.max(-1, ...margins.map((m) => m.overNone)) : 0,
      ev.scorer && bestTopical.s ? bestTopical.overNone : 0,
      log1(found.size),
      log1(withMoney),
      log1(names.length),
      log1(rivalSentences),
      ...CALL_TYPE_FEATURES.map((t) => (ev.callType === t ? 1 : 0)),
    ];
    return { type, x, quote: quoteOf ? { speaker: quoteOf.speaker, text: quoteOf.text } : null };
  });
}
