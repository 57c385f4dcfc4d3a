/**
 * The learned objection adder (issue 10, round 7): its candidates (one per type the rules left out), its features,
 * that it only ever adds to the rules, the chooser option, and that the generated weights fit the feature list.
 * Invented sentences only (never text from the eval sets or samples).
 * Owns: objectionFeatures.ts, objectionModel.ts and the objectionChooser option. Must not: test the rules
 * (objection-rules.test.ts) or score quality (`npm run eval`, scripts/train-objections.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCallFactsWithMeta, OBJECTION_DEFAULT } from '../src/agents/builtin/callFacts.ts';
import { OBJECTION_FEATURES, OBJECTION_TYPES_LEARNED, objectionCandidates } from '../src/agents/builtin/facts/objectionFeatures.ts';
import { addedObjections, objectionProbability, type ObjectionModel } from '../src/agents/builtin/facts/objectionModel.ts';
import { OBJECTION_MODEL } from '../src/agents/builtin/facts/objectionWeights.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { CallInput, ObjectionType } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const NOW = new Date('2027-03-01T12:00:00Z');
const lines = [
  'Rhea Tolland: Hi Bram, Rhea from Quillmoor here, thanks for the time.',
  'Bram Ostrander: Happy to. I run operations at Fenwright Bakeries.',
  'Rhea Tolland: What does the rollout look like on your side?',
  'Bram Ostrander: Honestly our spreadsheets kind of work for now, and the ovens come first this spring.',
  'Bram Ostrander: Corvane quoted us a good bit lower last month, so I would have to explain the gap.',
  'Rhea Tolland: Understood. I will send the comparison on Friday.',
];
const call = { transcriptId: 't', fileName: 't.txt', meetingAt: null, participants: [], turns: turns(...lines) } as unknown as CallInput;

describe('objections: the learned adder', () => {
  const meta = extractCallFactsWithMeta(call, { now: NOW, objectionChooser: 'rules' });
  it('makes one candidate per type the rules left out, with one value per feature and a buyer-side quote', () => {
    const rulesTypes = new Set(meta.objections.rules.map((o) => o.type));
    assert.deepEqual(meta.objections.candidates.map((c) => c.type), OBJECTION_TYPES_LEARNED.filter((t) => !rulesTypes.has(t)));
    for (const c of meta.objections.candidates) {
      assert.equal(c.x.length, OBJECTION_FEATURES.length);
      assert.ok(c.x.every(Number.isFinite));
      assert.equal(c.quote?.speaker, 'Bram Ostrander', c.type);
    }
  });
  it('counts the buyer\'s topic words and hesitation, not the seller\'s', () => {
    const sentences = sentencesOf(turns('Seller: Is the price a problem?', 'Buyer: The price is more than we can do this year.'));
    const sideOf = new Map([['Seller', 'seller' as const], ['Buyer', 'buyer' as const]]);
    const [price] = objectionCandidates({ sentences, sideOf, callType: 'negotiation', rules: [], competitors: [], amountsBySentence: new Map(), scorer: null }).filter((c) => c.type === 'price');
    const at = (name: string) => price!.x[OBJECTION_FEATURES.indexOf(name)]!;
    assert.equal(at('log buyer sentences on the topic'), Math.log1p(1));
    assert.equal(at('log buyer sentences on the topic with a hesitant word'), Math.log1p(1));
    assert.equal(at('log seller sentences on the topic'), Math.log1p(1));
    assert.equal(at('call type: negotiation'), 1);
    assert.equal(price!.quote?.text, 'The price is more than we can do this year.');
  });
  it('never shows a type by a question that only asks (round 13): no quote, so the type cannot be added', () => {
    const sideOf = new Map([['Seller', 'seller' as const], ['Buyer', 'buyer' as const]]);
    const integration = (...lines: string[]) =>
      objectionCandidates({ sentences: sentencesOf(turns(...lines)), sideOf, callType: 'demo', rules: [], competitors: [], amountsBySentence: new Map(), scorer: null }).find((c) => c.type === 'integration')!;
    assert.equal(integration('Seller: Here is the board.', 'Buyer: Does it work with our practice system?').quote, null);
    assert.equal(integration('Seller: Here is the board.', 'Buyer: Would we have to rebuild the export into our practice system?').quote?.text, 'Would we have to rebuild the export into our practice system?');
  });
  it('shows a rival objection only by a sentence about a rival (round 11): none, and the type cannot be added', () => {
    const sideOf = new Map([['Seller', 'seller' as const], ['Buyer', 'buyer' as const]]);
    const rival = (...lines: string[]) =>
      objectionCandidates({ sentences: sentencesOf(turns(...lines)), sideOf, callType: 'demo', rules: [], competitors: ['Quorbit'], amountsBySentence: new Map(), scorer: null }).find((c) => c.type === 'competitor')!;
    assert.equal(rival('Seller: Here is the board.', "Buyer: Let's not do this again, honestly.").quote, null);
    assert.equal(rival('Seller: Here is the board.', 'Buyer: Quorbit does most of this for us already.').quote?.text, 'Quorbit does most of this for us already.');
  });
  it('has no candidates without a buyer side', () => {
    const sentences = sentencesOf(turns('A: We need the board deck by Friday.', 'B: The price slide is too long.'));
    assert.deepEqual(objectionCandidates({ sentences, sideOf: new Map([['A', 'seller'], ['B', 'seller']]), callType: 'internal', rules: [], competitors: [], amountsBySentence: new Map(), scorer: null }), []);
  });
  it('adds exactly the candidates at or above its threshold, and never removes a rule\'s label', () => {
    const bias = (t: ObjectionType) => OBJECTION_FEATURES.map((_, i) => (i === 0 ? (t === 'need' ? 5 : -5) : 0));
    const model: ObjectionModel = { features: OBJECTION_FEATURES, weights: Object.fromEntries(OBJECTION_TYPES_LEARNED.map((t) => [t, bias(t)])) as unknown as ObjectionModel['weights'], threshold: 0.5 };
    const added = addedObjections(model, meta.objections.candidates);
    assert.deepEqual(added.map((c) => c.type), meta.objections.candidates.some((c) => c.type === 'need') ? ['need'] : []);
    for (const c of meta.objections.candidates) assert.equal(added.includes(c), objectionProbability(model, c) >= 0.5);
  });
  it('learned = the rules\' labels plus the added ones; rules = the rules\' alone; the default is OBJECTION_DEFAULT', () => {
    const learned = extractCallFactsWithMeta(call, { now: NOW, objectionChooser: 'learned' });
    const plain = extractCallFactsWithMeta(call, { now: NOW });
    assert.deepEqual(meta.facts.objections, meta.objections.rules);
    assert.deepEqual(learned.facts.objections.slice(0, meta.objections.rules.length), meta.objections.rules);
    const added = addedObjections(OBJECTION_MODEL, meta.objections.candidates).map((c) => c.type);
    assert.deepEqual(learned.facts.objections.slice(meta.objections.rules.length).map((o) => o.type), added);
    assert.deepEqual(plain.facts.objections, OBJECTION_DEFAULT === 'learned' ? learned.facts.objections : meta.facts.objections);
  });
  it('has weights for exactly the features extracted (regenerate with scripts/train-objections.ts --write)', () => {
    assert.deepEqual([...OBJECTION_MODEL.features], [...OBJECTION_FEATURES]);
    for (const t of OBJECTION_TYPES_LEARNED) assert.equal(OBJECTION_MODEL.weights[t].length, OBJECTION_FEATURES.length, t);
    assert.ok(OBJECTION_MODEL.threshold > 0 && OBJECTION_MODEL.threshold < 1);
  });
});
