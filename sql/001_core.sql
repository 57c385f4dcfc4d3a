-- Core tables of the ingestion pipeline (schema stellar).
-- Every output row carries the run that produced it: reprocessing adds a new
-- version instead of overwriting, and "current" means "from the latest
-- succeeded stage run of that stage for that transcript" (see stellar.current_stage_run).
create extension if not exists vector;
create extension if not exists pgcrypto;
create schema if not exists stellar;

create table stellar.transcripts (
  id uuid primary key default gen_random_uuid(),
  content_sha256 text not null unique check (content_sha256 ~ '^[0-9a-f]{64}$'),
  file_name text not null,
  media_type text,
  format text,
  raw_text text not null,
  meeting_at timestamptz,
  rep text,
  account text,
  source text not null check (source in ('upload', 'inbox', 'cli', 'demo', 'api')),
  received_at timestamptz not null default now()
);
create index transcripts_received_at_idx on stellar.transcripts (received_at);

create table stellar.pipeline_runs (
  id uuid primary key default gen_random_uuid(),
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  trigger text not null check (trigger in ('upload', 'inbox', 'cli', 'reprocess', 'backfill')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'partial')),
  stages text[] not null,
  priority int not null default 0,
  reason text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  error text
);
create index pipeline_runs_transcript_idx on stellar.pipeline_runs (transcript_id, created_at desc);
create index pipeline_runs_status_created_idx on stellar.pipeline_runs (status, created_at desc);
create index pipeline_runs_created_idx on stellar.pipeline_runs (created_at desc);

create table stellar.stage_runs (
  id bigint generated always as identity primary key,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  stage text not null,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'retrying', 'succeeded', 'failed', 'skipped')),
  attempt int not null default 0,
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms int,
  provider text,
  model text,
  agent_version text,
  error text,
  unique (run_id, stage)
);
create index stage_runs_stage_status_idx on stellar.stage_runs (stage, status, finished_at);

-- parse
create table stellar.turns (
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  idx int not null,
  speaker text not null,
  start_ms int,
  end_ms int,
  text text not null,
  primary key (run_id, idx)
);
create index turns_transcript_idx on stellar.turns (transcript_id);

-- parse: what the file said besides turns (format, participant hints, stored meeting time)
create table stellar.parsed_calls (
  run_id uuid primary key references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  format text not null,
  participants jsonb not null default '[]',
  meeting_at timestamptz,
  turn_count int not null,
  created_at timestamptz not null default now()
);
create index parsed_calls_transcript_idx on stellar.parsed_calls (transcript_id, created_at desc);

-- structure
create table stellar.call_facts (
  run_id uuid primary key references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  facts jsonb not null,
  provider text not null,
  model text not null,
  agent_version text not null,
  created_at timestamptz not null default now()
);
create index call_facts_transcript_idx on stellar.call_facts (transcript_id, created_at desc);

-- chunk
create table stellar.chunks (
  id bigint generated always as identity primary key,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  idx int not null,
  speakers text[] not null,
  start_ms int,
  end_ms int,
  text text not null,
  unique (run_id, idx)
);
create index chunks_transcript_idx on stellar.chunks (transcript_id);

-- embed (built-in: feature hashing, fixed dimension; HNSW cosine index)
create table stellar.chunk_embeddings (
  chunk_id bigint not null references stellar.chunks (id) on delete cascade,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  model text not null,
  dims int not null check (dims = 512),
  embedding vector(512) not null,
  primary key (run_id, chunk_id)
);
create index chunk_embeddings_hnsw on stellar.chunk_embeddings using hnsw (embedding vector_cosine_ops);

-- embed (Ollama: dimension depends on the model, so kept apart and never mixed with the built-in kind)
create table stellar.chunk_embeddings_ollama (
  chunk_id bigint not null references stellar.chunks (id) on delete cascade,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  model text not null,
  dims int not null,
  embedding vector not null,
  primary key (run_id, chunk_id)
);
create index chunk_embeddings_ollama_model_idx on stellar.chunk_embeddings_ollama (model, dims);

-- draft_email / draft_social
create table stellar.drafts (
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  kind text not null check (kind in ('email', 'social')),
  subject text,
  body text not null,
  provider text not null,
  model text not null,
  agent_version text not null,
  created_at timestamptz not null default now(),
  primary key (run_id, kind)
);
create index drafts_transcript_idx on stellar.drafts (transcript_id, kind, created_at desc);

-- coach_call
create table stellar.coaching_reports (
  run_id uuid primary key references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  metrics jsonb not null,
  feedback jsonb not null,
  headline text not null,
  provider text not null,
  model text not null,
  agent_version text not null,
  created_at timestamptz not null default now()
);
create index coaching_reports_transcript_idx on stellar.coaching_reports (transcript_id, created_at desc);

-- link_graph
create table stellar.entities (
  id bigint generated always as identity primary key,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  kind text not null check (kind in ('person', 'company', 'topic', 'objection', 'competitor', 'call')),
  key text not null,
  name text not null,
  attrs jsonb not null default '{}',
  unique (run_id, kind, key)
);
create index entities_kind_key_idx on stellar.entities (kind, key);
create table stellar.relations (
  id bigint generated always as identity primary key,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  source_id bigint not null references stellar.entities (id) on delete cascade,
  target_id bigint not null references stellar.entities (id) on delete cascade,
  kind text not null,
  attrs jsonb not null default '{}',
  unique (run_id, source_id, target_id, kind)
);

-- "Current" output of a stage for a transcript: the latest succeeded stage run.
create view stellar.current_stage_run as
select distinct on (r.transcript_id, s.stage)
  r.transcript_id, s.stage, s.run_id, s.finished_at
from stellar.stage_runs s
join stellar.pipeline_runs r on r.id = s.run_id
where s.status = 'succeeded'
order by r.transcript_id, s.stage, s.finished_at desc, s.id desc;
