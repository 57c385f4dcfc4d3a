/** CallFacts for tests: every list empty, every field null, then the overrides. */
import type { CallFacts } from '../../src/agents/types.ts';

export function callFacts(over: Partial<CallFacts> = {}): CallFacts {
  return {
    sellerCompany: null,
    buyerCompany: null,
    participants: [],
    pains: [],
    amounts: [],
    budget: null,
    timeline: [],
    decisionProcess: [],
    competitors: [],
    objections: [],
    nextSteps: [],
    ...over,
  };
}
