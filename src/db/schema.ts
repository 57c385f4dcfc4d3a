/**
 * Typed view of the database for kysely. Owns: the TypeScript shape of every
 * table in sql/ migrations. Must not: contain queries (see queries.ts) or
 * drift from sql/ — when a migration changes a table, change it here too.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultNow = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type TranscriptSource = 'upload' | 'inbox' | 'cli' | 'demo' | 'api';
export type RunTrigger = 'upload' | 'inbox' | 'cli' | 'reprocess' | 'backfill';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'partial';
export type StageStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'skipped';

export interface TranscriptsTable {
  id: Generated<string>;
  content_sha256: string;
  file_name: string;
  media_type: string | null;
  format: string | null;
  raw_text: string;
  meeting_at: Timestamp | null;
  rep: string | null;
  account: string | null;
  source: TranscriptSource;
  received_at: DefaultNow;
}

export interface PipelineRunsTable {
  id: Generated<string>;
  transcript_id: string;
  trigger: RunTrigger;
  status: ColumnType<RunStatus, RunStatus | undefined, RunStatus>;
  stages: string[];
  priority: ColumnType<number, number | undefined, number>;
  reason: string | null;
  created_at: DefaultNow;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  error: string | null;
  /** sql/030_operations.sql: the backfill this run belongs to. */
  backfill_id: string | null;
  /** sql/030_operations.sql: the graphile-worker job (reprocess_transcript) that opened the run, and its key. */
  job_id: string | null;
  job_key: string | null;
  /** sql/030_operations.sql: how often sweep_stuck_runs re-queued a lost job of this run. */
  sweeps: ColumnType<number, number | undefined, number>;
}

export interface StageRunsTable {
  id: Generated<string>;
  run_id: string;
  stage: string;
  status: ColumnType<StageStatus, StageStatus | undefined, StageStatus>;
  attempt: ColumnType<number, number | undefined, number>;
  queued_at: DefaultNow;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  provider: string | null;
  model: string | null;
  agent_version: string | null;
  error: string | null;
}

export interface TurnsTable {
  run_id: string;
  transcript_id: string;
  idx: number;
  speaker: string;
  start_ms: number | null;
  end_ms: number | null;
  text: string;
}

export interface ParsedCallsTable {
  run_id: string;
  transcript_id: string;
  format: string;
  participants: Json;
  meeting_at: Timestamp | null;
  turn_count: number;
  created_at: DefaultNow;
}

export interface CallFactsTable {
  run_id: string;
  transcript_id: string;
  facts: Json;
  provider: string;
  model: string;
  agent_version: string;
  created_at: DefaultNow;
}

export interface ChunksTable {
  id: Generated<string>;
  run_id: string;
  transcript_id: string;
  idx: number;
  speakers: string[];
  start_ms: number | null;
  end_ms: number | null;
  text: string;
}

export interface ChunkEmbeddingsTable {
  chunk_id: string;
  run_id: string;
  transcript_id: string;
  model: string;
  dims: number;
  /** pgvector literal, e.g. '[0.1,0.2]' (pgvector.toSql). */
  embedding: string;
}

export interface DraftsTable {
  run_id: string;
  transcript_id: string;
  kind: 'email' | 'social';
  subject: string | null;
  body: string;
  provider: string;
  model: string;
  agent_version: string;
  created_at: DefaultNow;
}

export interface CoachingReportsTable {
  run_id: string;
  transcript_id: string;
  metrics: Json;
  feedback: Json;
  headline: string;
  provider: string;
  model: string;
  agent_version: string;
  created_at: DefaultNow;
}

export interface EntitiesTable {
  id: Generated<string>;
  run_id: string;
  transcript_id: string;
  kind: 'person' | 'company' | 'topic' | 'objection' | 'competitor' | 'call';
  key: string;
  name: string;
  attrs: ColumnType<unknown, string | undefined, string>;
}

export interface RelationsTable {
  id: Generated<string>;
  run_id: string;
  transcript_id: string;
  source_id: string;
  target_id: string;
  kind: string;
  attrs: ColumnType<unknown, string | undefined, string>;
}

/** sql/010_intake.sql: one row per process running a worker pool (GET /healthz). */
export interface WorkerHeartbeatsTable {
  worker_id: string;
  hostname: string;
  pid: number;
  concurrency: number;
  started_at: DefaultNow;
  beat_at: DefaultNow;
  stopped_at: Timestamp | null;
}

/** sql/030_operations.sql: one `stellar reprocess` batch. */
export interface BackfillsTable {
  id: Generated<string>;
  created_at: DefaultNow;
  reason: string | null;
  since: Timestamp | null;
  until: Timestamp | null;
  stages: string[] | null;
  only_changed: ColumnType<boolean, boolean | undefined, boolean>;
  provider: string | null;
}

/** sql/030_operations.sql: one transcript of a backfill. */
export interface BackfillItemsTable {
  backfill_id: string;
  transcript_id: string;
  stages: string[];
  run_id: string | null;
  error: string | null;
}

/** sql/030_operations.sql: done/failed/remaining and an ETA per backfill (also stellar_api.backfills). */
export interface BackfillStatusView {
  id: string;
  created_at: Date;
  reason: string | null;
  since: Date | null;
  until: Date | null;
  stages: string[] | null;
  only_changed: boolean;
  total: number;
  done: number;
  failed: number;
  running: number;
  pending: number;
  remaining: number;
  started_at: Date | null;
  finished_at: Date | null;
  status: 'queued' | 'running' | 'finished';
  eta: Date | null;
}

