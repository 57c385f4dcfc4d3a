/**
 * Round 3 of issue 10, call type (facts/callType.ts): the general cues of each
 * kind of call, with invented exchanges (never text from the eval sets or samples).
 * Owns: unit tests of those cues. Must not: touch the database or score eval sets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCallType } from '../src/agents/builtin/facts/callType.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { Turn } from '../src/parsing/types.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const type = (lines: string[], companiesKnown = true) => detectCallType(sentencesOf(turns(...lines)), [...new Set(lines.map((l) => l.split(':')[0]!))], companiesKnown).type;

describe('call type: round 3 cues', () => {
  it('hears a product shown working as a demo', () => {
    assert.equal(
      type([
        'Rep: Here is the route planner with your depots loaded.',
        'Rep: You drag a stop onto a van and it recalculates the day. It also flags any stop outside its window.',
        'Buyer: Nice. And the drivers see that on their phones?',
        'Rep: Yes, the system pushes it to the app straight away.',
      ]),
      'demo',
    );
  });
  it('hears a price being moved as a negotiation, not a product feature named "signature"', () => {
    assert.equal(
      type([
        'Rep: Where are you on the number?',
        'Buyer: It needs to come down, the number is above what the committee allows.',
        'Rep: If you commit to two years, I can take it to ninety thousand.',
      ]),
      'negotiation',
    );
    assert.equal(
      type([
        'Rep: The tool covers drafting, e-signature and storage.',
        'Buyer: Today we keep everything in spreadsheets and chase signatures by hand.',
        'Rep: How do you track what is due?',
      ]),
      'discovery',
    );
  });
  it('hears a fault since a change, an apology and the fix as support', () => {
    assert.equal(
      type([
        'Buyer: Since the last update our labels stopped printing halfway through a batch.',
        "Rep: I'm sorry, that is on us. It's a timeout in the print queue.",
        'Rep: The fix goes to your test site tonight.',
      ]),
      'support',
    );
  });
  it('hears an agreement coming up and an existing account as a renewal, not a feature called renewal alerts', () => {
    assert.equal(
      type([
        'Rep: I look after your account in customer success. Your agreement renews in March.',
        "Rep: How's the scheduler working for you since you went live?",
        'Buyer: Fine, mostly.',
      ]),
      'renewal',
    );
    assert.equal(
      type(['Rep: The renewal alerts warn your team sixty days ahead.', 'Buyer: Today we track that manually in spreadsheets.', 'Rep: Tell me about the last one you missed.']),
      'discovery',
    );
  });
  it('hears a team running its own business as internal', () => {
    assert.equal(
      type(
        [
          'Lead: Three topics today: the trade show, territories, and the new hires.',
          'Ana: The booth costs more than last year.',
          'Lead: Ben takes the northern territory, so you hand over two accounts.',
          'Ben: Fine, as long as deals in late stages stay with me.',
        ],
        false,
      ),
      'internal',
    );
  });
});

describe('call type: round 4 classes', () => {
  it('does not read a priced "ticket" as support, nor a demo talked about as a demo', () => {
    assert.notEqual(
      type([
        'Buyer: Nine cents a ticket plus the annual minimum is a lot for a small operator.',
        'Rep: If I bring it to eight cents a ticket and waive the implementation fee, can you sign by the end of the month?',
        'Buyer: The number still has to come down a bit, but that is closer.',
      ]),
      'support',
    );
    assert.equal(
      type([
        'Rep: How do you plan routes today?',
        'Buyer: By hand, on a whiteboard. We sat through a demo with another vendor last year.',
        "Rep: Understood. I'd like to get a proper demo on the calendar next week.",
      ]),
      'discovery',
    );
  });
  it('hears a team speaking of its customers and reps in the third person as internal', () => {
    assert.equal(
      type(
        [
          "Lead: We've got quorum. This is the go or no-go for the launch.",
          'Pm: From product, we are ready. The beta customers are happy.',
          'Eng: The feature flag is on staging next week.',
          "Cs: Two of them asked about exports. I'd rather the reps not promise it.",
        ],
        true,
      ),
      'internal',
    );
  });
  it('a call where the rep shows and the buyer asks is a demo (who asks)', () => {
    const lines = [
      'Rep: So this is the board.',
      'Buyer: Does it update by itself?',
      'Rep: It updates every minute from the feed.',
      'Buyer: What about late changes?',
      'Rep: Those appear in orange at the top.',
      'Buyer: Can my team edit them?',
      'Rep: Yes, anyone with the planner role.',
      'Buyer: And on a phone?',
      'Rep: The same view works on a phone.',
    ];
    const sents = sentencesOf(turns(...lines));
    const sides = new Map([['Rep', 'seller'], ['Buyer', 'buyer']]);
    assert.equal(detectCallType(sents, ['Rep', 'Buyer'], true, sides).type, 'demo');
    // The same call with the rep asking is discovery.
    const asked = lines.map((l) => (l.startsWith('Rep') ? l.replace(/\.$/, '?') : l.replace(/\?$/, '.')));
    assert.equal(detectCallType(sentencesOf(turns(...asked)), ['Rep', 'Buyer'], true, sides).type, 'discovery');
  });
});

describe('call type: short calls', () => {
  it('takes one strong support cue as the topic of a short call, not of a long one', () => {
    const short = ['Rep: Thanks for calling. I hear the sync went down on Monday.', 'Buyer: Yes, we lost a day of orders.', "Rep: I'm sorry about that, we will credit a month."];
    assert.equal(type(short), 'support');
    const long = [...short, ...Array.from({ length: 40 }, (_, i) => (i % 2 ? 'Buyer: Our stores open at nine on weekdays.' : 'Rep: Noted, thanks.'))];
    assert.notEqual(type(long), 'support');
  });
});
