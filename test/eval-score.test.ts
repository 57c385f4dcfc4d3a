/**
 * The extraction-quality scorer (src/eval/score.ts) and the folder runner
 * (src/eval/run.ts): matching rules per fact and the P/R/F1 arithmetic, on
 * hand-made facts, and one end-to-end run over the project's samples.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadTruthFolder, type ExpectedCall } from '../src/eval/expected.ts';
import { evaluateFolder, formatReport } from '../src/eval/run.ts';
import { accuracy, normCompany, prf, scoreCall, sumScores } from '../src/eval/score.ts';
import { callFacts } from './support/facts.ts';

const truth = (over: Partial<ExpectedCall> = {}): ExpectedCall => ({
  speakers: [
    { name: 'Dana Whitfield', side: 'seller' },
    { name: 'Raj Patel', side: 'buyer' },
  ],
  sellerCompany: 'Quorvane',
  buyerCompany: 'Northwind Traders',
  meetingDate: '2026-10-06',
  amounts: [{ value: 45000, currency: 'USD' }],
  competitors: ['Ledgerline', 'Paylance'],
  objections: ['price', 'timing'],
  nextSteps: [
    { owner: 'Dana Whitfield', dueDate: '2026-10-09', keyword: 'recap' },
    { owner: 'Raj Patel', dueDate: null, keyword: 'intro' },
  ],
  ...over,
});
const person = (name: string, side: 'seller' | 'buyer' | 'unknown', extra: Record<string, unknown> = {}) => ({ name, side, role: null, company: null, email: null, spoke: true, ...extra });

describe('scoreCall', () => {
  it('counts a perfect extraction as all true positives', () => {
    const s = scoreCall(
      callFacts({
        participants: [person('DANA WHITFIELD', 'seller'), person('Raj Patel', 'buyer')],
        sellerCompany: 'Quorvane Inc.',
        buyerCompany: 'northwind traders',
        amounts: [{ text: '$45,000', value: 45000, currency: 'USD', context: '' }],
        competitors: ['Ledgerline', 'Paylance Pro'],
        objections: [
          { type: 'price', speaker: 'Raj Patel', quote: 'q' },
          { type: 'price', speaker: 'Raj Patel', quote: 'q2' },
          { type: 'timing', speaker: 'Raj Patel', quote: 'q' },
        ],
        nextSteps: [
          { owner: 'Dana Whitfield', action: 'send the recap', dueDate: '2026-10-09', dueText: 'Friday' },
          { owner: 'Raj Patel', action: 'intro to Kim', dueDate: null, dueText: null },
        ],
      }),
      truth(),
    );
    for (const f of ['participants', 'competitors', 'objections', 'amounts', 'nextSteps'] as const) assert.deepEqual([s[f].tp, s[f].fp, s[f].fn], [s[f].tp, 0, 0], f);
    assert.equal(s.participants.tp, 2);
    assert.equal(s.objections.tp, 2, 'labels are a set per call');
    assert.equal(s.buyerCompany.right, 1, 'case and legal suffixes are ignored');
    assert.equal(s.sellerCompany.right, 1);
    assert.deepEqual(s.misses, []);
  });

  it('needs the right side, owner and date; a generic label counts only through the name it maps to', () => {
    const s = scoreCall(
      callFacts({
        participants: [person('Dana Whitfield', 'seller', { label: 'Speaker 1' }), person('Speaker 2', 'buyer'), person('Kim Lee', 'buyer', { spoke: false })],
        nextSteps: [
          { owner: 'Speaker 1', action: 'send the recap', dueDate: '2026-10-09', dueText: 'Friday' },
          { owner: 'Raj Patel', action: 'intro', dueDate: '2026-10-12', dueText: 'Monday' },
        ],
      }),
      truth(),
    );
    assert.deepEqual([s.participants.tp, s.participants.fp, s.participants.fn], [1, 1, 1], 'mentioned people are not counted; Speaker 2 is not Raj');
    assert.deepEqual([s.nextSteps.tp, s.nextSteps.fp, s.nextSteps.fn], [1, 1, 1], 'label owner maps to the name; a wrong date is a miss');
    assert.equal(s.buyerCompany.right, 0);
    assert.ok(s.misses.some((m) => m.startsWith('next step missed: Raj Patel')));
  });

  it('matches each found item to at most one true item, and scores call type only where the truth states it', () => {
    const s = scoreCall(
      callFacts({ callType: 'demo', amounts: [1, 2].map(() => ({ text: '$45k', value: 45000, currency: 'USD', context: '' })), competitors: ['Ledgerline', 'Ledgerline'] }),
      truth({ callType: 'discovery' }),
    );
    assert.deepEqual([s.amounts.tp, s.amounts.fp], [1, 1]);
    assert.deepEqual([s.competitors.tp, s.competitors.fp, s.competitors.fn], [1, 0, 1], 'duplicates collapse before matching');
    assert.deepEqual([s.callType.right, s.callType.total], [0, 1]);
    assert.equal(scoreCall(callFacts(), truth()).callType.total, 0);
  });

  it('scores names only on an internal meeting or an earnings call (no seller and buyer there)', () => {
    const facts = callFacts({ participants: [person('Dana Whitfield', 'unknown'), person('Raj Patel', 'unknown')] });
    for (const callType of ['internal', 'earnings'] as const) {
      const s = scoreCall(facts, truth({ callType }));
      assert.deepEqual([s.participants.tp, s.participants.fp, s.participants.fn], [2, 0, 0], callType);
    }
    const sales = scoreCall(facts, truth({ callType: 'demo' }));
    assert.deepEqual([sales.participants.tp, sales.participants.fp, sales.participants.fn], [0, 2, 2], 'a sales call still needs the side');
  });
});

describe('prf and sums', () => {
  it('computes precision, recall and F1, with both-empty as perfect', () => {
    assert.deepEqual(prf({ tp: 3, fp: 1, fn: 2, right: 0, total: 0 }), { precision: 0.75, recall: 0.6, f1: (2 * 0.75 * 0.6) / 1.35 });
    assert.deepEqual(prf({ tp: 0, fp: 0, fn: 0, right: 0, total: 0 }), { precision: 1, recall: 1, f1: 1 });
    assert.deepEqual(prf({ tp: 0, fp: 0, fn: 2, right: 0, total: 0 }), { precision: null, recall: 0, f1: 0 });
    assert.equal(accuracy({ tp: 0, fp: 0, fn: 0, right: 3, total: 4 }), 0.75);
    assert.equal(accuracy({ tp: 0, fp: 0, fn: 0, right: 0, total: 0 }), null);
  });
  it('sums counts over calls', () => {
    const a = scoreCall(callFacts({ competitors: ['Ledgerline'] }), truth());
    const b = scoreCall(callFacts({ competitors: ['Paylance', 'Chicago'] }), truth());
    const sum = sumScores([a, b]);
    assert.deepEqual([sum.competitors.tp, sum.competitors.fp, sum.competitors.fn], [2, 1, 2]);
    assert.deepEqual([sum.buyerCompany.right, sum.buyerCompany.total], [0, 2]);
  });
  it('normalises company names', () => {
    assert.equal(normCompany('The Halden Foods Co.'), 'halden foods');
    assert.equal(normCompany('Fjällström Logistik GmbH'), 'fjällström logistik');
    assert.equal(normCompany(null), '');
  });
});

describe('evaluateFolder', () => {
  it('scores the project samples and prints a table', () => {
    const r = evaluateFolder(resolve(import.meta.dirname, '../samples'), { now: new Date('2026-11-25T12:00:00Z') });
    assert.equal(r.calls, 9);
    assert.equal(r.given.buyerCompany.total, 9);
    assert.ok(r.given.participants.tp >= 25, `participants tp ${r.given.participants.tp}`);
    const table = formatReport(r);
    assert.match(table, /participants \(name\+side\)\s+1\.00/);
    assert.match(table, /no date given/);
  });
  it('rejects a folder without truth and a malformed truth file, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stellar-eval-'));
    assert.throws(() => loadTruthFolder(dir), /no expected\/ subfolder/);
    mkdirSync(join(dir, 'expected'));
    writeFileSync(join(dir, 'a.txt'), 'A: hi\nB: hello\n');
    writeFileSync(join(dir, 'expected', 'a.json'), JSON.stringify({ speakers: [{ name: 'A', side: 'seller' }], sellerCompany: null, buyerCompany: null, meetingDate: 'soon' }));
    assert.throws(() => loadTruthFolder(dir), /a\.json: meetingDate/);
  });
});
