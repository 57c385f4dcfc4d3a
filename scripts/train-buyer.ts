/**
 * `npx tsx scripts/train-buyer.ts [--side buyer|seller] [--write] [--l2 0.01] [--variant evidence|rules] [--fresh-weight 5] [--misses]`
 *
 * Fits the learned buyer-company (or, with --side seller, seller-company) chooser (src/agents/builtin/facts/buyerModel.ts) on the labelled folders and
 * measures it leave-one-set-out: for each folder, fit on the other five and score the held-out one, beside the
 * rules alone. --write fits on every folder and writes src/agents/builtin/facts/buyerWeights.ts (sellerWeights.ts with --side seller).
 *
 * Owns: the folder list, labelling candidates with the truth (same name matching as src/eval/score.ts), the
 * held-out table and the generated weights file. Must not: change features or the model (their own files).
 * Variants: `evidence` uses only the counted evidence; `rules` adds the rules' own choice and hand-tuned margin.
 */
import { extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { BUYER_FEATURES, type BuyerCandidate } from '../src/agents/builtin/facts/buyerFeatures.ts';
import { decideCompany, fitChooser, type BuyerModel, type FitCall } from '../src/agents/builtin/facts/buyerModel.ts';
import { isSalesCall } from '../src/agents/builtin/facts/callType.ts';
import { loadCall, loadTruthFolder, trainingFolders, withGivenDate } from '../src/eval/expected.ts';
import { normCompany } from '../src/eval/score.ts';
import { commentedWeights, TRAIN_NOW, writeWeightsFile } from './train-support.ts';

/** Folders the rules were tuned on (their misses were read), and fresh folders written for training (the rules never saw them). */
const TUNED = ['samples', 'eval/tuning', 'eval/tuning-people', 'eval/blind', 'eval/blind2', 'eval/blind3'];
const FRESH = trainingFolders();
const FOLDERS = [...TUNED, ...FRESH];
const RULE_FEATURES = new Set(['rules chose it', 'introductions chose it', 'rules margin (buyer-seller)/5']);
/** For the seller, "is the seller" is the rules' own choice. */
const SELLER_RULE_FEATURES = new Set(['is the seller']);

const args = process.argv.slice(2);
const arg = (k: string) => (args.includes(k) ? args[args.indexOf(k) + 1] : undefined);
const l2 = Number(arg('--l2') ?? 0.01);
const variant = arg('--variant') ?? 'evidence';
const side = (arg('--side') ?? 'buyer') as 'buyer' | 'seller';
if (side !== 'buyer' && side !== 'seller') throw new Error('--side: buyer or seller');
const OUT = { buyer: { file: 'src/agents/builtin/facts/buyerWeights.ts', name: 'BUYER_MODEL' }, seller: { file: 'src/agents/builtin/facts/sellerWeights.ts', name: 'SELLER_MODEL' } }[side];
/** How much a fresh call counts in the fit beside a tuned one: the rules' evidence is overfit on the tuned folders. */
const freshWeight = Number(arg('--fresh-weight') ?? 5);
const minP = Number(arg('--min-p') ?? 0);

interface Row {
  folder: string;
  file: string;
  truth: string | null;
  rules: string | null;
  sales: boolean;
  candidates: BuyerCandidate[];
}

const rows: Row[] = [];
for (const folder of FOLDERS) {
  for (const t of loadTruthFolder(folder)) {
    const { call } = loadCall(t.path);
    const { facts, buyer } = extractCallFactsWithMeta(withGivenDate(call, t.expected), { now: TRAIN_NOW, buyerChooser: 'rules' });
    const truth = (side === 'buyer' ? t.expected.buyerCompany : t.expected.sellerCompany) ?? null;
    rows.push({ folder, file: t.file, truth, rules: side === 'buyer' ? facts.buyerCompany : buyer.rulesSeller, sales: isSalesCall(facts.callType), candidates: buyer.candidates });
  }
}

/** Which feature columns a variant uses (the others are zeroed, so weight files keep one shape). */
const mask = BUYER_FEATURES.map((f) => (variant === 'rules' || !(RULE_FEATURES.has(f) || (side === 'seller' && SELLER_RULE_FEATURES.has(f))) ? 1 : 0));
const masked = (x: number[]) => x.map((v, i) => v * mask[i]!);
const right = (found: string | null, truth: string | null) => normCompany(found) === normCompany(truth);

/** Fits on these calls; the threshold is the lowest that gets most training calls right (null is already an option). */
function train(data: Row[]): BuyerModel {
  // Calls the call-type filter sends to null teach nothing about the buyer.
  const calls: FitCall[] = data
    .filter((r) => r.sales)
    .map((r) => ({ X: r.candidates.map((c) => masked(c.x)), answer: r.candidates.findIndex((c) => right(c.org, r.truth)), weight: FRESH.includes(r.folder) ? freshWeight : 1 }));
  const weights = fitChooser(calls, { l2 });
  let best = { threshold: 0, acc: -1 };
  // --min-p: the lowest probability a choice needs (a product prints null rather than a weak guess).
  for (let k = Math.round(20 * minP); k < 20; k++) {
    const threshold = k / 20;
    const m: BuyerModel = { features: BUYER_FEATURES, weights, threshold };
    const acc = data.filter((r) => right(predict(m, r), r.truth)).length;
    if (acc > best.acc) best = { threshold, acc };
  }
  return { features: BUYER_FEATURES, weights, threshold: best.threshold };
}
/** What Stellar would print with this model: decideCompany (rules when a speaker tied them to the side, else the model). */
function predict(m: BuyerModel, r: Row): string | null {
  // Calls that are not sales calls get their companies elsewhere (the earnings host, a team's employer): not learned here.
  if (!r.sales) return side === 'buyer' ? null : r.rules;
  return decideCompany(side, m, r.candidates.map((c) => ({ org: c.org, x: masked(c.x) })), r.rules);
}

const pct = (a: number, n: number) => `${a}/${n} (${Math.round((100 * a) / n)}%)`;
console.log(`${side}, variant ${variant}, l2 ${l2}, fresh weight ${freshWeight}; ${rows.length} calls, ${rows.reduce((n, r) => n + r.candidates.length, 0)} candidates\n`);
console.log('held-out folder        calls  rules (tuned on it)  learned (held out)  truth among candidates');
let tot = { n: 0, rules: 0, learned: 0, reach: 0 };
for (const held of FOLDERS) {
  const test = rows.filter((r) => r.folder === held);
  const model = train(rows.filter((r) => r.folder !== held));
  const rulesRight = test.filter((r) => right(r.rules, r.truth)).length;
  const learnedRight = test.filter((r) => right(predict(model, r), r.truth)).length;
  // The best any chooser of these candidates could do (null counts when the truth is null).
  const reach = test.filter((r) => (r.sales ? !r.truth || r.candidates.some((c) => right(c.org, r.truth)) : !r.truth)).length;
  tot = { n: tot.n + test.length, rules: tot.rules + rulesRight, learned: tot.learned + learnedRight, reach: tot.reach + reach };
  console.log(`${held.padEnd(22)} ${String(test.length).padStart(5)}  ${pct(rulesRight, test.length).padEnd(19)}  ${pct(learnedRight, test.length).padEnd(18)}  ${pct(reach, test.length)}`);
  if (args.includes('--misses')) for (const r of test) {
    const p = predict(model, r);
    if (!right(p, r.truth)) console.log(`    ${r.file}: learned ${JSON.stringify(p)}, rules ${JSON.stringify(r.rules)}, true ${JSON.stringify(r.truth)}`);
  }
}
console.log(`${'all'.padEnd(22)} ${String(tot.n).padStart(5)}  ${pct(tot.rules, tot.n).padEnd(19)}  ${pct(tot.learned, tot.n).padEnd(18)}  ${pct(tot.reach, tot.n)}`);

if (args.includes('--write')) {
  const model = train(rows);
  writeWeightsFile({
    file: OUT.file,
    script: 'train-buyer.ts',
    settings: `side ${side}, variant ${variant}, l2 ${l2}, fresh weight ${freshWeight}`,
    folders: FOLDERS,
    inputs: 'buyerFeatures.ts, the evidence rules or the truth files',
    flags: `${side === 'buyer' ? '' : ' --side seller'}${variant === 'evidence' ? '' : ` --variant ${variant}`}${l2 === 0.01 ? '' : ` --l2 ${l2}`}`,
    owns: `the learned ${side} chooser (buyerModel.ts)`,
    type: 'BuyerModel',
    typeModule: './buyerModel.ts',
    name: OUT.name,
    features: BUYER_FEATURES,
    rest: `  weights: [\n${commentedWeights(model.weights, BUYER_FEATURES)}\n  ],\n  threshold: ${model.threshold},`,
  });
  console.log(`\nwrote ${OUT.file} (threshold ${model.threshold})`);
}
