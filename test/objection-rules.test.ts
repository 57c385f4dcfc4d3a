/**
 * Objection rules of round 3 (issue 10), one class of phrasing per case, with invented
 * sentences (never text from the eval sets or samples). Owns: findObjections' stance x topic
 * rule, indirect price and authority, the verdict on a figure just said, and what makes a
 * competitor an objection. Must not: test competitor names (competitor-rules.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findObjections, stanceTypes } from '../src/agents/builtin/facts/objections.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { Turn } from '../src/parsing/types.ts';

const turn = (speaker: string, text: string): Turn => ({ speaker, startMs: null, endMs: null, text });
const SIDES = new Map([['Rep', 'seller' as const], ['Buyer', 'buyer' as const]]);
const types = (...buyer: string[]) =>
  findObjections(sentencesOf([turn('Rep', 'Here is the proposal.'), ...buyer.map((b) => turn('Buyer', b))]), SIDES, ['Quorbit']).map((o) => o.type);

describe('objections: a hesitant word near a topic word', () => {
  it('labels each topic from a limiting, negative or worried word close to it', () => {
    assert.deepEqual(stanceTypes('money is tight right now.', false), ['price']);
    assert.deepEqual(stanceTypes("nobody in my team has bandwidth before march.", false), ['timing']);
    assert.deepEqual(stanceTypes("they'd have to rewrite the export on their side.", false), ['integration']);
    assert.deepEqual(stanceTypes("i'm nervous about putting patient data in the cloud.", false), ['security']);
    assert.deepEqual(stanceTypes("it's not up to me alone.", false), ['authority']);
    assert.deepEqual(stanceTypes('spreadsheets have been good enough so far.', false), []);
    assert.deepEqual(stanceTypes('do we really need a whole new system for this?', true), ['need']);
  });
  it('needs both: a topic word alone or a hesitant word alone is no objection', () => {
    assert.deepEqual(stanceTypes('the pricing page was clear.', false), []);
    assert.deepEqual(stanceTypes("i don't think i've met your colleague.", false), []);
  });
  it('keeps questions as discovery unless they doubt the need or the fit', () => {
    assert.deepEqual(stanceTypes("what's the price if we don't take the add-on?", true), []);
  });
});

describe('objections: indirect price and approvers', () => {
  it('hears the price against expectations and the spend as a burden', () => {
    assert.deepEqual(types("Honestly that's north of what I had in mind."), ['price']);
    assert.deepEqual(types('It is more than I hoped.'), ['price']);
    assert.deepEqual(types("That's a big commitment for a team our size."), ['price']);
    assert.deepEqual(types("We'd be paying for two systems for a while."), ['price']);
  });
  it('hears a verdict on a figure the buyer just said', () => {
    assert.deepEqual(findObjections(sentencesOf([turn('Rep', 'Here is the proposal.'), turn('Buyer', 'Our pot for tools is forty K. So it is tight.')]), SIDES, [], new Map([[1, [40000]]])).map((o) => o.type), ['price']);
  });
  it('hears approvers of everything, and a deal that waits on them', () => {
    assert.deepEqual(types('Our owners approve every new system.'), ['authority']);
    assert.deepEqual(types('Anything over ten thousand needs the board to sign.'), ['authority']);
    assert.deepEqual(types("That won't fly with my boss."), ['authority']);
    assert.deepEqual(types("I'd have to run it past our CFO."), ['authority']);
  });
  it('hears blocked periods', () => {
    assert.deepEqual(types("Our engineers are booked solid with the migration."), ['timing']);
    assert.deepEqual(types("We can't touch anything on the shop floor in December."), ['timing']);
  });
});

describe('objections: the answer to a question that asks for obstacles', () => {
  it("labels the buyer's answer to \"anything that would stop you?\" by its topic words", () => {
    const s = sentencesOf([turn('Rep', 'Is there anything that would stop you from starting in May?'), turn('Buyer', 'Our warehouse software, mostly.')]);
    assert.deepEqual(findObjections(s, SIDES, []).map((o) => o.type), ['integration']);
    const plain = sentencesOf([turn('Rep', 'What does your week look like?'), turn('Buyer', 'Our warehouse software, mostly.')]);
    assert.deepEqual(findObjections(plain, SIDES, []), []);
  });
});

describe('objections: a competitor only as a reason against the deal', () => {
  it('does not count merely meeting or trying a rival', () => {
    assert.deepEqual(types('We had a demo from Quorbit in the spring.'), []);
    assert.deepEqual(types('We trialled Quorbit once.'), []);
  });
  it("counts the rival's price, its pursuit, and the rival taken up by a pronoun or a threat", () => {
    assert.ok(types('Quorbit came in lower.').includes('competitor'));
    assert.ok(types('Quorbit reached out with a discount.').includes('competitor'));
    assert.ok(types("Our CFO liked Quorbit and keeps asking why we wouldn't just go with them.").includes('competitor'));
    assert.ok(types("If the outage happens again, I'm going to have to look at Quorbit.").includes('competitor'));
  });
  it('never takes an objection from the rep', () => {
    const s = sentencesOf([turn('Rep', "I know money is tight and Quorbit came in lower."), turn('Buyer', 'Okay.')]);
    assert.deepEqual(findObjections(s, SIDES, ['Quorbit']), []);
  });
});
