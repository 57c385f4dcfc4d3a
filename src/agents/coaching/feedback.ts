/**
 * Built-in coaching feedback: turns exact CoachingMetrics into a headline and
 * sentences tied to published benchmarks (Gong Labs' research on recorded
 * sales calls), each benchmark named in the sentence that uses it.
 * Owns: the wording and the thresholds below. Must not: compute metrics (that
 * is metrics.ts), call a model, or touch the database. Deterministic: the same
 * metrics and facts always give the same feedback.
 */
import type { CallFacts, CallInput, CoachingFeedback } from '../types.ts';
import { WORDS_PER_MINUTE, type CoachingMetrics, type Monologue } from './metrics.ts';

type Item = CoachingFeedback['feedback'][number];

/** Benchmarks and thresholds (sources in the sentences that use them). */
export const BENCHMARKS = {
  /** Gong Labs: top performers talk 43% and listen 57% of the time. */
  idealRepShare: 0.43,
  /** Rep talk share above this is flagged. */
  maxRepShare: 0.65,
  /** Gong Labs: 11–14 questions on a discovery call go with success. */
  discoveryQuestions: [11, 14] as const,
  /** Rep monologue over 2.5 minutes is flagged. */
  maxMonologueMs: 150_000,
  /** Gong Labs: top reps pause ~0.6–1 s longer before answering; below 1 s is flagged as rushed. */
  minPatienceMs: 1_000,
  /** Our own threshold (not a published number): fewer speaker switches a minute reads as a lecture. */
  minInteractivity: 3,
  /** Our own threshold: seller filler words a minute above which it is mentioned. */
  maxFillersPerMinute: 4,
  /** A customer story at least this long is called out as a strength. */
  goodCustomerStoryMs: 60_000,
} as const;

