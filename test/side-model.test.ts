/**
 * The side check (issue 10, round 9): its row (sideFeatures.ts) reads how the two groups talk and is antisymmetric,
 * the swap moves every side and both companies at once, sides a file states are never swapped, the chooser option,
 * and that the generated weights fit the feature list. Invented sentences only (never text from the eval sets or samples).
 * Owns: sideFeatures.ts, sideModel.ts and the sideChooser option. Must not: test the people rules
 * (extraction-people.test.ts) or score quality (`npm run eval`, scripts/train-sides.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCallFactsWithMeta, SIDE_DEFAULT } from '../src/agents/builtin/callFacts.ts';
import type { PeopleResult } from '../src/agents/builtin/facts/people.ts';
import { SIDE_FEATURES, sideFeatures } from '../src/agents/builtin/facts/sideFeatures.ts';
import { sidesWrongProbability, swapSides, type SideModel } from '../src/agents/builtin/facts/sideModel.ts';
import { SIDE_MODEL } from '../src/agents/builtin/facts/sideWeights.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { CallInput } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const NOW = new Date('2027-03-01T12:00:00Z');
const talk = turns(
  'Vendor: Thanks for the time. How do you handle the scheduling today?',
  'Client: On paper, mostly. Does your platform integrate with our payroll?',
  'Vendor: It does, and most of our customers run it that way. I can send you the order form on Friday.',
  'Client: How much would that be? Our budget is set for the year and the board has to approve anything over it.',
);
const sentences = sentencesOf(talk);
const row = (sideOf: Map<string, 'seller' | 'buyer' | 'unknown'>) =>
  sideFeatures({ sentences, sideOf, roleOf: (sp) => (sp === 'Vendor' ? 'Account Executive' : null), scores: new Map([['Vendor', 3], ['Client', -3]]) });

describe('sides: the side check', () => {
  const right = row(new Map([['Vendor', 'seller'], ['Client', 'buyer']]))!;
  const wrong = row(new Map([['Vendor', 'buyer'], ['Client', 'seller']]))!;
  it('gives one value per feature, and the negated row when the sides are the other way round', () => {
    assert.equal(right.length, SIDE_FEATURES.length);
    assert.ok(right.every(Number.isFinite));
    assert.deepEqual(wrong.map((v) => v + 0), right.map((v) => -v + 0));
  });
  it('reads the seller group\'s cues as positive and the buyer group\'s as negative', () => {
    const at = (name: (typeof SIDE_FEATURES)[number]) => right[SIDE_FEATURES.indexOf(name)]!;
    assert.ok(at('your offering (seller − buyer)') < 0, 'the client said "your platform"');
    assert.ok(at('says what the offering does (seller − buyer)') > 0, 'the vendor said "most of our customers"');
    assert.ok(at('offers terms (seller − buyer)') > 0, 'the vendor offered the order form');
    assert.ok(at('buyer money and approvals (seller − buyer)') < 0, 'the client spoke of budget and board');
    assert.ok(at('asks about the offering (seller − buyer)') < 0);
    assert.equal(at('sales titles (seller − buyer)'), 1);
    assert.equal(at('opened the call (seller +1, buyer −1)'), 1);
  });
  it('has no row without two sides', () => {
    assert.equal(row(new Map([['Vendor', 'seller'], ['Client', 'unknown']])), null);
    assert.equal(sidesWrongProbability(SIDE_MODEL, null), 0);
  });
  it('the fitted check trusts sides that talk the right way and doubts the mirror', () => {
    assert.ok(sidesWrongProbability(SIDE_MODEL, right) < 0.5);
    assert.ok(sidesWrongProbability(SIDE_MODEL, wrong) > sidesWrongProbability(SIDE_MODEL, right));
  });
  it('a swap moves every side, each participant\'s company of that side, and both companies', () => {
    const people = {
      sellerCompany: 'Vendorly', buyerCompany: 'Clientco',
      sideOf: new Map([['A', 'seller'], ['B', 'buyer'], ['C', 'unknown']]),
      participants: [
        { name: 'A', side: 'seller', role: null, company: 'Vendorly', email: null, spoke: true },
        { name: 'B', side: 'buyer', role: null, company: 'Clientco', email: null, spoke: true },
        { name: 'C', side: 'unknown', role: null, company: 'Elsewhere Inc', email: null, spoke: true },
      ],
    } as unknown as PeopleResult;
    const s = swapSides(people);
    assert.equal(s.sellerCompany, 'Clientco');
    assert.equal(s.buyerCompany, 'Vendorly');
    assert.deepEqual([...s.sideOf], [['A', 'buyer'], ['B', 'seller'], ['C', 'unknown']]);
    assert.deepEqual(s.participants.map((p) => [p.side, p.company]), [['buyer', 'Clientco'], ['seller', 'Vendorly'], ['unknown', 'Elsewhere Inc']]);
  });
  it('learned swaps exactly when the fitted check is sure; never when the file states the sides; rules = no check', () => {
    const call = (participants: CallInput['participants']) => ({ transcriptId: 't', fileName: 't.txt', meetingAt: null, participants, turns: talk }) as unknown as CallInput;
    const sure: SideModel = { features: SIDE_FEATURES, weights: [0, ...SIDE_FEATURES.map(() => 0)], threshold: 0.5 };
    const meta = extractCallFactsWithMeta(call([]), { now: NOW, sideChooser: 'rules' });
    assert.equal(meta.sides.swapped, false);
    assert.equal(meta.sides.x?.length, SIDE_FEATURES.length);
    // With every weight 0 the probability is exactly one half.
    assert.equal(sidesWrongProbability(sure, meta.sides.x), 0.5);
    const plain = extractCallFactsWithMeta(call([]), { now: NOW });
    const learned = extractCallFactsWithMeta(call([]), { now: NOW, sideChooser: 'learned' });
    assert.deepEqual(plain.facts.participants, SIDE_DEFAULT === 'learned' ? learned.facts.participants : meta.facts.participants);
    assert.equal(learned.sides.swapped, learned.sides.pWrong >= SIDE_MODEL.threshold);
    const stated = extractCallFactsWithMeta(call([{ name: 'Vendor', side: 'seller' }, { name: 'Client', side: 'buyer' }] as CallInput['participants']), { now: NOW });
    assert.equal(stated.sides.x, null);
    assert.equal(stated.sides.swapped, false);
  });
  it('has weights for exactly the features extracted (regenerate with scripts/train-sides.ts --write)', () => {
    assert.deepEqual([...SIDE_MODEL.features], [...SIDE_FEATURES]);
    assert.equal(SIDE_MODEL.weights.length, SIDE_FEATURES.length + 1);
    assert.ok(SIDE_MODEL.threshold > 0.5 && SIDE_MODEL.threshold < 1);
  });
});
