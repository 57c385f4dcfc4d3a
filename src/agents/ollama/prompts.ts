/**
 * Prompts for the Ollama provider: one system + user message pair per role,
 * plus the JSON Schema each reply must follow (derived from the SAME zod
 * schemas the built-in provider's output is validated with).
 * Owns: transcript rendering ("Speaker: text" lines, truncated for long calls)
 * and the wording of every instruction sent to a model.
 * Must not: make network calls, validate replies, or touch the database —
 * calling the model and checking its answer is src/agents/ollama/index.ts.
 */
import { z } from 'zod';
import type { Message } from 'ollama';
import type { CoachingMetrics } from '../coaching/metrics.ts';
import {
  OBJECTION_TYPES,
  callFactsSchema,
  coachingFeedbackSchema,
  emailDraftSchema,
  socialPostSchema,
  type CallFacts,
  type CallInput,
} from '../types.ts';
import type { Turn } from '../../parsing/types.ts';

/** What a prompt builder hands to the provider. */
export interface PromptSpec {
  messages: Message[];
  /** JSON Schema passed as Ollama's `format` (structured output). */
  format: Record<string, unknown>;
}

/** Character budgets; roughly 4 characters per token for English speech. */
export interface PromptLimits {
  /** Transcript budget for the facts prompt (the one that needs the whole call most). */
  factsTranscriptChars: number;
  /** Transcript budget for the writing prompts (they lean on the extracted facts). */
  writingTranscriptChars: number;
  /** A single turn longer than this is cut (an hour-long monologue must not eat the budget). */
  maxTurnChars: number;
}

export const DEFAULT_PROMPT_LIMITS: PromptLimits = {
  factsTranscriptChars: 36_000,
  writingTranscriptChars: 12_000,
  maxTurnChars: 2_000,
};

// ---------------------------------------------------------------- schemas

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const js = z.toJSONSchema(schema) as Record<string, unknown>;
  delete js.$schema;
  return js;
}

/** The JSON Schemas sent as `format`, computed once. */
export const JSON_SCHEMAS = {
  facts: jsonSchemaOf(callFactsSchema),
  email: jsonSchemaOf(emailDraftSchema),
  social: jsonSchemaOf(socialPostSchema),
  coaching: jsonSchemaOf(coachingFeedbackSchema),
} as const;

// ---------------------------------------------------------------- transcript

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function renderTurn(turn: Turn, maxTurnChars: number): string {
  let text = clean(turn.text);
  if (text.length > maxTurnChars) text = `${text.slice(0, maxTurnChars - 1).trimEnd()}…`;
  return `${clean(turn.speaker) || 'Unknown'}: ${text}`;
}

export interface RenderedTranscript {
  text: string;
  /** Turns left out of the middle of the call (0 when everything fit). */
  omittedTurns: number;
  totalTurns: number;
}

/**
 * Renders turns as "Speaker: text" lines within `maxChars`. When the call is
 * too long, the opening (~35% of the budget: introductions, roles, pains) and
 * the close (~65%: pricing, objections, next steps) are kept and one marker
 * line says how many turns in between were left out.
 */
export function renderTranscript(turns: Turn[], maxChars: number, maxTurnChars = DEFAULT_PROMPT_LIMITS.maxTurnChars): RenderedTranscript {
  const lines = turns.filter((t) => clean(t.text) !== '').map((t) => renderTurn(t, maxTurnChars));
  const total = lines.reduce((n, l) => n + l.length + 1, 0);
  if (total <= maxChars) return { text: lines.join('\n'), omittedTurns: 0, totalTurns: lines.length };

  const headBudget = Math.floor(maxChars * 0.35);
  const tailBudget = maxChars - headBudget - 80; // room for the marker line
  const head: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > headBudget) break;
    head.push(line);
    used += line.length + 1;
  }
  const tail: string[] = [];
  used = 0;
  for (let i = lines.length - 1; i >= head.length; i--) {
    const line = lines[i]!;
    if (used + line.length + 1 > tailBudget) break;
    tail.unshift(line);
    used += line.length + 1;
  }
  const omitted = lines.length - head.length - tail.length;
  const omittedMs = omittedSpanMs(turns, head.length, lines.length - tail.length);
  const span = omittedMs !== null ? `, about ${Math.max(1, Math.round(omittedMs / 60_000))} min` : '';
  const marker = `[… ${omitted} turns${span} omitted for length …]`;
  return { text: [...head, marker, ...tail].join('\n'), omittedTurns: omitted, totalTurns: lines.length };
}

