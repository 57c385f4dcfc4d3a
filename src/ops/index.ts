/**
 * src/ops — operations over history: reprocessing and backfills (reprocess.ts),
 * weekly analytics (weekly.ts), the daily digest (digest.ts), the stuck-run
 * sweeper (sweep.ts), and the report mailer (mail.ts).
 * Owns: those reports and the decisions of the sweeper. Must not: change runs
 * except through the run ledger, or run as anything but tasks and CLI commands. Only re-exports.
 */
export { reprocessTranscript, planBackfill, createBackfill } from './reprocess.ts';
export { runWeeklyAnalytics, computeWeeklyReports } from './weekly.ts';
export { runDailyDigest, computeDigest } from './digest.ts';
export { sweepStuckRuns } from './sweep.ts';