/** sql/030_operations.sql: weekly_analytics output, one row per rep and week (Monday, UTC). */
export interface WeeklyReportsTable {
  id: Generated<string>;
  rep: string;
  /** A `date`: node-postgres returns it as a Date at local midnight; select `week_start::text` for 'YYYY-MM-DD'. */
  week_start: ColumnType<Date, string, string>;
  metrics: Json;
  created_at: DefaultNow;
}

/** sql/030_operations.sql: daily_digest output, one row per UTC day. */
export interface DailyDigestsTable {
  /** A `date` (see WeeklyReportsTable.week_start). */
  day: ColumnType<Date, string, string>;
  digest: Json;
  complete: boolean;
  note: string | null;
  checks: number;
  created_at: DefaultNow;
}

export interface CurrentStageRunView {
  transcript_id: string;
  stage: string;
  run_id: string;
  finished_at: Date;
}

/** sql/020_monitoring.sql: one failure alert (a stage failed for good, or a run ended failed). */
export interface AlertsTable {
  id: Generated<string>;
  kind: 'stage_failed' | 'run_failed';
  /** 'stage:<name>' or 'run': at most one message per group per ALERT_GROUP_MINUTES. */
  group_key: string;
  run_id: string | null;
  transcript_id: string | null;
  stage: string | null;
  error: string | null;
  created_at: DefaultNow;
  message_id: string | null;
}

/** sql/020_monitoring.sql: one grouped alert message and its delivery per channel. */
export interface AlertMessagesTable {
  id: Generated<string>;
  group_key: string;
  alert_count: number;
  subject: string;
  body: string;
  channels: string[];
  webhook_sent_at: Timestamp | null;
  email_sent_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: DefaultNow;
  completed_at: Timestamp | null;
}

/** sql/045_reasoning.sql: one call with account, rep and meeting time (stored, else derived from its current facts). */
export interface ApiCallsView {
  transcript_id: string;
  file_name: string;
  format: string | null;
  account: string | null;
  seller_company: string | null;
  rep: string | null;
  meeting_at: Date | null;
  received_at: Date;
  facts_run_id: string | null;
}

/** sql/045_reasoning.sql: the current facts of each call. */
export interface ApiCallFactsView {
  transcript_id: string;
  file_name: string;
  account: string | null;
  rep: string | null;
  meeting_at: Date | null;
  facts: unknown;
  provider: string;
  model: string;
  created_at: Date;
}

/** sql/045_reasoning.sql: one objection (current facts). */
export interface ApiObjectionsView {
  transcript_id: string;
  file_name: string;
  account: string | null;
  rep: string | null;
  meeting_at: Date | null;
  type: string;
  speaker: string | null;
  quote: string;
  ord: number;
}

/** sql/045_reasoning.sql: one next step (current facts); due_date is a `date`. */
export interface ApiNextStepsView {
  transcript_id: string;
  file_name: string;
  account: string | null;
  rep: string | null;
  meeting_at: Date | null;
  owner: string | null;
  action: string;
  due_date: Date | null;
  due_text: string | null;
  ord: number;
}

/** sql/045_reasoning.sql: a competitor named in a call. */
export interface ApiCompetitorMentionsView {
  transcript_id: string;
  file_name: string;
  account: string | null;
  rep: string | null;
  meeting_at: Date | null;
  competitor: string;
  ord: number;
}

/** sql/045_reasoning.sql: talk time, share, words, questions per speaker and call. */
export interface ApiSpeakerMetricsView {
  transcript_id: string;
  file_name: string;
  account: string | null;
  meeting_at: Date | null;
  speaker: string;
  side: 'seller' | 'buyer' | 'unknown';
  talk_ms: string;
  share: number;
  words: number;
  questions: number;
  turns: number;
  filler_words: number;
  call_interactivity: number;
  time_basis: string;
}

export interface Database {
  'stellar.transcripts': TranscriptsTable;
  'stellar.pipeline_runs': PipelineRunsTable;
  'stellar.stage_runs': StageRunsTable;
  'stellar.turns': TurnsTable;
  'stellar.parsed_calls': ParsedCallsTable;
  'stellar.call_facts': CallFactsTable;
  'stellar.chunks': ChunksTable;
  'stellar.chunk_embeddings': ChunkEmbeddingsTable;
  'stellar.chunk_embeddings_ollama': ChunkEmbeddingsTable;
  'stellar.drafts': DraftsTable;
  'stellar.coaching_reports': CoachingReportsTable;
  'stellar.entities': EntitiesTable;
  'stellar.relations': RelationsTable;
  'stellar.current_stage_run': CurrentStageRunView;
  'stellar.alerts': AlertsTable;
  'stellar.alert_messages': AlertMessagesTable;
  'stellar.backfills': BackfillsTable;
  'stellar.backfill_items': BackfillItemsTable;
  'stellar.backfill_status': BackfillStatusView;
  'stellar.weekly_reports': WeeklyReportsTable;
  'stellar.daily_digests': DailyDigestsTable;
  'stellar.worker_heartbeats': WorkerHeartbeatsTable;
  'stellar_api.calls': ApiCallsView;
  'stellar_api.deal_facts': ApiCallFactsView;
  'stellar_api.objections': ApiObjectionsView;
  'stellar_api.next_steps': ApiNextStepsView;
  'stellar_api.competitor_mentions': ApiCompetitorMentionsView;
  'stellar_api.speaker_metrics': ApiSpeakerMetricsView;
}

export type Transcript = Selectable<TranscriptsTable>;
export type PipelineRun = Selectable<PipelineRunsTable>;
export type StageRun = Selectable<StageRunsTable>;
export type NewTranscript = Insertable<TranscriptsTable>;
