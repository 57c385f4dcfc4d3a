/**
 * Round 3 of issue 10, call type (facts/callType.ts): the general cues of each
 * kind of call, with invented exchanges (never text from the eval sets or samples).
 * Issue 10 (fresh calls): earnings' IR script, deal reviews, kickoffs as 'other', who asks, renewals vs incidents, channel partners.
 * Owns: unit tests of those cues. Must not: touch the database or score eval sets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCallType, factsForCallType, isSalesCall } from '../src/agents/builtin/facts/callType.ts';
import { teamCompany } from '../src/agents/builtin/facts/companies.ts';
import { callFacts } from './support/facts.ts';
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

describe('call type: issue 10 fresh-call classes', () => {
  const sides = (seller: string[], buyer: string[]) => new Map([...seller.map((s) => [s, 'seller'] as const), ...buyer.map((b) => [b, 'buyer'] as const)]);
  const typed = (lines: string[], companiesKnown = true, sideOf?: Map<string, string>) =>
    detectCallType(sentencesOf(turns(...lines)), [...new Set(lines.map((l) => l.split(':')[0]!))], companiesKnown, sideOf).type;

  it('hears the investor-relations script (safe harbour, analysts announced by name) as an earnings call', () => {
    assert.equal(
      typed([
        "Ir: Welcome to Quillfen's third quarter earnings call. Remarks today include forward-looking statements.",
        'Ir: Reconciliations of non-GAAP measures are in our press release.',
        'Ceo: Revenue grew and gross margin was sixty-two percent.',
        'Cfo: Net revenue retention was one hundred and six percent, and we are guiding flat for next year.',
        'Ir: Our first question is from Tamsin Roe at Harrowgate Partners.',
        'Analyst: Congrats on the quarter. How should we think about the buyback?',
        'Cfo: The share repurchase is sized to leave room for acquisitions.',
      ]),
      'earnings',
    );
  });
  it("hears a deal review (the customer's people in the third person, commit or best case) as internal", () => {
    assert.equal(
      typed([
        'Vp: Okay, the Brackley deal. Commit or best case?',
        'Ae: Best case. Their CISO still has the questionnaire and their procurement wants a second bid.',
        'Vp: Who else is in the final two?',
        "Ae: Just Velmora. Anything below the floor goes to the deal desk, I know.",
        "Vp: Get their CFO on an exec sponsor call before the end of the quarter.",
      ]),
      'internal',
    );
  });
  it('hears a customer only ever spoken of as "they", with almost no "you", in a named review as colleagues talking (internal)', () => {
    const lines = [
      'Mia: Next on the pipeline, the hospital group.',
      'Sol: They signed the pilot last month.',
      'Sol: Their finance lead is slow, so the order is late.',
      'Mia: Are they comparing us with anyone?',
      'Sol: They had one other quote, higher than ours.',
      'Mia: Then the price is not the issue.',
      'Sol: No, it is the paperwork on their side.',
      'Mia: Fine. I will ask legal to turn the contract around faster.',
      'Sol: Good, they want it before the holidays.',
      'Mia: Next one.',
    ];
    assert.equal(typed(lines), 'internal');
    // The same talk addressed to the customer ("you") is a sales call.
    assert.notEqual(typed(lines.map((l) => l.replace(/\bThey\b/g, 'You').replace(/\bthey\b/g, 'you').replace(/\bTheir\b/g, 'Your').replace(/\btheir\b/g, 'your'))), 'internal');
  });
  it('hears a kickoff with a new customer as other, which keeps its seller and buyer', () => {
    assert.equal(
      typed([
        "Impl: Welcome to the kickoff. I'm your implementation lead.",
        "Impl: First, to confirm what's been signed: two sites, and that's been paid.",
        'Csm: I will set up weekly check-ins from next Tuesday.',
        'Buyer: Great. Moving our data is the risky part.',
        'Impl: We start with it in week three. Welcome aboard!',
      ]),
      'other',
    );
    assert.equal(isSalesCall('other'), true);
    assert.equal(isSalesCall('internal'), false);
    assert.equal(isSalesCall('earnings'), false);
  });
  it("counts the rep's questions about how things stand today as discovery, only when the rep does the asking", () => {
    const lines = [
      'Rep: What does the current system cost you today?',
      'Buyer: About four thousand a month.',
      'Rep: And how often does the report break right now?',
      'Buyer: Every week or so.',
      'Rep: How long does it take your team to fix it at the moment?',
      'Buyer: A day each time.',
      'Rep: Roughly how many people touch it these days?',
      'Buyer: Six of us.',
      'Rep: If you sign this month, there is a discount on the order form.',
      'Buyer: The number is the issue for us.',
    ];
    assert.equal(typed(lines, true, sides(['Rep'], ['Buyer'])), 'discovery');
    // Without sides, nothing says who asks: the proposal talk decides.
    assert.equal(typed(lines, true), 'negotiation');
  });
  it('keeps a renewal talked about repeatedly as a renewal even when a past outage takes much of the call', () => {
    assert.equal(
      typed([
        'Rep: Your renewal is at the end of the month, and I want to cover the outage first.',
        "Rep: I'm sorry about the downtime. The root cause was a bad deploy, and the fix is in.",
        'Buyer: It broke our invoicing for a day. The incident report helped.',
        'Rep: We will add a service credit.',
        'Rep: The renewal would be flat, no uplift, for another year.',
        'Buyer: Fine, send it over.',
      ]),
      'renewal',
    );
  });
  it('hears channel roles and rules (alliances, deal registration, partner pricing) as a partner call', () => {
    assert.equal(
      typed([
        "Cam: I'm the channel account manager for your region.",
        "Ines: And I'm head of alliances here. We registered the deal with you in May.",
        'Ines: Then your direct team called the same customer.',
        'Cam: That is on us. The partner price stands, and the deal registration will be confirmed.',
      ]),
      'partner',
    );
  });
  it('hears a term running out as a renewal, and a product driven live as a demo', () => {
    assert.equal(
      typed([
        'Rep: Your two years are up in June.',
        'Buyer: We would like a lower price for three more years.',
        'Rep: I can offer a discount if you sign the order form this month.',
      ]),
      'renewal',
    );
    assert.equal(
      typed([
        'Rep: Can you see my screen? Let me create one now.',
        'Rep: This column shows the due date, and it turns red when late.',
        'Buyer: And what does the price look like, is there a discount?',
      ]),
      'demo',
    );
  });
});

describe('what a call that is not a sales call keeps (factsForCallType)', () => {
  const base = callFacts({ competitors: ['Keystaff'], objections: [{ type: 'price', speaker: 'A', quote: 'too much' }], buyerCompany: 'Harrow Mills' });
  it('keeps the vendors a team says its prospects weigh in a deal review, and nothing else of the deal', () => {
    const f = factsForCallType({ ...base, callType: 'internal' });
    assert.deepEqual(f.competitors, ['Keystaff']);
    assert.deepEqual([f.buyerCompany, f.objections.length], [null, 0]);
  });
  it('keeps no competitors on an earnings call', () => {
    assert.deepEqual(factsForCallType({ ...base, callType: 'earnings' }).competitors, []);
  });
});

describe('call type: round 9', () => {
  const typed = (lines: string[]) => detectCallType(sentencesOf(turns(...lines)), [...new Set(lines.map((l) => l.split(':')[0]!))], true).type;
  it('hears a review whose speakers say "you" to each other as internal when "they" is twice as common', () => {
    const lines = [
      'Rhea: Okay, pipeline. You go first, Omar.',
      'Omar: Sure. The dairy co-op. They liked the demo and they want a second site.',
      'Rhea: Did they say when?',
      'Omar: They said after their board meets, so maybe the end of the month.',
      'Rhea: And their budget?',
      'Omar: They have it. Their finance lead told me so on Friday.',
      'Rhea: Good. What do you need from me?',
      'Omar: Nothing yet. They are also talking to one other vendor.',
      'Rhea: Then we keep them close. Next one, Ines.',
      'Ines: The clinic group. They went quiet after the pricing call.',
      'Rhea: Can you chase them this week?',
      'Ines: I will. Their office manager is out until Tuesday.',
    ];
    assert.equal(typed(lines), 'internal');
  });
  it('hears one operator line with the investor vocabulary as an earnings call', () => {
    assert.equal(
      typed([
        'Operator: Welcome to the conference call. Please go ahead.',
        'Ceo: Revenue grew twelve percent year over year, and gross margin improved.',
        'Cfo: Operating margin was nineteen percent and free cash flow was strong.',
        'Cfo: We are raising guidance for the fiscal year.',
        'Analyst: Thanks. On the dividend, how should investors think about it?',
        'Cfo: Shareholders can expect the same payout ratio.',
      ]),
      'earnings',
    );
  });
});

describe('the company whose own meeting it is (teamCompany)', () => {
  const team = (title: string | null, ...lines: string[]) => teamCompany(sentencesOf(turns(...lines)), new Map(), new Set(), title);
  it('round 13: reads the team meeting named with its company, in a sentence or in the title', () => {
    assert.equal(team(null, 'Ana Reyes: Okay, this is the Quillmoor Systems forecast call for the west team.', 'Bo Lind: Morning.'), 'Quillmoor Systems');
    assert.equal(team(null, 'Ana Reyes: We have twenty minutes before the Quillmoor weekly pipeline review.', 'Bo Lind: Fine.'), 'Quillmoor');
    assert.equal(team('Quillmoor weekly pipeline review', 'Ana Reyes: Where are we on Tidewell?', 'Bo Lind: Commit.'), 'Quillmoor');
    assert.equal(team(null, 'Ana Reyes: Where are we on Tidewell?', 'Bo Lind: Commit.'), null);
    assert.equal(team(null, 'Ana Reyes: Alright, Monday pipeline review, rep by rep.', 'Bo Lind: Sure.'), null);
    assert.equal(team('Quillmoor Systems - weekly forecast call - 2026-03-02', 'Ana Reyes: Where are we on Tidewell?', 'Bo Lind: Commit.'), 'Quillmoor Systems');
    assert.equal(team(null, 'Ana Reyes: Okay, forecast call for Quillmoor Labs, first week of March.', 'Bo Lind: Morning.'), 'Quillmoor Labs');
    assert.equal(team(null, "Ana Reyes: Right, let's do the Quillmoor pipeline.", 'Bo Lind: Sure.'), 'Quillmoor');
    assert.equal(team(null, 'Ana Reyes: Okay, Quillmoor Route Monday pipeline, March 2.', 'Bo Lind: Sure.'), 'Quillmoor Route');
  });
});
