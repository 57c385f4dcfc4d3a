/**
 * Round 3 of issue 10, amounts (facts/money.ts, facts/numbers.ts): spoken numbers
 * whose reading depends on the words around them or on the rest of the call.
 * Owns: unit tests of those rules with invented sentences (never text from the
 * eval sets or samples). Must not: touch the database or score eval sets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { amountsInSentence, amountsOfCall } from '../src/agents/builtin/facts/money.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { Turn } from '../src/parsing/types.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
/** One sentence on its own, no money conversation before it. */
const one = (text: string) => {
  const [s] = sentencesOf(turns(`A: ${text}`));
  return amountsInSentence(s!, false).map((a) => a.value);
};
/** A whole call: readings the context decides. */
const call = (...lines: string[]) => amountsOfCall(sentencesOf(turns(...lines))).map((a) => a.value);

describe('amounts: spoken forms', () => {
  it('reads "sixty K", "and a half thousand", "a dollar ninety" and stops before "one time"', () => {
    assert.deepEqual(one('Our budget for the rollout is sixty K.'), [60_000]);
    assert.deepEqual(one('The setup fee is fourteen and a half thousand.'), [14_500]);
    assert.deepEqual(one('It works out to a dollar ninety per scan.'), [1.9]);
    assert.deepEqual(one('Hardware is about twenty-two thousand one time, then the licence.'), [22_000]);
  });
  it('takes a price per any unit and a spoken price per period after "that\'s"', () => {
    assert.deepEqual(one('Training is normally three thousand two hundred per trainer.'), [3200]);
    assert.deepEqual(one('The Basic tier, that\'s forty-nine a month, covers one shop.'), [49]);
    assert.deepEqual(one('She approves anything over six hundred a month herself.'), [600]);
  });
  it('does not read a number before a plural noun, a clock time or a label as money', () => {
    assert.deepEqual(one('Last year we handled twenty-four hundred claims for the price of one clerk.'), []);
    assert.deepEqual(one('The fleet burned four point one million litres of fuel, at a cost we never tracked.'), []);
    assert.deepEqual(one('Can we talk pricing at eleven fifteen tomorrow?'), []);
    assert.deepEqual(one('Forty thousand covers it, the whole budget.'), [40_000]);
  });
});

describe('amounts: readings the call decides', () => {
  it('reads "six twenty-five" as hundreds or as dollars and cents by a total said with it', () => {
    assert.deepEqual(call('A: We run thirty kiosks.', 'B: It is six twenty-five per kiosk per month, so $225,000 a year.'), [625, 225_000]);
    assert.deepEqual(call('A: We have three hundred drivers.', 'B: It is six twenty-five per driver per month, so $22,500 a year.'), [6.25, 22_500]);
  });
  it('reads it at the size of another price per the same unit, else as hundreds (round 14)', () => {
    assert.deepEqual(call('B: List is two hundred and ten per bay per year.', 'B: For a three-year term, one eighty per bay.'), [210, 180]);
    assert.deepEqual(call('B: The basic tag is ninety cents per tag.', 'B: The smart one is one twenty per tag.'), [0.9, 1.2]);
    assert.deepEqual(call('B: The charge is three forty-five per badge per month.'), [345]);
    assert.deepEqual(call('B: The charge is three forty-nine per site per month.'), [349]);
    assert.deepEqual(call('A: The dividend is one twenty-five per share.'), [1.25]);
    assert.deepEqual(call('A: The part costs about fourteen thirty euros to make.'), [1430]);
  });
  it('reads a tens compound then a tens word as a two-part price (round 14), never a count before a hyphenated noun', () => {
    assert.deepEqual(call('B: The price is twenty-one fifty per van per month.'), [2150]);
    assert.deepEqual(call('B: Yes, a demo unit at half of list, thirty-four fifty.'), [3450]);
    assert.deepEqual(call('B: We ran twenty-one thirty-minute sessions last year.'), []);
  });
  it('reads thousands left unsaid in a two-part sum beside a full amount of that size (round 14)', () => {
    assert.deepEqual(call('B: The old contract was a hundred and seventy thousand dollars.', 'B: And your number is one eighty-six.'), [170_000, 186_000]);
    assert.deepEqual(call('B: The old contract was a hundred and seventy thousand dollars.', 'B: The filters are one eighty-six per unit.'), [170_000, 186]);
  });
  it('reads a decimal said without its leading zero', () => {
    assert.deepEqual(one('The board kept the payout at point four five per share.'), [0.45]);
  });
  it('scales a number said without its thousands only beside a comparable amount', () => {
    assert.deepEqual(call('A: The quote was eighty-four thousand a year.', 'B: We have seventy approved.'), [84_000, 70_000]);
    assert.deepEqual(call('A: The quote was eighty-four thousand a year.', 'B: Payment terms are net thirty.'), [84_000]);
    assert.deepEqual(call('A: We have seventy approved.'), []);
    assert.deepEqual(call('B: It is forty-five per seat per month.', 'A: Forty-five is fine.'), [45]);
  });
});

