/**
 * The learned competitor filter: a logistic regression per candidate (competitorFeatures.ts) — competitor or not —
 * kept when its probability clears a threshold chosen on the training calls (the regression: logistic.ts, fitted
 * by scripts/train-competitors.ts).
 *
 * Owns: scoring and choosing. Must not: make candidates or features (competitorFeatures.ts), read files
 * or truth (the training script does), or hold the fitted numbers (competitorWeights.ts, generated).
 */
import type { CompetitorCandidate } from './competitorFeatures.ts';
import { logisticProbability } from './logistic.ts';

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

/** The probability that a candidate is a competitor. */
export const competitorProbability = (model: Pick<CompetitorModel, 'weights'>, x: readonly number[]): number => logisticProbability(model.weights, x);

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
