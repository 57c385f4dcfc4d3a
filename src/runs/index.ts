/**
 * The run ledger (ledger.ts), its job keys (keys.ts) and the transactional
 * hand-off (handoff.ts). Only re-exports.
 */
export * from './ledger.ts';
export * from './keys.ts';
export * from './handoff.ts';
