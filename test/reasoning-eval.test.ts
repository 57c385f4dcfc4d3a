/**
 * Quality of the built-in planner, measured: every question of
 * eval/ask/questions.json (written before the planner was tuned) over the
 * nine samples/ calls run through the pipeline. At least 22 must be answered
 * exactly (every expected fact in the answer, every required call cited), and
 * most cited calls must be ones the question is about.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAskCorpus, type AskCorpus } from './support/askCorpus.ts';
import { testAskEngine } from './support/askEngine.ts';
import { evaluateAsk, loadEvalFile, type EvalReport } from './support/askEval.ts';

const EXACT_BAR = 22;
const PRECISION_BAR = 0.8;

describe('ask evaluation (built-in planner)', () => {
  let corpus: AskCorpus;
  let report: EvalReport;
  before(async () => {
    corpus = await createAskCorpus('reasoning_eval');
    report = await evaluateAsk(await testAskEngine({ db: corpus.app.handle.db, pool: corpus.app.handle.pool }));
  });
  after(async () => corpus?.close());

  test('the question set has at least 25 questions, each with facts to find', () => {
    const file = loadEvalFile();
    assert.ok(file.questions.length >= 25);
    assert.equal(new Set(file.questions.map((q) => q.id)).size, file.questions.length, 'ids are unique');
    for (const q of file.questions) assert.ok(q.facts.length > 0, q.id);
    assert.equal(report.total, file.questions.length);
  });

  test(`answers at least ${EXACT_BAR} questions exactly`, () => {
    const misses = report.results.filter((r) => !r.exact).map((r) => `${r.id}: missing ${[...r.missingFacts, ...r.missingCitations].join(', ')}`);
    assert.ok(report.exact >= EXACT_BAR, `${report.exact}/${report.total} exact; misses:\n${misses.join('\n')}`);
  });

  test(`citation precision is at least ${PRECISION_BAR * 100}%`, () => {
    assert.ok(report.citationPrecision >= PRECISION_BAR, `citation precision ${report.citationPrecision}`);
  });

  test('what it cannot answer, it says, and cites nothing', () => {
    for (const r of report.results.filter((x) => x.id.startsWith('cannot-'))) {
      assert.match(r.answer, /cannot/, r.id);
      assert.deepEqual(r.citedFiles, [], r.id);
    }
  });
});
