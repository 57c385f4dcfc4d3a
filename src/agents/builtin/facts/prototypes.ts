/**
 * Sentence similarity to labelled prototype sentences: each label has a few
 * general paraphrases (written for this file, not taken from any call), each
 * embedded as a weighted mean of word vectors (../wordEmbedding.ts); a
 * sentence is scored by its cosine to the nearest prototype of every label.
 * Owns: the prototype sentences of objection types and of ordinary buyer talk
 * ("none"), their embedding (once per WordVectors), and the scoring.
 * Must not: decide what is an objection (objections.ts combines these scores
 * with its cues), or load the vectors (wordVectors.ts does).
 */
import type { ObjectionType } from '../../types.ts';
import { cosine } from '../embedding.ts';
import { embedWords } from '../wordEmbedding.ts';
import type { WordVectors } from '../wordVectors.ts';

export type ProtoLabel = ObjectionType | 'none';

/**
 * Paraphrases of each kind of objection, phrased the many ways buyers say them
 * (plain, hedged, indirect), plus ordinary buyer talk (pains, facts about the business,
 * agreement, logistics) so that a sentence on a topic without resistance lands nearer "none".
 */
export const OBJECTION_PROTOTYPES: Record<ProtoLabel, string[]> = {
  price: [
    'That price is more than we can afford right now.',
    'Honestly the cost is a lot higher than what we budgeted for this year.',
    'We cannot justify spending that much money on another subscription.',
    'Our budget is much smaller than the quote you sent.',
    'It is too expensive for an organisation of our size.',
    'Finance is going to choke on a number like that.',
    'We would need a real discount before the numbers work for us.',
    'The fees add up quickly and that worries me.',
    'We pay a fraction of that for what we have today.',
    'That is a big jump from what we spend now.',
    'The implementation fee on top of the licence is hard to swallow.',
  ],
  timing: [
    'We cannot take this on until after our busy season.',
    'Now is not a good time, we are in the middle of another rollout.',
    'My team has no bandwidth for a new project this quarter.',
    'Let us revisit this next year once things calm down.',
    'Nothing new gets started before the new fiscal year.',
    'We are swamped with the audit through the spring.',
    'The schedule is too tight for us to switch before the deadline.',
    'I do not want to change systems during our peak months.',
    'Our staff are stretched thin and could not handle training right now.',
  ],
  integration: [
    'I am not sure it will connect with our accounting system.',
    'Our developers would have to build and maintain the connection themselves.',
    'If it does not sync with our existing software we end up entering everything twice.',
    'Moving all our old records over sounds painful and risky.',
    'We run a custom setup that most tools cannot talk to.',
    'Getting the data out of our current platform will be a headache.',
    'Unless it feeds our scheduling system automatically it creates more manual work.',
    'Our database is old and nothing off the shelf plugs into it.',
  ],
  security: [
    'Our compliance team will want to see your security certifications first.',
    'We hold sensitive client data so privacy is a serious concern.',
    'Where is the data stored and who at your company can access it?',
    'We would need an audit report and encryption details before anything moves forward.',
    'After a breach last year our IT department is very cautious about new vendors.',
    'Regulations say our records cannot be hosted outside the country.',
    'Any new cloud tool goes through a long security review.',
    'I worry about passwords and logins being shared around.',
  ],
  authority: [
    'I cannot sign this myself, it has to go to our finance director.',
    'The board has to approve any new contract of this size.',
    'My boss will have the final say, not me.',
    'I would need to convince the owners before we commit.',
    'Procurement requires a formal review of every new supplier.',
    'Anything over a certain amount needs approval from head office.',
    'I will have to run it past our leadership team first.',
    'The partners decide on purchases like this, and they are conservative.',
  ],
  need: [
    'I am not convinced we actually need this.',
    'What we have today works fine for us.',
    'We are a small team and this feels like overkill.',
    'I doubt people would actually use it day to day.',
    'Honestly it is a nice to have, not a priority.',
    'We have managed without it for years.',
    'I do not see enough value to justify changing anything.',
    'Most of those features we would never touch.',
  ],
  competitor: [
    'Another vendor offered us the same thing for less.',
    'Why would we not just stay with our current provider?',
    'The other company came back with a much lower quote.',
    'We are leaning towards the competitor because their product is simpler.',
    'Our current supplier has promised to match any offer.',
    'If this keeps breaking we will move to someone else.',
    'Their sales rep is offering us a free year to stay.',
  ],
  none: [
    'That sounds great, thanks for walking us through it.',
    'We have about forty people across two offices.',
    'Today we do most of this in spreadsheets and email.',
    'Can you send me the proposal by Friday?',
    'I like how the dashboard shows everything in one place.',
    'We process around two hundred orders every week.',
    'Yes, that works for us, let us book the next meeting.',
    'Our biggest headache is chasing paperwork by hand.',
    'The reporting would save my team a lot of time.',
    'I run operations and look after the warehouse staff.',
    'We lose hours every month reconciling invoices manually.',
    'Good question, let me check with my colleague and get back to you.',
    'That makes sense, how long does the setup usually take?',
    'We started using our current system about five years ago.',
    'Customers keep calling us to ask where their order is.',
    'Perfect, I will share the numbers with you after the call.',
  ],
};

