-- The read-only API schema (issue 4): what GraphQL (PostGraphile) and the
-- reasoning engine see. Views over the pipeline tables and graphile-worker's
-- public jobs view (never the payload), a few SQL functions for statistics,
-- and the role `stellar_graphql` that may only read them.
--
-- Statuses and triggers are exposed as enums so GraphQL can say
-- `condition: {status: FAILED}`. When a migration adds a value to one of the
-- check constraints in 001_core.sql, add it to the enum here too
-- (alter type ... add value), or the views fail on rows with the new value.
create schema stellar_api;
comment on schema stellar_api is 'Read-only views for GraphQL and the reasoning engine. Owns no data.';

create type stellar_api.run_status as enum ('queued', 'running', 'succeeded', 'failed', 'partial');
create type stellar_api.run_trigger as enum ('upload', 'inbox', 'cli', 'reprocess', 'backfill');
create type stellar_api.stage_status as enum ('queued', 'running', 'retrying', 'succeeded', 'failed', 'skipped');
create type stellar_api.job_state as enum ('waiting', 'scheduled', 'running', 'failed');

create view stellar_api.transcripts as
select
  t.id,
  t.content_sha256,
  t.file_name,
  t.media_type,
  t.format,
  t.meeting_at,
  t.rep,
  t.account,
  t.source,
  t.received_at,
  char_length(t.raw_text) as text_length
from stellar.transcripts t;
comment on view stellar_api.transcripts is E'@primaryKey id\nA stored transcript (its text is not exposed here, only its length).';

create view stellar_api.pipeline_runs as
select
  r.id,
  r.transcript_id,
  r.trigger::text::stellar_api.run_trigger as trigger,
  r.status::text::stellar_api.run_status as status,
  r.stages,
  r.priority,
  r.reason,
  r.created_at,
  r.started_at,
  r.finished_at,
  (extract(epoch from r.finished_at - coalesce(r.started_at, r.created_at)) * 1000)::bigint as duration_ms,
  r.error
from stellar.pipeline_runs r;
comment on view stellar_api.pipeline_runs is E'@primaryKey id\n@foreignKey (transcript_id) references stellar_api.transcripts (id)|@fieldName transcript|@foreignFieldName runs\nOne pass of the pipeline over a transcript.';
comment on column stellar_api.pipeline_runs.duration_ms is 'From start (or creation) to finish; null while the run is open.';

create view stellar_api.stage_runs as
select
  s.id,
  s.run_id,
  s.stage,
  s.status::text::stellar_api.stage_status as status,
  s.attempt,
  s.queued_at,
  s.started_at,
  s.finished_at,
  s.duration_ms,
  (extract(epoch from s.started_at - s.queued_at) * 1000)::bigint as queue_wait_ms,
  s.provider,
  s.model,
  s.agent_version,
  s.error
from stellar.stage_runs s;
comment on view stellar_api.stage_runs is E'@primaryKey id\n@foreignKey (run_id) references stellar_api.pipeline_runs (id)|@fieldName run|@foreignFieldName stageRuns\nOne stage of one run: waiting (queued_at to started_at), then running (to finished_at).';
comment on column stellar_api.stage_runs.queue_wait_ms is 'Time spent waiting in the queue before the last attempt started.';

-- graphile-worker's public view, without payload, key or locked_by.
create view stellar_api.jobs as
select
  j.id,
  j.task_identifier,
  j.queue_name,
  j.priority,
  j.attempts,
  j.max_attempts,
  j.run_at,
  j.locked_at,
  j.last_error,
  j.created_at,
  (case
    when j.locked_at is not null then 'running'
    when j.attempts >= j.max_attempts then 'failed'
    when j.run_at > now() then 'scheduled'
    else 'waiting'
  end)::stellar_api.job_state as state
from graphile_worker.jobs j;
comment on view stellar_api.jobs is E'@primaryKey id\nThe job queue (graphile-worker), without payloads.';

create view stellar_api.queue_depth as
select
  j.task_identifier,
  count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now())::int as waiting,
  count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at > now())::int as scheduled,
  count(*) filter (where j.locked_at is not null)::int as running,
  count(*) filter (where j.locked_at is null and j.attempts >= j.max_attempts)::int as failed,
  count(*)::int as total,
  min(j.run_at) filter (where j.locked_at is null and j.attempts < j.max_attempts) as next_run_at
from graphile_worker.jobs j
group by j.task_identifier;
comment on view stellar_api.queue_depth is E'@primaryKey task_identifier\nJobs per task: waiting (due), scheduled (later), running, failed for good.';

create view stellar_api.alerts as
select
  a.id,
  a.kind,
  a.group_key,
  a.run_id,
  a.transcript_id,
  a.stage,
  a.error,
  a.created_at,
  a.message_id,
  m.completed_at as sent_at
from stellar.alerts a
left join stellar.alert_messages m on m.id = a.message_id;
comment on view stellar_api.alerts is E'@primaryKey id\n@foreignKey (run_id) references stellar_api.pipeline_runs (id)|@fieldName run|@foreignFieldName alerts\nA recorded failure alert; sent_at is when its grouped message went out.';

create view stellar_api.alert_messages as
select m.id, m.group_key, m.alert_count, m.subject, m.body, m.channels,
       m.webhook_sent_at, m.email_sent_at, m.attempts, m.last_error, m.created_at, m.completed_at