function omittedSpanMs(turns: Turn[], from: number, to: number): number | null {
  const spoken = turns.filter((t) => clean(t.text) !== '');
  const first = spoken[from];
  const last = spoken[to - 1];
  if (!first || !last || first.startMs === null || (last.endMs ?? last.startMs) === null) return null;
  return (last.endMs ?? last.startMs)! - first.startMs;
}

function transcriptBlock(call: CallInput, maxChars: number, limits: PromptLimits): string {
  const r = renderTranscript(call.turns, maxChars, limits.maxTurnChars);
  const note = r.omittedTurns > 0 ? ` (${r.totalTurns} turns; the middle ${r.omittedTurns} are left out for length)` : ` (${r.totalTurns} turns)`;
  return `Transcript${note}:\n<<<TRANSCRIPT\n${r.text}\nTRANSCRIPT>>>`;
}

function isoDay(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

function meetingLine(call: CallInput): string {
  const day = isoDay(call.meetingAt);
  if (!day) return 'Meeting date: unknown (leave relative dates unresolved: date null, keep the words in dueText/text).';
  const weekday = call.meetingAt!.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  return `Meeting date: ${day} (${weekday}). Resolve relative dates such as "next Tuesday" or "end of the month" against it.`;
}

function participantsLine(call: CallInput): string {
  if (call.participants.length === 0) return 'Participants listed by the file: none (work them out from the transcript).';
  const rows = call.participants.map((p) => {
    const bits = [p.side && `side ${p.side}`, p.role && `role ${p.role}`, p.company && `company ${p.company}`, p.email && `e-mail ${p.email}`].filter(Boolean);
    return `- ${p.name}${bits.length ? ` (${bits.join(', ')})` : ''}`;
  });
  return `Participants listed by the file (trust these):\n${rows.join('\n')}`;
}

const JSON_ONLY = 'Reply with ONE JSON object and nothing else: no prose, no Markdown fences. It must follow the JSON Schema given.';

function schemaLine(schema: Record<string, unknown>): string {
  return `JSON Schema of the reply:\n${JSON.stringify(schema)}`;
}

// ---------------------------------------------------------------- facts

export function factsPrompt(call: CallInput, limits: PromptLimits = DEFAULT_PROMPT_LIMITS): PromptSpec {
  const system = [
    'You are a careful sales-call analyst. You read a transcript of a sales call and extract the deal facts.',
    'Only state what the transcript says. When it does not say something, use null or an empty array. Never invent names, companies, amounts or dates.',
    JSON_ONLY,
  ].join('\n');
  const user = [
    'Extract the deal facts of this call.',
    '',
    'Fields:',
    '- sellerCompany / buyerCompany: the selling and the buying organisation, as named in the call.',
    '- participants: everyone who spoke (spoke: true) and people only mentioned by name (spoke: false). side is "seller" for the vendor\'s people, "buyer" for the prospect\'s, "unknown" when unclear. role is the job title only when stated (else null); company when known (else null); email only when given (else null).',
    '- pains: the buyer\'s problems in short phrases, in the buyer\'s terms.',
    '- amounts: every money amount: text exactly as written in the transcript, value as a plain number (e.g. 45000), currency as an ISO 4217 code (USD, EUR, GBP…), context = the sentence it came from.',
    '- budget: one sentence on the buyer\'s budget, or null.',
    '- timeline: dates and deadlines mentioned: text as said, date as YYYY-MM-DD when it can be resolved (else null), context sentence.',
    '- decisionProcess: steps and people in the buyer\'s decision (approvals, committees, legal/security review).',
    '- competitors: other vendors or tools being compared.',
    `- objections: concerns the buyer raised; type is one of ${OBJECTION_TYPES.join(', ')}; speaker is who said it; quote is their words.`,
    '- nextSteps: agreed actions: owner (person), action, dueDate as YYYY-MM-DD when resolvable (else null), dueText = the words that gave the date (else null).',
    '',
    meetingLine(call),
    participantsLine(call),
    `File name: ${call.fileName}`,
    '',
    transcriptBlock(call, limits.factsTranscriptChars, limits),
    '',
    schemaLine(JSON_SCHEMAS.facts),
  ].join('\n');
  return { messages: [{ role: 'system', content: system }, { role: 'user', content: user }], format: JSON_SCHEMAS.facts };
}

// ---------------------------------------------------------------- writing

function factsForWriting(facts: CallFacts): string {
  return JSON.stringify({
    sellerCompany: facts.sellerCompany,
    buyerCompany: facts.buyerCompany,
    participants: facts.participants.map((p) => ({ name: p.name, side: p.side, role: p.role, company: p.company })),
    pains: facts.pains,
    amounts: facts.amounts.map((a) => a.text),
    budget: facts.budget,
    timeline: facts.timeline.map((t) => ({ text: t.text, date: t.date })),
    decisionProcess: facts.decisionProcess,
    competitors: facts.competitors,
    objections: facts.objections.map((o) => ({ type: o.type, quote: o.quote })),
    nextSteps: facts.nextSteps,
  });
}

export function emailPrompt(call: CallInput, facts: CallFacts, limits: PromptLimits = DEFAULT_PROMPT_LIMITS): PromptSpec {
  const sellers = facts.participants.filter((p) => p.side === 'seller' && p.spoke).map((p) => p.name);
  const buyers = facts.participants.filter((p) => p.side === 'buyer' && p.spoke).map((p) => p.name);
  const system = [
    'You write follow-up e-mails that a sales rep sends to the buyer right after a call.',
    'Strict grounding: every name, company, number, amount and date in the e-mail must appear in the facts or the transcript given. Do not invent figures, dates, discounts, features or commitments. If a next step has no date, do not give it one.',
    JSON_ONLY,
  ].join('\n');
  const user = [
    'Write the follow-up e-mail for this call.',
    `- From: ${sellers.length ? sellers.join(', ') : 'the seller'}${facts.sellerCompany ? ` (${facts.sellerCompany})` : ''}. To: ${buyers.length ? buyers.join(', ') : 'the buyer'}${facts.buyerCompany ? ` (${facts.buyerCompany})` : ''}.`,
    '- subject: short and specific (under 120 characters).',
    '- body: plain text; greet the buyer; thank them; recap their pains in their terms; list the agreed next steps, each with its owner and due date when known; close with the seller\'s name. Under 250 words.',
    '',
    `Deal facts (extracted from the call, JSON):\n${factsForWriting(facts)}`,
    '',
    meetingLine(call),
    '',
    transcriptBlock(call, limits.writingTranscriptChars, limits),
    '',
    schemaLine(JSON_SCHEMAS.email),
  ].join('\n');
  return { messages: [{ role: 'system', content: system }, { role: 'user', content: user }], format: JSON_SCHEMAS.email };
}

/** Names and figures a social post must never contain (see socialPostLeaks). */
export function confidentialTerms(facts: CallFacts, call: CallInput): string[] {
  const terms = new Set<string>();
  if (facts.buyerCompany) terms.add(facts.buyerCompany);
  for (const p of facts.participants) {
    if (p.side !== 'seller') terms.add(p.name);
    if (p.side !== 'seller' && p.company) terms.add(p.company);
  }
  for (const p of call.participants) {
    if (p.side === 'buyer') {
      terms.add(p.name);
      if (p.company) terms.add(p.company);
    }
  }
  for (const a of facts.amounts) terms.add(a.text);
  return [...terms].map((t) => t.trim()).filter((t) => t.length >= 2);
}

export function socialPrompt(call: CallInput, facts: CallFacts): PromptSpec {
  const themes = {
    pains: facts.pains,
    objectionTypes: [...new Set(facts.objections.map((o) => o.type))],
    decisionProcess: facts.decisionProcess,
  };
  const system = [
    'You write short, thoughtful LinkedIn-style posts for a sales professional about what they learned from customer conversations.',
    'Confidentiality: never name the customer, its people, its competitors or any figure from the call (no amounts, prices, seat counts, dates). Write about the theme, in general terms.',
    JSON_ONLY,
  ].join('\n');
  const user = [
    'Write one post (body only) about the theme of this call: the problem the buyer faces and a lesson for other teams. 60 to 150 words, at most 2 hashtags, no emojis.',
    '',
    `Themes of the call (JSON):\n${JSON.stringify(themes)}`,
    '',
    `These words must NOT appear in the post: ${JSON.stringify(confidentialTerms(facts, call).concat(facts.competitors))}`,
    '',
    schemaLine(JSON_SCHEMAS.social),
  ].join('\n');
  return { messages: [{ role: 'system', content: system }, { role: 'user', content: user }], format: JSON_SCHEMAS.social };
}

// ---------------------------------------------------------------- coaching

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function secs(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 90 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** Plain-words readings of the metrics, so the model quotes numbers instead of computing them. */
export function metricsSummary(m: CoachingMetrics): string[] {
  const lines: string[] = [];
  const est = m.timeBasis === 'words' ? ' (estimated from word counts at 150 words/minute: the file has no timestamps)' : '';
  lines.push(`Call length: ${secs(m.durationMs)}${est}.`);
  lines.push(`Talk share: seller ${pct(m.sides.seller.share)}, buyer ${pct(m.sides.buyer.share)}${m.sides.unknown.talkMs > 0 ? `, unknown ${pct(m.sides.unknown.share)}` : ''}.`);
  lines.push(`Questions asked: seller ${m.sides.seller.questions}, buyer ${m.sides.buyer.questions}.`);
  if (m.longestMonologue) lines.push(`Longest monologue: ${secs(m.longestMonologue.durationMs)} by ${m.longestMonologue.speaker} (${m.longestMonologue.side}).`);
  if (m.longestCustomerStory) lines.push(`Longest customer story: ${secs(m.longestCustomerStory.durationMs)} by ${m.longestCustomerStory.speaker}.`);
  lines.push(`Interactivity: ${m.interactivity.toFixed(1)} speaker switches per minute.`);
  lines.push(m.patienceMs === null ? 'Patience: not measurable for this call.' : `Patience: ${(m.patienceMs / 1000).toFixed(1)} s mean pause before the seller answers the buyer.`);
  lines.push(`Filler words: ${m.fillerWordsPerMinute.toFixed(1)} per minute.`);
  lines.push(`Next steps set: ${m.nextStepsSet}.`);
  for (const s of m.speakers) lines.push(`- ${s.speaker} (${s.side}): ${pct(s.share)} of talk, ${s.questions} questions, ${s.turns} turns, ${s.fillerWords} filler words.`);
  return lines;
}

export const COACHING_METRIC_NAMES = ['talkRatio', 'questions', 'longestMonologue', 'customerStory', 'interactivity', 'patience', 'fillerWords', 'nextSteps'] as const;

export function coachingPrompt(call: CallInput, metrics: CoachingMetrics, facts: CallFacts): PromptSpec {
  const system = [
    'You are a sales coach. You write feedback for the rep (the seller side) from conversation metrics that were computed exactly by code.',
    'Use the numbers exactly as given; do not compute, estimate or invent other numbers. Be specific, kind and direct.',
    JSON_ONLY,
  ].join('\n');
  const user = [
    'Write a coaching report for this call.',
    '- headline: one sentence with the most important reading (talk ratio, questions asked, longest monologue).',
    `- feedback: 3 to 7 items; kind is "strength", "improvement" or "info"; metric is one of ${COACHING_METRIC_NAMES.join(', ')} (or null); text is one or two sentences.`,
    'Benchmarks from published analyses of sales calls:',
    '- the seller talking more than 65% of the time is a problem; top performers stay near 43–57%.',
    '- 11 to 14 questions by the seller is the sweet spot on a discovery call.',
    '- a seller monologue over 2.5 minutes loses the buyer; long customer stories are a good sign.',
    '- frequent speaker switches (interactivity) and a pause before answering (patience) go with successful calls.',
    '- a call should end with concrete next steps.',
    metrics.timeBasis === 'words' ? 'The file had no timestamps: say in one "info" item that times are estimated from word counts.' : '',
    '',
    `Readings:\n${metricsSummary(metrics).join('\n')}`,
    '',
    `Metrics (JSON, exact):\n${JSON.stringify(metrics)}`,
    '',
    `Context: ${facts.buyerCompany ? `call with ${facts.buyerCompany}` : 'sales call'}; ${facts.nextSteps.length} next steps agreed; objections: ${[...new Set(facts.objections.map((o) => o.type))].join(', ') || 'none'}. File: ${call.fileName}.`,
    '',
    schemaLine(JSON_SCHEMAS.coaching),
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
  return { messages: [{ role: 'system', content: system }, { role: 'user', content: user }], format: JSON_SCHEMAS.coaching };
}
