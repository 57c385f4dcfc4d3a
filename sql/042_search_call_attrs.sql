-- Search (issue 9): per-call filter attributes, so account/rep/date filters are one index
-- lookup per query instead of reading every candidate's facts (jsonb) per row.
-- Owns: stellar.call_search_attrs and the triggers that keep it equal to what the filters
-- mean (src/search/types.ts):
--   account  = transcripts.account, else buyerCompany of the current facts;
--   rep_keys = transcripts.rep, else every seller who spoke (current facts), lower case;
--   happened_at = transcripts.meeting_at, else the current parse's meeting_at, else received_at.
-- Recomputed when a transcript's row changes and when its current structure/parse run moves
-- (stellar.current_runs, sql/040_search.sql). Must not: be written by application code.
create table stellar.call_search_attrs (
  transcript_id uuid primary key references stellar.transcripts (id) on delete cascade,
  account text,
  account_key text,
  rep_keys text[] not null default '{}',
  happened_at timestamptz not null
);
create index call_search_attrs_account_idx on stellar.call_search_attrs (account_key);
create index call_search_attrs_reps_idx on stellar.call_search_attrs using gin (rep_keys);
create index call_search_attrs_happened_idx on stellar.call_search_attrs (happened_at);

create function stellar.refresh_call_search_attrs(p_transcript uuid) returns void
language plpgsql as $$
begin
  insert into stellar.call_search_attrs as a (transcript_id, account, account_key, rep_keys, happened_at)
  select t.id,
         coalesce(t.account, f.facts ->> 'buyerCompany'),
         lower(coalesce(t.account, f.facts ->> 'buyerCompany')),
         case when t.rep is not null then array[lower(t.rep)]
              else coalesce((select array_agg(distinct lower(p ->> 'name'))
                             from jsonb_array_elements(coalesce(f.facts -> 'participants', '[]'::jsonb)) p
                             where p ->> 'side' = 'seller' and p ->> 'spoke' = 'true' and p ->> 'name' is not null), '{}') end,
         coalesce(t.meeting_at, pc.meeting_at, t.received_at)
  from stellar.transcripts t
  left join stellar.current_runs fr on fr.transcript_id = t.id and fr.stage = 'structure'
  left join stellar.call_facts f on f.run_id = fr.run_id
  left join stellar.current_runs pr on pr.transcript_id = t.id and pr.stage = 'parse'
  left join stellar.parsed_calls pc on pc.run_id = pr.run_id
  where t.id = p_transcript
  on conflict (transcript_id) do update
    set account = excluded.account, account_key = excluded.account_key, rep_keys = excluded.rep_keys, happened_at = excluded.happened_at;
end $$;

create function stellar.transcripts_track_search_attrs() returns trigger
language plpgsql as $$
begin
  perform stellar.refresh_call_search_attrs(new.id);
  return null;
end $$;
create trigger transcripts_track_search_attrs after insert or update of account, rep, meeting_at, received_at on stellar.transcripts
  for each row execute function stellar.transcripts_track_search_attrs();

create function stellar.current_runs_track_search_attrs() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if exists (select 1 from stellar.transcripts where id = old.transcript_id) then
      perform stellar.refresh_call_search_attrs(old.transcript_id);
    end if;
  else
    perform stellar.refresh_call_search_attrs(new.transcript_id);
  end if;
  return null;
end $$;
create trigger current_runs_track_search_attrs_ins after insert on stellar.current_runs
  for each row when (new.stage in ('structure', 'parse')) execute function stellar.current_runs_track_search_attrs();
create trigger current_runs_track_search_attrs_upd after update on stellar.current_runs
  for each row when (new.stage in ('structure', 'parse')) execute function stellar.current_runs_track_search_attrs();
create trigger current_runs_track_search_attrs_del after delete on stellar.current_runs
  for each row when (old.stage in ('structure', 'parse')) execute function stellar.current_runs_track_search_attrs();

select stellar.refresh_call_search_attrs(id) from stellar.transcripts;
