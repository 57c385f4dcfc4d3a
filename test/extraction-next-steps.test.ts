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
    assert.deepEqual(steps(null, 'Bo Buyer: Our board meeting is scheduled for March 1, 2027.', 'Ann Seller: I will send the pilot plan by Friday.', 'Bo Buyer: Thanks.'), [['Ann Seller', null]]);
    // A weekday date said as the day's label, without its year (the weekday picks the year).
    assert.deepEqual(steps(null, 'Ann Seller: So, Tuesday, March 2nd, thanks for making the time.', 'Ann Seller: I will send the pilot plan tomorrow.', 'Bo Buyer: Thanks.'), [['Ann Seller', '2027-03-03']]);
    assert.deepEqual(steps(null, 'Ann Seller: We could meet again on Tuesday, March 2nd.', 'Ann Seller: I will send the pilot plan tomorrow.', 'Bo Buyer: Thanks.'), [['Ann Seller', null]]);
  });
});

describe('next steps: round 4 classes', () => {
  const M = '2027-03-03'; // a Wednesday
  it('takes "…, so I\'ll …", "…, but I\'ll …" and a lead-in adverbial before the promise', () => {
    assert.deepEqual(steps(M, 'Ann Seller: Prices change next month, so I will send a revised quote by Friday.', 'Bo Buyer: Fine.'), [['Ann Seller', '2027-03-05']]);
    assert.deepEqual(steps(M, "Ann Seller: It's not cheap, but I'll put the breakdown in writing for you.", 'Bo Buyer: Fine.'), [['Ann Seller', null]]);
    assert.deepEqual(steps(M, "Ann Seller: In the meantime I'll set up a trial account by Monday.", 'Bo Buyer: Fine.'), [['Ann Seller', '2027-03-08']]);
  });
  it('counts "get X a Y", "ask X whether …", "talk to X about …" and "let me send …" as promises without a date', () => {
    assert.deepEqual(steps(M, "Bo Buyer: And I'll get Ann a sample invoice file.", 'Ann Seller: Great.'), [['Bo Buyer', null]]);
    assert.deepEqual(steps(M, "Bo Buyer: I'll ask our payroll vendor whether they support exports.", 'Ann Seller: Great.'), [['Bo Buyer', null]]);
    assert.deepEqual(steps(M, 'Ann Seller: Let me send you the case study by Friday.', 'Bo Buyer: Thanks.'), [['Ann Seller', '2027-03-05']]);
    assert.deepEqual(steps(M, 'Ann Seller: Let me check the exact figure.', 'Bo Buyer: Thanks.'), []);
  });
  it('drops capabilities, wishes and past-tense hypotheticals without a date', () => {
    assert.deepEqual(steps(M, 'Ann Seller: You can upload your own templates, and we convert them.', 'Bo Buyer: Nice.'), []);
    assert.deepEqual(steps(M, 'Bo Buyer: We want to confirm the numbers match our ledger.', 'Ann Seller: Sure.'), []);
    assert.deepEqual(steps(M, 'Ann Seller: If you went with us, I would send the contract on Monday.', 'Bo Buyer: Maybe.'), []);
    assert.deepEqual(steps(M, 'Ann Seller: Cal can set up a test if you give him a tenant.', 'Bo Buyer: Maybe.'), []);
  });
  it('"I\'ll set that up" takes the date of what was just proposed', () => {
    assert.deepEqual(steps(M, "Bo Buyer: I'd want to visit your warehouse, probably on Tuesday the sixteenth.", "Ann Seller: I'll set that visit up.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-16']]);
  });
  it('taking it to the board: the day the board meets, said before', () => {
    assert.deepEqual(
      steps(M, 'Ann Seller: Hi Bo, Ann from Brightco.', 'Bo Buyer: Hi Ann, I run finance at Duneway.', 'Ann Seller: When does your board meet?', 'Bo Buyer: Thursday the eleventh.', 'Ann Seller: Great.', 'Bo Buyer: I will take the proposal to the board.'),
      [['Bo Buyer', '2027-03-11']],
    );
  });
  it('a promise conditional on a request taken up is its own step; "then book …" too', () => {
    assert.deepEqual(
      steps(M, 'Ann Seller: Hi Bo, Ann from Brightco.', 'Bo Buyer: Hi Ann, I run finance at Duneway.', 'Ann Seller: Could you take the offer to your partners on the tenth?', 'Bo Buyer: I can.', "Bo Buyer: And if they approve, I'll sign by Friday the twelfth."),
      [['Bo Buyer', '2027-03-10'], ['Bo Buyer', '2027-03-12']],
    );
    assert.deepEqual(steps(M, "Ann Seller: I'll call the caterer tomorrow, then book the room once they confirm.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-04'], ['Ann Seller', null]]);
  });
  it('"you\'ll have it by Friday" is the speaker\'s delivery; "in the same email" takes that email\'s date', () => {
    assert.deepEqual(steps(M, "Ann Seller: The revised quote? You'll have it from me tomorrow.", 'Bo Buyer: Great.'), [['Ann Seller', '2027-03-04']]);
    assert.deepEqual(
      steps(M, 'Ann Seller: Hi Bo, Ann from Brightco.', 'Bo Buyer: Hi Ann, I run finance at Duneway.', "Ann Seller: I'll email the order form by Tuesday.", 'Bo Buyer: Could you also share a list of customers like us?', "Ann Seller: Sure, I'll include two references in the same email."),
      [['Ann Seller', '2027-03-09'], ['Ann Seller', '2027-03-09']],
    );
  });
  it('resolves "two weeks from today", "a week from Friday", "the fifteenth of next month", "month end"', () => {
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan two weeks from today.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-17']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan a week from Friday.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-12']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan by the fifteenth of next month.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-04-15']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan by month end.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-31']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan Thursday next week.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-11']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan the week after next.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-15']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan by this time next week.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-03-10']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan by the first of the month.", 'Bo Buyer: Good.'), [['Ann Seller', '2027-04-01']]);
    assert.deepEqual(steps(M, "Ann Seller: I'll send the plan in the middle of next week.", 'Bo Buyer: Good.'), [['Ann Seller', null]]);
  });
  it('gives no year to a date said without one when the call has no date at all', () => {
    assert.deepEqual(steps(null, "Ann Seller: I'll send the plan on March twelfth.", 'Bo Buyer: Good.'), [['Ann Seller', null]]);
  });
  it('"she\'ll" after "And Dee has …" is Dee, a speaker talked about; "we can …" needs a date', () => {
    assert.deepEqual(
      steps('2027-03-03', 'Ann Seller: Hi Bo.', 'Dee Buyer: Hi Ann.', 'Bo Buyer: And Dee has the meter readings. She will send those to Ann by Friday.', 'Ann Seller: Great.'),
      [['Dee Buyer', '2027-03-05']],
    );
    assert.deepEqual(steps('2027-03-03', 'Ann Seller: We can switch the alerts to a digest from our side.', 'Bo Buyer: That would help.'), []);
  });
  it('gives "our controller will …" to the participant with that title; "Certainly." takes up a request', () => {
    const f = extractCallFacts(
      call(turns('Ann Lake: Hi everyone, Ann Lake here, account executive at Brightco.', 'Bo Marsh: Hi Ann, Bo Marsh, operations director at Duneway.', 'Cy Park: And Cy Park, controller at Duneway.', 'Ann Lake: Great to meet you both. What does invoicing look like today?', 'Cy Park: We key everything by hand into our ledger.', 'Bo Marsh: Our controller will send you the AP export by Friday.', 'Ann Lake: Perfect.'), new Date('2027-03-03T00:00:00Z')),
      { now: NOW },
    );
    assert.deepEqual(f.nextSteps.map((x) => [x.owner, x.dueDate]), [['Cy Park', '2027-03-05']]);
    assert.deepEqual(steps('2027-03-03', 'Ann Seller: Could you send the floor plan by Monday?', 'Bo Buyer: Certainly.'), [['Bo Buyer', '2027-03-08']]);
  });
  it('a habitual "we\'ll typically …" is the process, and "No, that\'s fine." turns an offer down', () => {
    assert.deepEqual(steps('2027-03-03', "Ann Seller: We'll typically schedule a kickoff within two weeks of signing.", 'Bo Buyer: Okay.'), []);
    assert.deepEqual(steps('2027-03-03', 'Ann Seller: Should I send you the deck?', "Bo Buyer: No, that's fine."), []);
  });
  it('"Expect the proposal … by Thursday" and "How does Thursday sound?" after a promise date the speaker\'s delivery', () => {
    assert.deepEqual(steps('2027-03-03', 'Ann Seller: Expect the revised proposal in your inbox by Thursday.', 'Bo Buyer: Perfect.'), [['Ann Seller', '2027-03-04']]);
    assert.deepEqual(steps('2027-03-03', 'Ann Seller: The revised proposal will be with you by Friday.', 'Bo Buyer: Perfect.'), [['Ann Seller', '2027-03-05']]);
    assert.deepEqual(steps('2027-03-03', "Ann Seller: I'll set up a demo with our engineer. How does Thursday sound?", 'Bo Buyer: Thursday works.'), [['Ann Seller', '2027-03-04']]);
    assert.deepEqual(steps('2027-03-03', 'Ann Seller: Expect some turbulence in the first week.', 'Bo Buyer: Okay.'), []);
  });
});
