/**
 * The shapes of the reports stored as JSON (stellar.weekly_reports.metrics,
 * stellar.daily_digests.digest): computed by src/ops, typed in the Database
 * interface, read by the dashboard and GraphQL. Here, below both, so the
 * database types never import the code that computes them.
 * Owns: those shapes. Must not: compute anything.
 */

export interface RepWeekMetrics {
  calls: number;
  /** Calls with coaching metrics (a voicemail has none). */
  coachedCalls: number;
  /** Mean of the seller side's share of talk time over coached calls (0–1), or null. */
  meanTalkRatio: number | null;
  /** Questions asked by the seller side per coached call, or null. */
  questionsPerCall: number | null;
  topObjections: { type: string; count: number }[];
  competitors: { name: string; calls: number }[];
  nextStepsSet: number;
  stageFailures: { total: number; byStage: Record<string, number> };
  transcriptIds: string[];
}

export interface Digest {
  day: string;
  transcriptsReceived: number;
  runs: { total: number; byStatus: Record<string, number>; byTrigger: Record<string, number> };
  meanRunSeconds: number | null;
  stageFailures: { stage: string; count: number; firstError: string | null }[];
  inFlight: number;
}
