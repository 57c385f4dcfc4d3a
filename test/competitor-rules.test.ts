/**
 * Competitor rules of round 3 (issue 10), one class of phrasing per case, with invented
 * vendors and people (never text from the eval sets or samples). Owns: findCompetitors'
 * vendor-contact, spend, answer and name-evidence rules and its person/place filters.
 * Must not: test objections (objection-rules.test.ts) or whole-call extraction.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCompetitors } from '../src/agents/builtin/facts/competitors.ts';
import { wordKinds } from '../src/agents/builtin/facts/wordKinds.ts';
import { sharedWordVectors } from '../src/agents/builtin/wordVectors.ts';
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

// Round 4 (issue 10): vendor evidence in more frames, and the buyer's own systems and everyday words.
describe('competitors, round 4: the rival visiting, giving, costing', () => {
  it('hears the rival visiting or giving the buyer something', () => {
    assert.deepEqual(comps('B: Quorbit came to see us in the autumn.'), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit has been in twice already.'), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit gives us a better margin.'), ['Quorbit']);
  });
  it('hears what a vendor costs the buyer now, and its own offering of the same thing', () => {
    assert.deepEqual(comps('B: What does Quorbit support cost us, roughly?'), ['Quorbit']);
    assert.deepEqual(comps("B: It's double what Quorbit costs us."), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit has its own labelling service, though.'), ['Quorbit']);
  });
  it('reads "the old X" as the system being replaced', () => {
    assert.deepEqual(comps('B: The crew would rather go back to the old Quorbit scanners.'), ['Quorbit']);
  });
});

describe("competitors, round 4: the buyer's own systems and everyday words", () => {
  it('drops a name given in apposition to one of their own systems', () => {
    assert.deepEqual(comps("B: Then it's typed into Tessary, that's our accounting package, and we pay about ten thousand a year for everything, Tessary included."), []);
    assert.deepEqual(comps('B: Plus the front desk system, Tessary, which handles the bookings today.'), []);
    assert.deepEqual(comps('B: Jobs are planned in Tessary, which is a tool one of our admins wrote years ago.'), []);
  });
  it('keeps a system described as the one being replaced', () => {
    assert.deepEqual(comps('B: Our current system, Quorbit, costs us a fortune.'), ['Quorbit']);
  });
  it('drops an everyday word with only usage evidence when told which words are everyday', () => {
    // Ranked among the most frequent words; every other word known but rare.
    const everyday = (w: string) => (['access', 'price'].includes(w) ? 100 : 50000);
    const s = sentencesOf(turns('B: Most files come off the old Access exports.', 'B: Price, mostly, and the contract was short.'));
    assert.deepEqual(findCompetitors(s, ['Lintel', 'Orrin Farms'], new Set(), { wordRank: everyday }), []);
    assert.deepEqual(findCompetitors(sentencesOf(turns('B: The crew would rather go back to the old Quorbit scanners.')), ['Lintel'], new Set(), { wordRank: everyday }), ['Quorbit']);
  });
});

describe('competitors, round 4: people and towns told apart by the word vectors', () => {
  it('drops a one-word name that the vectors place among first names or towns', () => {
    const kind = (w: string) => (w === 'sandra' ? ('person' as const) : w === 'boise' ? ('place' as const) : null);
    const s = sentencesOf(turns('B: We talked to Sandra and looked at Boise and Quorbit.'));
    assert.deepEqual(findCompetitors(s, ['Lintel'], new Set(), { kindOf: kind }), ['Quorbit']);
  });
  it('with the real vectors: first names and towns are kinds, made-up and software names are not', { skip: !sharedWordVectors() }, () => {
    const kind = wordKinds(sharedWordVectors()!);
    assert.equal(kind('sandra'), 'person');
    assert.equal(kind('denver'), 'place');
    assert.equal(kind('quorbit'), null);
    assert.equal(kind('slack'), null);
    assert.equal(kind('excel'), null);
  });
});

describe('competitors, round 4: a visit said as "came by"', () => {
  it('hears the rival stopping by', () => {
    assert.deepEqual(comps('B: Quorbit came by on Tuesday with a new offer.'), ['Quorbit']);
  });
});

describe("competitors, round 4: the rival's paperwork, deals and preference", () => {
  it('hears papers sent, a deal signed, several pitching and a preference', () => {
    assert.deepEqual(comps('B: Quorbit sent over a revised proposal on Monday.'), ['Quorbit']);
    assert.deepEqual(comps('B: We signed a two-year agreement with Quorbit in March.'), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit and Tessaly both pitched us this spring.'), ['Quorbit', 'Tessaly']);
    assert.deepEqual(comps('B: The dispatchers still prefer Quorbit.'), ['Quorbit']);
  });
});

describe('competitors, round 4: what is paid now, a shortlist of two, the rival remembered as easier', () => {
  it('hears what they still pay, the shortlist narrowed to the seller and the rival, and a rival that was easier', () => {
    assert.deepEqual(comps('B: We still pay Quorbit for the routing piece.'), ['Quorbit']);
    assert.deepEqual(comps("B: It's down to you and Quorbit now."), ['Quorbit']);
    assert.deepEqual(comps('B: The drivers say Quorbit was much easier.'), ['Quorbit']);
  });
});

describe("competitors, round 5: the buyer's current tool said in passing", () => {
  it('hears keeping, being bound to or renewing the current tool', () => {
    assert.deepEqual(comps('B: Why not just keep Vantrel for the front desk?'), ['Vantrel']);
    assert.deepEqual(comps("B: We're tied into Vantrel until the spring."), ['Vantrel']);
    assert.deepEqual(comps('B: The safe move is to renew Vantrel next spring.'), ['Vantrel']);
  });
  it('keeps the kept tool even when the call also connects to it', () => {
    assert.deepEqual(comps('B: Why not just keep Vantrel for the front desk?', 'S: We have a Vantrel connector too.'), ['Vantrel']);
  });
  it('hears the tool the work sits in now, and work that arrives through it', () => {
    assert.deepEqual(comps('B: Today in Vantrel I have to open every site one by one.'), ['Vantrel']);
    assert.deepEqual(comps('S: That is roughly what you have now with Vantrel.'), ['Vantrel']);
    assert.deepEqual(comps('B: Our leads come in through Vantrel, then somebody copies them over.'), ['Vantrel']);
  });
  it('reads "X, who we have today" as a vendor in use, not a person', () => {
    assert.deepEqual(comps('B: The alarms are fine, and Vantrel, who we have today for them, would carry on month to month.'), ['Vantrel']);
  });
  it("hears the rival's paperwork with a word between, and a visit ahead", () => {
    assert.deepEqual(comps("B: Vantrel's annual renewal jumped again."), ['Vantrel']);
    assert.deepEqual(comps('B: We have Vantrel coming in on Tuesday.'), ['Vantrel']);
  });
  it('hears a vendor pressed on the buyer, or one they already work with', () => {
    assert.deepEqual(comps('B: Our accountant keeps recommending Vantrel.'), ['Vantrel']);
    assert.deepEqual(comps('B: We already work with Vantrel for the alarms.'), ['Vantrel']);
  });
});

describe('competitors, round 5: rivals in lists and in deal reviews', () => {
  it('names every tool in a list of what is paid or seen', () => {
    assert.deepEqual(comps("B: We're paying Vantrel and Brisko separately right now."), ['Vantrel', 'Brisko']);
    assert.deepEqual(comps('S: We mostly see Vantrel and Brisko in these deals.'), ['Vantrel', 'Brisko']);
  });
  it('hears the rival in the deal, its bid, the final two, a win over it and a loss to it', () => {
    assert.deepEqual(comps('S: Vantrel is in there too, and they are cheap.'), ['Vantrel']);
    assert.deepEqual(comps('S: Vantrel bid forty a seat.'), ['Vantrel']);
    assert.deepEqual(comps("S: It's just us and Vantrel at this point."), ['Vantrel']);
    assert.deepEqual(comps('S: They picked us over Vantrel on the reporting.'), ['Vantrel']);
    assert.deepEqual(comps('S: We lost the Harlow account to Vantrel in March.'), ['Vantrel']);
  });
  it('never takes a title for a vendor', () => {
    assert.deepEqual(comps("B: If their CISO doesn't sign, nothing moves."), []);
    assert.deepEqual(comps("B: A short chat with Harlow's CFO can't hurt."), []);
  });
});

describe("competitors, round 6: the current tool's job and faults, leaving it, a partner's other vendor", () => {
  it("hears the current tool's intended job and the buyer's complaint about it", () => {
    assert.deepEqual(comps('B: Vantrel is meant to gather the forms, but half of them go missing.'), ['Vantrel']);
    assert.deepEqual(comps('B: Honestly, Vantrel makes it really painful to add a new site.'), ['Vantrel']);
  });
  it("hears the incumbent's exit terms and a partner leading with another vendor", () => {
    assert.deepEqual(comps('B: Vantrel has a steep cancellation fee if we miss the window.'), ['Vantrel']);
    assert.deepEqual(comps('B: I will send the cancellation notice to Vantrel this week.'), ['Vantrel']);
    assert.deepEqual(comps("B: Otherwise we'll lead with Vantrel on that account."), ['Vantrel']);
  });
  it('drops a tool the call reads data out of, or whose short name a connector covers', () => {
    assert.deepEqual(comps('B: Our tills run on Vantrel.', 'S: We pull the takings from Vantrel every night.'), []);
    assert.deepEqual(comps('B: Our shop runs on Vantrel Commerce.', "S: Our connector doesn't support Vantrel yet."), []);
  });
  it('does not take a sentence-initial adjective for a name', () => {
    assert.deepEqual(comps('B: Refillable cartridges are cheaper in the long run.'), []);
  });
});

describe('competitors, round 9: a rival spoken only in lower case', () => {
  // The word vectors' vocabulary, as callFacts passes it: made-up brand names are not in it.
  const wv = sharedWordVectors()!;
  const found = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Lintel'], new Set(), { wordRank: (w) => wv.rank(w) });
  it('reads a lower-case word no dictionary knows, in a rival phrase, as the rival', () => {
    assert.deepEqual(found("B: Honestly we're on quorbit, the old desktop version, for the routing."), ['Quorbit']);
    assert.deepEqual(found('B: We trialled vendrix last spring and the drivers hated it.'), ['Vendrix']);
  });
  it('keeps a capitalised rival the call also writes in lower case, when no dictionary knows it', () => {
    const lines = ['B: Every truck has a Quorbit box in it.', "B: We're locked into Quorbit until March.", 'B: The quorbit portal is slow.'];
    assert.deepEqual(found(...lines), ['Quorbit']);
    // Without the vocabulary, a name also written in lower case is taken for an ordinary word.
    assert.deepEqual(findCompetitors(sentencesOf(turns(...lines)), ['Lintel'], new Set()), []);
  });
  it('leaves dictionary words, short words and words outside rival phrases alone', () => {
    assert.deepEqual(found("B: We're on paper and a spreadsheet today."), []);
    assert.deepEqual(found("B: We're on trux for now."), []);
    assert.deepEqual(found('B: The quorbit numbers came in fine.'), []);
    // Without a vocabulary (no word vectors) nothing lower-case is read.
    assert.deepEqual(findCompetitors(sentencesOf(turns("B: We're on quorbit.")), ['Lintel'], new Set()), []);
  });
});

describe('competitors, round 11: incumbents said by others, vendor terms, a parent organisation, free alternatives', () => {
  it('hears the incumbent said of the buyer by a colleague or by the rep, and named as the incumbent', () => {
    assert.deepEqual(comps("S: They're on Quorbit today, twelve years of it."), ['Quorbit']);
    assert.deepEqual(comps('B: Honestly the incumbent is Quorbit, and nobody loves it.'), ['Quorbit']);
    assert.deepEqual(comps('B: We re-upped with Quorbit through June.'), ['Quorbit']);
    // Said of the buyer, it is usage: a tool the seller connects to is no rival.
    assert.deepEqual(comps("S: You're on Quorbit for the ledger, right?", 'S: The totals go straight back into Quorbit.'), []);
  });
  it("hears a vendor's terms to the buyer or partner", () => {
    assert.deepEqual(comps('B: Quorbit already gives us a daily forecast.'), ['Quorbit']);
    assert.deepEqual(comps("B: Quorbit's giving us twenty points on every seat."), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit gives partners a quarter off list.'), ['Quorbit']);
    assert.deepEqual(comps("B: Quorbit's channel program pays better, to be fair."), ['Quorbit']);
  });
  it('hears a vendor in touch, raised again and again, or bundling the same thing', () => {
    assert.deepEqual(comps('B: And Quorbit have been in touch twice this month.'), ['Quorbit']);
    assert.deepEqual(comps('B: Our plant director got a call from Quorbit in March.'), ['Quorbit']);
    assert.deepEqual(comps('B: Our treasurer keeps bringing up Quorbit.'), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit bundles the scheduling with their payroll.'), ['Quorbit']);
    assert.deepEqual(comps('B: Why switch when Quorbit does most of it already?'), ['Quorbit']);
  });
  it('hears a parent organisation standardising on a rival, and a free alternative', () => {
    assert.deepEqual(comps('B: Head office is pushing every site onto Quorbit.'), ['Quorbit']);
    assert.deepEqual(comps('B: The district would rather every school just went on Quorbit.'), ['Quorbit']);
    assert.deepEqual(comps('B: The other clinics in the group all run Quorbit.'), ['Quorbit']);
    assert.deepEqual(comps('B: The bank throws in the Quorbit app for free.'), ['Quorbit']);
  });
  it('hears the bare answer to "what do you use for it?" and others having seen a rival', () => {
    assert.deepEqual(comps('S: What do you use for the tills?', 'B: Quorbit. It does the job.'), ['Quorbit']);
    assert.deepEqual(comps('S: What are you running the warehouse on right now?', 'B: Quorbit. The old version.'), ['Quorbit']);
    assert.deepEqual(comps('B: They saw Quorbit last spring and passed.'), ['Quorbit']);
    assert.deepEqual(comps("B: We've got Quorbit at one forty for the same scope."), ['Quorbit']);
  });
  it('leaves people, places and the one who pushes alone', () => {
    assert.deepEqual(comps('B: Our IT partner has been pushing Quorbit for a year.'), ['Quorbit']);
    assert.deepEqual(comps('B: Maya keeps bringing up the budget.'), []);
    assert.deepEqual(comps('B: Head office is moving everyone over to Denver in May.'), []);
  });
});

describe("competitors, round 12: a vendor's show, its people calling, and vendors had before", () => {
  it('hears a webinar or pitch from a vendor, and a vendor who stayed', () => {
    assert.deepEqual(comps('B: We sat through a webinar from Quorbit in the autumn, but it was all dashboards.'), ['Quorbit']);
    assert.deepEqual(comps("B: I did sit through Quorbit's webinar in March, just out of curiosity."), ['Quorbit']);
    assert.deepEqual(comps('B: Honestly, we stayed with Quorbit last year, and it was fine.'), ['Quorbit']);
  });
  it("hears a vendor's people calling on the buyer, and the last vendor in apposition", () => {
    assert.deepEqual(comps('B: And a guy from Quorbit, I think, came by at the trade show.'), ['Quorbit']);
    assert.deepEqual(comps('B: The Quorbit rep has been in twice this year.'), ['Quorbit']);
    assert.deepEqual(comps("B: We've had Quorbit in twice this spring as well."), ['Quorbit']);
    assert.deepEqual(comps('B: Good, because the last company, Quorbit, wanted us to swap every probe.'), ['Quorbit']);
  });
  it('hears a vendor left or had before, but not a town left or a department that came by', () => {
    assert.deepEqual(comps('B: We left Quorbit because of exactly this kind of day.'), ['Quorbit']);
    assert.deepEqual(comps('B: Honestly, when we had Quorbit it was clunky, but it never went dark.'), ['Quorbit']);
    // A town left is told apart by the word vectors' kinds, as for every rule (round 4).
    const kind = (w: string) => (w === 'denver' ? ('place' as const) : null);
    assert.deepEqual(findCompetitors(sentencesOf(turns('B: We left Denver after the merger.')), ['Lintel'], new Set(), { kindOf: kind }), []);
    assert.deepEqual(comps('B: Someone from Finance came by yesterday to ask about it.'), []);
  });
});
describe('competitors, round 12: an everyday word is a rival only where the call uses it as a name', () => {
  it('drops an everyday word that opens a sentence, keeps one capitalised inside a sentence', () => {
    const common = (w: string) => (['pricing', 'square', 'proposal'].includes(w) ? 100 : 50000);
    const find = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Lintel'], new Set(), { wordRank: common });
    assert.deepEqual(find('B: Pricing quoted us nothing yet, so we compared it to what we pay.'), []);
    assert.deepEqual(find("B: We looked at Square last year, and it's cheaper."), ['Square']);
  });
});

describe('competitors, round 12b: adverbs, end dates, deal reviews, sentence-initial words and holidays', () => {
  it('hears "looked briefly at X", the incumbent with its end date or job, and a vendor who pitched them', () => {
    assert.deepEqual(comps('B: We looked briefly at Quorbit last year, and offline was their weak point.'), ['Quorbit']);
    assert.deepEqual(comps("B: Honestly we're still on the Quorbit loggers until the end of June."), ['Quorbit']);
    assert.deepEqual(comps("B: And we're off Quorbit on the 31st, so we need to be running before then."), ['Quorbit']);
    assert.deepEqual(comps('B: A couple of the clinics are on Quorbit for the text reminders, and they like it.'), ['Quorbit']);
    assert.deepEqual(comps('S: And Quorbit pitched them last week, I saw it online.'), ['Quorbit']);
  });
  it('drops a frequent English word never capitalised inside a sentence, and a holiday in two words', () => {
    const rank = (w: string) => (w === 'chairs' ? 6857 : w === 'square' ? 1171 : 50000);
    const find = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Lintel'], new Set(), { wordRank: rank });
    assert.deepEqual(find('B: Chairs quoted nothing extra, we compared it to what we pay.'), []);
    assert.deepEqual(find("B: We looked at Square last year, and it's cheaper."), ['Square']);
    assert.deepEqual(comps('B: We looked at Christmas Eve as a cutover date, and Quorbit was cheaper.'), ['Quorbit']);
  });
});


describe('competitors: round 13, rivals named once', () => {
  it('reads a rival used at an earlier place, had for a while, run before the seller, or left for the seller', () => {
    assert.deepEqual(comps('B: One of our trustees used Quorbit at the shelter she worked for before.'), ['Quorbit']);
    assert.deepEqual(comps('B: We had Quorbit for about a year, then let it lapse.'), ['Quorbit']);
    assert.deepEqual(comps('B: We ran Quorbit scanners on the old vans before we standardized on you.'), ['Quorbit']);
    assert.deepEqual(comps('A: Tidewell picked us over Quorbit last spring.'), ['Quorbit']);
    assert.deepEqual(comps('B: Honestly we want off Quorbit before the summer.'), ['Quorbit']);
  });
  it('reads a present comparison, a group deal, a bundle, the job a tool does today and one of several ways in use', () => {
    assert.deepEqual(comps('B: How do you compare to Quorbit on the reporting side?'), ['Quorbit']);
    assert.deepEqual(comps('B: Our buying group has a deal with Quorbit, so they keep mentioning it.'), ['Quorbit']);
    assert.deepEqual(comps('B: Our bank says Quorbit comes bundled with the account.'), ['Quorbit']);
    assert.deepEqual(comps('B: Quorbit does our reminders today, and it is fine.'), ['Quorbit']);
    assert.deepEqual(comps('B: Some of the kitchens use Quorbit, some use a clipboard.'), ['Quorbit']);
    assert.deepEqual(comps('B: Letters go out through Quorbit at the moment.'), ['Quorbit']);
  });
  it('keeps a town after a yard a place', () => {
    assert.deepEqual(comps('B: We run forty vans out of the yard in Tarrow.', 'B: Right now in Tarrow we plan the routes by hand.'), []);
    assert.deepEqual(comps('B: Right now in Tarrow we plan the routes by hand.'), ['Tarrow']);
  });
});

describe('competitors: round 14, a rival named once, and in lower case', () => {
  it("reads a rival's bid or rate, a figure off it, a vendor chosen or moved onto, one they are content with or use for a job", () => {
    assert.deepEqual(comps('B: Quorbit Heating have bid one fifty for the same sites.'), ['Quorbit Heating']);
    assert.deepEqual(comps('B: And Quorbit Linen are at two forty today.'), ['Quorbit Linen']);
    assert.deepEqual(comps("B: We've got a number from Quorbit that starts with a seventeen."), ['Quorbit']);
    assert.deepEqual(comps('B: We could have gone with Quorbit, they were cheaper.'), ['Quorbit']);
    assert.deepEqual(comps("B: Why don't we just move onto Quorbit like the rest of the group?"), ['Quorbit']);
    assert.deepEqual(comps("B: We're happy enough with Quorbit for the training packs."), ['Quorbit']);
    assert.deepEqual(comps('B: We use Quorbit Voice for phone interpreting, and it mostly works, but it is slow to pick up.'), ['Quorbit Voice']);
    assert.deepEqual(comps('B: We had Quorbit Aerial fly it twice last season.'), ['Quorbit Aerial']);
  });
  it('reads a word no everyday one, said in lower case where only a vendor goes; not an everyday word there', () => {
    const rank = (w: string) => (['cobnut', 'wexcombe'].includes(w) ? 150000 : ['numbers', 'spreadsheet', 'paper'].includes(w) ? 900 : 5000);
    const find = (...lines: string[]) => findCompetitors(sentencesOf(turns(...lines)), ['Lintel'], new Set(), { wordRank: rank });
    assert.deepEqual(find('B: We looked at the cobnut units last year.'), ['Cobnut']);
    assert.deepEqual(find('B: We did get a quote off wexcombe, and they are hungry.'), ['Wexcombe']);
    assert.deepEqual(find('B: The cobnut reps have been in twice.'), ['Cobnut']);
    assert.deepEqual(find('B: We looked at the numbers last year.'), []);
    assert.deepEqual(find('B: We looked at paper again.'), []);
  });
});
