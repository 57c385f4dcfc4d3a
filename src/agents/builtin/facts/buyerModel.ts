/**
 * The learned company chooser (one model for the buyer, one for the seller): a linear score per candidate
 * (buyerFeatures.ts) and a "null" option scored 0, turned
 * into probabilities with a softmax over the call's options (a conditional logit, i.e. multinomial logistic
 * regression over a variable set of choices); the best option wins. Also the fitting code (L2-regularised, plain
 * gradient descent), used by scripts/train-buyer.ts.
 *
 * Owns: scoring, choosing and fitting. Must not: make candidates or features (buyerFeatures.ts), read files or
 * truth (the training script does), or hold the fitted numbers (buyerWeights.ts, generated).
 */
import { sameCompany } from './companies.ts';
import { spokenOfAsOwn, tiedTo, type BuyerCandidate } from './buyerFeatures.ts';

export interface BuyerModel {
  /** Feature names, in order (checked against BUYER_FEATURES so stale weights fail loudly). */
  features: readonly string[];
  weights: readonly number[];
  /** The best candidate must be at least this probable (softmax with the null option), else the buyer is null. */
  threshold: number;
}

const score = (model: BuyerModel, x: readonly number[]) => {
  let z = 0;
  for (let i = 0; i < x.length; i++) z += (model.weights[i] ?? 0) * x[i]!;
  return z;
};

/** Each candidate's probability of being the buyer, the null option (score 0) taking the rest. */
export function buyerProbabilities(model: BuyerModel, candidates: readonly BuyerCandidate[]): number[] {
  const z = candidates.map((c) => score(model, c.x));
  const top = Math.max(0, ...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, Math.exp(-top));
  return e.map((v) => v / sum);
}

/** The most probable option: a candidate if it beats null and clears the threshold, else null. */
export function chooseBuyer(model: BuyerModel, candidates: readonly BuyerCandidate[]): { org: string | null; p: number } {
  const p = buyerProbabilities(model, candidates);
  let best = -1;
  for (let i = 0; i < p.length; i++) if (best < 0 || p[i]! > p[best]!) best = i;
  if (best < 0) return { org: null, p: 0 };
  const pNull = 1 - p.reduce((a, b) => a + b, 0);
  return { org: p[best]! > pNull && p[best]! >= model.threshold ? candidates[best]!.org : null, p: p[best]! };
}

/**
 * A company as Stellar decides it: the rules' choice when a speaker tied it to that side (an introduction, "your team
 * at X" / "we at X", an e-mail address, the file's company field) — for the seller, whenever the rules have one —
 * else the model's choice, else the rules' choice.
 * Why: held out on fresh calls the model beats the rules (buyer, eval/train1–4: 72/48/60/44 → 92/84/92/76 %), but where
 * a speaker states the company the rules are right on every folder, and where the model says null the rules' guess is better.
 */
export function decideCompany(side: 'buyer' | 'seller', model: BuyerModel, candidates: readonly BuyerCandidate[], rulesPick: string | null): string | null {
  const rules = rulesPick ? candidates.find((c) => sameCompany(c.org, rulesPick)) : undefined;
  // The rules' choice in its fullest spelling ("Ingleby College of Art" for "Ingleby"): the truth names companies in full.
  const rulesChoice = rules ? rules.org : rulesPick;
  if (rulesChoice && rules && tiedTo(side, rules)) return rulesChoice;
  // The rules' seller also rests on the reps' own introductions, which the features do not count: the model only
  // fills in a seller the rules did not find (held out, a seller model overruling them lost two samples).
  if (side === 'seller' && rulesChoice) return rulesChoice;
  const org = chooseBuyer(model, candidates).org;
  // A seller is a company its own people speak of as theirs ("we at X", "our team at X", "X, we …"): a tool or rival
  // only the buyer names is never filled in as the seller.
  if (side === 'seller' && org && !candidates.some((c) => c.org === org && spokenOfAsOwn(c))) return rulesChoice;
  return org ?? rulesChoice;
}

export interface FitOptions {
  /** L2 penalty on every weight but the bias (index 0). */
  l2?: number;
  iterations?: number;
  rate?: number;
}

/** One call for fitting: its candidates' feature rows and which one is the buyer (-1: none, the null option). */
export interface FitCall {
  X: readonly (readonly number[])[];
  answer: number;
  /** How much this call counts in the loss (default 1). */
  weight?: number;
}

/**
 * Fits the weights to calls: full-batch gradient descent on the (weighted) mean log loss of the right option (softmax over
 * the candidates and null) plus l2/2·|w|² (deterministic: same data, same weights).
 */
export function fitChooser(calls: readonly FitCall[], options: FitOptions = {}): number[] {
  const { l2 = 0.01, iterations = 3000, rate = 0.5 } = options;
  const d = calls.find((c) => c.X.length)?.X[0]!.length ?? 0;
  const w = new Array<number>(d).fill(0);
  const model = { features: [], weights: w, threshold: 0 };
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d).fill(0);
    for (const c of calls) {
      const p = buyerProbabilities(model, c.X.map((x) => ({ org: '', x: x as number[] })));
      const cw = c.weight ?? 1;
      c.X.forEach((x, i) => {
        const e = cw * (p[i]! - (i === c.answer ? 1 : 0));
        for (let j = 0; j < d; j++) g[j]! += e * x[j]!;
      });
    }
    const total = calls.reduce((n, c) => n + (c.weight ?? 1), 0);
    for (let j = 0; j < d; j++) w[j]! -= rate * (g[j]! / Math.max(1, total) + (j === 0 ? 0 : l2 * w[j]!));
  }
  return w;
}
