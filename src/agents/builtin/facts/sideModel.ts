/**
 * The side check: a logistic regression over sideFeatures.ts's row that says whether the people rules put the two
 * sides the wrong way round (the seller's people as the buyer and the buyer's as the seller: a partner call where
 * both sides introduce a company, a negotiation opened by the buyer). When it is sure enough, every side and the two
 * companies are swapped at once — it never moves one speaker, so the groups the rules formed stay together.
 *
 * Owns: the decision and the swap (the regression: logistic.ts, fitted by scripts/train-sides.ts). Must not: make
 * features (sideFeatures.ts), read files or truth, or hold the fitted numbers (sideWeights.ts, generated).
 */
import type { PeopleResult } from './people.ts';
import { logisticProbability } from './logistic.ts';

export interface SideModel {
  /** Feature names, in order, after the bias (checked against SIDE_FEATURES so stale weights fail loudly). */
  features: readonly string[];
  /** Bias first, then one weight per feature. */
  weights: readonly number[];
  /** The sides are swapped when the probability that they are wrong is at least this. */
  threshold: number;
}

/** The probability that the rules' sides are the wrong way round, for a row of sideFeatures (null: no two sides). */
export const sidesWrongProbability = (model: SideModel, x: readonly number[] | null): number =>
  x ? logisticProbability(model.weights, [1, ...x]) : 0;

const other = { seller: 'buyer', buyer: 'seller', unknown: 'unknown' } as const;

/** The people result with seller and buyer swapped: every side, each participant's company of that side, and the companies. */
export function swapSides(people: PeopleResult): PeopleResult {
  const { sellerCompany, buyerCompany } = people;
  const company = (c: string | null) => (c !== null && c === sellerCompany ? buyerCompany : c !== null && c === buyerCompany ? sellerCompany : c);
  return {
    ...people,
    sellerCompany: buyerCompany,
    buyerCompany: sellerCompany,
    sideOf: new Map([...people.sideOf].map(([sp, sd]) => [sp, other[sd]] as const)),
    participants: people.participants.map((p) => ({ ...p, side: other[p.side], company: company(p.company) })),
  };
}
