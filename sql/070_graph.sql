-- The knowledge graph across calls (issue 12).
--
-- stellar.entities / stellar.relations (001_core.sql) stay the per-run output
-- of link_graph (versioned like every stage output). The tables below are the
-- GRAPH: one row per real-world entity whatever the number of calls that name
-- it (deduplicated by normalised key, aliases and e-mail domains — resolution
-- in src/graph/resolve.ts), one row per (source, kind, target) relation, and
-- the evidence that supports it: which transcript, which turn, first/last seen.
--
-- Reprocessing a call replaces its evidence and mentions (src/graph/store.ts):
-- entities and relations are never duplicated; a relation left without any
-- evidence, and an entity left without any mention, are removed.
--
-- Owned by src/graph/ (writes) and src/db/queries/graph.ts (reads).

create table stellar.graph_entities (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('person', 'company', 'product', 'competitor', 'topic', 'objection', 'call')),
  -- canonical key (src/agents/graph.ts normalisation); stable: the Neo4j mirror merges on (kind, key)
  key text not null,
  name text not null,
  attrs jsonb not null default '{}',
  mention_count int not null default 0,
  call_count int not null default 0,
  first_seen timestamptz,
  last_seen timestamptz,
  updated_at timestamptz not null default now(),
  unique (kind, key)
);
create index graph_entities_name_idx on stellar.graph_entities (kind, lower(name));
create index graph_entities_last_seen_idx on stellar.graph_entities (kind, last_seen desc);

-- Other keys that name the same entity: its own key, name variants ("halden" for
-- "halden foods"), e-mail domains (domain:halden.example) and addresses (email:…).
create table stellar.graph_aliases (
  kind text not null,
  alias text not null,
  entity_id bigint not null references stellar.graph_entities (id) on delete cascade,
  source text not null check (source in ('key', 'name', 'domain', 'email', 'manual')),
  created_at timestamptz not null default now(),
  primary key (kind, alias)
);
create index graph_aliases_entity_idx on stellar.graph_aliases (entity_id);

create table stellar.graph_relations (
  id bigint generated always as identity primary key,
  source_id bigint not null references stellar.graph_entities (id) on delete cascade,
  target_id bigint not null references stellar.graph_entities (id) on delete cascade,
  kind text not null,
  attrs jsonb not null default '{}',
  evidence_count int not null default 0,
  first_seen timestamptz,
  last_seen timestamptz,
  updated_at timestamptz not null default now(),
  unique (source_id, target_id, kind),
  check (source_id <> target_id)
);
create index graph_relations_target_idx on stellar.graph_relations (target_id, kind);

