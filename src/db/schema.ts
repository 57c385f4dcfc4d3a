/**
 * Typed view of the database for kysely. Owns: the TypeScript shape of every
 * relation the code reads — the tables and views of sql/ migrations (schemas
 * stellar and stellar_api) and graphile-worker's public `jobs` view — and
 * `relations`, the same list as plain data for test/schema-drift.test.ts.
 * Must not: contain queries or drift from sql/ — when a migration changes a
 * relation, change its interface here AND its entry in `relations` (the
 * compiler refuses one without the other; the drift test compares both with
 * the migrated catalogue).
 * JSON columns are typed from the zod schemas / producers' types with kysely's
 * JSONColumnType (what a row reads as; writes stay JSON text).
 */
import type { ColumnType, Generated, GeneratedAlways, Insertable, JSONColumnType, Selectable, SelectType } from 'kysely';
import type { CallFacts, CoachingFeedback } from '../agents/types.ts';
import type { CoachingMetrics } from '../agents/coaching/metrics.ts';
import type { ParticipantHint } from '../parsing/types.ts';
import type { Digest, RepWeekMetrics } from './reportShapes.ts';

export type { Digest, RepWeekMetrics };

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultNow = ColumnType<Date, Date | string | undefined, Date | string>;
/** A json/jsonb column: reads as T (node-postgres parses it), written as JSON text. */
type Json<T extends object | null> = JSONColumnType<T>;
/** A json/jsonb column with a default: may be left out on insert. */
type JsonDefault<T extends object | null> = JSONColumnType<T, string | undefined, string>;
/** Entity / relation attributes (src/agents/graph.ts Attrs). */
type Attrs = Record<string, unknown>;
/** A bigint column: node-postgres returns int8 as a string (src/db/index.ts). */
type Int8 = string;

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
  /** sql/082: failed stages only — true when the error was permanent, false when attempts ran out. */
  permanent: boolean | null;
}

