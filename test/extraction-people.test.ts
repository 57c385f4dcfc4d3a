/**
 * Participants (name + side) and the buyer/seller company, rule by rule (issue 10, round 3):
 * speaker labels mapped to the names people give, people said to be present, titles,
 * colleague sides, companies from team/family/"our side" phrasing, and the side cues.
 * Owns: these unit cases, each a CLASS of phrasing with invented names. Must not: read eval sets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCallFacts, extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { BUYER_FEATURES, type BuyerCandidate } from '../src/agents/builtin/facts/buyerFeatures.ts';
import { buyerProbabilities, chooseBuyer, decideCompany, fitChooser, type BuyerModel } from '../src/agents/builtin/facts/buyerModel.ts';
import { fullCompanyName, titleCompany } from '../src/agents/builtin/facts/companies.ts';
import { orgMentions, orgRunsOf } from '../src/agents/builtin/facts/orgMentions.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import { BUYER_MODEL } from '../src/agents/builtin/facts/buyerWeights.ts';
import { SELLER_MODEL } from '../src/agents/builtin/facts/sellerWeights.ts';
import { nameSpeakers } from '../src/agents/builtin/facts/speakerNames.ts';
import type { CallInput } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const facts = (...lines: string[]) => {
  const c: CallInput = { transcriptId: 't', fileName: 't.txt', meetingAt: new Date('2026-11-18T00:00:00Z'), turns: turns(...lines), participants: [] };
  return extractCallFacts(c, { now: NOW });
};
const who = (f: ReturnType<typeof facts>) => Object.fromEntries(f.participants.filter((p) => p.spoke || p.present).map((p) => [p.name, p.side]));

describe('speaker names (round 3)', () => {
  it('reads a name after a short answer or a greeting with a vocative', () => {
    const m = nameSpeakers(
      turns(
        'Speaker 1: Hello, this is Wren Abbott with Lintel. Am I speaking with Koji?',
        'Speaker 2: You are. Koji Tanabe, store manager at Harrow Mills.',
        'Speaker 3: Hi Wren, Mina Sato, finance lead.',
      ),
    );
    assert.deepEqual(Object.fromEntries(m), { 'Speaker 1': 'Wren Abbott', 'Speaker 2': 'Koji Tanabe', 'Speaker 3': 'Mina Sato' });
  });
  it('reads a name after a thanks with a vocative, and before an upper-case title', () => {
    const m = nameSpeakers(
      turns('Speaker 1: Hi, Wren Abbott, VP of support at Lintel.', 'Speaker 2: I appreciate that, Wren. Koji Tanabe, I run the stores for Harrow Mills.'),
    );
    assert.deepEqual(Object.fromEntries(m), { 'Speaker 1': 'Wren Abbott', 'Speaker 2': 'Koji Tanabe' });
  });
  it('keeps a first name that is also a word when a surname follows it (round 6)', () => {
    const m = nameSpeakers(turns('Speaker 1: Hi Maggie, it\'s Kit Farrow from Lintel, we had a call booked?', 'Maggie Orr: Oh, Kit, yes. We need a new kit for the barn.'));
    assert.equal(m.get('Speaker 1'), 'Kit Farrow');
  });
  it('names a new voice after "I\'ve also got X on" (round 6)', () => {
    const m = nameSpeakers(turns('Wren Abbott: Can you hear me?', "Koji Tanabe: Yes. I've also got Nate on from our IT partner.", 'Speaker 3: Afternoon, all.'));
    assert.equal(m.get('Speaker 3'), 'Nate');
  });
  it("takes a first-name label's full name without the \"'s\" of \"is\" after it (round 14)", () => {
    const m = nameSpeakers(turns("WREN: Morning. Wren Abbott here, and Koji Tanabe's with me.", 'KOJI: Morning, all.', "SAM: Hi both, Sam O'Neill from Lintel."));
    assert.equal(m.get('KOJI'), 'Koji Tanabe');
  });
  it('drops an honorific from a label', () => {
    const m = nameSpeakers(turns('Dr. Mina Sato: Good morning.', 'Mr Koji Tanabe: Morning.', 'Wren Abbott: Hello both.'));
    assert.deepEqual(Object.fromEntries(m), { 'Dr. Mina Sato': 'Mina Sato', 'Mr Koji Tanabe': 'Koji Tanabe' });
  });
  it('never takes a person talked about after an opener for the speaker', () => {
    const m = nameSpeakers(turns('Speaker 1: Hi, this is Wren Abbott.', 'Speaker 2: Good question. Mina Sato, our finance lead, decides that.'));
    assert.equal(m.get('Speaker 2'), undefined);
  });
  it('reads "So I\'m X", "it\'s me, X" and a bare full name early in one\'s turns', () => {
    const m = nameSpeakers(
      turns('Speaker 1: Great. So I\'m Wren, I cover the west for Lintel.', 'Speaker 2: Sure thing. Koji Tanabe. We have ten shops.', 'Speaker 3: Okay so it\'s me, Mina Sato, on the money side.'),
    );
    assert.deepEqual(Object.fromEntries(m), { 'Speaker 1': 'Wren', 'Speaker 2': 'Koji Tanabe', 'Speaker 3': 'Mina Sato' });
  });
  it('does not read a name after a title\'s period as a sentence of its own', () => {
    const m = nameSpeakers(turns('Speaker 1: Welcome. I will now hand over to Ms. Mina Sato. Please go ahead.', 'Speaker 2: Thank you.'));
    assert.equal(m.get('Speaker 1'), undefined);
  });
  it('does not read a bare name that answers a "who" question as the speaker\'s own', () => {
    const m = nameSpeakers(turns('Speaker 1: Hi, this is Wren Abbott. Who signs the contract?', 'Speaker 2: Mina Sato. She is away.'));
    assert.equal(m.get('Speaker 2'), undefined);
  });
  it('names a late voice in a group call from a question put to it by name and a welcome', () => {
    const m = nameSpeakers(
      turns(
        'Speaker 1: Hi, this is Wren Abbott.',
        'Speaker 2: Koji Tanabe here.',
        'Speaker 3: Sorry, just got in.',
        'Speaker 1: No problem, welcome Mina.',
        'Speaker 2: Okay. Mina, what do you make of the numbers?',
        'Speaker 3: They look fine.',
      ),
    );
    assert.equal(m.get('Speaker 3'), 'Mina');
  });
  it('gives the next new voice the colleague\'s name when "my colleague" stands before it', () => {
    const m = nameSpeakers(turns('Speaker 1: Hi, this is Wren Abbott from Lintel. With me is my colleague Ravi, who runs onboarding.', 'Speaker 2: Hello all.', 'Speaker 3: Hi, Koji here.'));
    assert.equal(m.get('Speaker 2'), 'Ravi');
  });
});

describe('a label that changes mid-call (round 8)', () => {
  it('"Unknown Speaker" who names itself, then a full-name label that had not spoken: one person, one participant', () => {
    const lines = [
      'Wren Abbott: Morning all. My screen just says unknown for one of you.',
      "Unknown Speaker: That's me, I'm on my phone in the yard. Koji Tanabe. Can you hear me?",
      'Wren Abbott: No problem. Mina, are you there too?',
      'Mina Sato: I am. Hello.',
      'Koji Tanabe: Okay, laptop now. That is better.',
      'Wren Abbott: Great. So the price for the stores is forty thousand a year.',
    ];
    assert.equal(nameSpeakers(turns(...lines)).get('Unknown Speaker'), 'Koji Tanabe');
    const f = facts(...lines);
    assert.deepEqual(f.participants.filter((p) => p.spoke).map((p) => p.name).sort(), ['Koji Tanabe', 'Mina Sato', 'Wren Abbott']);
  });
  it('a generic voice the others name by first name, and a first-name label, each merge into the full name that speaks later', () => {
    const m = nameSpeakers(
      turns(
        'Wren Abbott: Hello? Can everyone hear me?',
        'Speaker 2: Hello, I am on the car phone.',
        'Wren Abbott: We can hear you, Mina.',
        'KOJI: Hi both, Koji here.',
        'Mina Sato: Right, I have pulled over. Go ahead.',
        'Koji Tanabe: And my name shows properly now.',
      ),
    );
    assert.equal(m.get('Speaker 2'), 'Mina Sato');
    assert.equal(m.get('KOJI'), 'Koji Tanabe');
  });
  it('a generic voice that keeps speaking after the named label started is another person', () => {
    const m = nameSpeakers(
      turns('Wren Abbott: Is that you, Mina?', 'Unknown Speaker: No, this is Koji Tanabe.', 'Mina Sato: I am here too.', 'Unknown Speaker: Shall we start?', 'Koji Tanabe: Sorry, dropped.'),
    );
    assert.notEqual(m.get('Unknown Speaker'), 'Mina Sato');
  });
});

describe('role labels and answering the phone (round 3)', () => {
  it('names a job label from the self-introduction in its turns, and takes the company that answers', () => {
    const f = facts(
      'RECEPTIONIST: Harrow Mills, this is Pia, how can I help?',
      'Wren Abbott: Hi Pia, Wren Abbott calling from Lintel. Is Koji around?',
      'RECEPTIONIST: One moment.',
      'Koji Tanabe: Koji speaking. We have ten shops and our stock counts are a mess.',
    );
    const pia = f.participants.find((p) => p.label === 'RECEPTIONIST');
    assert.equal(pia?.name, 'Pia');
    assert.equal(pia?.side, 'buyer');
    assert.deepEqual([f.sellerCompany, f.buyerCompany], ['Lintel', 'Harrow Mills']);
  });
});

describe('participants and sides (round 3)', () => {
  it('counts someone said to be on the line as a participant, and someone only talked about as not', () => {
    const f = facts(
      'Wren Abbott: Hi Koji, Wren Abbott, account executive at Lintel.',
      'Koji Tanabe: Hi Wren. Mina Sato from our finance team is on the line too. Our owner, Bo Tran, could not make it.',
      'Wren Abbott: Welcome, Mina. Let me show you the dashboard.',
    );
    const mina = f.participants.find((p) => p.name === 'Mina Sato');
    assert.equal(mina?.present, true);
    assert.equal(mina?.side, 'buyer');
    assert.equal(f.participants.find((p) => p.name === 'Bo Tran')?.present, undefined);
    const g = facts('Wren Abbott: Wren Abbott from Lintel here. Our CFO, Ada Lund, is here next week.', 'Koji Tanabe: Fine. Our budget is set.');
    assert.equal(g.participants.find((p) => p.name === 'Ada Lund')?.present, undefined, '"here next week" is not present now');
    const h = facts('Wren Abbott: Hi, Wren Abbott from Lintel.', 'Koji Tanabe: Hi. On price, Mina Sato is with me on this. And Bo Tran is joining the company in May.');
    assert.deepEqual(h.participants.filter((p) => p.present).map((p) => p.name), [], 'agreeing and joining the company are not being in the call');
  });
  it('round 13: reads presence with a bare or possessive unit ("from compliance", "from the dean\'s office") and "is on too"; not an acronym', () => {
    const f = facts(
      'Wren Abbott: Hi Koji, Wren Abbott, account executive at Lintel.',
      "Koji Tanabe: Hi Wren. Mina Sato from compliance is on the line too, and Bo Tran from the dean's office is on too. ICT is on the call as well.",
      'Wren Abbott: Welcome, Mina. Let me show you the dashboard.',
    );
    assert.deepEqual(f.participants.filter((p) => p.present).map((p) => [p.name, p.side]), [['Mina Sato', 'buyer'], ['Bo Tran', 'buyer']]);
  });
  it('round 13: "Wren from Lintel, your account manager" gives Wren her company and title (Lintel is no person); "with X, your …" is still a person', () => {
    const f = facts('Wren Abbott: Hi Koji! Wren from Lintel Trace, your account manager.', 'Koji Tanabe: Hi Wren. Good to talk.', 'Wren Abbott: So, the renewal.');
    const wren = f.participants.find((p) => p.name === 'Wren Abbott');
    assert.deepEqual([wren?.company, wren?.role], ['Lintel Trace', 'account manager']);
    assert.equal(f.sellerCompany, 'Lintel Trace');
    const g = facts('Wren Abbott: Wren Abbott from Lintel. I have been working with Mina Sato, your director of operations.', 'Koji Tanabe: Right.', 'Mina Sato: Hello.');
    assert.equal(g.participants.find((p) => p.name === 'Mina Sato')?.side, 'buyer');
  });
  it('round 13: "Thanks for calling X" names the answerer\'s company, "welcome to the X demo" the rep\'s', () => {
    const f = facts('Agent: Thanks for calling Lintel Health support, this is Wren Abbott, how can I help?', 'Koji Tanabe: Hi, it is Koji from Orrin Farms. The sync stopped.', 'Agent: Sorry to hear that, let me check the error log.');
    assert.equal(f.sellerCompany, 'Lintel Health');
    const g = facts('Wren Abbott: Hi all, Wren Abbott, account executive, and welcome to the Lintel demo.', 'Koji Tanabe: Hi Wren. Koji Tanabe from Orrin Farms.', 'Wren Abbott: Let me share my screen and show you the dashboard.');
    assert.equal(g.sellerCompany, 'Lintel');
  });
  it('reads a title said right after one\'s own name and uses it for the side', () => {
    const f = facts(
      'Wren Abbott: Good morning, Koji, good morning, Mina. Wren Abbott, account executive at Lintel.',
      'Koji Tanabe: Morning. As operations director at Harrow Mills I want this done.',
      'Mina Sato: Hi Wren. Mina Sato, procurement manager. I have a few points on our MSA.',
    );
    assert.equal(f.participants.find((p) => p.name === 'Mina Sato')?.role, 'procurement manager');
    assert.equal(who(f)['Mina Sato'], 'buyer');
    assert.equal(f.participants.find((p) => p.name === 'Wren Abbott')?.role, 'account executive');
  });
  it('reads "I\'ve been your account manager" as a title', () => {
    const f = facts('Wren Abbott: Koji, I have been your account manager for a year now.', 'Koji Tanabe: And it has been a rough year. Our budget is under review.');
    assert.equal(f.participants.find((p) => p.name === 'Wren Abbott')?.role, 'account manager');
    assert.equal(who(f)['Wren Abbott'], 'seller');
  });
  it('takes no side from a support or engineering title, which either side may have', () => {
    const f = facts(
      'Wren Abbott: Koji, I have been your account manager for a year.',
      'Ravi Shah: Hi, Ravi Shah, VP of customer support at Lintel. We changed the failover procedure.',
      'Koji Tanabe: Koji Tanabe, I run the stores for Harrow Mills. Our tills were down all Saturday.',
    );
    assert.deepEqual([f.sellerCompany, f.buyerCompany], ['Lintel', 'Harrow Mills']);
    assert.equal(who(f)['Ravi Shah'], 'seller');
  });
  it('keeps a colleague someone brought on that person\'s side', () => {
    const f = facts(
      "Wren Abbott: Hi Koji, Wren from the support team at Lintel. I've got Ravi Shah, one of our engineers, joining as well.",
      'Ravi Shah: Hi Koji.',
      'Koji Tanabe: Hi both. Our checkout was down all morning.',
      'Ravi Shah: A certificate expired on our side, and the sync stopped.',
    );
    assert.deepEqual(who(f), { 'Wren Abbott': 'seller', 'Ravi Shah': 'seller', 'Koji Tanabe': 'buyer' });
    assert.equal(f.sellerCompany, 'Lintel');
  });
  it('tells the sides apart from discovery questions, price questions and what the business is', () => {
    const f = facts(
      'Wren Abbott: Hi Koji, Wren from Lintel.',
      'Koji Tanabe: Hi. We run a small chain of bike shops and our stock counts are a mess.',
      'Wren Abbott: What are you counting with today?',
      'Koji Tanabe: Paper. What does it cost, and who else do you work with?',
      'Wren Abbott: Mostly shops like yours. I will send over two case studies.',
    );
    assert.deepEqual(who(f), { 'Wren Abbott': 'seller', 'Koji Tanabe': 'buyer' });
    assert.equal(f.sellerCompany, 'Lintel');
    assert.equal(f.buyerCompany, null, 'the buyer never names the business: null, not a guess');
  });
});

describe('companies (round 3)', () => {
  it('reads the company after a team, "our side at X", "co-founder of X" and "my family runs X"', () => {
    const a = facts('Wren Abbott: Hi Koji, Wren from the onboarding team at Lintel.', "Koji Tanabe: Hi. I'm the owner, my family runs Tanabe Cycles. Our budget is small.");
    assert.deepEqual([a.sellerCompany, a.buyerCompany], ['Lintel', 'Tanabe Cycles']);
    const b = facts('Wren Abbott: Koji, thanks. From our side at Lintel, we can offer a pilot.', 'Koji Tanabe: Koji Tanabe, co-founder of Harrow Mills. What does the pilot cost?');
    assert.deepEqual([b.sellerCompany, b.buyerCompany], ['Lintel', 'Harrow Mills']);
  });
  it('splits a company name run together in an e-mail domain at a common last word', () => {
    const f = facts('Wren Abbott: Hi, Wren from Lintel. I will send our pricing.', 'Koji Tanabe: Send it to me at k.tanabe@harrowdental.example, please. Our budget is fixed.');
    assert.equal(f.buyerCompany, 'Harrow Dental');
  });
});

describe('a company chosen in short goes by the name the call spells out (round 12)', () => {
  it('fullCompanyName: words run together, first words before an organisation word, first word plus initials', () => {
    const runs = ['Idlewood Gyms', 'Marrick Credit Union', 'Pellow Savings Bank', 'Brisco Land Trust', 'Tessaly Thursday'];
    assert.equal(fullCompanyName('Idlewoodgyms', runs), 'Idlewood Gyms');
    assert.equal(fullCompanyName('Marrickcu', runs), 'Marrick Credit Union');
    assert.equal(fullCompanyName('Pellow', runs), 'Pellow Savings Bank');
    assert.equal(fullCompanyName('Briscotrust', runs), 'Brisco Land Trust');
    // A run that does not end like an organisation is not a fuller name ("Tessaly Thursday").
    assert.equal(fullCompanyName('Tessaly', runs), 'Tessaly');
    assert.equal(fullCompanyName('Quillon', runs), 'Quillon');
  });
  it('round 13: first and last words with the middle left out, or the last word cut short', () => {
    const runs = ['Harlow Food Pantry', 'Quenby Biolabs', 'Tessaly Thursday'];
    assert.equal(fullCompanyName('Harlowpantry', runs), 'Harlow Food Pantry');
    assert.equal(fullCompanyName('Quenbybio', runs), 'Quenby Biolabs');
    // Cut short means three letters or more ("bi" is not "Biolabs").
    assert.equal(fullCompanyName('Quenbybi', runs), 'Quenbybi');
  });
  it('a buyer known only by an e-mail domain takes the full name from the meeting title', () => {
    const call: CallInput = {
      transcriptId: 't', fileName: 't.json', meetingAt: new Date('2026-11-18T00:00:00Z'), title: 'Lintel demo - Marrick Credit Union',
      turns: turns("Wren Abbott: Hi Koji, Wren from Lintel. Thanks for making the time.", 'Koji Tanabe: Sure. What does the pilot cost us? Send it to k.tanabe@marrickcu.example.'),
      participants: [{ name: 'Wren Abbott', side: 'seller' }, { name: 'Koji Tanabe', side: 'buyer', email: 'k.tanabe@marrickcu.example' }],
    };
    assert.equal(extractCallFacts(call, { now: NOW }).buyerCompany, 'Marrick Credit Union');
    assert.equal(extractCallFacts({ ...call, title: null }, { now: NOW }).buyerCompany, 'Marrickcu');
  });
  it('titleCompany: the one other organisation beside the known party; with none known, only the one the meeting is for', () => {
    const none = new Set<string>();
    const notPerson = () => false;
    const t1 = 'Lintel demo for Pellow Savings Bank, 4 November 2026, 10:00 UTC';
    assert.equal(titleCompany(t1, orgRunsOf(t1), 'Lintel', none, notPerson), 'Pellow Savings Bank');
    assert.equal(titleCompany(t1, orgRunsOf(t1), null, none, notPerson), 'Pellow Savings Bank');
    assert.equal(titleCompany(t1, orgRunsOf(t1), 'Pellow Savings Bank', none, notPerson), 'Lintel');
    const t2 = 'Brisco Land Trust renewal check-in (Lintel)';
    assert.equal(titleCompany(t2, orgRunsOf(t2), 'Lintel', none, notPerson), 'Brisco Land Trust');
    // Neither party known and no "for": the title does not say which is which.
    assert.equal(titleCompany(t2, orgRunsOf(t2), null, none, notPerson), null);
    // Two others beside the seller: no choice.
    const t3 = 'Lintel x Pellow Bank x Marrick Foods';
    assert.equal(titleCompany(t3, orgRunsOf(t3), 'Lintel', none, notPerson), null);
  });
  it('"your renewal with X", said by the rep, names the rep\'s own company (not the buyer\'s)', () => {
    const f = facts(
      "Wren Abbott: Hi Koji, it's the second of November, and your renewal with Lintel Field Service is due on December first. I'm your account manager.",
      'Koji Tanabe: Right. Harrow Plumbing is paying thirty-one two a year for forty licences, and half the lads barely open the app.',
    );
    assert.equal(f.sellerCompany, 'Lintel Field Service');
    assert.notEqual(f.buyerCompany, 'Lintel Field Service');
    // The buyer saying it about a rival is not the rep naming their own company.
    const g = facts("Wren Abbott: Hi Koji, Wren from Lintel.", 'Koji Tanabe: Honestly, your renewal with Quillon is what worries me, our renewal with Quillon is in March.');
    assert.equal(g.sellerCompany, 'Lintel');
  });
  it('a buyer the call never names comes from the title beside the seller', () => {
    const call: CallInput = {
      transcriptId: 't', fileName: 't.vtt', meetingAt: new Date('2026-11-18T00:00:00Z'), title: 'Brisco Land Trust renewal (Lintel)',
      turns: turns("Wren Abbott: Hi Koji, Wren from Lintel here. Thanks for making the time.", 'Koji Tanabe: Sure. What would the renewal cost us this year?'),
      participants: [],
    };
    const f = extractCallFacts(call, { now: NOW });
    assert.deepEqual([f.sellerCompany, f.buyerCompany], ['Lintel', 'Brisco Land Trust']);
    assert.equal(extractCallFacts({ ...call, title: null }, { now: NOW }).buyerCompany, null);
  });
});

describe('companies weighed by evidence (round 4)', () => {
  it('takes the buyer from how the rep frames the meeting: "demo for X", "the X agreement", "between X and Y"', () => {
    const a = facts('Wren Abbott: Morning all. So, Tuesday, demo for Kettleby Joinery.', "Wren Abbott: I'm Wren Abbott, account executive at Lintel.", 'Koji Tanabe: Hi. What does the pilot cost us?');
    assert.deepEqual([a.sellerCompany, a.buyerCompany], ['Lintel', 'Kettleby Joinery']);
    const b = facts("Wren Abbott: I'm Wren from Lintel, and today I'd like to close the Marram Foods agreement. Our pricing is per seat per month.", 'Koji Tanabe: Our budget is fixed, so let us see.');
    assert.equal(b.buyerCompany, 'Marram Foods');
    // The rep names the customer first and their own company last.
    const c = facts('Wren Abbott: Welcome. This is the first conversation between Ossory Tiles and Lintel.', 'Wren Abbott: How do you handle quotes today?', 'Koji Tanabe: By hand, honestly. Our budget is small.');
    assert.deepEqual([c.sellerCompany, c.buyerCompany], ['Lintel', 'Ossory Tiles']);
  });
  it('does not take a person the rep will meet later for the buyer', () => {
    const f = facts("Wren Abbott: I'm Wren from Lintel. Our pricing is per seat per month.", 'Koji Tanabe: What would it cost us?', "Wren Abbott: I'll set up a call with Dana Reyes next week to go through it.");
    assert.equal(f.buyerCompany, null);
  });
  it('does not take a rival the buyer had a call with for either side', () => {
    const f = facts("Wren Abbott: I'm Wren from Lintel. How do you handle quotes today?", 'Koji Tanabe: By hand. We also had a call with Brackwater, but it was an introduction. Our budget is small.');
    assert.equal(f.sellerCompany, 'Lintel');
    assert.equal(f.buyerCompany, null);
  });
  it('never chooses a title or a department as a company, and says null rather than guess', () => {
    const f = facts(
      "Wren Abbott: I'm Wren Abbott from Lintel, and Sam Ode, our Solutions Consultant, is here too.",
      'Koji Tanabe: Koji Tanabe, Head of Operations Control. What does it cost us?',
    );
    assert.equal(f.sellerCompany, 'Lintel');
    assert.equal(f.buyerCompany, null);
    // After a functional title "of" names a unit; after a C-level title it names the company.
    const g = facts("Wren Abbott: Wren Abbott, solutions engineer at Lintel.", 'Koji Tanabe: Koji Tanabe, Director of Network Planning. What would this cost us?');
    assert.equal(g.buyerCompany, null);
    const h = facts("Wren Abbott: Wren Abbott, solutions engineer at Lintel.", "Koji Tanabe: I'm Koji Tanabe, CFO of Harrow Mills. What would this cost us?");
    assert.equal(h.buyerCompany, 'Harrow Mills');
  });
  it('reads "I\'m the owner of X" and "anyone else joining from X"', () => {
    const f = facts('Wren Abbott: Hi, Wren from Lintel. Is anyone else joining from Dunlin Hardware?', "Koji Tanabe: No, just me. I'm the owner of Dunlin Hardware. Our budget is small.", 'Wren Abbott: Great. Our pricing is per seat per month.');
    assert.equal(f.buyerCompany, 'Dunlin Hardware');
  });
  it('keeps the host of an earnings call from the welcome, never an analyst\'s bank', () => {
    const f = facts(
      'Operator: Good afternoon, and welcome to the Pellow Mining third quarter earnings conference call. Please go ahead.',
      'Ana Ruiz: Thank you. Revenue rose year over year and our guidance for the fiscal year is unchanged. EBITDA margin improved.',
      'Operator: Our first question comes from Tom Bly with Granary Securities. Please go ahead.',
      "Tom Bly: Hi, it's Tom from Granary Securities. Can you talk about free cash flow and the dividend?",
    );
    assert.equal(f.callType, 'earnings');
    assert.equal(f.sellerCompany, 'Pellow Mining');
    assert.equal(f.buyerCompany, null);
  });
  it('reads the buyer\'s own company from "At X, we …", "on behalf of X", a sign-off, and the rep\'s "thanks for having us at X"', () => {
    const rep = 'Wren Abbott: Hi, Wren Abbott, account executive at Lintel. Our pricing is per seat per month.';
    assert.equal(facts(rep, "Koji Tanabe: Thanks. At Kelso Freight we've got forty trucks and our budget is tight.").buyerCompany, 'Kelso Freight');
    assert.equal(facts(rep, "Koji Tanabe: I'm calling on behalf of Ridley Homes. What would it cost us?").buyerCompany, 'Ridley Homes');
    assert.equal(facts(rep, 'Koji Tanabe: Great. Koji Tanabe, Tillerman Dairy. What does it cost us?').buyerCompany, 'Tillerman Dairy');
    assert.equal(facts('Wren Abbott: Thanks for having us at Norcott Labs today. I am Wren from Lintel and our pricing is per seat.', 'Koji Tanabe: Happy to. What would it cost us?').buyerCompany, 'Norcott Labs');
    // A sign-off with a title and its unit names no company.
    assert.equal(facts(rep, 'Koji Tanabe: Koji Tanabe, Director of Network Planning. What would it cost us?').buyerCompany, null);
  });
  it('keeps a rep with no lean yet on the seller side, and never frames a meeting with the rep\'s own company', () => {
    const a = facts("Wren Abbott: I'm Wren from Lintel. How many people work in your stores today?", 'Koji Tanabe: About two hundred. Our budget is small.');
    assert.equal(a.sellerCompany, 'Lintel');
    assert.equal(a.buyerCompany, null);
    const b = facts("Wren Abbott: Welcome to the demo for Lintel Routes. I'm Wren from Lintel.", 'Koji Tanabe: Thanks. What would it cost us?');
    assert.deepEqual([b.sellerCompany, b.buyerCompany], ['Lintel', null]);
  });
});

describe('learned buyer chooser (round 5)', () => {
  const meta = (chooser: 'rules' | 'learned', ...lines: string[]) => {
    const c: CallInput = { transcriptId: 't', fileName: 't.txt', meetingAt: new Date('2026-11-18T00:00:00Z'), turns: turns(...lines), participants: [] };
    return extractCallFactsWithMeta(c, { now: NOW, buyerChooser: chooser });
  };
  const call = [
    "Wren Abbott: Hi, I'm Wren Abbott, account executive here at Lintel. Our pricing is per seat per month.",
    "Koji Tanabe: Thanks. I'm Koji Tanabe, I run operations at Harrow Mills. What would it cost us?",
    'Wren Abbott: For your team at Harrow Mills we can offer a pilot. Most of our customers start there.',
  ];
  const feature = (c: BuyerCandidate | undefined, name: string) => c!.x[BUYER_FEATURES.indexOf(name)];
  it('describes each candidate by the kind of evidence and the side it points to', () => {
    const { candidates } = meta('rules', ...call).buyer;
    const buyer = candidates.find((c) => c.org === 'Harrow Mills');
    const seller = candidates.find((c) => c.org === 'Lintel');
    assert.ok(feature(buyer, 'intro→buyer')! > 0);
    assert.ok(feature(buyer, 'yourAt→buyer')! > 0);
    assert.equal(feature(buyer, 'is the seller'), 0);
    assert.ok(feature(seller, 'intro→seller')! > 0);
    assert.equal(feature(seller, 'is the seller'), 1);
    assert.equal(feature(buyer, 'bias'), 1);
    assert.equal(buyer!.x.length, BUYER_FEATURES.length);
  });
  it('never makes a candidate of a person or a title', () => {
    const { candidates } = meta('rules', ...call, 'Koji Tanabe: Send it to Dana Reyes, our Director of Finance, please.').buyer;
    assert.deepEqual(candidates.map((c) => c.org).sort(), ['Harrow Mills', 'Lintel']);
  });
  it('chooses the most probable candidate, or null when the null option (score 0) or the threshold wins', () => {
    const model: BuyerModel = { features: ['bias', 'a'], weights: [0, 1], threshold: 0 };
    const cands = [{ org: 'Low', x: [1, -1] }, { org: 'High', x: [1, 2] }];
    assert.equal(chooseBuyer(model, cands).org, 'High');
    assert.equal(chooseBuyer(model, [{ org: 'Weak', x: [1, -0.5] }]).org, null);
    assert.equal(chooseBuyer({ ...model, threshold: 0.95 }, cands).org, null);
    assert.equal(chooseBuyer(model, []).org, null);
    const p = buyerProbabilities(model, cands);
    assert.ok(p[1]! > p[0]! && p[0]! + p[1]! < 1);
  });
  it('fits a positive weight to a feature that marks the right candidate, and L2 shrinks it', () => {
    const calls = [
      { X: [[1, 1], [1, 0]], answer: 0 },
      { X: [[1, 0], [1, 1], [1, 0]], answer: 1 },
      { X: [[1, 0]], answer: -1 },
    ];
    const loose = fitChooser(calls, { l2: 0.001 });
    const tight = fitChooser(calls, { l2: 1 });
    assert.ok(loose[1]! > 1);
    assert.ok(tight[1]! > 0 && tight[1]! < loose[1]!);
    // A lone candidate without the marking feature loses to the null option.
    assert.equal(chooseBuyer({ features: ['bias', 'a'], weights: loose, threshold: 0 }, [{ org: 'X', x: [1, 0] }]).org, null);
  });
  it('has weights for exactly the features extracted (regenerate with scripts/train-buyer.ts --write [--side seller])', () => {
    for (const model of [BUYER_MODEL, SELLER_MODEL]) {
      assert.deepEqual([...model.features], [...BUYER_FEATURES]);
      assert.equal(model.weights.length, BUYER_FEATURES.length);
    }
  });
  it('with the learned chooser, picks the buyer introduced and addressed, never the seller', () => {
    const f = meta('learned', ...call).facts;
    assert.equal(f.buyerCompany, 'Harrow Mills');
    assert.equal(f.sellerCompany, 'Lintel');
  });
});

describe('broad buyer candidates and the decision (round 6)', () => {
  const mentionsOf = (...lines: string[]) =>
    orgMentions(sentencesOf(turns(...lines)))
      .map((m) => m.org)
      .filter((n) => !['Koji Tanabe', 'Koji', 'Nadia'].includes(n));
  it('cuts capitalised runs at punctuation and drops function, number and title words at their edges', () => {
    assert.deepEqual(mentionsOf('Koji Tanabe: Thanks, I am Koji Tanabe, I run Harrow Mills.'), ['Harrow Mills']);
    assert.deepEqual(mentionsOf("Koji Tanabe: So Ochre & Finch signed, and Bank of Tarrow's team too."), ['Ochre & Finch', 'Bank of Tarrow']);
    assert.deepEqual(mentionsOf("Koji Tanabe: We've got Eighty-five stores. As Director of Finance I approve. Gannet Brewing Co. Nadia here."), ['Director of Finance', 'Gannet Brewing Co']);
  });
  it('describes a mention by its context: possessive, sentence start, turn start', () => {
    const [m] = orgMentions(sentencesOf(turns("Koji Tanabe: Harrow Mills's finance team asked.")));
    assert.equal(m!.org, 'Harrow Mills');
    assert.equal(m!.possessive, true);
    assert.equal(m!.initial, true);
    assert.equal(m!.turnStart, true);
  });
  it('keeps the rules when a speaker tied their choice to the buyer, else asks the model, else falls back to the rules', () => {
    const at = (f: string) => BUYER_FEATURES.indexOf(f);
    const row = (org: string, set: Record<string, number>) => ({ org, x: BUYER_FEATURES.map((f, i) => (i === 0 ? 1 : set[f] ?? 0)) });
    const tied = row('Harrow Mills', { 'intro→buyer': 1 });
    const other = row('Keswick', { 'possessive': 1 });
    const model: BuyerModel = { features: BUYER_FEATURES, weights: BUYER_FEATURES.map((_, i) => (i === at('possessive') ? 5 : 0)), threshold: 0 };
    assert.equal(decideCompany('buyer', model, [tied, other], 'Harrow Mills'), 'Harrow Mills');
    assert.equal(decideCompany('buyer', model, [row('Harrow Mills', {}), other], 'Harrow Mills'), 'Keswick');
    const never: BuyerModel = { ...model, weights: BUYER_FEATURES.map((_, i) => (i === 0 ? -9 : 0)) };
    assert.equal(decideCompany('buyer', never, [row('Harrow Mills', {}), other], 'Harrow Mills'), 'Harrow Mills');
    assert.equal(decideCompany('buyer', never, [other], null), null);
  });
  it('fills in a seller the rules missed only with a name its own people call theirs, never a tool', () => {
    const row = (org: string, set: Record<string, number>) => ({ org, x: BUYER_FEATURES.map((f, i) => (i === 0 ? 1 : set[f] ?? 0)) });
    const model: BuyerModel = { features: BUYER_FEATURES, weights: BUYER_FEATURES.map((_, i) => (i === 0 ? 3 : 0)), threshold: 0 };
    const own = row('Lintel', { 'seller says it with we/our/us': 1 });
    const tool = row('Shopify', { 'seller says it with we/our/us': 1, 'in an integration context (a tool)': 1 });
    assert.equal(decideCompany('seller', model, [own], 'Brightwell'), 'Brightwell');
    assert.equal(decideCompany('seller', model, [own], null), 'Lintel');
    assert.equal(decideCompany('seller', model, [tool], null), null);
    assert.equal(decideCompany('seller', model, [row('Harrow', {})], null), null);
  });
  it('makes a candidate of a buyer only the talk names, which the rules never claimed', () => {
    const c = extractCallFactsWithMeta(
      { transcriptId: 't', fileName: 't.txt', meetingAt: null, participants: [], turns: turns(
        'Wren Abbott: Thanks for joining. Quick recap for the notes before we start.',
        'Koji Tanabe: Sure. So Ironvale Dairies is at forty thousand a year with our current tool.',
        'Wren Abbott: Understood, and the Ironvale Dairies renewal is in June?',
      ) },
      { now: NOW },
    );
    const cand = c.buyer.candidates.find((x) => x.org === 'Ironvale Dairies');
    assert.ok(cand, c.buyer.candidates.map((x) => x.org).join(', '));
    assert.equal(cand!.x[BUYER_FEATURES.indexOf('found only as a capitalised run')], 1);
  });
});

describe('sides when nothing places anyone (round 11)', () => {
  it('puts the one who opened the call on the seller side, and the others on the buyer side', () => {
    const f = facts(
      'Ada Quell: Hi Bo, hi Cy. It is Ada Quell from Tornvik. Thanks for the time.',
      'Bo Varne: Sure. Cy is with me.',
      'Cy Lund: Hello.',
      'Ada Quell: So, the term comes up in July and I wanted to go over the numbers.',
    );
    assert.deepEqual(who(f), { 'Ada Quell': 'seller', 'Bo Varne': 'buyer', 'Cy Lund': 'buyer' });
  });
  it('leaves the sides a file states alone', () => {
    const c: CallInput = {
      transcriptId: 't', fileName: 't.json', meetingAt: null, turns: turns('Ada Quell: Hello there.', 'Bo Varne: Hi.'),
      participants: [{ name: 'Ada Quell', side: 'buyer' }, { name: 'Bo Varne', side: 'seller' }],
    };
    const f = extractCallFacts(c, { now: NOW });
    assert.deepEqual(who(f), { 'Ada Quell': 'buyer', 'Bo Varne': 'seller' });
  });
});

describe('a label that changes mid-call (round 11)', () => {
  it('reads a self-introduction after two short openers, and merges the generic voice into the named label that follows', () => {
    const m = nameSpeakers(
      turns(
        'Ada Quell: Morning all, let us start.',
        'Bo Varne: Morning. Cy should be joining.',
        'Unknown Speaker: Sorry, sorry, is this the lab call?',
        'Bo Varne: It is.',
        'Unknown Speaker: Hi, yeah, Cyrus Lund, I run quality here.',
        'Ada Quell: Good to have you.',
        'Cyrus Lund: Likewise. So the audit is in May.',
      ),
    );
    assert.equal(m.get('Unknown Speaker'), 'Cyrus Lund');
  });
});
