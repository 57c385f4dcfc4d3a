/**
 * `npx tsx scripts/train-sides.ts [--write] [--l2 0.03] [--threshold 0.8|search] [--misses]`
 *
 * Fits the side check (src/agents/builtin/facts/sideModel.ts) on the labelled folders and measures it
 * leave-one-folder-out: for each folder, fit on the others and count, on the held-out one, the speakers whose side
 * the rules got right and the speakers right after the check's swaps. Each call is a row labelled "the rules' sides
 * are the wrong way round" when most of its matched speakers are on the other side in the truth; each row also
 * enters mirrored (the row negated, the label flipped), so the fit learns which group talks like the seller.
 * --write fits on all folders and writes src/agents/builtin/facts/sideWeights.ts.
 *
 * Owns: the folder list, labelling rows with the truth, the threshold search, the held-out table and the generated
 * weights file. Must not: change features or the model (their own files). The blind sets are never used.
 */
import { extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { fitLogistic } from '../src/agents/builtin/facts/logistic.ts';
import { SIDE_FEATURES } from '../src/agents/builtin/facts/sideFeatures.ts';
import { sidesWrongProbability, type SideModel } from '../src/agents/builtin/facts/sideModel.ts';
import { loadCall, loadTruthFolder, trainingFolders, withGivenDate } from '../src/eval/expected.ts';
import { normName } from '../src/eval/score.ts';
import { rounded, TRAIN_NOW, writeWeightsFile } from './train-support.ts';

const args = process.argv.slice(2);
const arg = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const FOLDERS = ['samples', 'eval/tuning', 'eval/tuning-people', 'eval/blind', 'eval/blind3', ...trainingFolders()];
const l2 = Number(arg('--l2') ?? 0.03);
/**
 * A swap is made only when the check is this sure: a wrong swap costs more than a missed one (it also moves the
 * companies and whose words count as objections). 'search' picks the threshold with the most speakers right in-sample.
 */
const thresholdArg = arg('--threshold') ?? '0.8';

interface Row {
  folder: string;
  file: string;
  x: number[];
  /** Speakers on a side the truth agrees with, and on the opposite one. */
  agree: number;
  disagree: number;
}

const rows: Row[] = [];
for (const folder of FOLDERS) {
  for (const t of loadTruthFolder(folder)) {
    if (t.expected.callType === 'internal' || t.expected.callType === 'earnings') continue;
    const { call } = loadCall(t.path);
    const { facts, sides } = extractCallFactsWithMeta(withGivenDate(call, t.expected), { now: TRAIN_NOW, sideChooser: 'rules' });
    if (!sides.x) continue;
    let agree = 0;
    let disagree = 0;
    for (const p of facts.participants) {
      if (p.side !== 'seller' && p.side !== 'buyer') continue;
      const s = t.expected.speakers.find((e) => normName(e.name) === normName(p.name) || normName(e.name) === normName(p.label));
      if (!s || (s.side !== 'seller' && s.side !== 'buyer')) continue;
      if (s.side === p.side) agree++;
      else disagree++;
    }
    if (agree + disagree) rows.push({ folder, file: t.file, x: sides.x, agree, disagree });
  }
}

const wrong = (r: Row) => r.disagree > r.agree;
/** Speakers on the right side when the model swaps where it is sure. */
const rightWith = (m: SideModel | null, r: Row) => (m && sidesWrongProbability(m, r.x) >= m.threshold ? r.disagree : r.agree);

function train(data: Row[]): SideModel {
  const used = data.filter((r) => r.agree !== r.disagree);
  const X = used.flatMap((r) => [[1, ...r.x], [1, ...r.x.map((v) => -v)]]);
  const y = used.flatMap((r) => (wrong(r) ? [1, 0] : [0, 1]));
  const weights = fitLogistic(X, y, { l2, iterations: 4000 });
  if (thresholdArg !== 'search') return { features: SIDE_FEATURES, weights, threshold: Number(thresholdArg) };
  // The threshold with the most speakers right on the training calls (ties: the higher, fewer swaps).
  let best = { threshold: 1.01, right: data.reduce((n, r) => n + r.agree, 0) };
  for (let k = 10; k < 40; k++) {
    const m: SideModel = { features: SIDE_FEATURES, weights, threshold: k / 40 };
    const right = data.reduce((n, r) => n + rightWith(m, r), 0);
    if (right >= best.right) best = { threshold: k / 40, right };
  }
  return { features: SIDE_FEATURES, weights, threshold: best.threshold };
}

console.log(`l2 ${l2}, threshold ${thresholdArg}; ${rows.length} calls with two sides, ${rows.filter(wrong).length} of them the wrong way round by the rules\n`);
console.log('held-out folder        calls  wrong  speakers right: rules → checked   swaps right/wrong');
const tot = { calls: 0, wrong: 0, rules: 0, checked: 0, speakers: 0, good: 0, bad: 0 };
for (const held of FOLDERS) {
  const test = rows.filter((r) => r.folder === held);
  if (!test.length) continue;
  const model = train(rows.filter((r) => r.folder !== held));
  const rules = test.reduce((n, r) => n + r.agree, 0);
  const checked = test.reduce((n, r) => n + rightWith(model, r), 0);
  const swapped = test.filter((r) => sidesWrongProbability(model, r.x) >= model.threshold);
  const good = swapped.filter(wrong).length;
  const bad = swapped.length - good;
  const speakers = test.reduce((n, r) => n + r.agree + r.disagree, 0);
  Object.assign(tot, { calls: tot.calls + test.length, wrong: tot.wrong + test.filter(wrong).length, rules: tot.rules + rules, checked: tot.checked + checked, speakers: tot.speakers + speakers, good: tot.good + good, bad: tot.bad + bad });
  console.log(`${held.padEnd(22)} ${String(test.length).padStart(5)}  ${String(test.filter(wrong).length).padStart(5)}  ${`${rules} → ${checked} of ${speakers}`.padEnd(30)} ${good}/${bad}  (threshold ${model.threshold})`);
  if (args.includes('--misses')) for (const r of test) {
    const p = sidesWrongProbability(model, r.x);
    if (wrong(r) || p >= model.threshold) console.log(`    ${r.file}: ${wrong(r) ? 'wrong way round' : 'right'}, p ${p.toFixed(2)}`);
  }
}
console.log(`${'all'.padEnd(22)} ${String(tot.calls).padStart(5)}  ${String(tot.wrong).padStart(5)}  ${`${tot.rules} → ${tot.checked} of ${tot.speakers}`.padEnd(30)} ${tot.good}/${tot.bad}`);

if (args.includes('--write')) {
  const model = train(rows);
  writeWeightsFile({
    file: 'src/agents/builtin/facts/sideWeights.ts',
    script: 'train-sides.ts',
    settings: `l2 ${l2}, threshold ${thresholdArg}`,
    folders: FOLDERS,
    inputs: 'sideFeatures.ts, the people rules or the truth files',
    flags: `${l2 === 0.03 ? '' : ` --l2 ${l2}`}${thresholdArg === '0.8' ? '' : ` --threshold ${thresholdArg}`}`,
    owns: 'the side check (sideModel.ts)',
    type: 'SideModel',
    typeModule: './sideModel.ts',
    name: 'SIDE_MODEL',
    features: SIDE_FEATURES,
    rest: `  weights: [${model.weights.map(rounded).join(', ')}],\n  threshold: ${model.threshold},`,
  });
  console.log(`\nwrote src/agents/builtin/facts/sideWeights.ts (threshold ${model.threshold}; weights ${model.weights.map(rounded).join(', ')})`);
}