export interface TurnsTable {
  run_id: string;
  transcript_id: string;
  idx: number;
  speaker: string;
  start_ms: number | null;
  end_ms: number | null;
  text: string;
  /** Speech time of a merged turn when less than end − start (sql/050). */
  talk_ms: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ParsedCallsTable {
  run_id: string;
  transcript_id: string;
  format: string;
  participants: Json<ParticipantHint[]>;
  meeting_at: Timestamp | null;
  turn_count: number;
  /** The meeting title the file stores (sql/089); null when none. */
  title: string | null;
  created_at: DefaultNow;
}

export interface CallFactsTable {
  run_id: string;
  transcript_id: string;
  facts: Json<CallFacts>;
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
  /** sql/040_search.sql: speaker side of every line of the chunk (null: unknown or written before 040). */
  side: 'buyer' | 'seller' | null;
  turn_from: number | null;
  turn_to: number | null;
  /** Generated: to_tsvector('english', text). Never written. */
  tsv: GeneratedAlways<string | null>;
  /** sql/080: true for the rows of the transcript's current chunk run (trigger-kept; never written by code). */
  is_current: Generated<boolean>;
}

export interface ChunkEmbeddingsTable {
  chunk_id: string;
  run_id: string;
  transcript_id: string;
  model: string;
  dims: number;
  /** pgvector literal, e.g. '[0.1,0.2]' (pgvector.toSql); stored as halfvec(612) (sql/080). */
  embedding: string;
  /** sql/080: true for the rows of the transcript's current embed run (trigger-kept; never written by code). */
  is_current: Generated<boolean>;
  /** sql/080: the chunk's side, copied on insert (trigger). */
  side: Generated<'buyer' | 'seller' | null>;
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
  metrics: Json<CoachingMetrics>;
  /** CoachingFeedback['feedback'] (the headline has its own column). */
  feedback: Json<CoachingFeedback['feedback']>;
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
  kind: 'person' | 'company' | 'product' | 'topic' | 'objection' | 'competitor' | 'call';
  key: string;
  name: string;
  attrs: JsonDefault<Attrs>;
}

export interface RelationsTable {
  id: Generated<string>;
  run_id: string;
  transcript_id: string;
  source_id: string;
  target_id: string;
  kind: string;
  attrs: JsonDefault<Attrs>;
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
  metrics: Json<RepWeekMetrics>;
  created_at: DefaultNow;
}

/** sql/030_operations.sql: daily_digest output, one row per UTC day. */
export interface DailyDigestsTable {
  /** A `date` (see WeeklyReportsTable.week_start). */
  day: ColumnType<Date, string, string>;
  digest: Json<Digest>;
  complete: boolean;
  note: string | null;
  checks: number;
  created_at: DefaultNow;
}

/** sql/040_search.sql: stellar.current_stage_run kept as a table by triggers (for fast per-row probes). */
export interface CurrentRunsTable {
  transcript_id: string;
  stage: string;
  run_id: string;
  finished_at: Date | null;
}

/** sql/042_search_call_attrs.sql: per-call search filter attributes, kept by triggers. */
export interface CallSearchAttrsTable {
  transcript_id: string;
  account: string | null;
  account_key: string | null;
  rep_keys: string[];
  happened_at: Date;
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

/** sql/030_operations.sql: who holds which model-call slot right now (from pg_locks). */
export interface ModelCallSlotsView {
  slot: number;
  pid: number;
  application_name: string | null;
  client_addr: string | null;
  backend_start: Date | null;
}

/**
 * graphile-worker 0.18's public view over its private jobs table (read only
 * here: jobs are added and changed through graphile_worker.* functions).
 */
export interface GraphileJobsView {
  id: Int8;
  queue_name: string | null;
  task_identifier: string;
  priority: number;
  run_at: Date;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  key: string | null;
  locked_at: Date | null;
  locked_by: string | null;
  revision: number;
  flags: Json<Record<string, true> | null>;
}

// ---- sql/025_api_views.sql, 030, 035: the read-only stellar_api schema (GraphQL, reasoning engine).

export interface ApiTranscriptsView {
  id: string;
  content_sha256: string;
  file_name: string;
  media_type: string | null;
  format: string | null;
  meeting_at: Date | null;
  rep: string | null;
  account: string | null;
  source: TranscriptSource;
  received_at: Date;
  text_length: number;
}

export interface ApiPipelineRunsView {
  id: string;
  transcript_id: string;
  trigger: RunTrigger;
  status: RunStatus;
  stages: string[];
  priority: number;
  reason: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** int ms (sql/077): null while the run is open. */
  duration_ms: number | null;
  error: string | null;
}

export interface ApiStageRunsView {
  id: Int8;
  run_id: string;
  stage: string;
  status: StageStatus;
  attempt: number;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  /** int ms (sql/077). */
  queue_wait_ms: number | null;
  provider: string | null;
  model: string | null;
  agent_version: string | null;
  error: string | null;
}

export type JobState = 'waiting' | 'scheduled' | 'running' | 'failed';

export interface ApiJobsView {
  id: Int8;
  task_identifier: string;
  queue_name: string | null;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_at: Date | null;
  last_error: string | null;
  created_at: Date;
  state: JobState;
}

export interface ApiQueueDepthView {
  task_identifier: string;
  waiting: number;
  scheduled: number;
  running: number;
  failed: number;
  total: number;
  next_run_at: Date | null;
}

export interface ApiAlertsView {
  id: Int8;
  kind: AlertsTable['kind'];
  group_key: string;
  run_id: string | null;
  transcript_id: string | null;
  stage: string | null;
  error: string | null;
  created_at: Date;
  message_id: Int8 | null;
  /** When its grouped message went out. */
  sent_at: Date | null;
}

export interface ApiAlertMessagesView {
  id: Int8;
  group_key: string;
  alert_count: number;
  subject: string;
  body: string;
  channels: string[];
  webhook_sent_at: Date | null;
  email_sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface ApiWeeklyReportsView {
  id: Int8;
  rep: string;
  week_start: Date;
  metrics: Json<RepWeekMetrics>;
  created_at: Date;
}

/** Rows of the set-returning function stellar_api.stage_stats(since, until). */
export interface StageStatsRow {
  stage: string;
  total: number;
  succeeded: number;
  failed: number;
  skipped: number;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  p50_queue_wait_ms: number | null;
  p95_queue_wait_ms: number | null;
}

/** Rows of the set-returning function stellar_api.runs_per_hour(hours). */
export interface RunsPerHourRow {
  hour: Date;
  total: number;
  succeeded: number;
  failed: number;
  partial: number;
  open: number;
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
  facts: Json<CallFacts>;
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
  /** int ms (sql/077). */
  talk_ms: number;
  share: number;
  words: number;
  questions: number;
  turns: number;
  filler_words: number;
  call_interactivity: number;
  time_basis: string;
}

export interface Database extends GraphTables {
  'stellar.transcripts': TranscriptsTable;
  'stellar.pipeline_runs': PipelineRunsTable;
  'stellar.stage_runs': StageRunsTable;
  'stellar.turns': TurnsTable;
  'stellar.parsed_calls': ParsedCallsTable;
  'stellar.call_facts': CallFactsTable;
  'stellar.chunks': ChunksTable;
  'stellar.chunk_embeddings': ChunkEmbeddingsTable;
  'stellar.chunk_embeddings_ollama': Omit<ChunkEmbeddingsTable, 'is_current' | 'side'>;
  'stellar.drafts': DraftsTable;
  'stellar.coaching_reports': CoachingReportsTable;
  'stellar.entities': EntitiesTable;
  'stellar.relations': RelationsTable;
  'stellar.current_stage_run': CurrentStageRunView;
  'stellar.current_runs': CurrentRunsTable;
  'stellar.call_search_attrs': CallSearchAttrsTable;
  'stellar.alerts': AlertsTable;
  'stellar.alert_messages': AlertMessagesTable;
  'stellar.backfills': BackfillsTable;
  'stellar.backfill_items': BackfillItemsTable;
  'stellar.backfill_status': BackfillStatusView;
  'stellar.weekly_reports': WeeklyReportsTable;
  'stellar.daily_digests': DailyDigestsTable;
  'stellar.worker_heartbeats': WorkerHeartbeatsTable;
  'stellar.model_call_slots': ModelCallSlotsView;
  'stellar_api.transcripts': ApiTranscriptsView;
  'stellar_api.pipeline_runs': ApiPipelineRunsView;
  'stellar_api.stage_runs': ApiStageRunsView;
  'stellar_api.jobs': ApiJobsView;
  'stellar_api.queue_depth': ApiQueueDepthView;
  'stellar_api.alerts': ApiAlertsView;
  'stellar_api.alert_messages': ApiAlertMessagesView;
  'stellar_api.backfills': BackfillStatusView;
  'stellar_api.weekly_reports': ApiWeeklyReportsView;
  'graphile_worker.jobs': GraphileJobsView;
  'stellar_api.calls': ApiCallsView;
  'stellar_api.deal_facts': ApiCallFactsView;
  'stellar_api.objections': ApiObjectionsView;
  'stellar_api.next_steps': ApiNextStepsView;
  'stellar_api.competitor_mentions': ApiCompetitorMentionsView;
  'stellar_api.speaker_metrics': ApiSpeakerMetricsView;
}

// ---- The same relations as plain data, for test/schema-drift.test.ts.

/** Whether a column may read as null ('null') or never does ('not null'). */
export type Nullability = 'null' | 'not null';
const NULL = 'null';
const NOT_NULL = 'not null';
/** 'null' exactly when the column's select type admits null. */
type NullabilityOf<C> = null extends SelectType<C> ? typeof NULL : typeof NOT_NULL;
/** Every column of relation R, each with the nullability its type says. */
type ColumnsOf<R> = { readonly [C in keyof R & string]-?: NullabilityOf<R[C]> };
/**
 * The runtime description `relations` must satisfy: exactly the relations of
 * `Database`, each with exactly its columns (a missing one fails "property is
 * missing", an extra one "object literal may only specify known properties"),
 * and each column's nullability as its type says. So the interface and this
 * list cannot diverge without a compile error; the drift test compares this
 * list with the migrated catalogue (names, kinds, nullability of table columns).
 */
export type RelationCatalogue = {
  readonly [K in keyof Database & string]: { readonly kind: 'table' | 'view'; readonly columns: ColumnsOf<Database[K]> };
};

export const relations = {
  'stellar.transcripts': { kind: 'table', columns: { id: NOT_NULL, content_sha256: NOT_NULL, file_name: NOT_NULL, media_type: NULL, format: NULL, raw_text: NOT_NULL, meeting_at: NULL, rep: NULL, account: NULL, source: NOT_NULL, received_at: NOT_NULL } },
  'stellar.pipeline_runs': { kind: 'table', columns: { id: NOT_NULL, transcript_id: NOT_NULL, trigger: NOT_NULL, status: NOT_NULL, stages: NOT_NULL, priority: NOT_NULL, reason: NULL, created_at: NOT_NULL, started_at: NULL, finished_at: NULL, error: NULL, backfill_id: NULL, job_id: NULL, job_key: NULL, sweeps: NOT_NULL } },
  'stellar.stage_runs': { kind: 'table', columns: { id: NOT_NULL, run_id: NOT_NULL, stage: NOT_NULL, status: NOT_NULL, attempt: NOT_NULL, queued_at: NOT_NULL, started_at: NULL, finished_at: NULL, duration_ms: NULL, provider: NULL, model: NULL, agent_version: NULL, error: NULL, permanent: NULL } },
  'stellar.turns': { kind: 'table', columns: { run_id: NOT_NULL, transcript_id: NOT_NULL, idx: NOT_NULL, speaker: NOT_NULL, start_ms: NULL, end_ms: NULL, text: NOT_NULL, talk_ms: NULL } },
  'stellar.parsed_calls': { kind: 'table', columns: { run_id: NOT_NULL, transcript_id: NOT_NULL, format: NOT_NULL, participants: NOT_NULL, meeting_at: NULL, turn_count: NOT_NULL, title: NULL, created_at: NOT_NULL } },
  'stellar.call_facts': { kind: 'table', columns: { run_id: NOT_NULL, transcript_id: NOT_NULL, facts: NOT_NULL, provider: NOT_NULL, model: NOT_NULL, agent_version: NOT_NULL, created_at: NOT_NULL } },
  'stellar.chunks': { kind: 'table', columns: { id: NOT_NULL, run_id: NOT_NULL, transcript_id: NOT_NULL, idx: NOT_NULL, speakers: NOT_NULL, start_ms: NULL, end_ms: NULL, text: NOT_NULL, side: NULL, turn_from: NULL, turn_to: NULL, tsv: NULL, is_current: NOT_NULL } },
  'stellar.chunk_embeddings': { kind: 'table', columns: { chunk_id: NOT_NULL, run_id: NOT_NULL, transcript_id: NOT_NULL, model: NOT_NULL, dims: NOT_NULL, embedding: NOT_NULL, is_current: NOT_NULL, side: NULL } },
  'stellar.chunk_embeddings_ollama': { kind: 'table', columns: { chunk_id: NOT_NULL, run_id: NOT_NULL, transcript_id: NOT_NULL, model: NOT_NULL, dims: NOT_NULL, embedding: NOT_NULL } },
  'stellar.drafts': { kind: 'table', columns: { run_id: NOT_NULL, transcript_id: NOT_NULL, kind: NOT_NULL, subject: NULL, body: NOT_NULL, provider: NOT_NULL, model: NOT_NULL, agent_version: NOT_NULL, created_at: NOT_NULL } },
  'stellar.coaching_reports': { kind: 'table', columns: { run_id: NOT_NULL, transcript_id: NOT_NULL, metrics: NOT_NULL, feedback: NOT_NULL, headline: NOT_NULL, provider: NOT_NULL, model: NOT_NULL, agent_version: NOT_NULL, created_at: NOT_NULL } },
  'stellar.entities': { kind: 'table', columns: { id: NOT_NULL, run_id: NOT_NULL, transcript_id: NOT_NULL, kind: NOT_NULL, key: NOT_NULL, name: NOT_NULL, attrs: NOT_NULL } },
  'stellar.relations': { kind: 'table', columns: { id: NOT_NULL, run_id: NOT_NULL, transcript_id: NOT_NULL, source_id: NOT_NULL, target_id: NOT_NULL, kind: NOT_NULL, attrs: NOT_NULL } },
  'stellar.current_stage_run': { kind: 'view', columns: { transcript_id: NOT_NULL, stage: NOT_NULL, run_id: NOT_NULL, finished_at: NOT_NULL } },
  'stellar.alerts': { kind: 'table', columns: { id: NOT_NULL, kind: NOT_NULL, group_key: NOT_NULL, run_id: NULL, transcript_id: NULL, stage: NULL, error: NULL, created_at: NOT_NULL, message_id: NULL } },
  'stellar.alert_messages': { kind: 'table', columns: { id: NOT_NULL, group_key: NOT_NULL, alert_count: NOT_NULL, subject: NOT_NULL, body: NOT_NULL, channels: NOT_NULL, webhook_sent_at: NULL, email_sent_at: NULL, attempts: NOT_NULL, last_error: NULL, created_at: NOT_NULL, completed_at: NULL } },
  'stellar.backfills': { kind: 'table', columns: { id: NOT_NULL, created_at: NOT_NULL, reason: NULL, since: NULL, until: NULL, stages: NULL, only_changed: NOT_NULL, provider: NULL } },
  'stellar.backfill_items': { kind: 'table', columns: { backfill_id: NOT_NULL, transcript_id: NOT_NULL, stages: NOT_NULL, run_id: NULL, error: NULL } },
  'stellar.backfill_status': { kind: 'view', columns: { id: NOT_NULL, created_at: NOT_NULL, reason: NULL, since: NULL, until: NULL, stages: NULL, only_changed: NOT_NULL, total: NOT_NULL, done: NOT_NULL, failed: NOT_NULL, running: NOT_NULL, pending: NOT_NULL, remaining: NOT_NULL, started_at: NULL, finished_at: NULL, status: NOT_NULL, eta: NULL } },
  'stellar.weekly_reports': { kind: 'table', columns: { id: NOT_NULL, rep: NOT_NULL, week_start: NOT_NULL, metrics: NOT_NULL, created_at: NOT_NULL } },
  'stellar.daily_digests': { kind: 'table', columns: { day: NOT_NULL, digest: NOT_NULL, complete: NOT_NULL, note: NULL, checks: NOT_NULL, created_at: NOT_NULL } },
  'stellar.current_runs': { kind: 'table', columns: { transcript_id: NOT_NULL, stage: NOT_NULL, run_id: NOT_NULL, finished_at: NULL } },
  'stellar.call_search_attrs': { kind: 'table', columns: { transcript_id: NOT_NULL, account: NULL, account_key: NULL, rep_keys: NOT_NULL, happened_at: NOT_NULL } },
  'stellar.worker_heartbeats': { kind: 'table', columns: { worker_id: NOT_NULL, hostname: NOT_NULL, pid: NOT_NULL, concurrency: NOT_NULL, started_at: NOT_NULL, beat_at: NOT_NULL, stopped_at: NULL } },
  'stellar.model_call_slots': { kind: 'view', columns: { slot: NOT_NULL, pid: NOT_NULL, application_name: NULL, client_addr: NULL, backend_start: NULL } },
  'stellar_api.transcripts': { kind: 'view', columns: { id: NOT_NULL, content_sha256: NOT_NULL, file_name: NOT_NULL, media_type: NULL, format: NULL, meeting_at: NULL, rep: NULL, account: NULL, source: NOT_NULL, received_at: NOT_NULL, text_length: NOT_NULL } },
  'stellar_api.pipeline_runs': { kind: 'view', columns: { id: NOT_NULL, transcript_id: NOT_NULL, trigger: NOT_NULL, status: NOT_NULL, stages: NOT_NULL, priority: NOT_NULL, reason: NULL, created_at: NOT_NULL, started_at: NULL, finished_at: NULL, duration_ms: NULL, error: NULL } },
  'stellar_api.stage_runs': { kind: 'view', columns: { id: NOT_NULL, run_id: NOT_NULL, stage: NOT_NULL, status: NOT_NULL, attempt: NOT_NULL, queued_at: NOT_NULL, started_at: NULL, finished_at: NULL, duration_ms: NULL, queue_wait_ms: NULL, provider: NULL, model: NULL, agent_version: NULL, error: NULL } },
  'stellar_api.jobs': { kind: 'view', columns: { id: NOT_NULL, task_identifier: NOT_NULL, queue_name: NULL, priority: NOT_NULL, attempts: NOT_NULL, max_attempts: NOT_NULL, run_at: NOT_NULL, locked_at: NULL, last_error: NULL, created_at: NOT_NULL, state: NOT_NULL } },
  'stellar_api.queue_depth': { kind: 'view', columns: { task_identifier: NOT_NULL, waiting: NOT_NULL, scheduled: NOT_NULL, running: NOT_NULL, failed: NOT_NULL, total: NOT_NULL, next_run_at: NULL } },
  'stellar_api.alerts': { kind: 'view', columns: { id: NOT_NULL, kind: NOT_NULL, group_key: NOT_NULL, run_id: NULL, transcript_id: NULL, stage: NULL, error: NULL, created_at: NOT_NULL, message_id: NULL, sent_at: NULL } },
  'stellar_api.alert_messages': { kind: 'view', columns: { id: NOT_NULL, group_key: NOT_NULL, alert_count: NOT_NULL, subject: NOT_NULL, body: NOT_NULL, channels: NOT_NULL, webhook_sent_at: NULL, email_sent_at: NULL, attempts: NOT_NULL, last_error: NULL, created_at: NOT_NULL, completed_at: NULL } },
  'stellar_api.backfills': { kind: 'view', columns: { id: NOT_NULL, created_at: NOT_NULL, reason: NULL, since: NULL, until: NULL, stages: NULL, only_changed: NOT_NULL, total: NOT_NULL, done: NOT_NULL, failed: NOT_NULL, running: NOT_NULL, pending: NOT_NULL, remaining: NOT_NULL, started_at: NULL, finished_at: NULL, status: NOT_NULL, eta: NULL } },
  'stellar_api.weekly_reports': { kind: 'view', columns: { id: NOT_NULL, rep: NOT_NULL, week_start: NOT_NULL, metrics: NOT_NULL, created_at: NOT_NULL } },
  'stellar_api.calls': { kind: 'view', columns: { transcript_id: NOT_NULL, file_name: NOT_NULL, format: NULL, account: NULL, seller_company: NULL, rep: NULL, meeting_at: NULL, received_at: NOT_NULL, facts_run_id: NULL } },
  'stellar_api.deal_facts': { kind: 'view', columns: { transcript_id: NOT_NULL, file_name: NOT_NULL, account: NULL, rep: NULL, meeting_at: NULL, facts: NOT_NULL, provider: NOT_NULL, model: NOT_NULL, created_at: NOT_NULL } },
  'stellar_api.objections': { kind: 'view', columns: { transcript_id: NOT_NULL, file_name: NOT_NULL, account: NULL, rep: NULL, meeting_at: NULL, type: NOT_NULL, speaker: NULL, quote: NOT_NULL, ord: NOT_NULL } },
  'stellar_api.next_steps': { kind: 'view', columns: { transcript_id: NOT_NULL, file_name: NOT_NULL, account: NULL, rep: NULL, meeting_at: NULL, owner: NULL, action: NOT_NULL, due_date: NULL, due_text: NULL, ord: NOT_NULL } },
  'stellar_api.competitor_mentions': { kind: 'view', columns: { transcript_id: NOT_NULL, file_name: NOT_NULL, account: NULL, rep: NULL, meeting_at: NULL, competitor: NOT_NULL, ord: NOT_NULL } },
  'stellar_api.speaker_metrics': { kind: 'view', columns: { transcript_id: NOT_NULL, file_name: NOT_NULL, account: NULL, meeting_at: NULL, speaker: NOT_NULL, side: NOT_NULL, talk_ms: NOT_NULL, share: NOT_NULL, words: NOT_NULL, questions: NOT_NULL, turns: NOT_NULL, filler_words: NOT_NULL, call_interactivity: NOT_NULL, time_basis: NOT_NULL } },
  'stellar.graph_entities': { kind: 'table', columns: { id: NOT_NULL, kind: NOT_NULL, key: NOT_NULL, name: NOT_NULL, attrs: NOT_NULL, mention_count: NOT_NULL, call_count: NOT_NULL, first_seen: NULL, last_seen: NULL, updated_at: NOT_NULL } },
  'stellar.graph_aliases': { kind: 'table', columns: { kind: NOT_NULL, alias: NOT_NULL, entity_id: NOT_NULL, source: NOT_NULL, created_at: NOT_NULL } },
  'stellar.graph_relations': { kind: 'table', columns: { id: NOT_NULL, source_id: NOT_NULL, target_id: NOT_NULL, kind: NOT_NULL, attrs: NOT_NULL, evidence_count: NOT_NULL, first_seen: NULL, last_seen: NULL, updated_at: NOT_NULL } },
  'stellar.graph_evidence': { kind: 'table', columns: { id: NOT_NULL, relation_id: NOT_NULL, transcript_id: NOT_NULL, run_id: NOT_NULL, turn_idx: NULL, speaker: NULL, quote: NULL, seen_at: NOT_NULL } },
  'stellar.graph_mentions': { kind: 'table', columns: { entity_id: NOT_NULL, transcript_id: NOT_NULL, run_id: NOT_NULL, mentions: NOT_NULL, seen_at: NOT_NULL } },
  'stellar.graph_mirror_outbox': { kind: 'table', columns: { id: NOT_NULL, op: NOT_NULL, entity_kind: NOT_NULL, entity_key: NOT_NULL, relation_kind: NULL, target_kind: NULL, target_key: NULL, transcript_id: NULL, created_at: NOT_NULL } },
  'stellar.graph_account_rollups': { kind: 'table', columns: { account_id: NOT_NULL, calls: NOT_NULL, last_contact: NULL, competitor_mentions: NOT_NULL, objection_trend: NOT_NULL, open_next_steps: NOT_NULL, refreshed_at: NOT_NULL } },
  'stellar.graph_rollups': { kind: 'table', columns: { day: NOT_NULL, complete: NOT_NULL, checks: NOT_NULL, accounts: NOT_NULL, note: NULL, created_at: NOT_NULL } },
  'stellar.crm_rows': { kind: 'table', columns: { kind: NOT_NULL, local_key: NOT_NULL, table_id: NOT_NULL, row_id: NOT_NULL, transcript_id: NULL, synced_at: NOT_NULL } },
  'stellar_api.graph_entities': { kind: 'view', columns: { id: NOT_NULL, kind: NOT_NULL, key: NOT_NULL, name: NOT_NULL, attrs: NOT_NULL, mention_count: NOT_NULL, call_count: NOT_NULL, first_seen: NULL, last_seen: NULL } },
  'stellar_api.graph_relations': { kind: 'view', columns: { id: NOT_NULL, source_id: NOT_NULL, target_id: NOT_NULL, kind: NOT_NULL, attrs: NOT_NULL, evidence_count: NOT_NULL, first_seen: NULL, last_seen: NULL } },
  'stellar_api.graph_evidence': { kind: 'view', columns: { id: NOT_NULL, relation_id: NOT_NULL, transcript_id: NOT_NULL, run_id: NOT_NULL, turn_idx: NULL, speaker: NULL, quote: NULL, seen_at: NOT_NULL } },
  'stellar_api.graph_account_rollups': { kind: 'view', columns: { account_id: NOT_NULL, account_name: NOT_NULL, calls: NOT_NULL, last_contact: NULL, competitor_mentions: NOT_NULL, objection_trend: NOT_NULL, open_next_steps: NOT_NULL, refreshed_at: NOT_NULL } },
  'graphile_worker.jobs': { kind: 'view', columns: { id: NOT_NULL, queue_name: NULL, task_identifier: NOT_NULL, priority: NOT_NULL, run_at: NOT_NULL, attempts: NOT_NULL, max_attempts: NOT_NULL, last_error: NULL, created_at: NOT_NULL, updated_at: NOT_NULL, key: NULL, locked_at: NULL, locked_by: NULL, revision: NOT_NULL, flags: NULL } },
} as const satisfies RelationCatalogue;

/** Set-returning functions the code selects from (`selectFrom(sql<Row>\`fn(...)\`.as(...))`), by their result rows. */
export interface DatabaseFunctions {
  'stellar_api.stage_stats': StageStatsRow;
  'stellar_api.runs_per_hour': RunsPerHourRow;
}

/** The result columns of `DatabaseFunctions`, as plain data (the compiler keeps them equal; the drift test checks pg_proc). */
export const functionResults = {
  'stellar_api.stage_stats': {
    stage: NOT_NULL,
    total: NOT_NULL,
    succeeded: NOT_NULL,
    failed: NOT_NULL,
    skipped: NOT_NULL,
    p50_duration_ms: NULL,
    p95_duration_ms: NULL,
    p50_queue_wait_ms: NULL,
    p95_queue_wait_ms: NULL,
  },
  'stellar_api.runs_per_hour': { hour: NOT_NULL, total: NOT_NULL, succeeded: NOT_NULL, failed: NOT_NULL, partial: NOT_NULL, open: NOT_NULL },
} as const satisfies { readonly [K in keyof DatabaseFunctions]: ColumnsOf<DatabaseFunctions[K]> };

export type Transcript = Selectable<TranscriptsTable>;
export type PipelineRun = Selectable<PipelineRunsTable>;
export type StageRun = Selectable<StageRunsTable>;
export type NewTranscript = Insertable<TranscriptsTable>;

/** sql/070_graph.sql: the knowledge graph across calls (src/graph/, src/db/queries/graph.ts). */
export type GraphEntityKind = 'person' | 'company' | 'product' | 'competitor' | 'topic' | 'objection' | 'call';

export interface GraphEntitiesTable {
  id: Generated<string>;
  kind: GraphEntityKind;
  key: string;
  name: string;
  attrs: ColumnType<Record<string, unknown>, string | undefined, string>;
  mention_count: Generated<number>;
  call_count: Generated<number>;
  first_seen: Timestamp | null;
  last_seen: Timestamp | null;
  updated_at: DefaultNow;
}

export interface GraphAliasesTable {
  kind: GraphEntityKind;
  alias: string;
  entity_id: string;
  source: 'key' | 'name' | 'domain' | 'email' | 'manual';
  created_at: DefaultNow;
}

export interface GraphRelationsTable {
  id: Generated<string>;
  source_id: string;
  target_id: string;
  kind: string;
  attrs: ColumnType<Record<string, unknown>, string | undefined, string>;
  evidence_count: Generated<number>;
  first_seen: Timestamp | null;
  last_seen: Timestamp | null;
  updated_at: DefaultNow;
}

export interface GraphEvidenceTable {
  id: Generated<string>;
  relation_id: string;
  transcript_id: string;
  run_id: string;
  turn_idx: number | null;
  speaker: string | null;
  quote: string | null;
  seen_at: Timestamp;
}

export interface GraphMentionsTable {
  entity_id: string;
  transcript_id: string;
  run_id: string;
  mentions: number;
  seen_at: Timestamp;
}

export type GraphMirrorOp = 'upsert_entity' | 'delete_entity' | 'upsert_relation' | 'delete_relation';

export interface GraphMirrorOutboxTable {
  id: Generated<string>;
  op: GraphMirrorOp;
  entity_kind: string;
  entity_key: string;
  relation_kind: string | null;
  target_kind: string | null;
  target_key: string | null;
  transcript_id: string | null;
  created_at: DefaultNow;
}

export interface GraphAccountRollupsTable {
  account_id: string;
  calls: number;
  last_contact: Timestamp | null;
  competitor_mentions: Json<unknown[]>;
  objection_trend: Json<unknown[]>;
  open_next_steps: Json<unknown[]>;
  refreshed_at: DefaultNow;
}

export interface GraphRollupsTable {
  day: ColumnType<Date, string, string>;
  complete: boolean;
  checks: number;
  accounts: number;
  note: string | null;
  created_at: DefaultNow;
}

/** sql/070_graph.sql: the graph across calls, read-only for GraphQL and the reasoning engine. */
export interface ApiGraphEntitiesView {
  id: string;
  kind: GraphEntityKind;
  key: string;
  name: string;
  attrs: Json<Record<string, unknown>>;
  mention_count: number;
  call_count: number;
  first_seen: Date | null;
  last_seen: Date | null;
}

export interface ApiGraphRelationsView {
  id: string;
  source_id: string;
  target_id: string;
  kind: string;
  attrs: Json<Record<string, unknown>>;
  evidence_count: number;
  first_seen: Date | null;
  last_seen: Date | null;
}

export interface ApiGraphEvidenceView {
  id: string;
  relation_id: string;
  transcript_id: string;
  run_id: string;
  turn_idx: number | null;
  speaker: string | null;
  quote: string | null;
  seen_at: Date;
}

export interface ApiGraphAccountRollupsView {
  account_id: string;
  account_name: string;
  calls: number;
  last_contact: Date | null;
  competitor_mentions: Json<unknown[]>;
  objection_trend: Json<unknown[]>;
  open_next_steps: Json<unknown[]>;
  refreshed_at: Date;
}

export interface GraphTables {
  'stellar.graph_entities': GraphEntitiesTable;
  'stellar.graph_aliases': GraphAliasesTable;
  'stellar.graph_relations': GraphRelationsTable;
  'stellar.graph_evidence': GraphEvidenceTable;
  'stellar.graph_mentions': GraphMentionsTable;
  'stellar.graph_mirror_outbox': GraphMirrorOutboxTable;
  'stellar.graph_account_rollups': GraphAccountRollupsTable;
  'stellar.graph_rollups': GraphRollupsTable;
  'stellar.crm_rows': CrmRowsTable;
  'stellar_api.graph_entities': ApiGraphEntitiesView;
  'stellar_api.graph_relations': ApiGraphRelationsView;
  'stellar_api.graph_evidence': ApiGraphEvidenceView;
  'stellar_api.graph_account_rollups': ApiGraphAccountRollupsView;
}

/** sql/071_crm.sql: Baserow row ids of what Stellar wrote (src/crm/). */
export interface CrmRowsTable {
  kind: 'account' | 'call' | 'next_step';
  local_key: string;
  table_id: number;
  row_id: number;
  transcript_id: string | null;
  synced_at: DefaultNow;
}