/** 237000 → "3m57s"; 50400 → "50s". */
export function formatSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** 37000 → "0:37"; 3723000 → "1:02:03". */
export function formatClock(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function isDiscoveryCall(call: CallInput): boolean {
  if (/discover/i.test(call.fileName)) return true;
  const head = call.turns
    .slice(0, 12)
    .map((t) => t.text)
    .join(' ');
  return /\bdiscovery (call|meeting|session)\b/i.test(head);
}

function monologueText(m: Monologue, metrics: CoachingMetrics): string {
  const approx = metrics.timeBasis === 'words' ? '≈' : '';
  const range = metrics.timeBasis === 'timestamps' ? `, ${formatClock(m.startMs)}–${formatClock(m.endMs)}` : '';
  return `${approx}${formatSpan(m.durationMs)} (${m.speaker}${range}, ${plural(m.words, 'word')})`;
}

/** The one-line summary: rep share · rep questions · longest monologue. */
export function coachingHeadline(metrics: CoachingMetrics): string {
  const approx = metrics.timeBasis === 'words' ? '≈' : '';
  const parts: string[] = [];
  const hasSeller = metrics.speakers.some((s) => s.side === 'seller');
  if (hasSeller) {
    parts.push(`Rep talked ${approx}${pct(metrics.sides.seller.share)}`);
    parts.push(plural(metrics.sides.seller.questions, 'question'));
  } else {
    const top = [...metrics.speakers].sort((a, b) => b.share - a.share)[0];
    if (top) parts.push(`${top.speaker} talked ${approx}${pct(top.share)}`);
    parts.push(plural(metrics.speakers.reduce((a, s) => a + s.questions, 0), 'question'));
  }
  const m = metrics.longestMonologue;
  if (m) parts.push(`longest monologue ${approx}${formatSpan(m.durationMs)} (${m.speaker})`);
  return parts.join(' · ');
}

/**
 * Writes the built-in coaching report. `facts` adds what the metrics can't
 * know: who owns the next steps and which objections came up.
 */
export function writeCoachingFeedback(call: CallInput, metrics: CoachingMetrics, facts: CallFacts): CoachingFeedback {
  const items: Item[] = [];
  const add = (kind: Item['kind'], metric: string | null, text: string) => items.push({ kind, metric, text });
  const seller = metrics.sides.seller;
  const buyer = metrics.sides.buyer;
  const hasSeller = metrics.speakers.some((s) => s.side === 'seller');
  const hasBuyer = metrics.speakers.some((s) => s.side === 'buyer');
  const spoke = metrics.speakers.filter((s) => s.words > 0 || s.talkMs > 0);

  if (metrics.timeBasis === 'words') {
    add(
      'info',
      'timeBasis',
      `This transcript has no timestamps, so times are estimated from word counts at ${WORDS_PER_MINUTE} words per minute; pauses (patience) can't be measured.`,
    );
  }

  if (spoke.length < 2) {
    add(
      'info',
      null,
      `Only ${spoke[0]?.speaker ?? 'one person'} spoke — a voicemail or a recording, not a conversation — so the talk-ratio, question and monologue benchmarks don't apply.`,
    );
    return { headline: coachingHeadline(metrics), feedback: withNextSteps(items, metrics, facts, hasSeller) };
  }

  if (!hasSeller || !hasBuyer) {
    add(
      'info',
      'sides',
      `The ${!hasSeller && !hasBuyer ? 'seller and buyer sides are' : !hasSeller ? 'seller side is' : 'buyer side is'} not known for the speakers, so rep-versus-buyer benchmarks are reported per speaker only.`,
    );
  }

  // Talk ratio.
  if (hasSeller) {
    const share = seller.share;
    const base = `The rep side talked ${pct(share)} of the time (buyer ${pct(buyer.share)}).`;
    if (share > BENCHMARKS.maxRepShare) {
      add(
        'improvement',
        'talkShare',
        `${base} That is above the ${pct(BENCHMARKS.maxRepShare)} flag: Gong Labs' analysis of recorded B2B sales calls found top performers talk about 43% and listen 57% (a 43:57 talk-to-listen ratio). Ask, then let the buyer talk.`,
      );
    } else if (share <= 0.55) {
      add('strength', 'talkShare', `${base} That is close to the 43:57 talk-to-listen ratio Gong Labs found in top performers.`);
    } else {
      add(
        'info',
        'talkShare',
        `${base} That is under the ${pct(BENCHMARKS.maxRepShare)} flag but above the 43% Gong Labs found in top performers (43:57 talk-to-listen).`,
      );
    }
  } else {
    const top = [...metrics.speakers].sort((a, b) => b.share - a.share)[0];
    add('info', 'talkShare', `${top.speaker} talked most, ${pct(top.share)} of the time, across ${plural(metrics.speakers.length, 'speaker')}.`);
  }

  // Questions.
  if (hasSeller) {
    const q = seller.questions;
    const [lo, hi] = BENCHMARKS.discoveryQuestions;
    const buyerPart = hasBuyer ? ` and the buyer side ${plural(buyer.questions, 'question')}` : '';
    const base = `The rep side asked ${plural(q, 'question')}${buyerPart}.`;
    if (isDiscoveryCall(call)) {
      if (q < lo) add('improvement', 'questions', `${base} Gong Labs found ${lo}–${hi} questions on a discovery call go with success; ask more about the buyer's situation and pains.`);
      else if (q > hi) add('improvement', 'questions', `${base} Gong Labs found ${lo}–${hi} questions on a discovery call optimal; past ${hi} a call starts to feel like an interrogation — spread them out and follow up on answers.`);
      else add('strength', 'questions', `${base} That is in the ${lo}–${hi} range Gong Labs found on successful discovery calls.`);
    } else {
      add('info', 'questions', `${base} For reference, Gong Labs found ${lo}–${hi} questions optimal on discovery calls.`);
    }
  }

  // Longest monologue and customer story.
  const mono = metrics.longestMonologue;
  if (mono) {
    const over = mono.durationMs > BENCHMARKS.maxMonologueMs;
    if (mono.side === 'buyer') {
      add('strength', 'longestMonologue', `The longest monologue was the customer's: ${monologueText(mono, metrics)}. Letting the buyer talk at length is what Gong Labs sees in successful calls.`);
    } else if (over) {
      add(
        'improvement',
        'longestMonologue',
        `The longest monologue ran ${monologueText(mono, metrics)}, over the 2.5-minute mark: Gong Labs found rep monologues longer than about 2.5 minutes go with unsuccessful calls. Break long pitches up with a question.`,
      );
    } else {
      add('strength', 'longestMonologue', `The longest monologue was ${monologueText(mono, metrics)}, under the 2.5-minute mark Gong Labs flags.`);
    }
  }
  const story = metrics.longestCustomerStory;
  if (story && story !== mono && !(mono && mono.side === 'buyer')) {
    if (story.durationMs >= BENCHMARKS.goodCustomerStoryMs) {
      add('strength', 'longestCustomerStory', `The longest customer story ran ${monologueText(story, metrics)}; Gong Labs found longer customer stories on successful calls.`);
    } else {
      add(
        'info',
        'longestCustomerStory',
        `The longest customer story was ${monologueText(story, metrics)}. Gong Labs found longer customer stories on successful calls — open questions ("walk me through…") draw them out.`,
      );
    }
  }

  // Patience.
  if (metrics.patienceMs !== null && hasSeller && hasBuyer) {
    const secs = (metrics.patienceMs / 1000).toFixed(1);
    if (metrics.patienceMs < BENCHMARKS.minPatienceMs) {
      add('improvement', 'patienceMs', `The rep answered the buyer after a ${secs} s pause on average. Gong Labs found top reps pause about 0.6–1 s longer than average before responding; leave a beat so the buyer can add more.`);
    } else {
      add('strength', 'patienceMs', `The rep paused ${secs} s on average before answering the buyer — the patience Gong Labs found in top reps (about 0.6–1 s longer than average).`);
    }
  }

  // Interactivity.
  const inter = metrics.interactivity.toFixed(1);
  if (metrics.interactivity < BENCHMARKS.minInteractivity) {
    add('improvement', 'interactivity', `Speakers switched ${inter} times a minute. Gong Labs links more back-and-forth (interactivity) with successful calls; under ${BENCHMARKS.minInteractivity} switches a minute is closer to a presentation than a conversation.`);
  } else {
    add('strength', 'interactivity', `Speakers switched ${inter} times a minute — a real back-and-forth, which Gong Labs links with successful calls.`);
  }

  // Filler words.
  if (metrics.fillerWordsPerMinute > BENCHMARKS.maxFillersPerMinute) {
    const who = hasSeller ? 'The rep side used' : 'Speakers used';
    add('info', 'fillerWordsPerMinute', `${who} ${metrics.fillerWordsPerMinute.toFixed(1)} filler words a minute ("um", "uh", "you know", "basically"…); fewer fillers sound more confident.`);
  }

  // Objections (from the facts): what to prepare for next time.
  const types = [...new Set(facts.objections.map((o) => o.type))];
  if (types.length) add('info', 'objections', `Objections raised: ${types.join(', ')}. Prepare answers before the next call.`);

  return { headline: coachingHeadline(metrics), feedback: withNextSteps(items, metrics, facts, hasSeller) };
}

function withNextSteps(items: Item[], metrics: CoachingMetrics, facts: CallFacts, hasSeller: boolean): Item[] {
  const n = Math.max(metrics.nextStepsSet, facts.nextSteps.length);
  if (n === 0) {
    items.push({
      kind: 'improvement',
      metric: 'nextStepsSet',
      text: 'No next step was set. Gong Labs found successful calls end with concrete next steps — an owner, an action and a date agreed on the call.',
    });
    return items;
  }
  const dated = facts.nextSteps.filter((s) => s.dueDate || s.dueText).length;
  const buyers = new Set(facts.participants.filter((p) => p.side === 'buyer').map((p) => p.name.toLowerCase()));
  const buyerOwned = facts.nextSteps.filter((s) => s.owner && buyers.has(s.owner.toLowerCase())).length;
  const detail = facts.nextSteps.length
    ? ` (${dated} with a date${hasSeller ? `, ${buyerOwned} owned by the buyer` : ''})`
    : '';
  const kind: Item['kind'] = dated > 0 ? 'strength' : 'improvement';
  const tail =
    dated > 0
      ? buyerOwned > 0 || !hasSeller
        ? ' Concrete, dated next steps are what Gong Labs sees on successful calls.'
        : ' Concrete, dated next steps are what Gong Labs sees on successful calls; a step the buyer owns shows their commitment too.'
      : ' None has a date yet: Gong Labs found successful calls agree on a date for the next step.';
  items.push({ kind, metric: 'nextStepsSet', text: `${plural(n, 'next step')} set${detail}.${tail}` });
  return items;
}
