/**
 * The learned competitor filter: a logistic regression per candidate (competitorFeatures.ts) — competitor or not —
 * kept when its probability clears a threshold chosen on the training calls. Also the fit (buyerModel.ts's, for one
 * candidate against null), used by scripts/train-competitors.ts.
 *
 * Owns: scoring, choosing and fitting. Must not: make candidates or features (competitorFeatures.ts), read files
 * or truth (the training script does), or hold the fitted numbers (competitorWeights.ts, generated).
 */
import { fitChooser } from './buyerModel.ts';
import type { CompetitorCandidate } from './competitorFeatures.ts';

export interface CompetitorModel {
  /** Feature names, in order (checked against COMPETITOR_FEATURES so stale weights fail loudly). */
  features: readonly string[];
  weights: readonly number[];
  /** A candidate is a competitor when its probability is at least this. */
  threshold: number;
  /**
   * Which candidates the model judges: `rules`, only the names the rules kept (the model may only drop — the
   * rules' recall, its precision); `all`, every candidate (it may also add names the rules did not keep).
   */
  pool: 'rules' | 'all';
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The probability that a candidate is a competitor. */
export function competitorProbability(model: Pick<CompetitorModel, 'weights'>, x: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * x[i]!;
  return sigmoid(z);
}

/** The candidates a model judges (its pool). */
export const poolOf = (model: Pick<CompetitorModel, 'pool'>, candidates: readonly CompetitorCandidate[]) =>
  model.pool === 'rules' ? candidates.filter((c) => c.rulesKept) : candidates;

/**
 * The candidates of its pool the model keeps, in call order; of two where one name starts the other ("Umbrella",
 * "Umbrella Canada"), the shorter, as the rules do. A name the rules marked native is kept as they wrote it
 * (competitorFeatures.ts says why the model cannot judge it).
 */
export function chooseCompetitors(model: CompetitorModel, candidates: readonly CompetitorCandidate[]): string[] {
  const kept = poolOf(model, candidates)
    .filter((c) => c.native || competitorProbability(model, c.x) >= model.threshold)
    .map((c) => (c.native ? `${c.name} (native)` : c.name));
  return kept.filter((f) => !kept.some((g) => g !== f && f.startsWith(g + ' ')));
}

export interface FitOptions {
  /** L2 penalty on every weight but the bias (index 0). */
  l2?: number;
  iterations?: number;
  rate?: number;
  /** How much each row counts in the loss (default 1 each). */
  rowWeights?: readonly number[];
}

/**
 * Fits weights to labelled rows: (weighted) mean log loss plus l2/2·|w|², full-batch gradient descent from zero.
 * A logistic regression is the conditional logit of buyerModel.ts with one candidate beside the null option, so the
 * fitting is buyerModel.ts's `fitChooser`, each row a choice between "competitor" (answer 0) and null (answer -1).
 */
export function fitCompetitorModel(X: readonly (readonly number[])[], y: readonly number[], options: FitOptions = {}): number[] {
  const { rowWeights, ...fit } = options;
  return fitChooser(X.map((x, r) => ({ X: [x], answer: y[r] ? 0 : -1, weight: rowWeights?.[r] ?? 1 })), fit);
}
