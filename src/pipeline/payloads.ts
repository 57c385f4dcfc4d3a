/**
 * Every task's payload, declared once. Declaration merging into
 * graphile-worker's GraphileWorker.Tasks makes a wrong hand-off a compile error
 * (addJobInTx below and graphile-worker's own addJob both check it).
 */
import type { Stage } from './stages.ts';

export interface StagePayload {
  runId: string;
}

export interface ReprocessPayload {
  transcriptId: string;
  stages?: string[];
  reason?: string;
  backfillId?: string;
}

/** What graphile-worker adds to the payload of a job it schedules from the crontab. */
export interface CronMeta {
  _cron?: { ts: string; backfilled?: boolean };
}

/** weekly_analytics: the week to report (Monday, YYYY-MM-DD); default: the week before the cron time (or now). */
export interface WeeklyAnalyticsPayload extends CronMeta {
  weekStart?: string;
}

/** daily_digest: the UTC day to report (YYYY-MM-DD; default: the day before the cron time) and how often it has checked. */
export interface DailyDigestPayload extends CronMeta {
  day?: string;
  checks?: number;
}

export type SweepStuckRunsPayload = CronMeta;

/** send_alert: deliver the pending alerts of one group ('stage:<name>' or 'run'), grouped (src/alerts). */
export interface SendAlertPayload {
  groupKey: string;
}

/** sync_graph: drain the Neo4j mirror's outbox (the transcript whose change queued it, for the log). */
export interface SyncGraphPayload {
  transcriptId?: string;
}

/** graph_rollup: refresh per-account aggregates once the UTC day's runs have ended (default: the day before the cron time). */
export interface GraphRollupPayload extends CronMeta {
  day?: string;
  checks?: number;
}

type StageTasks = { [S in Stage]: StagePayload };

declare global {
  namespace GraphileWorker {
    interface Tasks extends StageTasks {
      finish_run: { runId: string };
      send_alert: SendAlertPayload;
      reprocess_transcript: ReprocessPayload;
      weekly_analytics: WeeklyAnalyticsPayload;
      daily_digest: DailyDigestPayload;
      sweep_stuck_runs: SweepStuckRunsPayload;
      sync_graph: SyncGraphPayload;
      graph_rollup: GraphRollupPayload;
      sync_crm: { runId: string };
    }
  }
}

export type TaskName = keyof GraphileWorker.Tasks;