describe('amounts: round 4 spoken forms and counts', () => {
  it('reads thousands said as a number and the hundreds after it, but not "twenty-four seven" or "sixty five"', () => {
    assert.deepEqual(call('A: The quote was eighty-four thousand a year.', 'B: Could you do seventy-nine five?'), [84_000, 79_500]);
    assert.deepEqual(call('A: With the discount that is thirty-one two eighty a year.'), [31_280]);
    assert.deepEqual(call('A: The renewal price is fifty-two one hundred, flat.'), [52_100]);
    assert.deepEqual(one('Support is twenty-four seven and the price is twelve thousand a year.'), [12_000]);
    assert.deepEqual(one('The price is sixty five thousand a year.'), [65_000]);
  });
  it('joins a tens word broken by a caption line ("ninety-\\nsix thousand")', () => {
    assert.deepEqual(one('The price would be ninety- six thousand a year.'), [96_000]);
  });
  it('reads a hyphenated pair as hundreds and a per-year pair as hundreds; a per-month pair too, without a smaller anchor', () => {
    assert.deepEqual(call('B: Extra scanners are fourteen-fifty each.'), [1450]);
    assert.deepEqual(call('B: The list price is two sixty per seat per year.'), [260]);
    assert.deepEqual(call('B: The charge is three forty-five per badge per month.'), [345]);
  });
  it('reads "a buck fifty", a range in K without other money words, and a two-part price after "could do"', () => {
    assert.deepEqual(one('The old vendor charged a buck fifty per label.'), [1.5]);
    assert.deepEqual(one('We are thinking maybe forty to sixty K for year one.'), [40_000, 60_000]);
    assert.deepEqual(one('We could do twelve forty-nine a month for the team.'), [1249]);
    assert.deepEqual(one('We walked about 10K steps a day at the show.'), []);
  });
  it('scales the low end of "six and eight hundred thousand"', () => {
    assert.deepEqual(one('A project like this costs between four and seven hundred thousand dollars.'), [400_000, 700_000]);
  });
  it('takes millions priced "over five years", a two-part price after "is", and a larger scale after a smaller one', () => {
    assert.deepEqual(one('The whole rollout is three point four million over five years.'), [3_400_000]);
    assert.deepEqual(one('We have about three point four million subscribers.'), []);
    assert.deepEqual(one('Revenue came to ten thousand million yen.'), [1e10]);
    assert.deepEqual(one('The starter plan is two forty-nine a month.'), [249]);
  });
  it('does not read counts with a modifier, rates of a plural noun or reflexives as counts of money', () => {
    assert.deepEqual(call('A: It is a dollar ten per parcel.', 'A: At about forty thousand parcels a year you would pay around forty-four thousand.'), [1.1, 44_000]);
    assert.deepEqual(one('The price does not matter; we logged twelve thousand warranty claims.'), []);
    assert.deepEqual(one('The partners approve anything over fifteen thousand themselves.'), [15_000]);
    assert.deepEqual(one('The price includes about two million last year.'), [2_000_000]);
  });
});

