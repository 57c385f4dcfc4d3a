/**
 * `npx tsx scripts/train-objections.ts [--write] [--l2 0.03] [--fresh-weight 1] [--threshold-on all|fresh] [--misses]`
 *
 * Fits the learned objection adder (src/agents/builtin/facts/objectionModel.ts) on the labelled folders and
 * measures it leave-one-folder-out: for each folder, fit on the others and score the held-out one — the rules alone
 * beside the rules plus what the adder adds (micro F1 over objection types per call, as `npm run eval` counts it).
 * --write fits on all folders and writes src/agents/builtin/facts/objectionWeights.ts.
 *
 * Owns: the folder list, labelling candidates with the truth, the threshold search, the held-out table and the
 * generated weights file. Must not: change features or the model (their own files). eval/blind2 and the blind
 * sets are never used (they stay held out, scored only by `npm run eval`); eval/tuning-people's truth leaves
 * objections empty on purpose.
 */
import { extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { isSalesCall } from '../src/agents/builtin/facts/callType.ts';
import { OBJECTION_FEATURES, OBJECTION_TYPES_LEARNED, type ObjectionCandidate } from '../src/agents/builtin/facts/objectionFeatures.ts';
import { addedObjections, type ObjectionModel } from '../src/agents/builtin/facts/objectionModel.ts';
import { fitLogistic } from '../src/agents/builtin/facts/logistic.ts';
import type { ObjectionType } from '../src/agents/types.ts';
import { loadCall, loadTruthFolder, trainingFolders, withGivenDate } from '../src/eval/expected.ts';
import { addCounts, countMatches, prf, zeroCount, type FactCount } from '../src/eval/score.ts';
import { rounded, TRAIN_NOW, writeWeightsFile } from './train-support.ts';

const args = process.argv.slice(2);
const arg = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const FOLDERS = ['samples', 'eval/tuning', 'eval/blind', 'eval/blind3', ...trainingFolders()];
const l2 = Number(arg('--l2') ?? 0.03);
/** How much a call from a folder the rules were never tuned on (eval/train*) counts in the fit. */
const freshWeight = Number(arg('--fresh-weight') ?? 1);
const thresholdOn = arg('--threshold-on') ?? 'all';
const isFresh = (folder: string) => /^eval\/train/.test(folder);

interface Row {
  folder: string;
  file: string;
  truth: Set<ObjectionType>;
  rules: Set<ObjectionType>;
  sales: boolean;
  candidates: ObjectionCandidate[];
}

const rows: Row[] = [];
for (const folder of FOLDERS) {
  for (const t of loadTruthFolder(folder)) {
    const { call } = loadCall(t.path);
    const { facts, objections } = extractCallFactsWithMeta(withGivenDate(call, t.expected), { now: TRAIN_NOW, objectionChooser: 'rules' });
    rows.push({
      folder, file: t.file, truth: new Set(t.expected.objections as ObjectionType[]), rules: new Set(facts.objections.map((o) => o.type)),
      sales: isSalesCall(facts.callType), candidates: objections.candidates,
    });
  }
}

const f1 = (c: FactCount) => prf(c).f1 ?? 0;
const countsOf = (found: Set<ObjectionType>, truth: Set<ObjectionType>): FactCount => countMatches([...found], [...truth], (a, b) => a === b);
const predict = (m: ObjectionModel | null, r: Row) =>
  new Set(r.sales ? [...r.rules, ...(m ? addedObjections(m, r.candidates).map((c) => c.type) : [])] : []);
const score = (m: ObjectionModel | null, data: Row[]) => data.reduce((c, r) => addCounts(c, countsOf(predict(m, r), r.truth)), zeroCount());

/** Fits one logistic regression per type on the calls' candidates; the threshold is the one with the best micro F1. */
function train(data: Row[]): ObjectionModel {
  const used = data.filter((r) => r.sales);
  const weights = {} as Record<ObjectionType, number[]>;
  for (const type of OBJECTION_TYPES_LEARNED) {
    const cands = used.flatMap((r) => r.candidates.filter((c) => c.type === type).map((c) => ({ c, r })));
    weights[type] = fitLogistic(cands.map(({ c }) => c.x), cands.map(({ r }) => (r.truth.has(type) ? 1 : 0)), {
      l2, iterations: 3000, rowWeights: cands.map(({ r }) => (isFresh(r.folder) ? freshWeight : 1)),
    });
  }
  const tuneOn = thresholdOn === 'fresh' && data.some((r) => isFresh(r.folder)) ? data.filter((r) => isFresh(r.folder)) : data;
  let best = { threshold: 1.01, f: f1(score(null, tuneOn)) };
  for (let k = 4; k < 20; k++) {
    const m: ObjectionModel = { features: OBJECTION_FEATURES, weights, threshold: k / 20 };
    const f = f1(score(m, tuneOn));
    if (f > best.f) best = { threshold: k / 20, f };
  }
  return { features: OBJECTION_FEATURES, weights, threshold: best.threshold };
}

const fmt = (c: FactCount) => `${f1(c).toFixed(3)} (tp ${c.tp} fp ${c.fp} fn ${c.fn})`;
console.log(`l2 ${l2}, fresh weight ${freshWeight}, threshold on ${thresholdOn}; ${rows.length} calls, ${rows.reduce((n, r) => n + r.candidates.length, 0)} candidates\n`);
console.log('held-out folder        calls  rules F1                    rules + adder F1 (held out)');
let tot = { rules: zeroCount(), learned: zeroCount(), fresh: { rules: zeroCount(), learned: zeroCount() } };
/** What the adder added on held-out fresh calls, per type: right (the truth has it) or wrong. */
const addedByType = new Map(OBJECTION_TYPES_LEARNED.map((t) => [t, { right: 0, wrong: 0 }]));
for (const held of FOLDERS) {
  const test = rows.filter((r) => r.folder === held);
  const model = train(rows.filter((r) => r.folder !== held));
  const rules = score(null, test);
  const learned = score(model, test);
  tot = { rules: addCounts(tot.rules, rules), learned: addCounts(tot.learned, learned), fresh: isFresh(held) ? { rules: addCounts(tot.fresh.rules, rules), learned: addCounts(tot.fresh.learned, learned) } : tot.fresh };
  if (isFresh(held)) for (const r of test) for (const t of predict(model, r)) if (!r.rules.has(t)) addedByType.get(t)![r.truth.has(t) ? 'right' : 'wrong']++;
  console.log(`${held.padEnd(22)} ${String(test.length).padStart(5)}  ${fmt(rules).padEnd(26)}  ${fmt(learned).padEnd(26)}  (threshold ${model.threshold})`);
  if (args.includes('--misses') && isFresh(held)) for (const r of test) {
    const p = predict(model, r);
    const miss = [...r.truth].filter((t) => !p.has(t));
    const extra = [...p].filter((t) => !r.truth.has(t) && !r.rules.has(t));
    if (miss.length || extra.length) console.log(`    ${r.file}: missed ${miss.join(',')}; added wrongly ${extra.join(',')}`);
  }
}
console.log(`${'fresh folders'.padEnd(22)} ${String(rows.filter((r) => isFresh(r.folder)).length).padStart(5)}  ${fmt(tot.fresh.rules).padEnd(26)}  ${fmt(tot.fresh.learned)}`);
console.log(`${'all'.padEnd(22)} ${String(rows.length).padStart(5)}  ${fmt(tot.rules).padEnd(26)}  ${fmt(tot.learned)}`);
console.log(`\nadded on held-out fresh calls, right/wrong: ${[...addedByType].map(([t, c]) => `${t} ${c.right}/${c.wrong}`).join(', ')}`);

if (args.includes('--write')) {
  const model = train(rows);
  writeWeightsFile({
    file: 'src/agents/builtin/facts/objectionWeights.ts',
    script: 'train-objections.ts',
    settings: `l2 ${l2}, fresh weight ${freshWeight}, threshold on ${thresholdOn}`,
    folders: FOLDERS,
    inputs: 'objectionFeatures.ts, the objection rules or the truth files',
    flags: `${l2 === 0.03 ? '' : ` --l2 ${l2}`}${freshWeight === 1 ? '' : ` --fresh-weight ${freshWeight}`}${thresholdOn === 'all' ? '' : ` --threshold-on ${thresholdOn}`}`,
    owns: 'the learned objection adder (objectionModel.ts)',
    type: 'ObjectionModel',
    typeModule: './objectionModel.ts',
    name: 'OBJECTION_MODEL',
    features: OBJECTION_FEATURES,
    rest: `  weights: {\n${OBJECTION_TYPES_LEARNED.map((t) => `    ${t}: [${model.weights[t].map(rounded).join(', ')}],`).join('\n')}\n  },\n  threshold: ${model.threshold},`,
  });
  console.log(`\nwrote src/agents/builtin/facts/objectionWeights.ts (threshold ${model.threshold})`);
}
