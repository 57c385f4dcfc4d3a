/**
 * The learned objection adder: one logistic regression per objection type over objectionFeatures.ts's evidence,
 * judged only where the rules found nothing of that type; a type is added when its probability clears the
 * threshold chosen on the training calls. The rules' labels always stay (the model may only add — it is the rules'
 * recall that fails on fresh calls, 0.52–0.60, with precision near 0.8).
 *
 * Owns: scoring and choosing (the regression: logistic.ts, fitted by scripts/train-objections.ts). Must not: make candidates or features
 * (objectionFeatures.ts), read files or truth, or hold the fitted numbers (objectionWeights.ts, generated).
 */
import type { ObjectionType } from '../../types.ts';
import { logisticProbability } from './logistic.ts';
import type { ObjectionCandidate } from './objectionFeatures.ts';

export interface ObjectionModel {
  /** Feature names, in order (checked against OBJECTION_FEATURES so stale weights fail loudly). */
  features: readonly string[];
  /** Weights per type, in the order of `features`. */
  weights: Readonly<Record<ObjectionType, readonly number[]>>;
  /** A type is added when its probability is at least this. */
  threshold: number;
}

/** The probability that the buyer raised this candidate's type. */
export const objectionProbability = (model: ObjectionModel, c: ObjectionCandidate): number =>
  logisticProbability(model.weights[c.type], c.x);

/** The candidates the model adds to the rules' objections, in the order of OBJECTION_TYPES_LEARNED. */
export function addedObjections(model: ObjectionModel, candidates: readonly ObjectionCandidate[]): ObjectionCandidate[] {
  return candidates.filter((c) => c.quote && objectionProbability(model, c) >= model.threshold);
}
