-- Search (issue 9): what hybrid retrieval needs on top of the chunk/embed outputs.
-- Owns: the chunk columns for citations and filters (speaker side, turn range),
-- the generated full-text column with its GIN index, and stellar.current_runs,
-- a trigger-maintained copy of the view stellar.current_stage_run that a
-- search can probe per candidate row in microseconds (the view sorts every
-- stage run of a transcript). Must not: change how "current" is defined —
-- current_runs is recomputed with the view's rule on every change that can move it
-- (test/search.test.ts checks the two agree).

-- Chunks written before this migration keep nulls here until `stellar reprocess --only-changed`
-- re-chunks them (the chunker's version changed with it).
alter table stellar.chunks
  add column side text check (side in ('buyer', 'seller')),
  add column turn_from int,
  add column turn_to int,
  add column tsv tsvector generated always as (to_tsvector('english', text)) stored;
create index chunks_tsv_gin on stellar.chunks using gin (tsv);
create index chunks_run_idx on stellar.chunks (run_id);

create table stellar.current_runs (
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  stage text not null,
  run_id uuid not null,
  finished_at timestamptz,
  primary key (transcript_id, stage)
);
create index current_runs_run_stage_idx on stellar.current_runs (run_id, stage);
comment on table stellar.current_runs is
  'Materialised stellar.current_stage_run (the latest succeeded run of each stage per transcript), kept by triggers on stellar.stage_runs.';

-- Recomputes one (transcript, stage) pair with the view's own rule (latest succeeded stage run:
-- order by finished_at desc, id desc — the view's DISTINCT ON order), written as a direct
-- index-friendly lookup (pipeline_runs by transcript, stage_runs by (run_id, stage)).
create function stellar.refresh_current_run(p_transcript uuid, p_stage text) returns void
language plpgsql as $$
begin
  if p_transcript is null then
    return;
  end if;
  delete from stellar.current_runs where transcript_id = p_transcript and stage = p_stage;
  insert into stellar.current_runs (transcript_id, stage, run_id, finished_at)
  select r.transcript_id, s.stage, s.run_id, s.finished_at
  from stellar.pipeline_runs r
  join stellar.stage_runs s on s.run_id = r.id and s.stage = p_stage
  where r.transcript_id = p_transcript and s.status = 'succeeded'
  order by s.finished_at desc, s.id desc
  limit 1;
end $$;

create function stellar.stage_runs_track_current() returns trigger
language plpgsql as $$
declare
  t uuid;
begin
  if tg_op in ('UPDATE', 'DELETE') and old.status = 'succeeded' then
    select transcript_id into t from stellar.pipeline_runs where id = old.run_id;
    perform stellar.refresh_current_run(t, old.stage);
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.status = 'succeeded' then
    select transcript_id into t from stellar.pipeline_runs where id = new.run_id;
    perform stellar.refresh_current_run(t, new.stage);
  end if;
  return null;
end $$;

create trigger stage_runs_track_current_ins after insert on stellar.stage_runs
  for each row when (new.status = 'succeeded') execute function stellar.stage_runs_track_current();
create trigger stage_runs_track_current_upd after update of status, finished_at, run_id, stage on stellar.stage_runs
  for each row when (new.status = 'succeeded' or old.status = 'succeeded') execute function stellar.stage_runs_track_current();
-- A deleted run (cascading to its stage runs) falls back to the previous succeeded one.
create trigger stage_runs_track_current_del after delete on stellar.stage_runs
  for each row when (old.status = 'succeeded') execute function stellar.stage_runs_track_current();

-- A deleted pipeline run: its stage runs go with it (cascade), and whatever it was current for
-- falls back to the previous succeeded run (the stage_runs trigger cannot see the run any more).
create function stellar.pipeline_runs_track_current() returns trigger
language plpgsql as $$
declare
  s text;
begin
  for s in select stage from stellar.current_runs where run_id = old.id loop
    perform stellar.refresh_current_run(old.transcript_id, s);
  end loop;
  return null;
end $$;
create trigger pipeline_runs_track_current after delete on stellar.pipeline_runs
  for each row execute function stellar.pipeline_runs_track_current();

insert into stellar.current_runs (transcript_id, stage, run_id, finished_at)
select transcript_id, stage, run_id, finished_at from stellar.current_stage_run;
