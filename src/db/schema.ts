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

export interface CurrentStageRunView {
  transcript_id: string;
  stage: string;
  run_id: string;
  finished_at: Date;
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
}

export type Transcript = Selectable<TranscriptsTable>;
export type PipelineRun = Selectable<PipelineRunsTable>;
export type StageRun = Selectable<StageRunsTable>;
export type NewTranscript = Insertable<TranscriptsTable>;
