/**
 * Periods in questions (chrono-node plus week/month words) and name matching
 * in questions (the built-in planner's lexicon): pure functions, no database.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findIn, fold, type LexiconEntry } from '../src/reasoning/lexicon.ts';
import { inPeriod, parsePeriod } from '../src/reasoning/periods.ts';

const NOW = new Date('2026-11-18T12:00:00Z'); // a Wednesday
const range = (q: string) => {
  const p = parsePeriod(q, NOW);
  return p ? [p.since?.toISOString().slice(0, 10) ?? null, p.until?.toISOString().slice(0, 10) ?? null] : null;
};

describe('periods', () => {
  test('weeks start on Monday; "next week" is the whole next week', () => {
    assert.deepEqual(range('due next week'), ['2026-11-23', '2026-11-30']);
    assert.deepEqual(range('this week'), ['2026-11-16', '2026-11-23']);
    assert.deepEqual(range('last week'), ['2026-11-09', '2026-11-16']);
    assert.deepEqual(range('in the week of November 4, 2026'), ['2026-11-02', '2026-11-09']);
  });
  test('months, ranges (end day included), open ends, single days', () => {
    assert.deepEqual(range('in October 2026'), ['2026-10-01', '2026-11-01']);
    assert.deepEqual(range('this month'), ['2026-11-01', '2026-12-01']);
    assert.deepEqual(range('between November 9 and November 13, 2026'), ['2026-11-09', '2026-11-14']);
    assert.deepEqual(range('since October 20, 2026'), ['2026-10-20', null]);
    assert.deepEqual(range('before November 1, 2026'), [null, '2026-11-01']);
    assert.deepEqual(range('on November 5, 2026'), ['2026-11-05', '2026-11-06']);
    assert.equal(range('which calls mention Routelane?'), null);
  });
  test('inPeriod is half-open', () => {
    const p = parsePeriod('next week', NOW)!;
    assert.equal(inPeriod('2026-11-23T00:00:00Z', p), true);
    assert.equal(inPeriod('2026-11-30T00:00:00Z', p), false);
    assert.equal(inPeriod(null, p), false);
    assert.equal(inPeriod(null, null), true);
  });
});

describe('names in questions', () => {
  const accounts: LexiconEntry[] = [
    { name: 'Halden Foods', keys: ['halden foods', 'halden'] },
    { name: 'Nørrelund Fragt A/S', keys: ['norrelund fragt', 'norrelund'] },
  ];
  test('full names, distinctive first words, accents and possessives', () => {
    assert.deepEqual(findIn('What did Halden say about pricing?', accounts).map((e) => e.name), ['Halden Foods']);
    assert.deepEqual(findIn("Nørrelund's timing, and Halden Foods", accounts).map((e) => e.name), ['Nørrelund Fragt A/S', 'Halden Foods']);
    assert.deepEqual(findIn('Haldenberg is someone else', accounts), []);
    assert.equal(fold('Søren Kjærgaard'), 'soren kjaergaard');
  });
});
