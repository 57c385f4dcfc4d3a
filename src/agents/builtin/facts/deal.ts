/**
 * Deal signals: competitors, objections, pains, decision process, budget.
 * Each rule is a pattern over one sentence plus who said it; buyer-side
 * sentences carry objections and pains, because that is where they live in a
 * sales call (the rep restating them would double-count).
 */
import { INFRA, NOT_NAMES } from './lexicon.ts';
import { ORG_RE_SRC, trimOrg, type Side } from './people.ts';
import { clip, escapeRe, type Sentence } from './text.ts';
import type { ObjectionType } from '../../types.ts';

// ---------------------------------------------------------------------------
// Competitors
// ---------------------------------------------------------------------------

const ORG = ORG_RE_SRC;
const LIST_TAIL = `((?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+|,\\s+and\\s+)${ORG})*)`;

interface CompetitorRule {
  re: RegExp;
  /** Group index of the first org; a list tail follows at +1 when `list`. */
  group: number;
  list?: boolean;
}

const COMPETITOR_RULES: CompetitorRule[] = [
  // "We looked at three tools, Ledgerline, Paylance and Quorvane" / "we've talked to Paylance" / "piloting Deskwise"
  {
    re: new RegExp(
      `\\b(?:looked at|looking at|look at|talked to|talking to|spoke to|spoken to|spoke with|evaluated|evaluating|considering|piloting|trialing|trialling|trialled|trialed|tried|tested|used to use|switched from|moved from|dropped|demoed|unlike|different from|difference from|compared (?:to|with)|comparing|versus|vs\\.?|against|instead of|switch(?:ing)? (?:over )?to|moving to|migrat(?:e|ing) to|go with|went with|going with|replac(?:e|ing)|shortlisted|short-listed|in talks with)\\s+(?:(?:three|two|four|five|a few|some|other|several) (?:tools|vendors|options|products|solutions|platforms),?\\s+)?${ORG}${LIST_TAIL}`,
      'gu',
    ),
    group: 1,
    list: true,
  },
  // "better than Billtrove", "cleaner than what Ledgerline showed us"
  { re: new RegExp(`\\b(?:better|worse|cheaper|cleaner|faster|slower|simpler|easier|harder|nicer|stronger|weaker|more expensive|less expensive|more|less)\\s+than\\s+(?:what\\s+)?${ORG}`, 'gu'), group: 1 },
  // "Ledgerline came in at", "Paylance quoted us", "Deskwise is the front-runner", "Paylance has been calling me"
  {
    re: new RegExp(
      `${ORG}\\s+(?:quoted|came in|comes in|come in|came back|included|includes|costs|is cheaper|was cheaper|are cheaper|is (?:a lot |much )?cheaper|is at\\b|was at\\b|were at\\b|offered|offers|did a demo|showed us|is the front-?runner|is our front-?runner|has been calling|have been calling|'s rep|rep (?:also )?(?:told|says|said)|proposal|only does|claims|charges|is ahead|pilot\\b|is (?:also )?in the (?:mix|running)|doesn't|don't|can't|do desks)`,
      'gu',
    ),
    group: 1,
  },
  // incumbents: "capture today is done by Capturis", "you're paying Capturis", "a local tool called Keirido"
  { re: new RegExp(`\\b(?:done by|handled by|we're using|we are using|currently using|currently on|paying|we pay|(?:still )?uses|our current (?:vendor|tool|provider|system|solution),?)\\s+${ORG}`, 'gu'), group: 1 },
  // "our Trekkon contract runs until March 31st"
  { re: new RegExp(`\\b(?:our|their|the)\\s+${ORG}\\s+(?:contract|licen[cs]e|subscription|renewal)\\b`, 'gu'), group: 1 },
  // how the work is done today: "the routes are planned in Trekkon", "built … in a spreadsheet, with Mapquill open"
  {
    re: new RegExp(`\\b(?:planned|built|done|managed|tracked|handled|scheduled|kept|entered|keyed|processed|captured|routed|dispatched|run)\\b[^.?!]{0,70}?\\b(?:in|with|on|using|through|via)\\s+${ORG}(?=\\s+(?:open|today|now|for|on the side)\\b|[,.]|$)`, 'gu'),
    group: 1,
  },
  { re: new RegExp(`\\b(?:tool|platform|solution|product|software|app|system|vendor|competitor)\\s+called\\s+${ORG}`, 'gu'), group: 1 },
  // "which one of our divisions uses today"
  { re: new RegExp(`${ORG},\\s+which\\s+(?:one of )?(?:our|their|the)\\s+[a-z ]{0,30}\\buses?\\b`, 'gu'), group: 1 },
];
const NATIVE_RULE = new RegExp(`\\b(?:the\\s+)?native\\s+${ORG}(?=\\s+(?:route|routing|workflows?|modules?|features?|functionality|options?|approvals?|tools?|solution|capabilit\\w+|way|approach|integration))`, 'gu');

