/**
 * The rule units added for issue 10, each on its own: speaker names from
 * introductions, markup stripping, call type, competitors, objections, spoken
 * numbers, date phrases, next steps, and talk time over merged cues. Each case
 * is a CLASS of phrasing, not one sample's sentence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCallFacts } from '../src/agents/builtin/callFacts.ts';
import { detectCallType } from '../src/agents/builtin/facts/callType.ts';
import { findCompetitors } from '../src/agents/builtin/facts/competitors.ts';
import { stripMarkup } from '../src/agents/builtin/facts/markup.ts';
import { amountsInSentence } from '../src/agents/builtin/facts/money.ts';
import { findObjections } from '../src/agents/builtin/facts/objections.ts';
import { isGenericLabel, nameSpeakers } from '../src/agents/builtin/facts/speakerNames.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import { computeCoachingMetrics } from '../src/agents/coaching/metrics.ts';
import { salesOnlySkipReason } from '../src/agents/callKind.ts';
import type { CallInput } from '../src/agents/types.ts';
import { mergeSegments } from '../src/parsing/index.ts';
import type { Turn } from '../src/parsing/types.ts';
import { callFacts } from './support/facts.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const call = (t: Turn[], meetingAt: Date | null = null): CallInput => ({ transcriptId: 't', fileName: 't.txt', meetingAt, turns: t, participants: [] });
const amounts = (text: string) => {
  const [s] = sentencesOf(turns(`A: ${text}`));
  return amountsInSentence(s!, false).map((a) => [a.value, a.currency]);
};

describe('speakerNames', () => {
  it('knows generic labels and leaves names alone', () => {
    for (const l of ['Speaker 1', 'SPEAKER_02', 'Participant 3', 'Unknown speaker', 'Speaker']) assert.ok(isGenericLabel(l), l);
    for (const l of ['Dana', 'Operator', 'DANA WHITFIELD']) assert.ok(!isGenericLabel(l), l);
  });
  it("knows a meeting app's device and dial-in labels as generic (round 9), and merges one into the name it gives", () => {
    for (const l of ['Call-in User 2', 'Dial-in 3', "Tomas's iPad", 'iPhone', "Kerry-Ann's Galaxy S21", 'Phone User', '+1 415 555 0100']) assert.ok(isGenericLabel(l), l);
    for (const l of ['Phoebe', 'Pad Thai Express', "Tomas's Team", 'Galaxy Foods Ltd']) assert.ok(!isGenericLabel(l), l);
    const m = nameSpeakers(
      turns(
        'Quill Daventry: Morning all, we will start with the numbers.',
        "Wren's iPad: Hi, sorry, I'm on my tablet, the laptop is updating.",
        'Quill Daventry: No problem. Wren, can you take the first one?',
        'Wren Halloway: Sure, renamed myself now. The Kestle order is late.',
        'Quill Daventry: Thanks, Wren.',
      ),
    );
    assert.equal(m.get("Wren's iPad"), 'Wren Halloway');
  });
  it('maps generic labels from self-introductions and first-name labels to the full name given', () => {
    const m = nameSpeakers(
      turns(
        'SPEAKER 1: Hi, this is Ana Lima from Brightpath, thanks for the time.',
        "SPEAKER 2: Sure. I'm Joel Marsh, I run billing at Tallow Farms.",
        'KIM: Morning. For the notes, this is Kim Adair, procurement.',
      ),
    );
    assert.deepEqual(Object.fromEntries(m), { 'SPEAKER 1': 'Ana Lima', 'SPEAKER 2': 'Joel Marsh', KIM: 'Kim Adair' });
  });
  it('names a generic label by how the other person addresses it, only with repeated evidence', () => {
    const once = nameSpeakers(turns('Speaker 1: Hello there.', 'Speaker 2: Hi. What do you need?', 'Speaker 1: Thanks, Priya.'));
    assert.equal(once.size, 0, 'one vocative is not enough');
    const twice = nameSpeakers(turns('Speaker 1: Thanks, Priya.', 'Speaker 2: Sure.', 'Speaker 1: Great, so Priya, what is next?', 'Speaker 2: The pilot.'));
    assert.equal(twice.get('Speaker 2'), 'Priya');
  });
  it('does not take role labels or ordinary words for names', () => {
    const m = nameSpeakers(turns('Marketing: I think the marketing expert should decide.', 'Project Manager: Currently we are late.'));
    assert.equal(m.size, 0);
  });
  it('puts the name in participants, next-step owners and never the label', () => {
    const f = extractCallFacts(
      call(turns('Speaker 1: Hi, this is Ana Lima from Brightpath.', "Speaker 2: Hi Ana, I'm Joel Marsh from Tallow Farms.", 'Speaker 1: I will send the proposal by Friday.'), new Date('2026-10-06T00:00:00Z')),
      { now: NOW },
    );
    assert.deepEqual(f.participants.filter((p) => p.spoke).map((p) => [p.name, p.label]), [['Ana Lima', 'Speaker 1'], ['Joel Marsh', 'Speaker 2']]);
    assert.equal(f.nextSteps[0]?.owner, 'Ana Lima');
    assert.ok(!JSON.stringify(f).includes('"owner":"Speaker'));
  });
});

describe('markup', () => {
  it('strips non-speech markup in braces, brackets and known tags', () => {
    assert.equal(stripMarkup('Okay {vocalsound} so [inaudible] the price <laugh> is fine (crosstalk).'), 'Okay so the price is fine.');
    assert.equal(stripMarkup('We looked at it [00:01:23] again {disfmarker} yes'), 'We looked at it again yes');
    assert.equal(stripMarkup('Pricing [per seat] <b>'), 'Pricing [per seat] <b>', 'brackets with words people said stay');
  });
  it('never lets markup reach a quote', () => {
    const f = extractCallFacts(call(turns('Rep: Our pricing is $50,000 a year. What do you think of the price?', 'Buyer Person: {vocalsound} Honestly [laughter] it is too expensive for us.')), { now: NOW });
    assert.ok(f.objections.length > 0);
    assert.ok(f.objections.every((o) => !/[{}[\]]/.test(o.quote)), JSON.stringify(f.objections));
  });
});

describe('callType', () => {
  const type = (lines: string[], companiesKnown = true) => detectCallType(sentencesOf(turns(...lines)), [...new Set(lines.map((l) => l.split(':')[0]!))], companiesKnown).type;
  it('tells earnings calls and internal meetings from sales calls', () => {
    assert.equal(
      type(['Operator: Welcome to the third quarter earnings conference call. All lines are in listen-only mode.', 'CFO Person: Revenue grew and free cash flow was strong, and guidance is unchanged.', 'Operator: Our next question comes from an analyst. Please go ahead.', 'Analyst Person: Thanks. How should investors think about the dividend and EPS?'], false),
      'earnings',
    );
    assert.equal(type(['Lead: This is our weekly sync. Let us go through the sprint.', 'Dev: The release is blocked on QA.', 'Lead: Agenda item two, the backlog.', 'Dev: The ticket is open.'], false), 'internal');
  });
  it('names sales call types by their own vocabulary, discovery by default', () => {
    assert.equal(type(['Rep: Let me share my screen.', 'Rep: This is the dashboard, you can see every order.', 'Buyer: Nice.']), 'demo');
    assert.equal(type(['Rep: If you sign by Friday I can take ten percent off.', 'Buyer: Send the order form and the redlines.', 'Rep: The discount holds on a two-year term.']), 'negotiation');
    assert.equal(type(['Rep: Your renewal is due next month.', 'Buyer: The renewal uplift is high.', 'Rep: We can renew at the current term if you add seats.']), 'renewal');
    assert.equal(type(['Rep: How do you handle invoices today?', 'Buyer: By hand.']), 'discovery');
  });
  it('skips the sales-only stages for non-sales calls, with the reason', () => {
    assert.equal(salesOnlySkipReason(callFacts({ callType: 'internal' }), 'follow-up e-mail'), 'not a sales call (internal): no follow-up e-mail');
    assert.equal(salesOnlySkipReason(callFacts({ callType: 'demo' }), 'follow-up e-mail'), null);
    assert.equal(salesOnlySkipReason(callFacts(), 'follow-up e-mail'), null, 'an older output without a type is treated as a sales call');
  });
  it('forces no sides or deal facts on an internal meeting', () => {
    const f = extractCallFacts(
      call(turns('Nadia Park: This is the weekly sync for the team. Agenda first.', 'Ilya Roy: The sprint is late, Ardent is also late.', 'Nadia Park: I will file the ticket today.', 'Ilya Roy: The backlog review is next.')),
      { now: NOW },
    );
    assert.equal(f.callType, 'internal');
    assert.deepEqual([f.sellerCompany, f.buyerCompany, f.competitors, f.objections], [null, null, [], []]);
    assert.ok(f.participants.every((p) => p.side === 'unknown'));
  });
});

describe('competitors', () => {
  const comps = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Brightpath'], new Set(['Helen', 'Park', 'Helen Park']));
  it('finds vendors from contact, spend, incumbency and comparison phrases', () => {
    assert.deepEqual(comps('B: We had a demo from Ardentix last month, and Fernway came up in a board meeting.'), ['Ardentix', 'Fernway']);
    assert.deepEqual(comps('B: Today we run the yard on Yardly and a whiteboard.'), ['Yardly']);
    assert.deepEqual(comps("B: We've been with Ledgerpoint for years, and we already resell Paystrum.").sort(), ['Ledgerpoint', 'Paystrum']);
  });
  it('drops places, people, the seller and sentence-initial words', () => {
    assert.deepEqual(comps('B: Honestly, we have offices in Denver and in Tulsa, and Helen Park looked at Brightpath.'), []);
  });
});

describe('objections', () => {
  const types = (buyer: string) => {
    const s = sentencesOf(turns(`Rep Person: Here is the proposal.`, `Buyer Person: ${buyer}`));
    return findObjections(s, new Map([['Rep Person', 'seller'], ['Buyer Person', 'buyer']]), []).map((o) => o.type);
  };
  it('hears indirect price, integration, authority and timing', () => {
    assert.deepEqual(types("That's more than we set aside for this."), ['price']);
    assert.deepEqual(types('Our ERP team would have to build that connector first.'), ['integration']);
    assert.deepEqual(types('Anything over that has to go to our CFO.'), ['authority']);
    assert.deepEqual(types('Our IT people are booked solid through the spring.'), ['timing']);
  });
  it('never takes an objection from the rep', () => {
    const s = sentencesOf(turns("Rep Person: I know it's more than you set aside.", 'Buyer Person: Okay.'));
    assert.deepEqual(findObjections(s, new Map([['Rep Person', 'seller'], ['Buyer Person', 'buyer']]), []), []);
  });
});

describe('spoken numbers', () => {
  it('reads decimals, fractions of a million, prices said in hundreds and cents', () => {
    assert.deepEqual(amounts('Our freight spend is two point three billion dollars.'), [[2_300_000_000, 'USD']]);
    assert.deepEqual(amounts('The price lands around three quarters of a million over three years.'), [[750_000, null]]);
    assert.deepEqual(amounts('They offered us a quarter mil for the whole thing.'), [[250_000, null]]);
    assert.deepEqual(amounts('Pricing is one ninety-nine per user per month.'), [[199, null]]);
    assert.deepEqual(amounts('It is eleven dollars fifty per employee per month.'), [[11.5, 'USD']]);
    assert.deepEqual(amounts('The dividend is forty cents a share.'), [[0.4, 'USD']]);
  });
  it('does not read head-counts or times as money', () => {
    assert.deepEqual(amounts('We have sixty agents on the price list project.'), []);
    assert.deepEqual(amounts('Let us meet at two thirty to talk about the budget.'), []);
  });
});

describe('next steps and dates', () => {
  const steps = (meeting: string, ...lines: string[]) => extractCallFacts(call(turns(...lines), new Date(`${meeting}T00:00:00Z`)), { now: NOW }).nextSteps;
  it('owns a step phrased as a question by the one who says yes', () => {
    const s = steps('2026-11-18', 'Rafe Buyer: Could you get the redlines over to me by Monday the twenty-third?', 'Sung Seller: Will do.');
    assert.deepEqual(s.map((x) => [x.owner, x.dueDate]), [['Sung Seller', '2026-11-23']]);
  });
  it('reads close of business tomorrow, the second week of a month, and please-requests', () => {
    assert.equal(steps('2026-11-18', 'Ann Seller: I will send the order form by close of business tomorrow, Thursday.', 'Bo Buyer: Thanks.')[0]?.dueDate, '2026-11-19');
    assert.equal(steps('2027-02-23', 'Ann Seller: I will have the trial ready in the second week of March.', 'Bo Buyer: Good.')[0]?.dueDate, '2027-03-08');
    // Round 14: the nth week starts on the month's nth Monday (1 March 2026 is a Sunday, 1 January 2027 a Friday).
    assert.equal(steps('2026-02-10', 'Ann Seller: I will have the trial ready in the second week of March.', 'Bo Buyer: Good.')[0]?.dueDate, '2026-03-09');
    assert.equal(steps('2026-12-01', 'Ann Seller: I will run the survey in the second week of January.', 'Bo Buyer: Good.')[0]?.dueDate, '2027-01-11');
    const p = steps('2027-01-14', 'Nadia Lead: Ilya, please write up the design by Monday.', 'Ilya Dev: Will do.');
    assert.deepEqual(p.map((x) => [x.owner, x.dueDate]), [['Ilya Dev', '2027-01-18']]);
  });
  it('reads "the week of the 2nd" / "of the fourteenth" / "of March 18" as that week\'s Monday; "the second" alone is no date', () => {
    const s = steps('2026-02-20', 'Bo Buyer: I will send you their names the week of the 2nd.', 'Ann Seller: Perfect.');
    assert.equal(s[0]?.dueDate, '2026-03-02');
    // A named week is its Monday: the week of March 1 (a Sunday) starts on February 23; of the fourteenth (a Saturday), March 9.
    assert.equal(steps('2026-02-20', 'Ann Seller: I will send the plan the week of the first.', 'Bo Buyer: Good.')[0]?.dueDate, '2026-02-23');
    assert.equal(steps('2026-02-20', 'Ann Seller: I will send the plan the week of the fourteenth.', 'Bo Buyer: Good.')[0]?.dueDate, '2026-03-09');
    assert.equal(steps('2026-02-20', 'Ann Seller: I will book the trainer for the week of March 18.', 'Bo Buyer: Good.')[0]?.dueDate, '2026-03-16');
    assert.equal(steps('2026-02-20', 'Ann Seller: I will send the second draft and the first one.', 'Bo Buyer: Good.')[0]?.dueDate ?? null, null);
  });
  it('round 13: "I can <any verb> … <date>" is a promise with that date; without a date it is only an offer', () => {
    assert.deepEqual(steps('2026-12-01', 'Bo Buyer: How do we fix it?', 'Ann Seller: I can push a settings update to the scanners tonight.', 'Bo Buyer: Great.').map((x) => [x.owner, x.dueDate]), [['Ann Seller', '2026-12-01']]);
    assert.deepEqual(steps('2026-12-01', 'Bo Buyer: How do we fix it?', 'Ann Seller: I can push a settings update to the scanners.', 'Bo Buyer: Great.'), []);
  });
  it('keeps a range like "early next quarter" without a day', () => {
    const s = steps('2026-12-10', 'Felix Seller: I will ship the connector fix early next quarter.', 'Omar Buyer: Fine.');
    assert.equal(s[0]?.dueDate ?? null, null);
  });
});

describe('round 2: speaker names', () => {
  it('maps a generic label from "Is this X?" answered "It is." and from "That\'s me, <full name>"', () => {
    const m = nameSpeakers(turns('Speaker A: Good morning, this is Wren Abbott with Lintel. Is this Koji?', 'Speaker B: It is. Morning.', 'Speaker A: Great.'));
    assert.equal(m.get('Speaker B'), 'Koji');
    const n = nameSpeakers(turns('Speaker 1: Hello, Wren from Lintel here. Am I speaking with Koji?', "Speaker 2: That's me, Koji Tanabe. I look after stores.", 'Speaker 3: Hi all.'));
    assert.equal(n.get('Speaker 2'), 'Koji Tanabe');
  });
  it('gives the next new voice the name of the colleague just introduced, and completes first names', () => {
    const m = nameSpeakers(turns('Speaker 1: Hi, this is Wren Abbott from Lintel.', "Speaker 2: Hi. Koji Tanabe, I run stores. I've got Mina Sato, our buyer, with me.", 'Speaker 3: Hello everyone.'));
    assert.equal(m.get('Speaker 3'), 'Mina Sato');
    const n = nameSpeakers(turns('Speaker 1: Thanks, Koji. So tell me more.', 'Speaker 2: We have ten shops.', 'Speaker 1: Right, Koji. And Koji Tanabe signs?', 'Speaker 2: I do.'));
    assert.equal(n.get('Speaker 2'), 'Koji Tanabe');
  });
  it('round 13: reads a late introduction said as one, and gives a hand-off\'s name to the new voice that takes over', () => {
    const m = nameSpeakers(turns('Speaker 1: Welcome, Koji. Mina is going to drive today.', 'Speaker 3: Thanks. So, the first screen.', 'Speaker 2: Looks fine.', 'Speaker 1: Sorry, I never introduced myself properly, Wren Abbott, I look after the region.'));
    assert.equal(m.get('Speaker 1'), 'Wren Abbott');
    assert.equal(m.get('Speaker 3'), 'Mina');
    // A hand-off to someone who has already spoken names no one; nor does a pronoun.
    const n = nameSpeakers(turns('Speaker 1: Hi all.', 'Speaker 2: Hello.', 'Speaker 1: So Mina is going to drive today.', 'Speaker 2: Sure.', 'Speaker 3: He will show you the rest.'));
    assert.equal(n.get('Speaker 2'), undefined);
    assert.equal(nameSpeakers(turns('Speaker 1: Okay. He will walk you through it.', 'Speaker 2: Thanks.')).get('Speaker 2'), undefined);
  });
  it('round 13: an "Unknown Speaker" just before one full-name label first speaks is that person; not when two could be', () => {
    const m = nameSpeakers(turns('Wren Abbott: Shall we start?', 'Koji Tanabe: Please.', "Unknown Speaker: Sorry, I'm here, the car park was full.", 'Wren Abbott: Welcome.', 'Mina Sato: Mina Sato, finance. What does it cost?'));
    assert.equal(m.get('Unknown Speaker'), 'Mina Sato');
    const n = nameSpeakers(turns('Wren Abbott: Shall we start?', "Unknown Speaker: Sorry, I'm here.", 'Mina Sato: Mina here.', 'Ola Berg: And Ola.'));
    assert.equal(n.get('Unknown Speaker'), undefined);
  });
  it('round 13: two openers before "Name Surname, role", "<Name Surname> speaking", a full name as the answer, a name before what they do', () => {
    const one = (line: string) => nameSpeakers(turns('Speaker 1: Hi, is that Koji? Wren Abbott from Lintel here.', `Speaker 2: ${line}`)).get('Speaker 2');
    assert.equal(one('Hi Wren. Yes, Koji Tanabe, stores manager at Orrin Farms.'), 'Koji Tanabe');
    assert.equal(one('You do. Hi Wren. Koji Tanabe, I run the stores.'), 'Koji Tanabe');
    assert.equal(one("It is. Koji Tanabe speaking, I'm the stores manager."), 'Koji Tanabe');
    assert.equal(one("You are, Koji Tanabe. I'm the stores manager."), 'Koji Tanabe');
    assert.equal(one("Hi, yeah, Koji Tanabe. I'm the one who does the ordering."), 'Koji Tanabe');
    // A single name after "Yes," is the other person addressed, not an introduction.
    assert.equal(one('Yes, Wren, go ahead.'), undefined);
  });
  it('reads "Name Surname, I <verb> …" after a greeting as an introduction', () => {
    const m = nameSpeakers(turns('Speaker 1: Hi, this is Wren Abbott.', 'Speaker 2: Yes, hi Wren. Koji Tanabe, I look after the stores.'));
    assert.equal(m.get('Speaker 2'), 'Koji Tanabe');
  });
});

describe('round 2: companies', () => {
  const companies = (meeting: string, ...lines: string[]) => {
    const f = extractCallFacts(call(turns(...lines), new Date(`${meeting}T00:00:00Z`)), { now: NOW });
    return [f.sellerCompany, f.buyerCompany];
  };
  it('reads an introduction at the start of a sentence as well as mid-sentence', () => {
    assert.deepEqual(companies('2026-11-18', 'Wren Abbott: Morning. This is Wren Abbott from Lintel.', 'Koji Tanabe: Hi. We at Harrow Mills have been waiting for this. Our budget is set.'), ['Lintel', 'Harrow Mills']);
  });
  it('takes the company after a department, never the department', () => {
    assert.deepEqual(companies('2026-11-18', 'Wren Abbott: Hi, Wren Abbott, account executive at Lintel. Thanks for the time.', "Koji Tanabe: Sure. I'm with Procurement at Harrow Mills, I handle the contracts."), ['Lintel', 'Harrow Mills']);
  });
  it('never takes a person the call addresses by name for a company', () => {
    const f = extractCallFacts(call(turns("Lead: Welcome. That, Robin, is your part. I'm afraid I'm with Robin on this.", 'Robin: Fine by me.', 'Lead: Good, your turn next, Robin.')), { now: NOW });
    assert.equal(f.buyerCompany, null);
    assert.equal(f.sellerCompany, null);
  });
  it('reads "your team at X" and an e-mail address said aloud', () => {
    assert.deepEqual(companies('2026-11-18', "Wren Abbott: I'm Wren Abbott from Lintel. Your team at Harrow Mills asked for pricing.", 'Koji Tanabe: Yes, that was me. Our budget is fixed.')[1], 'Harrow Mills');
    assert.deepEqual(companies('2026-11-18', 'Wren Abbott: This is Wren Abbott from Lintel, I will send our pricing.', 'Koji Tanabe: Send it to me at koji@harrowmills.example, please. Our budget is fixed.')[1], 'Harrowmills');
  });
});

describe('round 2: competitors', () => {
  const comps = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Lintel'], new Set(['Koji']));
  it('hears switching, incumbency and named alternatives', () => {
    assert.deepEqual(comps("B: We're getting off Stockwise this year either way."), ['Stockwise']);
    assert.deepEqual(comps("B: We've been on Shelfly since 2019, and one store tried a free app called Tallyo.").sort(), ['Shelfly', 'Tallyo']);
    assert.deepEqual(comps('B: Binfinder came to us with a lower price.'), ['Binfinder']);
  });
  it('reads the rival at the start of a sentence and as the choice named', () => {
    assert.deepEqual(comps('B: Compared to Vexa, you look expensive.'), ['Vexa']);
    assert.deepEqual(comps("B: We're also speaking with Vexa next week."), ['Vexa']);
    assert.deepEqual(comps('B: Vexa is our incumbent.'), ['Vexa']);
    assert.deepEqual(comps('B: The other option on the table is Vexa.'), ['Vexa']);
    assert.deepEqual(comps("B: We're evaluating you and Vexa."), ['Vexa']);
    assert.deepEqual(comps('B: Last year we switched from Vexa to Orbly.'), ['Vexa', 'Orbly']);
  });
  it('never takes a department or a city move for a vendor', () => {
    assert.deepEqual(comps('B: We are meeting with Finance on Tuesday, and we are speaking with Procurement too.'), []);
    assert.ok(!comps('B: Last year we moved from Denver to Austin.').includes('Austin'));
  });
  it('drops a tool the call only uses and connects to', () => {
    assert.deepEqual(comps('B: We do all our invoicing in Ledgerbox today.', 'S: We have a Ledgerbox connector, it syncs every hour.'), []);
    assert.deepEqual(comps('B: We do all our invoicing in Ledgerbox today.', 'S: Noted.'), ['Ledgerbox']);
  });
});

describe('round 2: objections', () => {
  const types = (buyer: string) => {
    const s = sentencesOf(turns(`Rep Person: Here is the proposal.`, `Buyer Person: ${buyer}`));
    return findObjections(s, new Map([['Rep Person', 'seller'], ['Buyer Person', 'buyer']]), ['Stockwise']).map((o) => o.type);
  };
  it('hears price measured against what they have or spend', () => {
    assert.deepEqual(types("That's well beyond what we earmarked for tooling."), ['price']);
    assert.deepEqual(types('It would be more than our entire training budget.'), ['price']);
    assert.deepEqual(types('Every expense is getting a hard look this quarter.'), ['price']);
  });
  it('hears blocked periods, approvers with an aside, and someone having to wire it up', () => {
    assert.deepEqual(types('Nothing new gets approved until the audit is over.'), ['timing']);
    assert.deepEqual(types("Nobody here has time to learn a new tool before the move."), ['timing']);
    assert.deepEqual(types('Pat, our controller, has to sign off on any new vendor.'), ['authority']);
    assert.deepEqual(types('Somebody on our side would have to build that export, and that is me.'), ['integration']);
  });
  it('hears the plain everyday forms of each type', () => {
    assert.deepEqual(types("That's a lot for us."), ['price']);
    assert.deepEqual(types("That's double what we pay now."), ['price']);
    assert.deepEqual(types("We can't commit until the new fiscal year."), ['timing']);
    assert.deepEqual(types("I don't have the final say here."), ['authority']);
    assert.deepEqual(types("We'd need sign-off from the board."), ['authority']);
    assert.deepEqual(types('Our systems are old, I doubt it would connect.'), ['integration']);
    assert.deepEqual(types('Legal will want to look at the data processing terms.'), ['security']);
    assert.deepEqual(types("I'm not sure the team would adopt it."), ['need']);
    assert.deepEqual(types('We just signed a two-year deal with someone else.'), ['competitor']);
  });
  it('hears no objection in agreement', () => {
    for (const ok of ['That sounds like a great fit for us.', 'The team would love to use it.', 'We have plenty of time before the launch.']) assert.deepEqual(types(ok), [], ok);
  });
  it('counts a rival\'s price as a competitor objection', () => {
    assert.ok(types('Stockwise is charging us half of that.').includes('competitor'));
  });
});

describe('round 2: next steps', () => {
  const steps = (meeting: string, ...lines: string[]) => extractCallFacts(call(turns(...lines), new Date(`${meeting}T00:00:00Z`)), { now: NOW }).nextSteps.map((x) => [x.owner, x.dueDate]);
  it('accepts "would you be able to …?" and "I can do that." and takes the date given around the request', () => {
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Would you be able to send the floor plans? Monday would be ideal.', 'Bo Buyer: I can do that.'), [['Bo Buyer', '2026-11-23']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Could you send the floor plans?', "Bo Buyer: Sure, I'll send them by Friday."), [['Bo Buyer', '2026-11-20']]);
  });
  it('owns an offer by the one who offers, and "can I get X from you" by the other side', () => {
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Would it help if I sent a short case study?', 'Bo Buyer: Yes please, before Friday.'), [['Ann Seller', '2026-11-20']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Bo, can I get the floor plans from you by Monday?', 'Bo Buyer: Yes.'), [['Bo Buyer', '2026-11-23']]);
  });
  it('reads "the next step is I …", a tag question, and "my team will …" as commitments', () => {
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: So the next step is I send you the contract on Monday.', 'Bo Buyer: Okay.'), [['Ann Seller', '2026-11-23']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: Bo will send the usage data by the end of the month, right?', 'Bo Buyer: Yes.'), [['Bo Buyer', '2026-11-30']]);
    assert.deepEqual(steps('2026-11-18', 'Bo Buyer: Our legal team will send the redlines by Friday.', 'Ann Seller: Great.'), [['Bo Buyer', '2026-11-20']]);
  });
  it('takes a date from the next breath, keeps open ranges without a day, and resolves the end of next week', () => {
    assert.deepEqual(steps('2026-11-18', 'Bo Buyer: I will pull the floor counts for you. Give me until Monday.', 'Ann Seller: Thanks.'), [['Bo Buyer', '2026-11-23']]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will come back with a revised quote early next week.', 'Bo Buyer: Fine.'), [['Ann Seller', null]]);
    assert.deepEqual(steps('2026-11-18', 'Bo Buyer: I will set up the review after Thanksgiving.', 'Ann Seller: Fine.'), [['Bo Buyer', null]]);
    assert.deepEqual(steps('2026-11-18', 'Ann Seller: I will send the sandbox login by the end of next week.', 'Bo Buyer: Fine.'), [['Ann Seller', '2026-11-27']]);
  });
});

describe('talk time over merged cues', () => {
  const cue = (speaker: string, startMs: number, endMs: number, text: string): Turn => ({ speaker, startMs, endMs, text });
  it('merges consecutive cues of one speaker but does not count the silence between them', () => {
    const merged = mergeSegments([cue('A', 0, 4000, 'one'), cue('A', 10_000, 12_000, 'two'), cue('B', 12_000, 15_000, 'three')]);
    assert.deepEqual(merged.map((t) => [t.speaker, t.startMs, t.endMs, t.talkMs]), [['A', 0, 12_000, 6000], ['B', 12_000, 15_000, undefined]]);
    const m = computeCoachingMetrics(merged, { A: 'seller', B: 'buyer' });
    assert.deepEqual(m.speakers.map((s) => [s.speaker, s.talkMs]), [['A', 6000], ['B', 3000]]);
  });
  it('adds nothing when the cues are back to back', () => {
    const merged = mergeSegments([cue('A', 0, 4000, 'one'), cue('A', 4000, 6000, 'two')]);
    assert.equal('talkMs' in merged[0]!, false);
  });
});

describe('follow-up e-mail wording', () => {
  it('greets people by name, never by a label, and writes no unresolved dates or garbled lines', async () => {
    const { draftFollowUpEmail } = await import('../src/agents/builtin/drafts.ts');
    const facts = callFacts({
      callType: 'discovery',
      participants: [
        { name: 'Speaker 1', side: 'seller', role: null, company: null, email: null, spoke: true },
        { name: 'Speaker 2', side: 'buyer', role: null, company: null, email: null, spoke: true },
      ],
      nextSteps: [
        { owner: 'Speaker 2', action: 'send you the list of sites', dueDate: null, dueText: 'next Tuesday' },
        { owner: 'Speaker 1', action: 'send the proposal', dueDate: '2026-10-09', dueText: 'Friday' },
      ],
    });
    const t = turns('Speaker 1: Hi there.', 'Speaker 2: Hello.');
    const mail = draftFollowUpEmail(call(t), facts);
    assert.match(mail.body, /^Hello,/);
    assert.doesNotMatch(mail.body, /Speaker|next Tuesday|You: send you/);
    const named = draftFollowUpEmail(call(t), callFacts({ ...facts, participants: facts.participants.map((p, i) => ({ ...p, name: i ? 'Joel Marsh' : 'Ana Lima', label: p.name })), nextSteps: [{ owner: 'Joel Marsh', action: 'send you the list of sites', dueDate: null, dueText: null }] }));
    assert.match(named.body, /^Hi Joel,/);
    assert.match(named.body, /You: send me the list of sites/);
  });
});
