/**
 * src/db/queries — the one read side: typed kysely reads used alike by the REST
 * routes, the CLI, the dashboard, the reports and the stage loaders.
 * Owns: reads. Must not: write anything (runs and stages change only through
 * src/runs; outputs through their stage's store step). Only re-exports.
 */
export * from './runs.ts';
export * from './stages.ts';
export * from './outputs.ts';
export * from './alerts.ts';
export * from './backfills.ts';
export * from './jobs.ts';
export * from './reports.ts';
