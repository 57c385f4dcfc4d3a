/**
 * src/reports — what `stellar show` and GET /transcripts/:id return for one call
 * (transcriptReport.ts) and how the CLI prints tables and durations (render.ts).
 * Owns: shapes and text. Must not: query tables itself. Only re-exports.
 */
export { transcriptReport, type TranscriptReport } from './transcriptReport.ts';
export { renderReport, table, formatDuration } from './render.ts';
