/**
 * Deal signals: pains, decision process, budget (competitors.ts and
 * objections.ts hold the other two, re-exported here for existing callers).
 * Buyer-side sentences carry pains, because that is where they live in a
 * sales call (the rep restating them would double-count).
 */
import type { Side } from './people.ts';
import { clip, type Sentence } from './text.ts';

export { findCompetitors } from './competitors.ts';
export { findObjections, type FoundObjection } from './objections.ts';

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
