-- Operations (issue 5): reprocessing and backfills, scheduled reports, and the
-- cross-process limit on model calls. See docs/operations.md.

-- ---------------------------------------------------------------- backfills
-- A backfill is one `stellar reprocess` batch: one reprocess_transcript job per
-- transcript, each tracked as an item so that "remaining" counts jobs that have
-- not run yet as well as runs still in flight.
create table stellar.backfills (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  reason text,
  since timestamptz,
  until timestamptz,
  -- stages asked for (null: all); each item holds the stages it re-runs
  stages text[],
  only_changed boolean not null default false,
  provider text
);

create table stellar.backfill_items (
  backfill_id uuid not null references stellar.backfills (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  -- stages named for this transcript (downstream stages are added by the plan)
  stages text[] not null,
  -- set by reprocess_transcript when it opens the run
  run_id uuid references stellar.pipeline_runs (id) on delete set null,
  -- set when the item could not open a run at all
  error text,
  primary key (backfill_id, transcript_id)
);
create index backfill_items_run_idx on stellar.backfill_items (run_id) where run_id is not null;

-- Runs opened by a job remember it: a retried reprocess job (same job id) or a
-- second job with the same key while the first run is open never opens a
-- second run. `sweeps` counts how often sweep_stuck_runs re-queued lost jobs.
alter table stellar.pipeline_runs
  add column backfill_id uuid references stellar.backfills (id) on delete set null,
  add column job_id bigint,
  add column job_key text,
  add column sweeps int not null default 0;
create unique index pipeline_runs_job_id_key on stellar.pipeline_runs (job_id) where job_id is not null;
create index pipeline_runs_job_key_idx on stellar.pipeline_runs (job_key, created_at desc) where job_key is not null;
create index pipeline_runs_backfill_idx on stellar.pipeline_runs (backfill_id) where backfill_id is not null;
create index pipeline_runs_open_idx on stellar.pipeline_runs (created_at) where finished_at is null;

-- done / failed / remaining and an ETA per backfill (rate so far since its first run opened).
create view stellar.backfill_status as
with items as (
  select
    i.backfill_id,
    count(*)::int as total,
    (count(*) filter (where r.finished_at is not null and r.status in ('succeeded', 'partial')))::int as done,
    (count(*) filter (where (r.finished_at is not null and r.status = 'failed') or (i.run_id is null and i.error is not null)))::int as failed,
    (count(*) filter (where r.id is not null and r.finished_at is null))::int as running,
    (count(*) filter (where i.run_id is null and i.error is null))::int as pending,
    min(r.created_at) as started_at,
    max(r.finished_at) as last_finished_at
  from stellar.backfill_items i
  left join stellar.pipeline_runs r on r.id = i.run_id
  group by i.backfill_id
)
select
  b.id,
  b.created_at,
  b.reason,
  b.since,
  b.until,
  b.stages,
  b.only_changed,
  coalesce(i.total, 0) as total,
  coalesce(i.done, 0) as done,
  coalesce(i.failed, 0) as failed,
  coalesce(i.running, 0) as running,
  coalesce(i.pending, 0) as pending,
  coalesce(i.running + i.pending, 0) as remaining,
  i.started_at,
  case when coalesce(i.running + i.pending, 0) = 0 then coalesce(i.last_finished_at, b.created_at) end as finished_at,
  case
    when coalesce(i.running + i.pending, 0) = 0 then 'finished'
    when i.started_at is null then 'queued'
    else 'running'
  end as status,
  case
    when coalesce(i.running + i.pending, 0) = 0 then null
    when i.done + i.failed = 0 then null
    else now() + (now() - i.started_at) * ((i.running + i.pending)::float8 / (i.done + i.failed))
  end as eta
from stellar.backfills b
left join items i on i.backfill_id = b.id;

-- The same view in the read-only API schema (issue 4's migration 025 creates the
-- schema and the role that may read it).
do $$
begin
  if to_regnamespace('stellar_api') is null then
    raise notice 'schema stellar_api does not exist: stellar_api.backfills not created';
    return;
  end if;
  execute $v$
    create view stellar_api.backfills as
    select id, created_at, reason, since, until, stages, only_changed, total, done, failed, running,
           pending, remaining, started_at, finished_at, status, eta
    from stellar.backfill_status
  $v$;
  execute $c$
    comment on view stellar_api.backfills is E'@primaryKey id\nA reprocessing batch (`stellar reprocess`): done, failed and remaining transcripts, and an ETA.'
  $c$;
  revoke all on stellar_api.backfills from public;
  if exists (select 1 from pg_roles where rolname = 'stellar_graphql') then
    grant select on stellar_api.backfills to stellar_graphql;
  end if;
end $$;

-- ---------------------------------------------------------------- reports
-- weekly_analytics: one row per rep and week (Monday, UTC); a re-run replaces it.
create table stellar.weekly_reports (
  id bigint generated always as identity primary key,
  rep text not null,
  week_start date not null check (extract(isodow from week_start) = 1),
  metrics jsonb not null,
  created_at timestamptz not null default now(),
  unique (rep, week_start)
);
create index weekly_reports_week_idx on stellar.weekly_reports (week_start desc);

-- daily_digest: one row per UTC day, written once that day's runs have ended
-- (or after the last bounded re-check, then complete = false and a note says why).
create table stellar.daily_digests (
  day date primary key,
  digest jsonb not null,
  complete boolean not null,
  note text,
  checks int not null,
  created_at timestamptz not null default now()
);

-- ---------------------------------------------------------------- model-call limit
-- STELLAR_MAX_MODEL_CALLS slots are session advisory locks (727001, slot) held by
-- each worker process's limiter connection during a call; a crashed process's
-- connection closes and its slots are free again at once. A process whose local
-- queue waits at priority p holds a shared lock (727002, p + 1000000); a process
-- waiting at a worse priority lets it go first. src/ops/limiter.ts.
create function stellar.take_model_slot(slots int, want_priority int, held int[]) returns int
language plpgsql volatile as $$
declare
  first int := floor(random() * slots)::int;
  s int;
begin
  if exists (
    select 1 from pg_locks l
    where l.locktype = 'advisory' and l.granted
      and l.database = (select oid from pg_database where datname = current_database())
      and l.classid = 727002 and l.objsubid = 2
      and l.objid::bigint < (want_priority + 1000000)::bigint
      and l.pid <> pg_backend_pid()
  ) then
    return null; -- a process waits with a better priority: it goes first
  end if;
  for i in 0 .. slots - 1 loop
    s := (first + i) % slots;
    -- session advisory locks are re-entrant: skip the slots this session already holds
    if not (s = any (coalesce(held, '{}'))) and pg_try_advisory_lock(727001, s) then
      return s;
    end if;
  end loop;
  return null;
end $$;

-- Who holds which model-call slot right now (for monitoring).
create view stellar.model_call_slots as
select l.objid::int as slot, l.pid, a.application_name, a.client_addr, a.backend_start
from pg_locks l
left join pg_stat_activity a on a.pid = l.pid
where l.locktype = 'advisory' and l.granted and l.classid = 727001 and l.objsubid = 2
  and l.database = (select oid from pg_database where datname = current_database());
