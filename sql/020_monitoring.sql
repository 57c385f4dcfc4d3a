-- Monitoring (issue 4): failure alerts, their grouped messages, and the
-- indexes the run list and the statistics need at 100 000 runs.

-- One row per failure event: a stage that failed for good, or a run that
-- ended failed without a stage failure already alerting for it. Recorded in
-- the same transaction as the failure (src/alerts/record.ts).
create table stellar.alert_messages (
  id bigint generated always as identity primary key,
  -- what is grouped: 'stage:<name>' or 'run'
  group_key text not null,
  alert_count int not null check (alert_count > 0),
  subject text not null,
  body text not null,
  -- channels this message goes to (fixed when it is built): webhook, email
  channels text[] not null,
  webhook_sent_at timestamptz,
  email_sent_at timestamptz,
  attempts int not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index alert_messages_group_idx on stellar.alert_messages (group_key, created_at desc);
create index alert_messages_open_idx on stellar.alert_messages (group_key) where completed_at is null;

create table stellar.alerts (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('stage_failed', 'run_failed')),
  group_key text not null,
  run_id uuid references stellar.pipeline_runs (id) on delete cascade,
  transcript_id uuid references stellar.transcripts (id) on delete cascade,
  stage text,
  error text,
  created_at timestamptz not null default now(),
  -- the grouped message that carried it (null: not sent yet, or no channel configured)
  message_id bigint references stellar.alert_messages (id) on delete set null
);
create index alerts_created_idx on stellar.alerts (created_at desc);
create index alerts_unsent_idx on stellar.alerts (group_key, id) where message_id is null;
create index alerts_run_idx on stellar.alerts (run_id);

-- The run list orders by created_at desc and PostGraphile adds the primary key
-- as a tie-breaker: this index serves "the last N runs" without a sort.
create index pipeline_runs_created_id_idx on stellar.pipeline_runs (created_at desc, id);
create index pipeline_runs_trigger_created_idx on stellar.pipeline_runs (trigger, created_at desc);
-- Per-stage statistics over a time window (by end time): covering, so the
-- statistics read the index only; and the failure list.
create index stage_runs_finished_idx on stellar.stage_runs (finished_at) include (stage, status, duration_ms, queued_at, started_at);
create index stage_runs_failed_idx on stellar.stage_runs (finished_at desc) where status = 'failed';