from stellar.alert_messages m;
comment on view stellar_api.alert_messages is E'@primaryKey id\nOne grouped alert message (at most one per group per ALERT_GROUP_MINUTES).';

-- Per-stage statistics over a time window: stage runs that ENDED in [since, until).
-- Durations and queue waits count attempts that ran (succeeded or failed), not skips.
create function stellar_api.stage_stats(
  since timestamptz default now() - interval '24 hours',
  until timestamptz default now()
) returns table (
  stage text,
  total int,
  succeeded int,
  failed int,
  skipped int,
  p50_duration_ms double precision,
  p95_duration_ms double precision,
  p50_queue_wait_ms double precision,
  p95_queue_wait_ms double precision
)
language sql stable parallel safe
as $$
  select
    s.stage,
    count(*)::int,
    count(*) filter (where s.status = 'succeeded')::int,
    count(*) filter (where s.status = 'failed')::int,
    count(*) filter (where s.status = 'skipped')::int,
    percentile_cont(0.5) within group (order by s.duration_ms) filter (where s.status in ('succeeded', 'failed')),
    percentile_cont(0.95) within group (order by s.duration_ms) filter (where s.status in ('succeeded', 'failed')),
    percentile_cont(0.5) within group (order by s.queue_wait_ms) filter (where s.started_at is not null),
    percentile_cont(0.95) within group (order by s.queue_wait_ms) filter (where s.started_at is not null)
  from stellar_api.stage_runs s
  where s.finished_at >= coalesce(stage_stats.since, '-infinity')
    and s.finished_at < coalesce(stage_stats.until, 'infinity')
  group by s.stage
  order by s.stage
$$;
comment on function stellar_api.stage_stats(timestamptz, timestamptz) is
  'Per stage, over stage runs that ended in [since, until) (default: the last 24 hours): counts, failures, p50/p95 duration and queue wait in ms.';

-- Runs that have a given stage in a given state, optionally in a creation-time window.
-- Reads stellar.stage_runs directly (the (stage, status, finished_at) index finds
-- e.g. the 2 000 runs failed at structure among 800 000 stage runs at once; the
-- view's enum cast would hide it), so it runs as its owner (security definer,
-- fixed search_path): the role still needs nothing but EXECUTE.
create function stellar_api.runs_by_stage_state(
  stage_name text,
  stage_status stellar_api.stage_status default 'failed',
  since timestamptz default null,
  until timestamptz default null
) returns setof stellar_api.pipeline_runs
language plpgsql stable parallel safe security definer
set search_path = pg_catalog, pg_temp
-- planned with the actual arguments each time: a generic plan hashes all runs
set plan_cache_mode = force_custom_plan
as $$
begin
  -- (run_id, stage) is unique: one stage row per run, so the join yields each run once.
  return query
  select r.*
  from stellar.stage_runs s
  join stellar_api.pipeline_runs r on r.id = s.run_id
  where s.stage = stage_name
    and s.status = stage_status::text
    and (since is null or r.created_at >= since)
    and (until is null or r.created_at < until);
end
$$;
comment on function stellar_api.runs_by_stage_state(text, stellar_api.stage_status, timestamptz, timestamptz) is
  E'@behavior +order +filter\nRuns whose stage `stage_name` is in state `stage_status` (default failed), created in [since, until) when given.';

-- Runs created per hour over the last `hours` hours (empty hours included).
create function stellar_api.runs_per_hour(hours int default 24)
returns table (hour timestamptz, total int, succeeded int, failed int, partial int, open int)
language sql stable parallel safe
as $$
  with buckets as (
    select generate_series(date_trunc('hour', now()) - make_interval(hours => greatest(1, least(hours, 24 * 31)) - 1),
                           date_trunc('hour', now()), interval '1 hour') as hour
  )
  select b.hour,
    count(r.id)::int,
    count(r.id) filter (where r.status = 'succeeded')::int,
    count(r.id) filter (where r.status = 'failed')::int,
    count(r.id) filter (where r.status = 'partial')::int,
    count(r.id) filter (where r.status in ('queued', 'running'))::int
  from buckets b
  left join stellar_api.pipeline_runs r on r.created_at >= b.hour and r.created_at < b.hour + interval '1 hour'
  group by b.hour
  order by b.hour
$$;
comment on function stellar_api.runs_per_hour(int) is 'Runs created per hour over the last `hours` hours (default 24), by final status.';

-- stage_stats and runs_per_hour are plain SQL over the views above, run as the
-- caller (the planner inlines them) and need nothing beyond the views' grants.

-- The role GraphQL runs as (SET ROLE per request, via PostGraphile's pgSettings).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'stellar_graphql') then
    begin
      create role stellar_graphql nologin;
    exception when duplicate_object or unique_violation then
      null; -- created by a concurrent migration of another database
    end;
  end if;
  -- A non-superuser connection must be a member to SET ROLE to it.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant stellar_graphql to %I', current_user);
  end if;
end $$;

revoke all on schema stellar_api from public;
grant usage on schema stellar_api to stellar_graphql;
revoke all on all tables in schema stellar_api from public;
grant select on all tables in schema stellar_api to stellar_graphql;
revoke execute on all functions in schema stellar_api from public;
grant execute on all functions in schema stellar_api to stellar_graphql;