export type ProtoScores = Record<ProtoLabel, number>;

/** Scores sentences against labelled prototypes with one set of word vectors (prototypes embedded once). */
export class PrototypeScorer {
  private readonly protos: [ProtoLabel, number[]][];
  constructor(
    private readonly wv: WordVectors,
    prototypes: Record<ProtoLabel, string[]> = OBJECTION_PROTOTYPES,
  ) {
    const raw: [ProtoLabel, number[]][] = [];
    for (const [label, texts] of Object.entries(prototypes) as [ProtoLabel, string[]][]) {
      for (const t of texts) raw.push([label, embedWords(t, wv)]);
    }
    // Means of word vectors share one large common direction; the prototypes' mean stands for it and is removed.
    this.center = new Array<number>(raw[0]![1].length).fill(0);
    for (const [, v] of raw) v.forEach((x, i) => (this.center[i]! += x / raw.length));
    this.protos = raw.map(([l, v]) => [l, this.centred(v)]);
  }
  private readonly center: number[];
  private centred(v: number[]): number[] {
    const out = v.map((x, i) => x - this.center[i]!);
    const n = Math.sqrt(out.reduce((a, x) => a + x * x, 0));
    return n > 0 ? out.map((x) => x / n) : out;
  }
  /** The cosine of `text` to the nearest prototype of each label. */
  score(text: string): ProtoScores {
    const v = this.centred(embedWords(text, this.wv));
    const out = { price: 0, timing: 0, integration: 0, security: 0, authority: 0, need: 0, competitor: 0, none: 0 } as ProtoScores;
    for (const [label, p] of this.protos) out[label] = Math.max(out[label], cosine(v, p));
    return out;
  }
}

const scorers = new WeakMap<WordVectors, PrototypeScorer>();
/** One scorer per set of vectors (the prototypes are embedded once per process). */
export function prototypeScorer(wv: WordVectors): PrototypeScorer {
  let s = scorers.get(wv);
  if (!s) scorers.set(wv, (s = new PrototypeScorer(wv)));
  return s;
}

/**
 * A scorer that remembers each text's scores for as long as the caller keeps it (one call's extraction): the
 * objection rules and the learned adder both score the buyer's statements, and a sentence is embedded once.
 */
export function memoScorer(scorer: PrototypeScorer): Pick<PrototypeScorer, 'score'> {
  const seen = new Map<string, ProtoScores>();
  return {
    score(text: string) {
      let sc = seen.get(text);
      if (!sc) seen.set(text, (sc = scorer.score(text)));
      return sc;
    },
  };
}
