/**
 * `npx tsx scripts/train-competitors.ts [--write] [--l2 0.03|auto] [--pool all|rules] [--variant all|evidence|no-verdict|verdict] [--threshold-on all|fresh] [--fresh-weight 1] [--folders a,b,…] [--misses] [--no-table]`
 *
 * Fits the learned competitor filter (src/agents/builtin/facts/competitorModel.ts) on the labelled folders and
 * measures it leave-one-folder-out: for each folder, fit on the others and score the held-out one, beside the
 * rules alone (micro F1 over competitor names, matched as src/eval/score.ts does). --write fits on all folders
 * and writes src/agents/builtin/facts/competitorWeights.ts; --no-table skips the held-out table (a --write after it was read).
 *
 * Owns: the folder list, labelling candidates with the truth, the threshold search, the held-out table and the
 * generated weights file. Must not: change features or the model (their own files). eval/blind2 is never used:
 * it stays a held-out set, scored only by `npm run eval`.
 */
import { existsSync } from 'node:fs';
import { extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { COMPETITOR_FEATURES, type CompetitorCandidate } from '../src/agents/builtin/facts/competitorFeatures.ts';
import { chooseCompetitors, poolOf, type CompetitorModel } from '../src/agents/builtin/facts/competitorModel.ts';
import { fitLogistic } from '../src/agents/builtin/facts/logistic.ts';
import { keepsCompetitors } from '../src/agents/builtin/facts/callType.ts';
import { loadCall, loadTruthFolder, trainingFolders, withGivenDate } from '../src/eval/expected.ts';
import { addCounts, countMatches, prf, sameCompetitor, zeroCount, type FactCount } from '../src/eval/score.ts';
import { commentedWeights, TRAIN_NOW, writeWeightsFile } from './train-support.ts';

const args = process.argv.slice(2);
const arg = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
// eval/tuning-people is left out: its truth leaves competitors empty on purpose (its README), so every name would be a negative.
const DEFAULT_FOLDERS = ['samples', 'eval/tuning', 'eval/blind', 'eval/blind3', ...trainingFolders()];
const FOLDERS = (arg('--folders')?.split(',') ?? DEFAULT_FOLDERS).filter((f) => existsSync(`${f}/expected`));
/**
 * The settings of the shipped filter (round 14: the default chooser since then), so a bare `--write` remakes it; the
 * weights file's header names only the flags that differ from these.
 */
const DEFAULTS = { l2: '0.03', variant: 'all', pool: 'all' as CompetitorModel['pool'] };
/** `--l2 auto`: chosen per fit by leave-one-folder-out inside the training folders, among L2_GRID. */
const l2Arg = arg('--l2') ?? DEFAULTS.l2;
const L2_GRID = [0.003, 0.01, 0.03, 0.1];
/**
 * Which feature columns a variant uses (the others are zeroed, so their weights stay 0 and files keep one shape):
 * `all`; `no-verdict` without "rules kept it"; `evidence` without anything the phrase rules concluded.
 */
const variant = arg('--variant') ?? DEFAULTS.variant;
/** How much a call from a folder the rules were never tuned on (eval/train*) counts in the fit: there the rules' verdict is not a leak of the truth. */
const freshWeight = Number(arg('--fresh-weight') ?? 1);
const isFresh = (folder: string) => /^eval\/train/.test(folder);
const RULE_DERIVED = (f: string) => f === 'rules kept it' || f.startsWith('rule source:') || f.startsWith('rules dropped it:') || f === 'found only as a capitalised run';
const mask = COMPETITOR_FEATURES.map((f) =>
  variant === 'all' ? 1 : variant === 'no-verdict' ? Number(f !== 'rules kept it') : variant === 'verdict' ? Number(f === 'rules kept it' || !RULE_DERIVED(f)) : Number(!RULE_DERIVED(f)),
);
/** `--threshold-on fresh`: choose the threshold on the fresh training calls only (when there are any). */
const thresholdOn = arg('--threshold-on') ?? 'all';

interface Row {
  folder: string;
  file: string;
  truth: string[];
  rules: string[];
  /** The call type keeps competitors (keepsCompetitors in callType.ts). */
  sales: boolean;
  candidates: CompetitorCandidate[];
}

/** Same name matching as the evaluation. */
const same = sameCompetitor;

const rows: Row[] = [];
for (const folder of FOLDERS) {
  for (const t of loadTruthFolder(folder)) {
    const { call } = loadCall(t.path);
    const { facts, competitors } = extractCallFactsWithMeta(withGivenDate(call, t.expected), { now: TRAIN_NOW, competitorChooser: 'rules' });
    rows.push({ folder, file: t.file, truth: t.expected.competitors, rules: facts.competitors, sales: keepsCompetitors(facts.callType), candidates: competitors.candidates.map((c) => ({ ...c, x: c.x.map((v, i) => v * mask[i]!) })) });
  }
}

const countsOf = (found: string[], truth: string[]): FactCount => countMatches([...new Set(found.map((c) => c.replace(/ \(native\)$/, '')))], truth, same);
const f1 = (c: FactCount) => prf(c).f1 ?? 0;
/** `--pool rules`: the model judges only the names the rules kept; `--pool all`: every candidate. */
const pool = (arg('--pool') ?? DEFAULTS.pool) as CompetitorModel['pool'];
const predict = (m: CompetitorModel, r: Row) => (r.sales ? chooseCompetitors(m, r.candidates) : []);

/** Fits on these calls; the threshold is the one with the best micro F1 on them. */
function train(data: Row[], l2: number): CompetitorModel & { l2: number } {
  // The call-type filter empties competitors of calls that keep none (earnings, other non-sales types): they teach nothing.
  const used = data.filter((r) => r.sales);
  // The model is fitted on the candidates it will judge (its pool).
  const judged = (r: Row) => poolOf({ pool }, r.candidates);
  const X = used.flatMap((r) => judged(r).map((c) => c.x));
  const y = used.flatMap((r) => judged(r).map((c) => (r.truth.some((t) => same(c.name, t)) ? 1 : 0)));
  const wt = used.flatMap((r) => judged(r).map(() => (isFresh(r.folder) ? freshWeight : 1)));
  const weights = fitLogistic(X, y, { l2, rowWeights: wt, iterations: Number(arg('--iterations') ?? 3000) });
  let best = { threshold: 0.5, f: -1 };
  const tuneOn = thresholdOn === 'fresh' && data.some((r) => isFresh(r.folder)) ? data.filter((r) => isFresh(r.folder)) : data;
  for (let k = 1; k < 20; k++) {
    const m: CompetitorModel = { features: COMPETITOR_FEATURES, weights, threshold: k / 20, pool };
    const f = f1(tuneOn.reduce((c, r) => addCounts(c, countsOf(predict(m, r), r.truth)), zeroCount()));
    if (f > best.f) best = { threshold: k / 20, f };
  }
  return { features: COMPETITOR_FEATURES, weights, threshold: best.threshold, pool, l2 };
}

/** With `--l2 auto`, the L2 whose fits score best on the training folders each left out in turn (pooled micro F1; ties: the stronger). */
function trainAuto(data: Row[]): CompetitorModel & { l2: number } {
  if (l2Arg !== 'auto') return train(data, Number(l2Arg));
  const folders = [...new Set(data.map((r) => r.folder))];
  let best = { l2: L2_GRID[0]!, f: -1 };
  for (const l2 of L2_GRID) {
    let c = zeroCount();
    for (const inner of folders) {
      const m = train(data.filter((r) => r.folder !== inner), l2);
      for (const r of data.filter((r) => r.folder === inner)) c = addCounts(c, countsOf(predict(m, r), r.truth));
    }
    if (f1(c) >= best.f) best = { l2, f: f1(c) };
  }
  return train(data, best.l2);
}

const fmt = (c: FactCount) => `${f1(c).toFixed(2)} (tp ${c.tp} fp ${c.fp} fn ${c.fn})`;
const reachOf = (r: Row) => r.truth.filter((t) => r.candidates.some((c) => same(c.name, t))).length;
console.log(`pool ${pool}, variant ${variant}, l2 ${l2Arg}, fresh weight ${freshWeight}; ${rows.length} calls, ${rows.reduce((n, r) => n + r.candidates.length, 0)} candidates, ${rows.reduce((n, r) => n + r.truth.length, 0)} true competitors\n`);
console.log('held-out folder        calls  rules F1                   learned F1 (held out)      truth among candidates');
let tot = { rules: zeroCount(), learned: zeroCount(), reach: 0, truth: 0, n: 0 };
for (const held of args.includes('--no-table') ? [] : FOLDERS) {
  const test = rows.filter((r) => r.folder === held);
  const model = trainAuto(rows.filter((r) => r.folder !== held));
  const rules = test.reduce((c, r) => addCounts(c, countsOf(r.rules, r.truth)), zeroCount());
  const learned = test.reduce((c, r) => addCounts(c, countsOf(predict(model, r), r.truth)), zeroCount());
  const reach = test.reduce((n, r) => n + reachOf(r), 0);
  const truth = test.reduce((n, r) => n + r.truth.length, 0);
  tot = { rules: addCounts(tot.rules, rules), learned: addCounts(tot.learned, learned), reach: tot.reach + reach, truth: tot.truth + truth, n: tot.n + test.length };
  console.log(`${held.padEnd(22)} ${String(test.length).padStart(5)}  ${fmt(rules).padEnd(25)}  ${fmt(learned).padEnd(25)}  ${reach}/${truth}  (threshold ${model.threshold}, l2 ${model.l2})`);
  if (args.includes('--misses') && !/blind2|blind4|blind5/.test(held)) for (const r of test) {
    const p = predict(model, r);
    const miss = r.truth.filter((t) => !p.some((c) => same(c, t)));
    const extra = p.filter((c) => !r.truth.some((t) => same(c, t)));
    if (miss.length || extra.length) console.log(`    ${r.file}: missed ${JSON.stringify(miss)}, extra ${JSON.stringify(extra)}; rules ${JSON.stringify(r.rules)}`);
  }
}
if (tot.n) console.log(`${'all'.padEnd(22)} ${String(tot.n).padStart(5)}  ${fmt(tot.rules).padEnd(25)}  ${fmt(tot.learned).padEnd(25)}  ${tot.reach}/${tot.truth}`);

if (args.includes('--write')) {
  const model = trainAuto(rows);
  const l2 = model.l2;
  writeWeightsFile({
    file: 'src/agents/builtin/facts/competitorWeights.ts',
    script: 'train-competitors.ts',
    settings: `pool ${pool}, variant ${variant}, l2 ${l2Arg === 'auto' ? `auto → ${l2}` : l2}, fresh weight ${freshWeight}`,
    folders: FOLDERS,
    inputs: 'competitorFeatures.ts, the competitor rules or the truth files',
    flags: `${pool === DEFAULTS.pool ? '' : ` --pool ${pool}`}${variant === DEFAULTS.variant ? '' : ` --variant ${variant}`}${l2Arg === DEFAULTS.l2 ? '' : ` --l2 ${l2Arg}`}${freshWeight === 1 ? '' : ` --fresh-weight ${freshWeight}`}`,
    owns: 'the learned competitor filter (competitorModel.ts)',
    type: 'CompetitorModel',
    typeModule: './competitorModel.ts',
    name: 'COMPETITOR_MODEL',
    features: COMPETITOR_FEATURES,
    rest: `  weights: [\n${commentedWeights(model.weights, COMPETITOR_FEATURES)}\n  ],\n  threshold: ${model.threshold},\n  pool: '${pool}',`,
  });
  console.log(`\nwrote src/agents/builtin/facts/competitorWeights.ts (threshold ${model.threshold}, l2 ${model.l2})`);
}
