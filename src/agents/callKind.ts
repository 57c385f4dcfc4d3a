/**
 * Which stages apply to which kind of call. Owns: the reason a sales-only stage
 * (follow-up e-mail, social post, sales coaching) skips a call that has no seller
 * and buyer (internal meeting, earnings call). Must not: detect the type — the
 * structure stage's facts carry it (callType).
 */
import { NON_SALES_CALL_TYPES, type CallFacts } from './types.ts';

/** null when the stage applies; else the reason to record on the skipped stage. */
export function salesOnlySkipReason(facts: CallFacts, what: string): string | null {
  const t = facts.callType;
  if (!t || !NON_SALES_CALL_TYPES.includes(t)) return null;
  return `not a sales call (${t}): no ${what}`;
}
