/** Placeholder until scripts/train-competitors.ts --write runs. */
import type { CompetitorModel } from './competitorModel.ts';
export const COMPETITOR_MODEL: CompetitorModel = { features: [], weights: [], threshold: 1 };
