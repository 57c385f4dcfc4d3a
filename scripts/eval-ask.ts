/**
 * `npm run eval:ask`: the ask evaluation over the project's samples/ — a
 * fresh test database, the pipeline run on the nine calls (built-in provider),
 * then every question of eval/ask/questions.json through the built-in planner.
 * Prints each miss, the exact-answer rate and the citation precision; exits 1
 * below the bar (22 exact answers). `--json` prints the report as JSON.
 * Search is the full-text stand-in (test/support/ftsSearch.ts) until hybrid
 * search is wired in.
 */
import '../src/processDefaults.ts';
import { askEngine } from '../src/reasoning/engine.ts';
import { BuiltinPlanner } from '../src/reasoning/planners/builtin/index.ts';
import { createThreadStore } from '../src/reasoning/threads.ts';
import { createAskCorpus } from '../test/support/askCorpus.ts';
import { evaluateAsk } from '../test/support/askEval.ts';
import { createFtsSearch } from '../test/support/ftsSearch.ts';

export const EXACT_BAR = 22;

const json = process.argv.includes('--json');
const corpus = await createAskCorpus('eval_ask');
try {
  const { db, pool } = corpus.app.handle;
  const engine = askEngine({
    db,
    search: createFtsSearch(db),
    planner: new BuiltinPlanner({ db }),
    checkpointer: await createThreadStore({ pool }),
    maxSteps: corpus.app.config.STELLAR_ASK_MAX_STEPS,
    sqlTimeoutMs: corpus.app.config.STELLAR_ASK_SQL_TIMEOUT_MS,
    sqlMaxRows: corpus.app.config.STELLAR_ASK_SQL_MAX_ROWS,
  });
  const report = await evaluateAsk(engine);
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const r of report.results) {
      if (r.exact) continue;
      console.log(`✗ ${r.id}: ${r.question}`);
      if (r.missingFacts.length) console.log(`    missing facts: ${r.missingFacts.join(' | ')}`);
      if (r.missingCitations.length) console.log(`    missing citations: ${r.missingCitations.join(', ')}`);
      console.log(`    answer: ${r.answer.split('\n').join('\n            ')}`);
    }
    console.log(`\nexact answers: ${report.exact}/${report.total} (${(report.exactRate * 100).toFixed(1)}%); citation precision: ${(report.citationPrecision * 100).toFixed(1)}%`);
  }
  if (report.exact < EXACT_BAR) process.exitCode = 1;
} finally {
  await corpus.close();
}
