-- GraphQL, issue 13: consistent numbers in the read-only API schema, and
-- live run status (LISTEN/NOTIFY for the GraphQL subscription `runChanged`).
-- Owns: the int versions of the API views' millisecond columns, the rounded
-- percentiles of stage_stats, and the run-change notifications.
-- Must not: change what the views return beyond those types (the reasoning
-- engine's sql tool and src/db/queries read the same columns).
--
-- 1. Durations are `int` milliseconds everywhere (PostGraphile maps bigint to
--    the BigInt scalar, a JSON string). A column type cannot change through
--    `create or replace view`, so the three views are dropped and recreated
--    with the same columns in the same order; whatever was granted on them
--    (sql/025, 045, 060, …) is recorded first and granted again.
--    runs_by_stage_state returns `setof stellar_api.pipeline_runs`: it goes
--    with the view and is recreated unchanged.

create temporary table api_view_grants on commit drop as
select c.relname, g.rolname as grantee, a.privilege_type
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral aclexplode(c.relacl) a
join pg_roles g on g.oid = a.grantee
where n.nspname = 'stellar_api'
  and c.relname in ('pipeline_runs', 'stage_runs', 'speaker_metrics')
  and a.grantee <> c.relowner;

drop function stellar_api.runs_by_stage_state(text, stellar_api.stage_status, timestamptz, timestamptz);
drop view stellar_api.pipeline_runs;
drop view stellar_api.stage_runs;
drop view stellar_api.speaker_metrics;

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
  -- int ms holds 24.8 days; a longer run (never seen) reads as that much rather than failing the query.
  least(round(extract(epoch from r.finished_at - coalesce(r.started_at, r.created_at)) * 1000), 2147483647)::int as duration_ms,
  r.error
from stellar.pipeline_runs r;
comment on view stellar_api.pipeline_runs is E'@primaryKey id\n@foreignKey (transcript_id) references stellar_api.transcripts (id)|@fieldName transcript|@foreignFieldName runs\nOne pass of the pipeline over a transcript.';
comment on column stellar_api.pipeline_runs.duration_ms is 'From start (or creation) to finish, in ms; null while the run is open.';

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
  least(round(extract(epoch from s.started_at - s.queued_at) * 1000), 2147483647)::int as queue_wait_ms,
  s.provider,
  s.model,
  s.agent_version,
  s.error
from stellar.stage_runs s;
comment on view stellar_api.stage_runs is E'@primaryKey id\n@foreignKey (run_id) references stellar_api.pipeline_runs (id)|@fieldName run|@foreignFieldName stageRuns\nOne stage of one run: waiting (queued_at to started_at), then running (to finished_at).';
comment on column stellar_api.stage_runs.duration_ms is 'Running time of the last attempt, in ms.';
comment on column stellar_api.stage_runs.queue_wait_ms is 'Time spent waiting in the queue before the last attempt started, in ms.';

create view stellar_api.speaker_metrics as
select c.transcript_id, c.file_name, c.account, c.meeting_at,
       (s ->> 'speaker') as speaker, (s ->> 'side') as side,
       least(round((s ->> 'talkMs')::numeric), 2147483647)::int as talk_ms, (s ->> 'share')::float8 as share,
       (s ->> 'words')::int as words, (s ->> 'questions')::int as questions,
       (s ->> 'turns')::int as turns, (s ->> 'fillerWords')::int as filler_words,
       (r.metrics ->> 'interactivity')::float8 as call_interactivity,
       r.metrics ->> 'timeBasis' as time_basis
from stellar_api.calls c
join stellar.current_stage_run sc on sc.transcript_id = c.transcript_id and sc.stage = 'coach_call'
join stellar.coaching_reports r on r.run_id = sc.run_id
cross join lateral jsonb_array_elements(r.metrics -> 'speakers') as s;
comment on view stellar_api.speaker_metrics is 'Talk time (ms), share, words and questions per speaker and call (current coaching report).';

-- Same body as sql/025_api_views.sql.
create function stellar_api.runs_by_stage_state(
  stage_name text,
  stage_status stellar_api.stage_status default 'failed',
  since timestamptz default null,
  until timestamptz default null
) returns setof stellar_api.pipeline_runs
language plpgsql stable parallel safe security definer
set search_path = pg_catalog, pg_temp
set plan_cache_mode = force_custom_plan
as $$
begin
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

do $$
declare g record;
begin
  for g in select * from api_view_grants loop
    execute format('grant %s on stellar_api.%I to %I', g.privilege_type, g.relname, g.grantee);
  end loop;
end $$;
revoke all on stellar_api.pipeline_runs, stellar_api.stage_runs, stellar_api.speaker_metrics from public;
grant select on stellar_api.pipeline_runs, stellar_api.stage_runs, stellar_api.speaker_metrics to stellar_graphql;
revoke execute on function stellar_api.runs_by_stage_state(text, stellar_api.stage_status, timestamptz, timestamptz) from public;
grant execute on function stellar_api.runs_by_stage_state(text, stellar_api.stage_status, timestamptz, timestamptz) to stellar_graphql;

-- 2. Percentiles in whole milliseconds (int), like every other duration.
--    A function's result type cannot change in place: drop and create.
drop function stellar_api.stage_stats(timestamptz, timestamptz);
create function stellar_api.stage_stats(
  since timestamptz default now() - interval '24 hours',
  until timestamptz default now()
) returns table (
  stage text,
  total int,
  succeeded int,
  failed int,
  skipped int,
  p50_duration_ms int,
  p95_duration_ms int,
  p50_queue_wait_ms int,
  p95_queue_wait_ms int
)
language sql stable parallel safe
as $$
  select
    s.stage,
    count(*)::int,
    count(*) filter (where s.status = 'succeeded')::int,
    count(*) filter (where s.status = 'failed')::int,
    count(*) filter (where s.status = 'skipped')::int,
    round(percentile_cont(0.5) within group (order by s.duration_ms) filter (where s.status in ('succeeded', 'failed')))::int,
    round(percentile_cont(0.95) within group (order by s.duration_ms) filter (where s.status in ('succeeded', 'failed')))::int,
    round(percentile_cont(0.5) within group (order by s.queue_wait_ms) filter (where s.started_at is not null))::int,
    round(percentile_cont(0.95) within group (order by s.queue_wait_ms) filter (where s.started_at is not null))::int
  from stellar_api.stage_runs s
  where s.finished_at >= coalesce(stage_stats.since, '-infinity')
    and s.finished_at < coalesce(stage_stats.until, 'infinity')
  group by s.stage
  order by s.stage
$$;
comment on function stellar_api.stage_stats(timestamptz, timestamptz) is
  'Per stage, over stage runs that ended in [since, until) (default: the last 24 hours): counts, failures, p50/p95 duration and queue wait in whole ms.';
revoke execute on function stellar_api.stage_stats(timestamptz, timestamptz) from public;
grant execute on function stellar_api.stage_stats(timestamptz, timestamptz) to stellar_graphql;

-- 3. Live run status. Every change of a run's status (or of one of its
--    stages) notifies two channels, after commit:
--      stellar_run_changed             every run (subscription without runId)
--      stellar_run_changed:<run uuid>  that run only (runChanged(runId: …))
--    The payload is small JSON: {"runId", "event": "run"|"stage", "status",
--    "stage"?}. src/graphql/subscriptions.ts turns it into the run row, read
--    through stellar_api.pipeline_runs as the GraphQL role.
create function stellar.notify_run_changed() returns trigger
language plpgsql
as $$
declare
  payload text;
  rid uuid;
begin
  if tg_table_name = 'pipeline_runs' then
    rid := new.id;
    payload := json_build_object('runId', new.id, 'event', 'run', 'status', new.status)::text;
  else
    rid := new.run_id;
    payload := json_build_object('runId', new.run_id, 'event', 'stage', 'stage', new.stage, 'status', new.status)::text;
  end if;
  perform pg_notify('stellar_run_changed', payload);
  perform pg_notify('stellar_run_changed:' || rid::text, payload);
  return null;
end
$$;
comment on function stellar.notify_run_changed() is 'NOTIFY stellar_run_changed (and stellar_run_changed:<run id>) when a run or one of its stages changes status.';

create trigger pipeline_runs_notify_insert after insert on stellar.pipeline_runs
  for each row execute function stellar.notify_run_changed();
create trigger pipeline_runs_notify_update after update of status on stellar.pipeline_runs
  for each row when (old.status is distinct from new.status) execute function stellar.notify_run_changed();
create trigger stage_runs_notify_update after update of status on stellar.stage_runs
  for each row when (old.status is distinct from new.status) execute function stellar.notify_run_changed();
