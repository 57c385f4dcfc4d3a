-- The reasoning engine (issue 9): read-only views over the CURRENT outputs of
-- each call (facts, objections, next steps, competitors, speaker metrics) in
-- the API schema, and the role the engine's `sql` tool runs as.
--
-- stellar_reasoning: NOLOGIN; the app's connection takes it with SET LOCAL ROLE
-- inside a READ ONLY transaction (src/reasoning/tools/sql.ts). It has USAGE on
-- stellar_api and SELECT on its views, nothing else: no other schema, no
-- EXECUTE on stellar_api's functions, no membership of a privileged role.
-- Roles are cluster-global and every test database runs this file, so the role
-- is created only when missing.

-- ------------------------------------------------------------------ views
-- One row per call: account (stored, else the buyer company of its current
-- facts), the rep (stored, else the first seller who spoke), and the meeting
-- time (stored, else the parse stage's, else the first dated moment in the
-- call's timeline — calls open with their date).
create or replace view stellar_api.calls as
select
  t.id as transcript_id,
  t.file_name,
  t.format,
  coalesce(t.account, f.facts ->> 'buyerCompany') as account,
  f.facts ->> 'sellerCompany' as seller_company,
  coalesce(t.rep, (
    select p ->> 'name' from jsonb_array_elements(f.facts -> 'participants') with ordinality as x(p, ord)
    where p ->> 'side' = 'seller' and (p ->> 'spoke')::boolean
    order by ord limit 1
  )) as rep,
  coalesce(t.meeting_at, pc.meeting_at, (
    select (e ->> 'date')::date::timestamptz from jsonb_array_elements(f.facts -> 'timeline') with ordinality as x(e, ord)
    where e ->> 'date' ~ '^\d{4}-\d{2}-\d{2}$'
    order by ord limit 1
  )) as meeting_at,
  t.received_at,
  f.run_id as facts_run_id
from stellar.transcripts t
left join stellar.current_stage_run sf on sf.transcript_id = t.id and sf.stage = 'structure'
left join stellar.call_facts f on f.run_id = sf.run_id
left join stellar.current_stage_run sp on sp.transcript_id = t.id and sp.stage = 'parse'
left join stellar.parsed_calls pc on pc.run_id = sp.run_id;
comment on view stellar_api.calls is E'@primaryKey transcript_id\nOne call: account, rep and meeting time (stored, else derived from its current facts).';

-- The current structured facts of each call (zod-validated CallFacts JSON).
create or replace view stellar_api.deal_facts as
select c.transcript_id, c.file_name, c.account, c.rep, c.meeting_at, f.facts, f.provider, f.model, f.created_at
from stellar_api.calls c
join stellar.call_facts f on f.run_id = c.facts_run_id;
comment on view stellar_api.deal_facts is E'@primaryKey transcript_id\nThe current structured facts of each call.';

create or replace view stellar_api.objections as
select c.transcript_id, c.file_name, c.account, c.rep, c.meeting_at,
       (x.o ->> 'type') as type, (x.o ->> 'speaker') as speaker, (x.o ->> 'quote') as quote, x.ord::int as ord
from stellar_api.calls c
join stellar.call_facts f on f.run_id = c.facts_run_id
cross join lateral jsonb_array_elements(f.facts -> 'objections') with ordinality as x(o, ord);
comment on view stellar_api.objections is 'One objection raised in a call (current facts): type, who, the words.';

create or replace view stellar_api.next_steps as
select c.transcript_id, c.file_name, c.account, c.rep, c.meeting_at,
       (x.s ->> 'owner') as owner, (x.s ->> 'action') as action,
       case when x.s ->> 'dueDate' ~ '^\d{4}-\d{2}-\d{2}$' then (x.s ->> 'dueDate')::date end as due_date,
       (x.s ->> 'dueText') as due_text, x.ord::int as ord
from stellar_api.calls c
join stellar.call_facts f on f.run_id = c.facts_run_id
cross join lateral jsonb_array_elements(f.facts -> 'nextSteps') with ordinality as x(s, ord);
comment on view stellar_api.next_steps is 'One next step agreed in a call (current facts): owner, action, due date.';

create or replace view stellar_api.competitor_mentions as
select c.transcript_id, c.file_name, c.account, c.rep, c.meeting_at, x.name as competitor, x.ord::int as ord
from stellar_api.calls c
join stellar.call_facts f on f.run_id = c.facts_run_id
cross join lateral jsonb_array_elements_text(f.facts -> 'competitors') with ordinality as x(name, ord);
comment on view stellar_api.competitor_mentions is 'A competitor named in a call (current facts).';

-- Per speaker and call, from the current coaching report (exact metrics).
create or replace view stellar_api.speaker_metrics as
select c.transcript_id, c.file_name, c.account, c.meeting_at,
       (s ->> 'speaker') as speaker, (s ->> 'side') as side,
       (s ->> 'talkMs')::bigint as talk_ms, (s ->> 'share')::float8 as share,
       (s ->> 'words')::int as words, (s ->> 'questions')::int as questions,
       (s ->> 'turns')::int as turns, (s ->> 'fillerWords')::int as filler_words,
       (r.metrics ->> 'interactivity')::float8 as call_interactivity,
       r.metrics ->> 'timeBasis' as time_basis
from stellar_api.calls c
join stellar.current_stage_run sc on sc.transcript_id = c.transcript_id and sc.stage = 'coach_call'
join stellar.coaching_reports r on r.run_id = sc.run_id
cross join lateral jsonb_array_elements(r.metrics -> 'speakers') as s;
comment on view stellar_api.speaker_metrics is 'Talk time, share, words and questions per speaker and call (current coaching report).';

-- ------------------------------------------------------------------ role
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'stellar_reasoning') then
    begin
      create role stellar_reasoning nologin;
    exception when duplicate_object or unique_violation then
      null; -- created by a concurrent migration of another database
    end;
  end if;
  -- A non-superuser connection must be a member to SET ROLE to it.
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant stellar_reasoning to %I', current_user);
  end if;
end $$;

revoke all on stellar_api.calls, stellar_api.deal_facts, stellar_api.objections, stellar_api.next_steps,
  stellar_api.competitor_mentions, stellar_api.speaker_metrics from public;
grant usage on schema stellar_api to stellar_reasoning;
-- GraphQL reads the same views (one rule for both: SELECT on stellar_api only).
grant select on stellar_api.calls, stellar_api.deal_facts, stellar_api.objections, stellar_api.next_steps,
  stellar_api.competitor_mentions, stellar_api.speaker_metrics to stellar_graphql;
grant select on all tables in schema stellar_api to stellar_reasoning;
-- Views added to stellar_api by later migrations (run by the same role) are readable too.
alter default privileges in schema stellar_api grant select on tables to stellar_reasoning;

-- set_config('role' | 'session_authorization', …) inside a SELECT would let a
-- query switch back to the session user mid-statement (SET itself cannot be in
-- a SELECT). Only the app's own role may call it (PostGraphile applies its
-- pgSettings with it, before taking its role).
revoke execute on function pg_catalog.set_config(text, text, boolean) from public;
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant execute on function pg_catalog.set_config(text, text, boolean) to %I', current_user);
  end if;
end $$;
