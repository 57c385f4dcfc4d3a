/**
 * What kind of call this is: discovery, demo, negotiation, renewal, support,
 * partner, other (a seller and a buyer; 'other' is a kickoff or a cold call, no deal being
 * worked) or internal, earnings (no seller and buyer: no sides, deal facts, follow-up e-mail
 * or sales coaching are forced on them).
 * Owns: the cue lists and the scoring that picks one type. Must not: extract facts.
 *
 * Each cue is a phrase that people in that kind of call say; a type's score is the
 * number of sentences with one of its cues. Non-sales types win only on strong
 * evidence; among sales types the highest score wins, discovery by default — unless
 * the rep is not the one asking questions (`askBalance`): then the rep is showing, a demo;
 * when the rep is, the rep's questions about how things stand today count for discovery.
 * A call where the customer is only ever "they" and hardly anyone says "you" is colleagues
 * reviewing a deal (internal).
 */
import { NON_SALES_CALL_TYPES, type CallFacts, type CallType } from '../../types.ts';
import type { Sentence } from './text.ts';

interface Cue {
  re: RegExp;
  weight: number;
}
const cue = (re: RegExp, weight = 1): Cue => ({ re, weight });

const CUES: Record<CallType, Cue[]> = {
  earnings: [
    // The operator script of every earnings call.
    cue(/\b(?:earnings (?:call|conference|release)|conference call|listen-only mode|question-and-answer session|(?:next|first|following) question comes from|please go ahead|open the (?:call|line) for questions)\b/, 3),
    // Investor-report vocabulary.
    // Investor-relations script: the safe-harbour line, the IR host, analysts' questions announced by name.
    cue(/\b(?:forward-looking statements?|investor relations|non-gaap|(?:next|first|following|our next|our first) question is from|congrat(?:s|ulations) on the (?:quarter|results|year)|share (?:repurchase|buyback)|buyback)\b/, 3),
    cue(/\b(?:ebitda|earnings per share|eps|guidance|guiding|gross margin|net revenue retention|press release|year-over-year|year over year|fiscal (?:year|quarter)|shareholders?|dividend|free cash flow|operating (?:margin|income|profit)|analysts?|basis points|investors?|net sales|results for the (?:quarter|year)|quarterly results)\b/),
  ],
  internal: [
    // Meetings among colleagues: their own names for the meeting.
    // A sales team reviewing its own deals.
    cue(/\b(?:pipeline|forecast|quota|in the crm|the crm|close date|at risk|rep by rep|deal review|commit (?:number|call)|leadership)\b/, 2),
    cue(/\b(?:stand-?up|sprint|retro(?:spective)?|roadmap (?:sync|review)|weekly (?:sync|sync-up|team meeting|meeting)|team meeting|all-hands|kick-?off meeting|pipeline review|forecast call|one-on-one|1:1|agenda|action items|minutes of|previous meeting|next meeting|our project)\b/, 2),
    // Work talk with no customer in it.
    cue(/\b(?:the design team|the project manager|industrial designer|user interface|the budget for the project|the (?:prototype|spec|backlog|ticket|release|build)|QA|our (?:team|department|manager|roadmap|release|quarter targets?|quota))\b/i),
    // Running the team itself: an agenda of topics, territories, hires, events, who covers which deals.
    cue(/\b(?:(?:two|three|four|five|a few) (?:topics|items|things) (?:today|on the list|to cover)|for the notes|territor(?:y|ies)|new hires?|onboarding (?:doc|plan|checklist)|head ?count|(?:the|our) (?:booth|expo|trade show|offsite|off-site|kickoff|kick-off)|(?:hand|handing) over (?:\w+ )?(?:deals|accounts)|deals? (?:in|at) (?:late|early) stages?|late-stage deals?|by deal size|(?:account executives?|sales engineers?|sdrs?|bdrs?|csms?) (?:who|start|starts|joining|covering|cover)|you cover)\b/, 2),
    // A deal review: the customer's people spoken of in the third person ("their CISO", "their legal") among colleagues.
    cue(/\b(?:their|the customer's|the client's) (?:legal|lawyers|it director|cio|cfo|ceo|coo|cto|ciso|chro|vp|head of \w+|security team|procurement|finance team|board|blocker|champion|decision-maker|evaluation|scorecard|deadline|budget cycle|fiscal year)\b/, 2),
    // Forecasting a quarter: commit or best case, the deal desk, the quarter's target, who is in the final round.
    cue(/\b(?:commit or best case|best case|deal desk|quarter(?:ly)? target|(?:our|the) number for the quarter|exec(?:utive)? sponsor call|close (?:this|by end of|before end of) (?:quarter|q[1-4])|in the final (?:two|three|round)|verbally (?:chosen|committed|picked)|bafo|pipeline coverage|sales stage|stage (?:two|three|four|2|3|4))\b/, 2),
    // A team talking about its customers and reps in the third person, and running its own decision ("go round", "go or no-go").
    cue(/\b(?:(?:the|beta|pilot|bigger|smaller|small|large|existing) (?:customers|clients|accounts|reps|prospects)|from the customer side|(?:two|some|most|a few) of them asked|(?:have|let) the reps|quorum|go round|go or no-go|go\/no-go|plan of record|feature flags?|on staging|in staging)\b/, 2),
  ],
  partner: [
    // A partnership is the product: resell, refer, co-sell.
    cue(/\b(?:partner (?:program|programme|agreement|portal|tier|margin)|channel (?:partner|partnership)s?|resell(?:er|ers|ing)?|referral (?:fee|partner)|co-?sell|partners (?:earn|get)|revenue share|white-?label|certif(?:y|ied|ication) (?:your|our) consultants)\b/, 2),
    cue(/\b(?:partnership|joint customers?|your clients|our partners|the marketplace listing)\b/),
    // Channel roles and rules: alliances and channel managers, registered deals, partner pricing, the vendor's direct team.
    cue(/\b(?:channel account manager|head of (?:alliances|partnerships|channel)|alliances? (?:manager|lead|team)|deal registrations?|registered (?:that|the|this) deal|partner (?:price|pricing|discount|level|manager|account)|nfr licen[cs]es?|not-for-resale|(?:your|the) direct (?:team|reps?|sales))\b/, 2),
  ],
  support: [
    // Something broke and the vendor is fixing it.
    cue(/\b(?:outage|hotfix|hot fix|root cause|rca|escalat\w+|bug|incident|stopped (?:working|syncing)|went down|is down|broke|broken|error message|workaround|patch|downtime|regression|fails?|failing)\b/, 2),
    // A support ticket, not a priced unit ("forty-two cents a ticket", "per-ticket").
    cue(/\b(?:(?:support|open|opened|raise|raised|log|logged|file|filed|submit|submitted|the|your|my|our|this|that) ticket|ticket (?:number|notes|queue|id))\b/, 2),
    cue(/\b(?:support (?:case|team|engineer|engineering)|sla|credit (?:for|of|one month)|service credit|affected|restore)\b/),
    // Something stopped working since a change, the vendor apologises and owns the fix.
    cue(/\b(?:since (?:the|your|our|\w+'s|last week's|yesterday's) (?:release|update|upgrade|deploy(?:ment)?|migration|change)|(?:stops?|stopped|stopping) (?:\w+ )?(?:halfway|working|posting|syncing|loading|sending)|(?:i'm|we're|i am|we are) (?:so |very |really )?sorry|apologi[sz]e|the fix|a fix|timeouts?|crash(?:es|ed|ing)?|not working|can't log in|lost (?:data|orders|records))\b/, 2),
  ],
  renewal: [
    // The seller's own contract coming up: "your renewal on the thirtieth", "your contract ends".
    // ("the renewal alerts": renewal as a product feature is not this call's renewal.)
    cue(/\b(?:(?:your|the upcoming|this|the) renewal(?! (?:alerts?|dates?|notices?|windows?|reminders?|module|tracking|workflow))|up for renewal|renew(?:ing)? (?:with us|your (?:contract|subscription|licen[cs]e))|(?:contract|subscription|licen[cs]e|agreement) (?:ends|expires|runs out|renews|is up|comes up)|seats? (?:logged in|in use)|usage (?:dropped|is down|went down))\b/, 3),
    // The term running out: "your three years are up", "renewal time", "three more years".
    cue(/\b(?:(?:your|the|our) (?:\w+ )?(?:years?|term|months) (?:are|is) (?:up|over)|renewal time|time to renew|(?:one|two|three|another|a few) more years?|for (?:another|a further) (?:year|term|two years|three years))\b/, 3),
    // An existing customer's account: customer success checking how it works for them.
    cue(/\b(?:customer success|account manager|how(?:'s| is) (?:the|it|everything) (?:\w+ )?(?:working|going) for you|since you (?:started|signed|went live|switched)|took over the (?:\w+ )?account)\b/),
    // Said in passing; one mention ("our insurance renewal") is not enough (see the threshold).
    cue(/\b(?:renewal|renew(?:s|ing|ed)?|uplift|true-?up|another (?:year|term)|expansion|add (?:more )?(?:seats|licen[cs]es|users)|current term)\b/),
  ],
  negotiation: [
    // ("procurement" as a department and "e-signature" as a product feature are not bargaining.)
    cue(/\b(?:discount|percent off|% off|order form|redlines?|msa|terms|term length|multi-?year|sign (?:by|this|before|that)|(?<!e-)signature|countersign|best (?:and final|price)|final number|counter-?offer|procurement (?:review|process|needs|has to|will|wants)|purchase order|net \d+|payment terms|legal review)\b/, 2),
    // Moving the price: "if you sign …, I can take it to …", "the number is the issue", "list is …".
    cue(/\b(?:if you (?:sign|commit|agree)|(?:i|we) (?:think (?:i|we) )?can (?:take|get|bring|drop) (?:(?:it|you|that|the price|this)(?: down)? )?to|the number (?:is|needs|has to|was)|(?:where|how) are you on (?:the )?(?:number|price)|approval level|list (?:price )?is|come down|(?:that's|it's) closer|the best i can do)\b/, 2),
    // Trading a structure: proposals, terms per year, what the other vendor offered.
    cue(/\b(?:(?:our|the|revised|updated) proposal|propose|year (?:one|two|three) (?:at|is|goes)|(?:two|three|multi)-year|all in|offered us|quoted us|i (?:could|can|'ll) sign|the contract|meet (?:you|us) (?:in the middle|halfway)|walk away)\b/),
  ],
  demo: [
    // ("a demo with X last year", "get a proper demo on the calendar": a demo talked about is not this call; "so you can see" is a purpose.)
    cue(/\b(?:share my screen|sharing my screen|let me show|i'll show|show you|walk you through|this is (?:the|our) [a-z ]{0,20}(?:dashboard|screen|view|map|report|console|app)|(?<!so )you can see|click(?:s|ing)?|(?:this|today's|the) demo(?! (?:on|next|in|for|with))|on the screen|live (?:view|map|demo))\b/, 2),
    // Driving the product live: "can you see my screen?", "let me book one", "if I open …", "this column is …".
    cue(/\b(?:see my screen|let me (?:book|create|add|open|pull up|run|set up|send) (?:one|a|an) (?:now|quickly|here|for you|so you)?|(?:if|when|watch as|now) i (?:click|open|pull up|go to|select|type)|this (?:column|panel|widget|card|row|inbox|calendar|timeline|chart|graph) (?:is|shows))\b/, 2),
    // Product-tour vocabulary.
    cue(/\b(?:(?:this|the) (?:screen|dashboard|view|tab|page|button|menu)|drop-?down|you scan|you(?:'ll)? see (?:the|every|each|all)|pops? up|in the app|builds itself|log(?:s|ged)? straight)\b/),
    // The product shown working: "here's the board", "it matched the lines", "you drag a job onto …", "run the demo".
    cue(/\b(?:^(?:here's|here is) (?:the|our|one|a|your)|(?:it|tallyhawk|the system|the app|the platform) (?:automatically |also |then )?(?:pushes|suggests|syncs|reads|matche[sd]|picked up|picks up|flags|routes|posts|pulls|highlights|calculates|fills|builds|generates|sorts)|you (?:just )?(?:drag|click|pick|filter|drill|tap|swipe|set (?!up)) |(?:run|start|do|give you) the demo|show you)\b/, 2),
  ],
  other: [
    // Work starting after the sale: a kickoff or onboarding with the new customer (a seller and a buyer, no deal to win).
    cue(/\b(?:(?:welcome to|this is|for) (?:the|our|your) (?:kick-?off|onboarding)|implementation (?:lead|manager|consultant|specialist|kick-?off)|onboarding (?:pack|call|session|specialist|manager|checklist)|welcome aboard|(?:officially |is )day one|(?:weekly|biweekly|fortnightly) check-?ins?|hand-?(?:off|over) from sales|train-the-trainer)\b/, 2),
    // The deal already done: "to confirm what's been signed", "that's been paid", "the commercials are squared away".
    cue(/\b(?:(?:what's|what has|everything's|everything has|it's|it has) been signed|(?:now|since) (?:that )?(?:you've|you have) signed|(?:that's|it's|has|have) been paid|commercials are (?:all )?(?:squared away|done|settled|signed))\b/, 2),
  ],
  discovery: [
    cue(/\b(?:how do you (?:handle|do|manage|track)|what (?:made you|prompted)|tell me (?:about|more)|walk me through|today, how|what happens (?:when|today)|how (?:many|much) (?:do|are)|biggest (?:challenge|pain)|what does (?:success|that) look like)\b/, 2),
    // The buyer describing how it is done today: the substance of a first call.
    cue(/\b(?:today we|right now we|currently,? we|at the moment we|we still|by hand|manually|spreadsheets?|whiteboard|our (?:current )?process|what (?:tools?|systems?) (?:do|are) you|who (?:else )?(?:is involved|signs off|makes the (?:call|decision)))\b/),
  ],
};

export interface CallTypeResult {
  type: CallType;
  /** Score per type, for logs and tests. */
  scores: Record<string, number>;
  /** Who asks (askBalance), null without sides or enough talk. */
  ask?: number | null;
  /** Speakers the people analysis put on each side. */
  sides?: { seller: number; buyer: number };
  /** The other evidence the decision used: operator-script sentences, introductions, pronoun shares, size. */
  signals?: { operator: number; companiesKnown: boolean; they: number; you: number; sentences: number; speakers: number };
}

/** Sentences speaking of a third party ("they"), and to the listener ("you"). */
const THEY = /\b(?:they|their|them|they're|they've|they'll|they'd)\b/;
const YOU = /\b(?:you|your|you're|you've|you'll|you'd)\b/;

/**
 * Discovery: the rep asking how things stand now ("what does it cost you today?", "how often does that happen?").
 * Counted only when a seller asks it (in a demo the buyer asks the same about the product).
 */
const REP_STATUS_QUESTION = /\b(?:today|currently|right now|at the moment|these days|roughly|how often|how long does|how long do|a (?:feel|sense) for|walk me through)\b[^?]*\?\s*$/;

/** Operator-script sentences: the strongest single sign of an earnings call. */
const OPERATOR = /\b(?:(?:performance|results|earnings|financial) (?:briefing|presentation)|forward-looking statements?|(?:next|first|following) question is from|earnings (?:call|conference|release)|conference call|listen-only mode|question-and-answer session|(?:next|first|following) question comes from|open the (?:call|line) for questions)\b/;

/**
 * @param companiesKnown introductions named a seller or a buyer company (sales calls nearly always do).
 */
/**
 * Who asks: the seller's share of question sentences minus the buyer's. A discovery call is the rep asking
 * and the buyer answering; in a demo the rep shows and the buyer asks. Null without enough talk on both sides.
 */
export function askBalance(sentences: Sentence[], sideOf: Map<string, string>): number | null {
  const n = { seller: 0, buyer: 0 };
  const q = { seller: 0, buyer: 0 };
  for (const s of sentences) {
    const sd = sideOf.get(s.speaker);
    if (sd !== 'seller' && sd !== 'buyer') continue;
    n[sd]++;
    if (/\?\s*$/.test(s.text)) q[sd]++;
  }
  if (n.seller < 4 || n.buyer < 4) return null;
  return q.seller / n.seller - q.buyer / n.buyer;
}

export function detectCallType(sentences: Sentence[], speakers: string[], companiesKnown: boolean, sideOf?: Map<string, string>): CallTypeResult {
  const scores: Record<string, number> = {};
  for (const [type, cues] of Object.entries(CUES)) {
    let n = 0;
    for (const s of sentences) {
      let best = 0;
      for (const c of cues) if (c.re.test(s.lower) || c.re.test(s.norm)) best = Math.max(best, c.weight);
      n += best;
    }
    scores[type] = n;
  }
  const ask = sideOf ? askBalance(sentences, sideOf) : null;
  const sides = { seller: speakers.filter((p) => sideOf?.get(p) === 'seller').length, buyer: speakers.filter((p) => sideOf?.get(p) === 'buyer').length };
  // Discovery: status questions from the seller side (2 each, like a strong cue), when the seller is clearly the one
  // asking (a demo opens with a few such questions, then the buyer asks about the product).
  if (sideOf && ask !== null && ask >= 0.12) scores.discovery = (scores.discovery ?? 0) + 2 * sentences.filter((s) => sideOf.get(s.speaker) === 'seller' && REP_STATUS_QUESTION.test(s.lower)).length;
  const sc = (t: string) => scores[t] ?? 0;
  const operator = sentences.filter((s) => OPERATOR.test(s.lower)).length;
  const share = (re: RegExp) => sentences.filter((s) => re.test(s.lower)).length / Math.max(1, sentences.length);
  const signals = { operator, companiesKnown, they: share(THEY), you: share(YOU), sentences: sentences.length, speakers: speakers.length };
  const out = (type: CallType): CallTypeResult => ({ type, scores, ask, sides, signals });
  // An operator-run call with investor vocabulary is an earnings call, whoever else speaks.
  // Round 9: one operator line is enough with 8+ investor cues (across 390 training calls no other call scores over 4).
  if ((operator >= 1 && sc('earnings') >= 8) || (operator >= 1 && !companiesKnown && sc('earnings') >= 4)) return out('earnings');
  // Colleagues talking about their own work: internal cues, no company introduced, or far more internal talk than selling.
  const selling = ['negotiation', 'renewal', 'partner'].reduce((a, t) => a + sc(t), 0);
  if (sc('internal') >= 4 && ((!companiesKnown && sc('internal') > selling) || sc('internal') >= 2 * (selling + sc('demo')) + 4)) return out('internal');
  // Internal: colleagues reviewing a customer speak of it in the third person and hardly ever say "you" (a seller
  // addresses the buyer as "you" in one sentence in ten or more; deal reviews in at most one in twenty), and some
  // meeting or review vocabulary says it is the team's own meeting.
  // Round 9: or the third person is at least twice as common as "you" and in one sentence in eight (a review whose
  // speakers also address each other as "you"; across 370 training calls no sales call reaches that).
  const thirdPerson = (signals.they >= 0.08 && signals.you < 0.05) || (signals.they >= 0.12 && signals.they >= 2 * signals.you);
  if (speakers.length >= 2 && sentences.length >= 10 && thirdPerson && sc('internal') >= 2) return out('internal');
  if (speakers.length === 1) return out('discovery');
  // Among sales calls, a partnership or an escalation is named by its own strong cues.
  if (sc('partner') >= 4) return out('partner');
  // Work starting with a new customer (kickoff, onboarding): repeated post-sale cues outweighing every selling type.
  if (sc('other') >= 6 && ['negotiation', 'renewal', 'demo', 'discovery', 'support'].every((t) => sc('other') > sc(t))) return out('other');
  // One strong mention in a short call is its topic; in a long one it may be an aside: thresholds follow the length.
  const short = sentences.length < 30;
  // Renewal: a renewal talked about repeatedly (6+) is the subject even when a past incident takes much of the call.
  if (sc('support') >= (short ? 4 : 6) && sc('support') >= sc('negotiation') + sc('renewal') && sc('renewal') < 6) return out('support');
  // A renewal is talked about repeatedly; one mention is another renewal (the buyer's insurance).
  const ranked: [CallType, number][] = [
    ['renewal', sc('renewal') >= (short ? 3 : 4) ? sc('renewal') : 0],
    ['negotiation', sc('negotiation')],
    ['demo', sc('demo')],
  ];
  let best: CallType = 'discovery';
  let bestScore = Math.max(3, sc('discovery')); // discovery wins unless another type has clear evidence
  for (const [t, v] of ranked) {
    if (v > bestScore) {
      best = t;
      bestScore = v;
    }
  }
  // No cue decided and the rep is not the one asking: the rep is showing, not discovering.
  if (best === 'discovery' && sideOf && sc('discovery') < 4) {
    if (ask !== null && (ask < 0 || (ask < 0.1 && sc('demo') > 0))) best = 'demo';
  }
  return out(best);
}

/** Not a seller talking to a buyer: no sides, deal facts, follow-up e-mail or sales coaching. */
export const isSalesCall = (type: CallType | null | undefined): boolean => !type || !NON_SALES_CALL_TYPES.includes(type);

/** Whether a call of this type keeps its competitors: sales calls, and internal deal reviews (the vendors the team says its
 * prospects weigh against it — every fresh truth set lists them). Earnings calls keep none. */
export const keepsCompetitors = (type: CallType | null | undefined): boolean => isSalesCall(type) || type === 'internal';

/**
 * The facts a call of this type keeps. Internal meetings keep their action items; internal and earnings calls keep
 * the company whose call it is (`host`) as `sellerCompany`;
 * earnings calls keep amounts and the timeline only. ('other' is a sales call here: it keeps everything.)
 */
export function factsForCallType(facts: CallFacts, host: { earnings: string | null; team: string | null } = { earnings: null, team: null }): CallFacts {
  if (isSalesCall(facts.callType)) return facts;
  return {
    ...facts,
    // No one sells, but an earnings call or a team meeting is one company's own: that company is kept (as the seller's slot).
    // (On an earnings call only the operator's welcome names it: analysts introduce themselves with their banks.)
    sellerCompany: facts.callType === 'earnings' ? host.earnings : facts.callType === 'internal' ? host.team : null,
    buyerCompany: null,
    participants: facts.participants.map((p) => ({ ...p, side: 'unknown', company: null })),
    pains: [],
    budget: null,
    decisionProcess: [],
    competitors: keepsCompetitors(facts.callType) ? facts.competitors : [],
    objections: [],
    nextSteps: facts.callType === 'internal' ? facts.nextSteps : [],
  };
}
