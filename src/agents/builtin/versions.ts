/**
 * Versions of the built-in agents, recorded on every stage run and output row
 * so reprocessing can target what changed. Bump one when its agent's output
 * would change for the same input.
 */
export const FACTS_VERSION = 'builtin-facts/1';
/** Alias kept for callers that use the longer name. */
export const CALL_FACTS_VERSION = FACTS_VERSION;
export const EMAIL_VERSION = 'builtin-email/1';
export const SOCIAL_VERSION = 'builtin-social/1';
