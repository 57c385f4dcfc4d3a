/**
 * The learned buyer chooser: a logistic-regression score per candidate (buyerFeatures.ts), the best candidate if
 * its probability clears a threshold, else null. Also the fitting code (L2-regularised, plain gradient descent),
 * used by scripts/train-buyer.ts.
 *
 * Owns: scoring, choosing and fitting. Must not: make candidates or features (buyerFeatures.ts), read files or
 * truth (the training script does), or hold the fitted numbers (buyerWeights.ts, generated).
 */
import type { BuyerCandidate } from './buyerFeatures.ts';

export interface BuyerModel {
  /** Feature names, in order (checked against BUYER_FEATURES so stale weights fail loudly). */
  features: readonly string[];
  weights: readonly number[];
  /** The best candidate must be at least this probable, else the buyer is null. */
  threshold: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Probability that a candidate is the buyer company. */
export function buyerProbability(model: BuyerModel, x: readonly number[]): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * x[i]!;
  return sigmoid(z);
}

/** The most probable candidate if it clears the threshold, else null. */
export function chooseBuyer(model: BuyerModel, candidates: readonly BuyerCandidate[]): { org: string | null; p: number } {
  let best: BuyerCandidate | null = null;
  let bp = 0;
  for (const c of candidates) {
    const p = buyerProbability(model, c.x);
    if (p > bp) {
      best = c;
      bp = p;
    }
  }
  return { org: best && bp >= model.threshold ? best.org : null, p: bp };
}

export interface FitOptions {
  /** L2 penalty on every weight but the bias (index 0). */
  l2?: number;
  iterations?: number;
  rate?: number;
}

/**
 * Fits logistic-regression weights to rows X (first column the bias) and 0/1 labels y: full-batch gradient
 * descent on the mean log loss plus l2/2·|w|² (deterministic: same data, same weights).
 */
export function fitLogistic(X: readonly (readonly number[])[], y: readonly number[], options: FitOptions = {}): number[] {
  const { l2 = 0.01, iterations = 4000, rate = 0.5 } = options;
  const d = X[0]?.length ?? 0;
  const w = new Array<number>(d).fill(0);
  if (!X.length) return w;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d).fill(0);
    for (let i = 0; i < X.length; i++) {
      const x = X[i]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const e = sigmoid(z) - y[i]!;
      for (let j = 0; j < d; j++) g[j]! += e * x[j]!;
    }
    for (let j = 0; j < d; j++) w[j]! -= rate * (g[j]! / X.length + (j === 0 ? 0 : l2 * w[j]!));
  }
  return w;
}
