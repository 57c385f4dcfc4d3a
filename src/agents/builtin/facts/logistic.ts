/**
 * Logistic regression, shared by the learned competitor filter (competitorModel.ts) and the objection adder
 * (objectionModel.ts): the probability of one feature row, and the fit. A logistic regression is buyerModel.ts's
 * conditional logit with one candidate beside the null option, so the fit is `fitChooser`, each row a choice
 * between "yes" (answer 0) and null (answer -1).
 *
 * Owns: the probability and the fit. Must not: know what the rows are (candidates, features, truth).
 */
import { fitChooser } from './buyerModel.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The probability of "yes" for feature row `x` under `weights` (a missing weight counts 0). */
export function logisticProbability(weights: readonly number[], x: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (weights[i] ?? 0) * x[i]!;
  return sigmoid(z);
}

export interface FitLogisticOptions {
  /** L2 penalty on every weight but the bias (index 0). */
  l2?: number;
  iterations?: number;
  rate?: number;
  /** How much each row counts in the loss (default 1 each). */
  rowWeights?: readonly number[];
}

/** Fits weights to labelled rows: (weighted) mean log loss plus l2/2·|w|², full-batch gradient descent from zero. */
export function fitLogistic(X: readonly (readonly number[])[], y: readonly number[], options: FitLogisticOptions = {}): number[] {
  const { rowWeights, ...fit } = options;
  return fitChooser(X.map((x, r) => ({ X: [x], answer: y[r] ? 0 : -1, weight: rowWeights?.[r] ?? 1 })), fit);
}