/** "Who else are you looking at?" — "Vigilo and SafeMile." */
const WHO_ELSE = /\b(?:who else|what other (?:vendors|tools|options|solutions|products)|anyone else|which (?:other )?(?:vendors|tools|solutions))\b[^?]*\b(?:looking at|talking to|considering|evaluating|speaking with|in the mix|on the list)\b/;

export function findCompetitors(sentences: Sentence[], exclude: string[], personNames: Set<string>): string[] {
  const found: string[] = [];
  const ex = exclude.filter(Boolean).map((e) => e.toLowerCase());
  const isExcluded = (o: string): boolean => {
    const l = o.toLowerCase();
    if (ex.some((e) => l === e || e.startsWith(l + ' ') || l.startsWith(e + ' ') || e.split(/\s+/)[0] === l)) return true;
    if (personNames.has(o) || o.split(/\s+/).every((w) => personNames.has(w))) return true;
    if (NOT_NAMES.has(o.replace(/'/g, ''))) return true;
    return false;
  };
  // A word the call also uses in lower case ("fuel", "total", "production") is an ordinary word, not a brand.
  const lowerWords = new Set<string>();
  for (const s of sentences) for (const w of s.norm.match(/\b[a-z][a-z'-]+\b/g) ?? []) lowerWords.add(w);
  const add = (raw: string, allowInfra = false, suffix = '') => {
    const o = allowInfra ? raw.trim().split(/\s+/)[0]!.replace(/[.,;:!?']+$/, '') : trimOrg(raw);
    if (!o) return;
    if (!allowInfra && o.split(/\s+/).some((w) => INFRA.has(w))) return;
    if (isExcluded(o)) return;
    const words = o.split(/\s+/);
    if (o.length < 3 || words.some((w) => w.replace(/[^\p{L}]/gu, '').length < 2 || NOT_NAMES.has(w.replace(/'/g, '')))) return;
    if (words.length === 1 && lowerWords.has(o.toLowerCase())) return;
    const name = o + suffix;
    if (!found.includes(name)) found.push(name);
  };
  for (const s of sentences) {
    for (const rule of COMPETITOR_RULES) {
      rule.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = rule.re.exec(s.norm))) {
        // A capitalised word that merely starts the sentence ("Honestly", "Great") is filtered by trimOrg.
        add(m[rule.group]!);
        if (rule.list && m[rule.group + 1]) {
          for (const part of m[rule.group + 1]!.split(/,\s*|\s+and\s+|\s+or\s+/)) if (part.trim()) add(part);
        }
      }
    }
    const prev = sentences[s.index - 1];
    if (prev && prev.speaker !== s.speaker && prev.isQuestion && WHO_ELSE.test(prev.lower)) {
      const list = new RegExp(`^(?:[\\w' ]{0,30}?:?\\s*)?${ORG}${LIST_TAIL}`, 'u').exec(s.norm);
      if (list) {
        add(list[1]!);
        for (const part of (list[2] ?? '').split(/,\s*|\s+and\s+|\s+or\s+/)) if (part.trim()) add(part);
      }
    }
    NATIVE_RULE.lastIndex = 0;
    let n: RegExpExecArray | null;
    while ((n = NATIVE_RULE.exec(s.norm))) add(n[1]!, true, ' (native)');
  }
  // "Umbrella" vs "Umbrella Canada" style duplicates: keep the shorter name.
  return found.filter((f) => !found.some((g) => g !== f && f.startsWith(g + ' ')));
}

// ---------------------------------------------------------------------------
// Objections
// ---------------------------------------------------------------------------

const OBJECTION_RULES: Record<Exclude<ObjectionType, 'competitor'>, RegExp[]> = {
  price: [
    /\b(?:too (?:expensive|high|pricey|much)|expensive|big jump|(?:pay|paying) (?:almost |nearly )?(?:double|twice)|why would I pay|won't pay extra|not paying extra|more than (?:we|I) (?:budgeted|have|planned|can spend)|above what (?:I|we) have|need a better price|(?:won't|can't) go above|cheaper|pricey|over (?:our|my|the) budget|above (?:the top of )?(?:our|my|the) (?:budget|range)|is above the top of mine|the number is a problem|(?:number|price) is (?:a problem|too high|an issue)|can'?t afford|hard conversation|paying [a-z ]{0,30}\bmore\b|more expensive|less expensive|(?:percent|%) less|(?:need|want|hoping for|asking for|expect(?:ed|ing)?|looking for) (?:something like |at least |about )?[a-z0-9 -]{1,20} (?:percent|%)|hoping for at least|price increase|uplift|bigger number|not quite [a-z]+|sticker shock|out of (?:our|my) budget|costs? too much|been budgeting|not going back to the board for more|doesn't look crazy)\b/,
  ],
  timing: [
    /\b(?:spending freeze|freeze|(?:has|have|is|are|been) frozen|frozen (?:any|all|new)|on hold|budget (?:gets |is )?locked|gets locked|not (?:a )?(?:good )?time|bad time|bad timing|too soon|don't want to implement|slides? to|push(?:ed)? (?:it |this )?(?:out|back)|not until|no bandwidth|don't have the capacity|(?:doesn't|don't) have (?:the )?capacity|before (?:next year's )?busy season|not in a hurry|no (?:rush|hurry)|(?:busiest|peak) (?:month|season|time|period)|don't want any change|won't change [a-z ]{0,30}before|until the (?:april|may|june|july|january|february|march|september|october|november|december|next) [a-z]*\s?(?:budget|review|migration)?|during (?:november|december|the holidays|month-end|close)|timing|deadline)\b/,
  ],
  integration: [
    /\b(?:integrat\w*|sync\w*|connector|migrat\w*|compatib\w*|suitescript|custom (?:script|field|code|workflow)|middleware|duplicate payment|pay it twice|double pay\w*|once a night|nightly|outage|went down|downtime|root cause|api|erp|write access|read-only|permissions|export files|typing every order twice)\b/,
  ],
  security: [
    /\b(?:security|soc ?2|scim|sso|single sign-on|data residency|residency|privacy|gdpr|encrypt\w*|pen(?:etration)? test\w*|compliance|where (?:is|does) (?:that|the|our) data|where does it live|personal information|breach|bank details|new door|impersonat\w*|okta)\b/,
  ],
  authority: [
    // Only where the buyer presents the approver as a hurdle for this deal; "Gary signs" alone is decision process.
    /\b(?:(?:have|need) to take (?:it|this|a number|the number) to|(?:have|need) to go back to|(?:have|need) to convince|can't sign (?:this|it|that) myself|(?:will|would|is going to|'s going to|'ll) (?:ask|look at [a-z -]+ and ask)(?: me)? (?:whether|why|if)|(?:is|he's|she's) asking why|(?:so )?this goes to (?:him|her|them)|(?:before|until) (?:she|he|they) signs?|a po before|needs? a po\b|above my (?:pay grade|authority)|(?:she|he) (?:won't|will not|wouldn't) (?:sign|approve)|go back to (?:my|our|the) (?:cfo|ceo|board|vp)|not my decision)\b/i,
  ],
  need: [
    /\b(?:(?:not|aren't|isn't) (?:really )?(?:looking for (?:a|any|another|new)|a priority|interested|a fit)|not in the market|(?:whether|if) we need [a-z ]{0,30}at all|(?:think|say|believe) we don't need|don't (?:really )?need (?:a|this|it|another|that)|works? (?:fine|well) (?:today|for us)|happy with (?:what we have|our current)|not (?:a )?(?:problem|pain) for us|no (?:real )?need|(?:just|only|more of) a nice[- ]to[- ]have|not sure (?:we|it)(?:'s| is)? (?:need|worth))\b/,
  ],
};
/** Words that turn a topic mention into a concern (for the broad topics: integration, security, timing). */
const CONCERN =
  /\b(?:but|problem|issue|worr\w*|will want|will ask|come up|before anyone|hesita\w*|concern\w*|risk\w*|complicat\w*|can'?t|cannot|doesn'?t|don'?t|won'?t|isn'?t|not|never|no|frozen|freeze|twice|stopped|late|fail\w*|broke\w*|break|nervous|clunky|hard|difficult|without|requir\w*|must|need\w*|careful|veto|block\w*|until|lack\w*|missing|unhappy|bother\w*|promised|expensive)\b|\?/;
const NEEDS_CONCERN: Record<string, boolean> = { integration: true, security: true, timing: false, price: false, authority: false, need: false };
const COMPETITOR_EVAL =
  /\b(?:cheaper|less|better|front-?runner|ahead|lik(?:e|es|ed)|quoted|came in|came back|included|calling|offer\w*|pilot\w*|going well|meets?|requirements?|expires|has|have|had|does|slick|just works|claims?|looked|talked|demo|use[sd]?|voted|won|preference|prefer|costs?)\b/;

export interface FoundObjection {
  type: ObjectionType;
  speaker: string;
  quote: string;
  sentenceIndex: number;
}

/**
 * @param amountsBySentence money values said in each sentence (sentence index → values), so a buyer budget
 *   below the seller's price, or a cheaper competitor quote, counts as a price objection.
 */
export function findObjections(
  sentences: Sentence[],
  sideOf: Map<string, Side>,
  competitors: string[],
  amountsBySentence: Map<number, number[]> = new Map(),
): FoundObjection[] {
  const out: FoundObjection[] = [];
  const perType = new Map<ObjectionType, number>();
  const push = (type: ObjectionType, s: Sentence) => {
    const n = perType.get(type) ?? 0;
    if (n >= 4) return;
    if (out.some((o) => o.type === type && o.sentenceIndex === s.index)) return;
    perType.set(type, n + 1);
    out.push({ type, speaker: s.speaker, quote: clip(s.text, 300), sentenceIndex: s.index });
  };
  const compRe = competitors.length
    ? new RegExp(`\\b(?:${competitors.map((c) => escapeRe(c.replace(/ \(native\)$/, ''))).join('|')})\\b`, 'u')
    : null;
  // The seller's highest price said in the call ("$79,800 a year"), for budget comparisons.
  let sellerPrice = 0;
  for (const s of sentences) {
    if (sideOf.get(s.speaker) !== 'seller') continue;
    if (!/\b(?:per|a year|proposal|price|pric(?:ed|ing)|renewal|subscription|total|fee)\b/.test(s.lower)) continue;
    for (const v of amountsBySentence.get(s.index) ?? []) sellerPrice = Math.max(sellerPrice, v);
  }
  for (const s of sentences) {
    if (sideOf.get(s.speaker) !== 'buyer') continue;
    const vals = amountsBySentence.get(s.index) ?? [];
    // "My budget is $45,000 a year" against a $54,720 price; "Routelane quoted us $48,000".
    if (vals.length && sellerPrice && /\b(?:my|our|the) budget\b|\bbudget(?:ed|ing)?\b|\bwe have (?:between |about |around )?[$€£¥\d]|\bapproved\b/.test(s.lower) && Math.max(...vals) < sellerPrice) push('price', s);
    if (vals.length && compRe && compRe.test(s.norm) && /\b(?:quoted|offered|came in|came back|costs?|charges?|at)\b/.test(s.lower)) push('price', s);
    const words = s.lower.split(/\s+/).length;
    if (words < 3) continue;
    for (const [type, rules] of Object.entries(OBJECTION_RULES) as [Exclude<ObjectionType, 'competitor'>, RegExp[]][]) {
      if (!rules.some((r) => r.test(s.norm) || r.test(s.lower))) continue;
      if (NEEDS_CONCERN[type] && !CONCERN.test(s.lower)) continue;
      // A pure question about price/timing is discovery, not an objection.
      if (s.isQuestion && (type === 'price' || type === 'timing' || type === 'authority')) continue;
      push(type, s);
    }
    if (compRe && compRe.test(s.norm) && COMPETITOR_EVAL.test(s.lower) && !s.isQuestion) push('competitor', s);
    else if (compRe && /\b(?:looking at|talking to|considering|evaluating|leaning towards?) (?:them|they)\b/.test(s.lower)) {
      const recent = sentences.slice(Math.max(0, s.index - 2), s.index);
      if (recent.some((r) => compRe.test(r.norm))) push('competitor', s);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Pains, decision process, budget
// ---------------------------------------------------------------------------

const PAIN =
  /\b(?:drowning|problem|pain\w*|hurts?|struggl\w*|manual(?:ly)?|by hand|late fees?|missing|missed|chasing|chase|takes? forever|clunky|too many|too much|worried|worry|rough|frustrat\w*|fraud|a mess|chaos|disaster|slow|errors?|duplicate|bottleneck|backlog|overtime|re-?key\w*|keying|spreadsheet|on paper|cheques|checks|sit(?:s)? (?:for|on)|credit hold|tired of|quit|hard(?:er)? to|nobody understands|ugly|buried|complaints?|risk|impersonat\w*|cost(?:ing)? us|on the table|headcount|hire|unhappy|outage|bothered|never got|shared excel|only I understand|eating the time|too much time|nervous|everything is manual|squinting|gap)\b/g;

const STRONG_PAIN =
  /\b(?:drowning|late fees?|missing|missed|on the table|chasing|quit|tired of|fraud|penalt\w+|overtime|complaints?|disaster|problem|worried|frustrat\w*|worst|unhappy|never got|by hand|manual\w*|credit hold|angry)\b/g;

export function findPains(sentences: Sentence[], sideOf: Map<string, Side>): string[] {
  const scored: { s: Sentence; score: number }[] = [];
  for (const s of sentences) {
    if (sideOf.get(s.speaker) !== 'buyer' || s.isQuestion) continue;
    const words = s.lower.split(/\s+/).length;
    if (words < 6) continue;
    // A commitment or a question about the product is not a pain.
    if (/\b(?:i'll|we'll|i will|let me|could you|can you)\b/.test(s.lower)) continue;
    const hits = s.lower.match(PAIN)?.length ?? 0;
    if (!hits) continue;
    const strong = s.lower.match(STRONG_PAIN)?.length ?? 0;
    scored.push({ s, score: hits + 2 * strong + Math.min(words, 30) / 30 });
  }
  const top = scored
    .sort((a, b) => b.score - a.score)
    .slice(0, 6)
    .sort((a, b) => a.s.index - b.s.index);
  return top.map((x) => clip(x.s.text, 280));
}

const DECISION =
  /\b(?:signs?|signature|signing|sign[- ]off|signed|decision|decide[sd]?|decision[- ]maker|procurement|counsel|legal|veto|authority|review board|(?:raise|need|needs|issue|cut) a po|po before|purchase order|budget review|board approv\w+|approved by the board|final say|weigh in|approv(?:e|es|al) (?:the|this|it|anything|any|a tool))\b/;
const NOT_DECISION = /\b(?:single sign-on|sign in|sign-in|sign up|sign-up|signing in|sign on|no sign of)\b/;

export function findDecisionProcess(sentences: Sentence[], sideOf: Map<string, Side>): string[] {
  const buyer: string[] = [];
  const other: string[] = [];
  for (const s of sentences) {
    if (!DECISION.test(s.lower) || NOT_DECISION.test(s.lower) || s.isQuestion) continue;
    if (s.lower.split(/\s+/).length < 4) continue;
    (sideOf.get(s.speaker) === 'buyer' ? buyer : other).push(clip(s.text, 280));
  }
  const list = buyer.length ? buyer : other.filter((t) => !t.endsWith('?'));
  return [...new Set(list)].slice(0, 8);
}

export function findBudget(sentences: Sentence[], sideOf: Map<string, Side>, amountSentences: Set<number>): string | null {
  const cands = sentences.filter(
    (s) => /\b(?:budget(?:s|ed|ing)?|approved [a-z -]{0,30}(?:thousand|million|\$|€|£)|set aside|allocated)\b/.test(s.lower) && !s.isQuestion,
  );
  const pick =
    cands.find((s) => sideOf.get(s.speaker) === 'buyer' && amountSentences.has(s.index)) ??
    sentences.find((s) => sideOf.get(s.speaker) === 'buyer' && amountSentences.has(s.index) && /\bapproved\b/.test(s.lower)) ??
    cands.find((s) => sideOf.get(s.speaker) === 'buyer' && /\bbudget/.test(s.lower) && s.lower.split(/\s+/).length >= 6);
  return pick ? clip(pick.text, 300) : null;
}
