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

/** graphile-worker's public view of its jobs (the columns Stellar reads). */
export interface GraphileJobsView {
  id: string;
  task_identifier: string;
  key: string | null;
  priority: number;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_at: Date | null;
  run_at: Date;
  last_error: string | null;
  created_at: Date;
}

export interface Database extends GraphTables {
  'graphile_worker.jobs': GraphileJobsView;
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
}

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
  competitor_mentions: Json;
  objection_trend: Json;
  open_next_steps: Json;
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
