/**
 * src/pipeline — the mechanics of a stage: the stage registry (stages.ts),
 * defineStage (one attempt: load, work, store + settle), the Runtime and task
 * factory types (runtime.ts), task payloads (payloads.ts), error classes.
 * Owns: how a stage runs. Must not: import tasks/, the worker, the server or
 * alerts; write stage_runs itself (src/runs does). Only re-exports.
 */
export * from './stages.ts';
export * from './defineStage.ts';
export type * from './runtime.ts';
export type * from './payloads.ts';
export * from './errors.ts';
