/**
 * Competitor rules of round 3 (issue 10), one class of phrasing per case, with invented
 * vendors and people (never text from the eval sets or samples). Owns: findCompetitors'
 * vendor-contact, spend, answer and name-evidence rules and its person/place filters.
 * Must not: test objections (objection-rules.test.ts) or whole-call extraction.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCompetitors } from '../src/agents/builtin/facts/competitors.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { Turn } from '../src/parsing/types.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
/** The seller is "Lintel", the buyer "Orrin Farms"; "Koji" and "Maya" are participants. */
const comps = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Lintel', 'Orrin Farms'], new Set(['Koji', 'Maya']));

describe('competitors: vendor contact and spend', () => {
  it('hears seeing a vendor, work a vendor did, courting, and experience elsewhere', () => {
    assert.deepEqual(comps("B: We're also seeing Quorbit on Thursday."), ['Quorbit']);
    assert.deepEqual(comps("B: We've seen Quorbit already."), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit did a site survey for us last winter.'), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit pitched our warehouse team in May.'), ['Quorbit']);
    assert.deepEqual(comps('B: Our COO ran Quorbit at her previous company.'), ['Quorbit']);
  });
  it('hears what the buyer pays a tool per period', () => {
    assert.deepEqual(comps('B: Quorbit plus the texting add-on is about twelve thousand dollars a year.'), ['Quorbit']);
  });
  it('reads the answer to "how do you do it today?" as the incumbent, unless the call connects to it', () => {
    assert.deepEqual(comps('S: How do you plan shifts today?', 'B: Me, a spreadsheet and Rostrix, mostly.'), ['Rostrix']);
    assert.deepEqual(comps('S: How do you plan shifts today?', 'B: Me, a spreadsheet and Rostrix.', 'S: We have a Rostrix connector for that.'), []);
  });
  it('treats running on a platform as usage: dropped when the call wires into it', () => {
    assert.deepEqual(comps('B: Our shop runs on Cartly.', 'S: There is a Cartly app that shows the orders.'), []);
  });
});

describe('competitors: weighing every other name by the words around it', () => {
  it('finds a name in any construction with a vendor word in its clause', () => {
    for (const line of [
      "B: We're comparing you with Quorbit.",
      'B: Quorbit is the other name on our shortlist.',
      "B: Quorbit's offer is about twenty percent lower.",
      'B: We signed up for a Quorbit trial.',
      "B: Why wouldn't we just stay on Quorbit?",
      "B: We're locked into Quorbit until March.",
      'B: Quorbit handles our payroll right now.',
    ]) assert.deepEqual(comps(line), ['Quorbit'], line);
  });
  it('skips people: vocatives, honorifics, roles, who-clauses and he/she', () => {
    for (const line of [
      'B: The demo from your team was great, Tom.',
      'B: I spoke to Jenna, who runs our warehouse, and she agreed.',
      'B: I talked to Greg in finance about the quote.',
      "B: We're meeting with Janet next week, she runs procurement.",
    ]) assert.deepEqual(comps(line), [], line);
    assert.deepEqual(comps("S: Am I speaking with Tobin?", "B: You are. Let's compare notes with Tobin's numbers, the quote is ready."), []);
    assert.deepEqual(comps('B: Our owner, Dr. Vasquez, looks at every new contract.'), []);
  });
  it('skips places, plans, demonyms, holidays and spoken numbers', () => {
    assert.deepEqual(comps('B: We have two depots, Hollin and Stroud, and the quote covers both.'), []);
    assert.deepEqual(comps('B: Marta in Tolmere wants a trial too.', 'B: Tolmere is on the shortlist for the pilot.'), []);
    assert.deepEqual(comps('B: The quote for the Ledger module is fine, and we pay Canadian vendors by wire.'), []);
    assert.deepEqual(comps('B: Thirty vendors sent a quote before Thanksgiving.'), []);
  });
  it('does not read a sentence-initial English word as a name', () => {
    assert.deepEqual(comps('B: Pricing is clear, and the contract too.'), []);
    assert.deepEqual(comps('B: Honestly the contract is fine.'), []);
  });
  it('does not take a noun for a verb stem: "plants, here and in X" is a place, not a tool', () => {
    assert.deepEqual(comps('B: We make bricks at two plants, here and in Castellon.'), []);
  });
});
