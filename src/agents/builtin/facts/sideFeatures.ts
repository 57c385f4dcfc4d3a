/**
 * The evidence for the side check (sideModel.ts): once the people rules have put each speaker on the seller's or the
 * buyer's side, how the two groups talk — who says "your product" and who says "our platform", who offers and who
 * pushes back on price, who asks the discovery questions, whose titles are sales titles — as one row of numbers for
 * the whole call. Every feature is the seller group's rate minus the buyer group's, so a call whose sides are the
 * wrong way round has the row negated.
 *
 * Owns: the cue patterns and the row. Must not: decide (sideModel.ts), change sides, or read truth.
 */
import { SELLER_TITLE, type Side } from './people.ts';
import type { Sentence } from './text.ts';

/** What the seller says of their own offering: "our platform", "our pricing", "our customers". */
const OUR_OFFERING = /\b(?:our|my) (?:product|platform|software|tool|solution|app|pricing|price list|list price|proposal|quote|implementation|onboarding|rollout|support team|customer success|roadmap|customers|clients|partner program|partners|integrations?|connectors?|api|modules?|tiers?|licen[cs]es?|sensors?|devices?|service level|sla|contract terms|order form)\b/;
/** What the buyer says of the seller's: "your pricing", "your proposal", "you guys' platform". */
const YOUR_OFFERING = /\b(?:your|you guys'?) (?:product|platform|software|tool|solution|system|app|pricing|price|prices|proposal|quote|offer|contract|implementation|support|roadmap|terms|discount|renewal|invoice|number|rep|company|team's|sales|service|sensors?|devices?|units?|connector|integration|api|reference|references|customers)\b/;
/** Offering terms: "we can waive", "I could give you", "I'll send over the order form". */
const OFFER = /\b(?:we|i) (?:can|could|would|'d|will|'ll|are happy to|'re happy to|'m happy to) (?:offer|give you|waive|include|throw in|discount|extend|hold|lock in|honou?r|match|set you up|get you|send (?:you |over )?(?:the|a|an|our) (?:contract|proposal|quote|order form|agreement|paperwork|pricing|deck|msa|sow|redlines?))\b|\blet me (?:show|walk) you\b|\bshare my screen\b/;
/** Discovery questions: "how do you handle that today", "walk me through", "what are you using". */
const DISCOVERY = /\b(?:how (?:do|does|are) (?:you|your team|your people) (?:\w+ ){0,3}(?:today|now|currently)|walk me through|tell me (?:a bit )?(?:more )?about (?:your|how you)|what (?:are|do) you (?:use|using|currently)|what does (?:that|your) \w+ look like)\b/;
/** The buyer's money and approvals: "our budget", "we set aside", "the board has to approve". */
const BUYER_MONEY = /\b(?:our|my) (?:budget|board|cfo|procurement|finance (?:team|people)|legal (?:team|people)|it (?:team|people)|approval|sign-?off)\b|\b(?:budgeted|set aside|got approved|have approved|sign(?:ed)? off on|over budget|more than we (?:pay|budgeted|set aside|have|expected)|too expensive|come down on|best you can do|sharpen your pencil)\b/;
/** The buyer's questions about the offering: "do you integrate with", "how much would that be", "can you come down". */
const BUYER_ASK = /\b(?:do you|does it|does your \w+|can you|could you|will you|would you|are you able to) (?:guys |folks )?(?:support|integrate|offer|have|handle|work|include|provide|charge|match|sharpen|come down|throw in|waive|do better|guarantee|connect)\b|\bhow much (?:is|does|would|will|do)\b|\bwhat (?:does|would|will) (?:it|that|this|the \w+) cost\b|\bwhat(?:'s| is) the (?:price|cost|pricing)\b/;
/** The seller's statements about what the offering does: "we integrate with", "it includes", "we offer". */
const SELLER_SAYS = /\b(?:we|it|the platform|our platform|the system|the app) (?:integrates?|supports?|offers?|provides?|includes?|handles?|syncs?|connects?|comes with|ships with)\b|\b(?:most of our|a lot of our|many of our|other) (?:customers|clients|partners)\b|\bcustomers like you\b|\b(?:deal registration|partner margin|margin for partners|reseller discount|partner tier)\b/;
/** Titles of people who sell: the people rules' sales titles and the channel ones. */
const SALES_TITLE = new RegExp(`${SELLER_TITLE.source}|\\b(?:channel|partnerships?|alliances?) (?:manager|director|lead|head)\\b`, 'i');
/** The buyer's tools and habits now: "we're on X today", "right now we", "we've been using". */
const BUYER_NOW = /\b(?:we're on|we are on|we use|we've been using|we currently|today we|right now we|at the moment we|our current (?:vendor|provider|system|tool|setup|process))\b/;

/** The cues counted per group, in feature order; some count only in questions. */
const CUES: readonly { name: string; re: RegExp; questionsOnly?: boolean }[] = [
  { name: 'our offering', re: OUR_OFFERING },
  { name: 'your offering', re: YOUR_OFFERING },
  { name: 'offers terms', re: OFFER },
  { name: 'discovery questions', re: DISCOVERY, questionsOnly: true },
  { name: 'buyer money and approvals', re: BUYER_MONEY },
  { name: 'buyer tools now', re: BUYER_NOW },
  { name: 'asks about the offering', re: BUYER_ASK, questionsOnly: true },
  { name: 'says what the offering does', re: SELLER_SAYS },
];

export const SIDE_FEATURES: readonly string[] = [
  ...CUES.map((c) => `${c.name} (seller − buyer)`),
  'share of questions asked (seller − buyer)',
  'share of words (seller − buyer)',
  'sales titles (seller − buyer)',
  'opened the call (seller +1, buyer −1)',
  "rules' seller-ness (seller − buyer, squashed)",
];

export interface SideEvidence {
  sentences: Sentence[];
  sideOf: Map<string, Side>;
  /** Each speaker's role as the people rules found it. */
  roleOf: (speaker: string) => string | null;
  /** The people rules' seller-ness per speaker (people.ts `scores`). */
  scores: Map<string, number>;
}

/**
 * The row for a call, or null when the rules did not put speakers on both sides (nothing to swap). No bias column:
 * the row is antisymmetric, so "these sides are swapped" is a question of its sign and size alone.
 */
export function sideFeatures(ev: SideEvidence): number[] | null {
  const groups = { seller: new Set<string>(), buyer: new Set<string>() };
  for (const [sp, sd] of ev.sideOf) if (sd === 'seller' || sd === 'buyer') groups[sd].add(sp);
  if (!groups.seller.size || !groups.buyer.size) return null;
  const tally = (sd: 'seller' | 'buyer') => {
    const t = { sentences: 0, questions: 0, words: 0, cues: CUES.map(() => 0) };
    for (const s of ev.sentences) {
      if (!groups[sd].has(s.speaker)) continue;
      t.sentences++;
      t.words += s.lower.split(/\s+/).filter(Boolean).length;
      if (s.isQuestion) t.questions++;
      CUES.forEach((c, i) => {
        if ((s.isQuestion || !c.questionsOnly) && c.re.test(s.lower)) t.cues[i]!++;
      });
    }
    return t;
  };
  const a = tally('seller');
  const b = tally('buyer');
  // A cue's rate per ten sentences of the group, so a talkative group does not win by volume alone.
  const rates = CUES.map((_, i) => (10 * a.cues[i]!) / (a.sentences + 1) - (10 * b.cues[i]!) / (b.sentences + 1));
  const share = (x: number, y: number) => (x + y ? (x - y) / (x + y) : 0);
  const titles = (sd: 'seller' | 'buyer') => [...groups[sd]].filter((sp) => SALES_TITLE.test(ev.roleOf(sp) ?? '')).length;
  const first = ev.sentences[0]?.speaker;
  const opened = first && groups.seller.has(first) ? 1 : first && groups.buyer.has(first) ? -1 : 0;
  const mean = (sd: 'seller' | 'buyer') => [...groups[sd]].reduce((n, sp) => n + (ev.scores.get(sp) ?? 0), 0) / groups[sd].size;
  return [
    ...rates,
    share(a.questions, b.questions),
    share(a.words, b.words),
    titles('seller') - titles('buyer'),
    opened,
    Math.tanh((mean('seller') - mean('buyer')) / 5),
  ];
}
