/**
 * The built-in structure agent (src/agents/builtin/callFacts.ts): unit checks of
 * its parts (amounts, dates, meeting date, roles), the expected facts of every
 * project sample, and — when ../shared/samples exists — recall against the ground
 * truth stated in its README (read at test time, nothing copied).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { extractCallFacts, extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { amountsInSentence } from '../src/agents/builtin/facts/money.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import { callFactsSchema, type CallFacts, type CallInput } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';
import { NOW, loadCall, projectSamples } from './support/agent-samples.ts';
import { SHARED_SAMPLES, loadSharedTruth } from './support/shared-truth.ts';
import { describeWhen } from './support/optional.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const call = (t: Turn[], meetingAt: Date | null = null): CallInput => ({ transcriptId: 't', fileName: 't.txt', meetingAt, turns: t, participants: [] });
const lc = (s: string | null | undefined) => (s ?? '').toLowerCase();
const first = (n: string | null | undefined) => lc(n).split(/\s+/)[0]!;

function amountsOf(text: string) {
  const [s] = sentencesOf(turns(`A: ${text}`));
  return amountsInSentence(s!, false).map((a) => [a.value, a.currency]);
}

describe('amounts', () => {
  it('reads digits, symbols, codes and suffixes', () => {
    assert.deepEqual(amountsOf('The proposal is $54,000 a year.'), [[54000, 'USD']]);
    assert.deepEqual(amountsOf('Implementation is $8k on top.'), [[8000, 'USD']]);
    assert.deepEqual(amountsOf('That comes to 45,000 EUR per year.'), [[45000, 'EUR']]);
    assert.deepEqual(amountsOf('We pay £1.2 million for it.'), [[1_200_000, 'GBP']]);
  });
  it('reads space and no-break-space thousands separators after a currency symbol', () => {
    assert.deepEqual(amountsOf('Adding Hamburg is €14\u00a0500 a year, Japan ¥2\u00a0400\u00a0000.'), [
      [14500, 'EUR'],
      [2_400_000, 'JPY'],
    ]);
    assert.deepEqual(amountsOf('Today you pay €52 000 a year.'), [[52000, 'EUR']]);
  });
  it('reads spoken amounts and ranges', () => {
    assert.deepEqual(amountsOf('We are leaving sixty thousand dollars a year on the table.'), [[60000, 'USD']]);
    assert.deepEqual(amountsOf('It takes you to forty-seven thousand five hundred and twenty a year.'), [[47520, null]]);
    assert.deepEqual(amountsOf('That brings it to a hundred and seventeen thousand eight hundred and forty a year.'), [[117840, null]]);
    assert.deepEqual(amountsOf('I put somewhere between thirty and forty-five thousand a year into the budget.'), [
      [30000, null],
      [45000, null],
    ]);
    assert.deepEqual(amountsOf('The card rebates are five to seven thousand a year.'), [
      [5000, null],
      [7000, null],
    ]);
  });
  it('ignores counts, percentages and years', () => {
    assert.deepEqual(amountsOf('We process about sixty-one thousand invoices a year.'), []);
    assert.deepEqual(amountsOf('Fuel is up eleven percent since 2024.'), []);
    assert.deepEqual(amountsOf('We were founded in 2017 and have 1,400 desks.'), []);
  });
});

describe('dates and the meeting date', () => {
  it('resolves relative due dates against a known meeting date', () => {
    const f = extractCallFacts(
      call(
        turns(
          'Rep Person: I will send the proposal by Friday.',
          'Buyer Person: Great. I will send you our security questionnaire next Tuesday.',
          'Rep Person: And I will set up the kickoff for the end of the month.',
        ),
        new Date('2026-10-06T15:00:00Z'), // a Tuesday
      ),
      { now: NOW },
    );
    const due = Object.fromEntries(f.nextSteps.map((s) => [s.owner, s.dueDate]));
    assert.equal(f.nextSteps.find((s) => /proposal/.test(s.action))?.dueDate, '2026-10-09');
    assert.equal(due['Buyer Person'], '2026-10-13');
    assert.equal(f.nextSteps.find((s) => /kickoff/.test(s.action))?.dueDate, '2026-10-31');
  });
  it('infers the meeting date from "tomorrow, Wednesday" and dated weekdays, and resolves spoken days', () => {
    const c = call(
      turns(
        'Dana Seller: Our quarter ends on Saturday the thirty-first, so if we sign by this Friday, the thirtieth, I can do twelve percent off.',
        'Ray Buyer: Patricia can sign Thursday, the twenty-ninth.',
        'Dana Seller: I will send the order form today. You will raise the PO tomorrow, Wednesday.',
      ),
    );
    const { facts, meeting } = extractCallFactsWithMeta(c, { now: NOW });
    assert.equal(meeting.date?.toISOString().slice(0, 10), '2026-10-27');
    assert.equal(meeting.exact, true);
    assert.equal(facts.nextSteps.find((s) => /order form/.test(s.action))?.dueDate, '2026-10-27');
    const po = facts.nextSteps.find((s) => /PO/.test(s.action));
    assert.equal(po?.owner, 'Ray Buyer');
    assert.equal(po?.dueDate, '2026-10-28');
  });
  it('keeps the words but no date for relative phrases when the meeting date is unknown', () => {
    const f = extractCallFacts(call(turns('Greg Rep: I will send you the deck by tomorrow, Friday.', 'Priya Buyer: Thanks.')), { now: NOW });
    assert.equal(f.nextSteps[0]?.dueDate, null);
    assert.equal(f.nextSteps[0]?.dueText, 'tomorrow, Friday');
  });
  it('knows "Monday the twelfth" and "the week after Thanksgiving"', () => {
    const f = extractCallFacts(
      call(
        turns(
          'Keisha Rep: Today is Thursday, November 5th, 2026. Victor, you will send the questionnaire by Monday the sixteenth?',
          'Victor Buyer: Yes, I will send it by Monday the sixteenth.',
          'Keisha Rep: And I will set up the reference call for the week after Thanksgiving.',
        ),
      ),
      { now: NOW },
    );
    assert.ok(f.nextSteps.some((s) => s.owner === 'Victor Buyer' && s.dueDate === '2026-11-16'));
    assert.ok(f.nextSteps.some((s) => s.owner === 'Keisha Rep' && s.dueDate === '2026-11-30'));
  });
});

describe('participants', () => {
  it('takes titles only where stated and sides from introductions', () => {
    const f = extractCallFacts(
      call(
        turns(
          "Ana Seller: Hi both. I'm Ana Seller, account executive at Brightpath. I've got Theo Quinn with me, our solutions engineer.",
          'Theo Quinn: Hello.',
          'Mia Buyer: Hi. Our CFO, Gary Lindholm, signs anything over $25,000.',
          'Bo Buyer: Hi.',
        ),
      ),
      { now: NOW },
    );
    const p = Object.fromEntries(f.participants.map((x) => [x.name, x]));
    assert.equal(f.sellerCompany, 'Brightpath');
    assert.equal(p['Ana Seller']?.side, 'seller');
    assert.equal(p['Ana Seller']?.role, 'account executive');
    assert.equal(p['Theo Quinn']?.side, 'seller');
    assert.equal(p['Theo Quinn']?.role, 'solutions engineer');
    assert.equal(p['Mia Buyer']?.side, 'buyer');
    assert.equal(p['Mia Buyer']?.role, null, 'no title is invented');
    assert.equal(p['Bo Buyer']?.role, null);
    assert.equal(p['Gary Lindholm']?.spoke, false);
    assert.equal(p['Gary Lindholm']?.role, 'CFO');
    assert.equal(p['Gary Lindholm']?.side, 'buyer');
  });
});

// ---------------------------------------------------------------------------
// The project's samples and their expected facts
// ---------------------------------------------------------------------------

describe('project samples: expected facts', () => {
  const samples = projectSamples();
  it('has samples with expectations', () => assert.ok(samples.length >= 5, `found ${samples.length} samples with expectations`));
  for (const { file, path, expected } of samples) {
    describe(file, () => {
      const { call: input, raw } = loadCall(path);
      const { facts, meeting } = extractCallFactsWithMeta(input, { now: NOW });

      it('validates against callFactsSchema', () => {
        callFactsSchema.parse(facts);
      });
      it('finds seller and buyer companies', () => {
        assert.equal(lc(facts.sellerCompany), lc(expected.sellerCompany));
        assert.equal(lc(facts.buyerCompany), lc(expected.buyerCompany));
      });
      it('puts every speaker on the right side, with the title where the call states it', () => {
        for (const s of expected.speakers) {
          const p = facts.participants.find((x) => x.name === s.name);
          assert.ok(p, `participant ${s.name}`);
          assert.equal(p.side, s.side, `side of ${s.name}`);
          const stated = s.role && (raw.toLowerCase().includes(s.role.toLowerCase()) || input.participants.some((h) => h.role === s.role));
          if (stated) assert.equal(lc(p.role), lc(s.role), `role of ${s.name}`);
        }
      });
      it('infers the meeting date', () => {
        assert.equal(meeting.date?.toISOString().slice(0, 10) ?? null, expected.meetingDate);
      });
      it('finds the competitors', () => {
        for (const c of expected.competitors) assert.ok(facts.competitors.some((x) => lc(x).includes(lc(c))), `competitor ${c} in ${JSON.stringify(facts.competitors)}`);
      });
      it('labels the objections', () => {
        const types = new Set(facts.objections.map((o) => o.type));
        for (const o of expected.objections) assert.ok(types.has(o as never), `objection ${o} in ${[...types]}`);
      });
      it('finds the amounts', () => {
        for (const a of expected.amounts) {
          assert.ok(
            facts.amounts.some((x) => Math.abs(x.value - a.value) < 0.01 && x.currency === a.currency),
            `amount ${a.value} ${a.currency} in ${facts.amounts.map((x) => `${x.value} ${x.currency}`).join(', ')}`,
          );
        }
      });
      it('finds the next steps with owner and due date', () => {
        for (const n of expected.nextSteps) {
          const hit = facts.nextSteps.find(
            (x) => lc(x.owner) === lc(n.owner) && (`${lc(x.action)} ${lc(x.dueText)}`.includes(lc(n.keyword))) && (n.dueDate === null || x.dueDate === n.dueDate),
          );
          assert.ok(hit, `next step ${n.owner} / ${n.keyword} / ${n.dueDate} in\n${facts.nextSteps.map((x) => `  ${x.owner} | ${x.dueDate} | ${x.action}`).join('\n')}`);
        }
      });
    });
  }
});

// ---------------------------------------------------------------------------
// ../shared/samples (optional): recall against the README's ground truth
// ---------------------------------------------------------------------------

const truth = loadSharedTruth();
describeWhen(truth)('shared samples: recall against the README ground truth', () => {
  const rows: string[] = [];
  const total = { comp: [0, 0], obj: [0, 0], amt: [0, 0], dates: [0, 0], sides: [0, 0], co: [0, 0] };
  const add = (k: keyof typeof total, hit: number, n: number) => {
    total[k][0] += hit;
    total[k][1] += n;
  };
  for (const t of truth ?? []) {
    it(t.file, () => {
      const { call: input } = loadCall(resolve(SHARED_SAMPLES, t.file));
      const f: CallFacts = extractCallFacts(input, { now: NOW });
      callFactsSchema.parse(f);
      const comp = t.competitors.filter((c) => f.competitors.some((x) => lc(x).includes(lc(c)))).length;
      const types = new Set(f.objections.map((o) => o.type as string));
      const obj = t.objections.filter((o) => types.has(o)).length;
      const amt = t.amounts.filter((a) => f.amounts.some((x) => Math.abs(x.value - a) < 0.01)).length;
      const dated = t.steps.filter((s) => s.dates.length);
      const dates = dated.filter((s) => f.nextSteps.some((n) => n.dueDate && s.dates.includes(n.dueDate) && s.owners.some((o) => first(n.owner) === lc(o)))).length;
      const sides =
        t.sellerPeople.filter((n) => f.participants.some((p) => lc(p.name) === lc(n) && p.side === 'seller')).length +
        t.buyerPeople.filter((n) => f.participants.some((p) => lc(p.name) === lc(n) && p.side === 'buyer')).length;
      const co = (t.seller && lc(f.sellerCompany) === lc(t.seller) ? 1 : 0) + (t.buyer && f.buyerCompany && lc(t.buyer).startsWith(lc(f.buyerCompany)) ? 1 : 0);
      add('comp', comp, t.competitors.length);
      add('obj', obj, t.objections.length);
      add('amt', amt, t.amounts.length);
      add('dates', dates, dated.length);
      add('sides', sides, t.sellerPeople.length + t.buyerPeople.length);
      add('co', co, (t.seller ? 1 : 0) + (t.buyer ? 1 : 0));
      rows.push(`${t.file.padEnd(28)} competitors ${comp}/${t.competitors.length}  objections ${obj}/${t.objections.length}  amounts ${amt}/${t.amounts.length}  next-step owner+date ${dates}/${dated.length}`);
      // Per file: every named competitor and every objection type is found.
      assert.equal(comp, t.competitors.length, `competitors ${JSON.stringify(f.competitors)} vs ${JSON.stringify(t.competitors)}`);
      assert.equal(obj, t.objections.length, `objections ${[...types]} vs ${t.objections}`);
    });
  }
  it('meets the recall floor over all files', (ctx) => {
    for (const r of rows) ctx.diagnostic(r);
    const pct = (k: keyof typeof total) => total[k][0] / Math.max(1, total[k][1]);
    ctx.diagnostic(`totals: ${Object.entries(total).map(([k, [h, n]]) => `${k} ${h}/${n}`).join(', ')}`);
    assert.ok(pct('amt') >= 0.85, `amount recall ${pct('amt')}`);
    assert.ok(pct('dates') >= 0.85, `next-step date recall ${pct('dates')}`);
    assert.ok(pct('sides') >= 0.9, `side recall ${pct('sides')}`);
    assert.ok(pct('co') >= 0.9, `company recall ${pct('co')}`);
  });
});

const REALDATA = resolve(SHARED_SAMPLES, '../realdata');
describeWhen(existsSync(REALDATA))('shared real transcripts: robustness', () => {
  for (const file of existsSync(REALDATA) ? readdirSync(REALDATA).filter((f) => /\.(txt|vtt)$/.test(f)) : []) {
    // Speed is measured by the benchmarks (npm run bench), not asserted here.
    it(`${file}: schema-valid facts`, () => {
      const { call: input } = loadCall(resolve(REALDATA, file));
      const f = extractCallFacts(input, { now: NOW });
      assert.equal(callFactsSchema.safeParse(f).success, true, JSON.stringify(callFactsSchema.safeParse(f).error?.issues));
    });
  }
});