-- One row per (relation, call, turn): the turn is null when the relation comes
-- from the call as a whole (e.g. the call's account) rather than from one turn.
create table stellar.graph_evidence (
  id bigint generated always as identity primary key,
  relation_id bigint not null references stellar.graph_relations (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  turn_idx int,
  speaker text,
  quote text,
  seen_at timestamptz not null,
  unique nulls not distinct (relation_id, transcript_id, turn_idx)
);
create index graph_evidence_transcript_idx on stellar.graph_evidence (transcript_id);
create index graph_evidence_relation_idx on stellar.graph_evidence (relation_id, seen_at desc);

-- Which calls name an entity, and how often (relations touching it in that call).
create table stellar.graph_mentions (
  entity_id bigint not null references stellar.graph_entities (id) on delete cascade,
  transcript_id uuid not null references stellar.transcripts (id) on delete cascade,
  run_id uuid not null references stellar.pipeline_runs (id) on delete cascade,
  mentions int not null check (mentions > 0),
  seen_at timestamptz not null,
  primary key (entity_id, transcript_id)
);
create index graph_mentions_transcript_idx on stellar.graph_mentions (transcript_id);
create index graph_mentions_seen_idx on stellar.graph_mentions (seen_at, entity_id);

-- The Neo4j mirror's outbox (written only when a mirror is configured): what
-- changed, by stable key, in commit order. sync_graph drains it
-- (src/graph/neo4j/sync.ts); a row is deleted once Neo4j has it.
create table stellar.graph_mirror_outbox (
  id bigint generated always as identity primary key,
  op text not null check (op in ('upsert_entity', 'delete_entity', 'upsert_relation', 'delete_relation')),
  entity_kind text not null,
  entity_key text not null,
  -- relation ops: relation kind and the target (the source is entity_kind/entity_key)
  relation_kind text,
  target_kind text,
  target_key text,
  transcript_id uuid,
  created_at timestamptz not null default now(),
  check ((op like '%relation') = (relation_kind is not null and target_kind is not null and target_key is not null))
);

-- graph_rollup (daily, src/graph/rollup.ts): per-account aggregates for the
-- account page and `ask`, refreshed once the day's runs have ended.
create table stellar.graph_account_rollups (
  account_id bigint primary key references stellar.graph_entities (id) on delete cascade,
  calls int not null,
  last_contact timestamptz,
  competitor_mentions jsonb not null default '[]',
  objection_trend jsonb not null default '[]',
  open_next_steps jsonb not null default '[]',
  refreshed_at timestamptz not null default now()
);
create table stellar.graph_rollups (
  day date primary key,
  complete boolean not null,
  checks int not null,
  accounts int not null,
  note text,
  created_at timestamptz not null default now()
);

-- ---------------------------------------------------------------------------
-- Read side (stellar_api): views for GraphQL, functions for GraphQL, the
-- reasoning engine's graph tool and src/db/queries/graph.ts.

create view stellar_api.graph_entities as
select id, kind, key, name, attrs, mention_count, call_count, first_seen, last_seen
from stellar.graph_entities;
comment on view stellar_api.graph_entities is E'@primaryKey id\nAn entity of the knowledge graph, deduplicated across calls.';

create view stellar_api.graph_relations as
select id, source_id, target_id, kind, attrs, evidence_count, first_seen, last_seen
from stellar.graph_relations;
comment on view stellar_api.graph_relations is E'@primaryKey id\n@foreignKey (source_id) references stellar_api.graph_entities (id)\n@foreignKey (target_id) references stellar_api.graph_entities (id)\nA relation between two entities, with how often and when it was seen.';

create view stellar_api.graph_evidence as
select id, relation_id, transcript_id, run_id, turn_idx, speaker, quote, seen_at
from stellar.graph_evidence;
comment on view stellar_api.graph_evidence is E'@primaryKey id\n@foreignKey (relation_id) references stellar_api.graph_relations (id)\nThe call (and turn) a relation was seen in.';

create view stellar_api.graph_account_rollups as
select a.account_id, e.name as account_name, a.calls, a.last_contact, a.competitor_mentions, a.objection_trend, a.open_next_steps, a.refreshed_at
from stellar.graph_account_rollups a join stellar.graph_entities e on e.id = a.account_id;
comment on view stellar_api.graph_account_rollups is E'@primaryKey account_id\nPer-account aggregates refreshed daily by graph_rollup.';

-- Neighbours of an entity (both directions), optionally of one kind, most
-- evidenced first, each with its latest evidence (up to 5: call, run, turn, quote).
create function stellar_api.graph_neighbors(entity bigint, of_kind text default null, max_rows int default 25)
returns table (
  relation_id bigint,
  relation_kind text,
  direction text,
  neighbor_id bigint,
  neighbor_kind text,
  neighbor_key text,
  neighbor_name text,
  evidence_count int,
  first_seen timestamptz,
  last_seen timestamptz,
  evidence jsonb
)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select r.id, r.kind, d.direction, n.id, n.kind, n.key, n.name, r.evidence_count, r.first_seen, r.last_seen,
    coalesce((
      select jsonb_agg(jsonb_build_object('transcriptId', ev.transcript_id, 'runId', ev.run_id, 'turnIdx', ev.turn_idx, 'speaker', ev.speaker, 'quote', ev.quote, 'seenAt', ev.seen_at) order by ev.seen_at desc, ev.turn_idx)
      from (select * from stellar.graph_evidence x where x.relation_id = r.id order by x.seen_at desc, x.turn_idx nulls last limit 5) ev
    ), '[]'::jsonb)
  from stellar.graph_relations r
  cross join lateral (
    select 'out'::text as direction, r.target_id as other where r.source_id = entity
    union all
    select 'in'::text, r.source_id where r.target_id = entity
  ) d
  join stellar.graph_entities n on n.id = d.other
  where (r.source_id = entity or r.target_id = entity)
    and (of_kind is null or n.kind = of_kind)
  order by r.evidence_count desc, r.last_seen desc nulls last, n.name, r.id
  limit greatest(1, least(coalesce(max_rows, 25), 500))
$$;
comment on function stellar_api.graph_neighbors(bigint, text, int) is 'Neighbours of an entity (both directions) with their latest evidence.';

-- Shortest path between two entities over relations in either direction:
-- breadth-first recursive CTE, cycles cut, depth bounded (at most 6).
create function stellar_api.graph_shortest_path(from_entity bigint, to_entity bigint, max_depth int default 4)
returns table (step int, entity_id bigint, entity_kind text, entity_name text, relation_id bigint, relation_kind text)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  with recursive edges as (
    select id, source_id as a, target_id as b, kind from stellar.graph_relations
    union all
    select id, target_id, source_id, kind from stellar.graph_relations
  ),
  walk (node, nodes, rels, depth) as (
    select from_entity, array[from_entity], array[]::bigint[], 0
    union all
    select e.b, w.nodes || e.b, w.rels || e.id, w.depth + 1
    from walk w join edges e on e.a = w.node
    where w.depth < least(greatest(coalesce(max_depth, 4), 1), 6)
      and not e.b = any (w.nodes)
      and w.node <> to_entity
  ),
  best as (
    select nodes, rels from walk where node = to_entity order by depth, rels limit 1
  )
  select s.i - 1, s.node, n.kind, n.name, case when s.i > 1 then best.rels[s.i - 1] end, r.kind
  from best
  cross join lateral unnest(best.nodes) with ordinality as s(node, i)
  join stellar.graph_entities n on n.id = s.node
  left join stellar.graph_relations r on r.id = case when s.i > 1 then best.rels[s.i - 1] end
  order by s.i
$$;
comment on function stellar_api.graph_shortest_path(bigint, bigint, int) is 'Shortest path between two entities (either direction), at most max_depth (≤ 6) hops; no rows when none.';

-- Entities most mentioned in calls seen in [since, until), optionally of one kind.
create function stellar_api.graph_top_entities(entity_kind text default null, since timestamptz default null, until timestamptz default null, max_rows int default 20)
returns table (entity_id bigint, kind text, name text, mentions bigint, calls bigint, last_seen timestamptz)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select e.id, e.kind, e.name, sum(m.mentions)::bigint, count(*)::bigint, max(m.seen_at)
  from stellar.graph_mentions m join stellar.graph_entities e on e.id = m.entity_id
  where (entity_kind is null or e.kind = entity_kind)
    and e.kind <> 'call'
    and (since is null or m.seen_at >= since)
    and (until is null or m.seen_at < until)
  group by e.id, e.kind, e.name
  order by 4 desc, 5 desc, e.name, e.id
  limit greatest(1, least(coalesce(max_rows, 20), 500))
$$;
comment on function stellar_api.graph_top_entities(text, timestamptz, timestamptz, int) is 'Entities by mentions over a period (calls seen in [since, until)).';

-- An account's calls in time order, with who took part and what came up.
create function stellar_api.graph_account_timeline(account bigint)
returns table (transcript_id uuid, call_entity_id bigint, seen_at timestamptz, call_name text, people text[], competitors text[], objections text[], topics text[])
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.transcript_id, c.id, m.seen_at, c.name,
    coalesce(array_agg(distinct n.name order by n.name) filter (where n.kind = 'person'), '{}'),
    coalesce(array_agg(distinct n.name order by n.name) filter (where n.kind = 'competitor'), '{}'),
    coalesce(array_agg(distinct n.name order by n.name) filter (where n.kind = 'objection'), '{}'),
    coalesce(array_agg(distinct n.name order by n.name) filter (where n.kind = 'topic'), '{}')
  from stellar.graph_relations wa
  join stellar.graph_entities c on c.id = wa.source_id and c.kind = 'call'
  join stellar.graph_mentions m on m.entity_id = c.id
  left join stellar.graph_relations r on (r.source_id = c.id or r.target_id = c.id)
  left join stellar.graph_entities n on n.id = case when r.source_id = c.id then r.target_id else r.source_id end
  where wa.target_id = account and wa.kind = 'WITH_ACCOUNT'
  group by m.transcript_id, c.id, m.seen_at, c.name
  order by m.seen_at, c.id
$$;
comment on function stellar_api.graph_account_timeline(bigint) is 'The calls of an account (company entity) in time order, with people, competitors, objections and topics.';

grant select on stellar_api.graph_entities, stellar_api.graph_relations, stellar_api.graph_evidence, stellar_api.graph_account_rollups to stellar_graphql;
revoke execute on function stellar_api.graph_neighbors(bigint, text, int), stellar_api.graph_shortest_path(bigint, bigint, int),
  stellar_api.graph_top_entities(text, timestamptz, timestamptz, int), stellar_api.graph_account_timeline(bigint) from public;
grant execute on function stellar_api.graph_neighbors(bigint, text, int), stellar_api.graph_shortest_path(bigint, bigint, int),
  stellar_api.graph_top_entities(text, timestamptz, timestamptz, int), stellar_api.graph_account_timeline(bigint) to stellar_graphql;
