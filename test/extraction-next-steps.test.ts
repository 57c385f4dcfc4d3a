/**
 * Round 3 of issue 10, next steps and their dates (facts/nextSteps.ts, facts/dates.ts):
 * owners by pronoun and by yes, verbs outside the lists with a deadline, dates said
 * around a promise or counted from a date said before. Invented exchanges only
 * (never text from the eval sets or samples).
 * Owns: unit tests of those rules. Must not: touch the database or score eval sets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCallFacts } from '../src/agents/builtin/callFacts.ts';
import type { CallInput } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const call = (t: Turn[], meetingAt: Date | null): CallInput => ({ transcriptId: 't', fileName: 't.txt', meetingAt, turns: t, participants: [] });
/** [owner, due date] of each step; meeting date given (a Wednesday) unless null. */
const steps = (meeting: string | null, ...lines: string[]) =>
  extractCallFacts(call(turns(...lines), meeting ? new Date(`${meeting}T00:00:00Z`) : null), { now: NOW }).nextSteps.map((x) => [x.owner, x.dueDate]);

describe('next steps: owners', () => {
  it('owns a request to "your team" by the one who says "We can."', () => {
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Bo, could your team finish the data mapping by Friday?', 'Bo Buyer: We can. It is mostly done.'), [['Bo Buyer', '2026-11-20']]);
  });
  it('gives "she\'ll" to the person named just before, never to the speaker', () => {
    assert.deepEqual(
      steps('2026-11-18', 'Ann Seller: Hi Bo.', 'Bo Buyer: Hi Ann. Our analyst Carla Ruiz has the volumes. She will send the volume report by Monday.', 'Ann Seller: Great.'),
      [['Carla Ruiz', '2026-11-23']],
    );
  });
});

describe('next steps: verbs and dates', () => {
  it('takes any verb in a promise or a request taken up when a deadline is said, and none without', () => {
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will lock the venue with the caterer by Friday.', 'Bo Buyer: Good.'), [['Ann Seller', '2026-11-20']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Could you refresh the test data by Monday?', 'Bo Buyer: Yes.'), [['Bo Buyer', '2026-11-23']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will lock the venue with the caterer.', 'Bo Buyer: Good.'), []);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will be in the office by Friday.', 'Bo Buyer: Good.'), []);
  });
  it('reads "I\'d aim to …" only with a date, and leaves a date inside an if-clause to the condition', () => {
    assert.deepEqual(steps('2026-11-18', 'Bo Buyer: I would aim to sign by the end of the year.', 'Ann Seller: Great.'), [['Bo Buyer', '2026-12-31']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will send the revised terms if you confirm by Friday.', 'Bo Buyer: Fine.'), [['Ann Seller', null]]);
  });
  it('takes the date offered in a question right after a promise', () => {
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will arrange a call with one of our customers. Could you do Tuesday, December first?', 'Bo Buyer: Yes, that works.'), [['Ann Seller', '2026-12-01']]);
  });
  it('counts "the following week" and "that week" from the date said before, and the end of a quarter', () => {
    assert.deepEqual(steps('2026-11-18', 'Bo Buyer: The board meets on Thursday, December tenth. I will send the signed copy the following week.', 'Ann Seller: Good.'), [['Bo Buyer', '2026-12-14']]);
    assert.deepEqual(steps('2026-11-18', 'Bo Buyer: The board meets on Thursday, December tenth. I will aim to sign that week.', 'Ann Seller: Good.'), [['Bo Buyer', '2026-12-07']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will send the countersigned order form by the end of the quarter.', 'Bo Buyer: Good.'), [['Ann Seller', '2026-12-31']]);
  });
  it('takes a matter to a named decision-maker on a date as a step', () => {
    const intro = ['Ann Seller: Hi Bo, this is Ann from Vendorly.', 'Bo Buyer: Hi Ann. Bo here, I run operations at Grainhouse.'];
    assert.deepEqual(steps('2026-11-18', ...intro, 'Bo Buyer: I will take it to Morgan at our Monday meeting, November thirtieth.', 'Ann Seller: Thanks.'), [['Bo Buyer', '2026-11-30']]);
  });
});

describe('next steps without a meeting date', () => {
  it('resolves against the date stated after a lead-in, and leaves relative dates unresolved without one', () => {
    assert.deepEqual(steps(null, "Ann Seller: For the minutes, it's Tuesday, March 2nd, 2027.", 'Ann Seller: I will send the pilot plan by Friday.', 'Bo Buyer: Thanks.'), [['Ann Seller', '2027-03-05']]);
    assert.deepEqual(steps(null, 'Ann Seller: I will send the pilot plan by Friday.', 'Bo Buyer: Thanks.'), [['Ann Seller', null]]);
  });
  it('takes a full date with its year said in the opening as the meeting day, but not a deadline or a term', () => {
    assert.deepEqual(steps(null, 'Ann Seller: So, for the notes, Monday, March 1, 2027, pricing review with Bo.', 'Ann Seller: I will send the pilot plan by Friday.', 'Bo Buyer: Thanks.'), [['Ann Seller', '2027-03-05']]);
    assert.deepEqual(steps(null, 'Ann Seller: We have our review on the ninth of March, 2027.', 'Ann Seller: I will send the plan tomorrow.', 'Bo Buyer: Thanks.'), [['Ann Seller', '2027-03-10']]);
    assert.deepEqual(steps(null, "Ann Seller: Today's Thursday, March 4th, 2027.", 'Ann Seller: I will send the plan tomorrow.', 'Bo Buyer: Thanks.'), [['Ann Seller', '2027-03-05']]);
    assert.deepEqual(steps(null, 'Bo Buyer: Our contract ends on March 1, 2027, so timing matters.', 'Ann Seller: I will send the pilot plan by Friday.', 'Bo Buyer: Thanks.'), [['Ann Seller', null]]);
  });
});
