/**
 * Sends the graph across calls to Neo4j:
 *   - drainOutbox: what changed since the last sync (stellar.graph_mirror_outbox,
 *     written in link_graph's transaction), in batches of NEO4J_SYNC_BATCH rows,
 *     each batch one Neo4j write transaction; a batch's rows are deleted from
 *     the outbox only after Neo4j committed it. Upserts send the CURRENT
 *     Postgres state of what is still there, deletes only what is gone, so the
 *     order of rows inside a batch never matters and a replay is harmless.
 *   - resyncGraph: rebuilds the mirror from Postgres (entities and relations
 *     updated since a time, or all), with progress, then drains the outbox.
 * Owns: reading what to mirror, and the outbox's deletes. Must not: create or
 * close the driver (the task gets it from the worker's process resources).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { DriverLike } from './driverLike.ts';
import { constraintStatements, nodeDeletes, nodeUpserts, relationshipDeletes, relationshipUpserts, type CypherStatement, type NodeRow, type RelationshipRef, type RelationshipRow } from './cypher.ts';

export interface MirrorTarget {
  driver: DriverLike;
  /** Neo4j database (unset: the server's default). */
  database?: string;
}

export interface SyncOptions {
  batch: number;
  onProgress?: (p: { phase: 'entities' | 'relations' | 'outbox'; done: number; total: number }) => void;
}

export interface SyncResult {
  batches: number;
  statements: number;
  outboxRows: number;
}

/** Runs statements in one write transaction (constraints first, auto-commit, when asked). */
export async function runInNeo4j(target: MirrorTarget, statements: CypherStatement[], opts: { constraints?: boolean } = {}): Promise<void> {
  if (!statements.length && !opts.constraints) return;
  const session = target.driver.session(target.database ? { database: target.database } : undefined);
  try {
    if (opts.constraints) for (const s of constraintStatements()) await session.run(s.query, s.params);
    if (statements.length)
      await session.executeWrite(async (tx) => {
        for (const s of statements) await tx.run(s.query, s.params);
      });
  } finally {
    await session.close();
  }
}

export async function loadNodes(db: Db, keys: readonly { kind: string; key: string }[]): Promise<NodeRow[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('stellar.graph_entities as e')
    .innerJoin(sql<{ kind: string; key: string }>`(select * from unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.key)}::text[]) as u(kind, key))`.as('k'), (j) =>
      j.on(sql<boolean>`k.kind = e.kind and k.key = e.key`),
    )
    .select(['e.kind', 'e.key', 'e.name', 'e.attrs', 'e.mention_count', 'e.call_count', 'e.first_seen', 'e.last_seen'])
    .distinct()
    .execute();
  return rows.map((r) => ({ kind: r.kind, key: r.key, name: r.name, attrs: r.attrs, mentionCount: r.mention_count, callCount: r.call_count, firstSeen: r.first_seen, lastSeen: r.last_seen }));
}

function relationshipQuery(db: Db) {
  return db
    .selectFrom('stellar.graph_relations as r')
    .innerJoin('stellar.graph_entities as s', 's.id', 'r.source_id')
    .innerJoin('stellar.graph_entities as t', 't.id', 'r.target_id')
    .select([
      's.kind as sourceKind',
      's.key as sourceKey',
      'r.kind',
      't.kind as targetKind',
      't.key as targetKey',
      'r.evidence_count as evidenceCount',
      'r.first_seen as firstSeen',
      'r.last_seen as lastSeen',
      sql<string[]>`array(select distinct ev.transcript_id::text from stellar.graph_evidence ev where ev.relation_id = r.id order by 1)`.as('transcripts'),
    ]);
}

export async function loadRelationships(db: Db, refs: readonly RelationshipRef[]): Promise<RelationshipRow[]> {
  if (!refs.length) return [];
  const col = (f: (r: RelationshipRef) => string) => refs.map(f);
  return relationshipQuery(db)
    .innerJoin(
      sql<{ sk: string; skey: string; rk: string; tk: string; tkey: string }>`(select * from unnest(${col((r) => r.sourceKind)}::text[], ${col((r) => r.sourceKey)}::text[], ${col((r) => r.kind)}::text[], ${col((r) => r.targetKind)}::text[], ${col((r) => r.targetKey)}::text[]) as u(sk, skey, rk, tk, tkey))`.as('x'),
      (j) => j.on(sql<boolean>`x.sk = s.kind and x.skey = s.key and x.rk = r.kind and x.tk = t.kind and x.tkey = t.key`),
    )
    .distinct()
    .execute();
}

const refKey = (r: RelationshipRef) => `${r.sourceKind}:${r.sourceKey}|${r.kind}|${r.targetKind}:${r.targetKey}`;

/** The statements for a batch of outbox rows (exported for the golden tests). */
export async function outboxStatements(
  db: Db,
  rows: readonly { op: string; entity_kind: string; entity_key: string; relation_kind: string | null; target_kind: string | null; target_key: string | null }[],
): Promise<CypherStatement[]> {
  const uniq = <T>(xs: T[], k: (x: T) => string) => [...new Map(xs.map((x) => [k(x), x])).values()];
  const nodeKeys = uniq(rows.filter((r) => r.op.endsWith('entity')).map((r) => ({ kind: r.entity_kind, key: r.entity_key })), (n) => `${n.kind}:${n.key}`);
  const relRefs = uniq(
    rows.filter((r) => r.op.endsWith('relation')).map((r) => ({ sourceKind: r.entity_kind, sourceKey: r.entity_key, kind: r.relation_kind!, targetKind: r.target_kind!, targetKey: r.target_key! })),
    refKey,
  );
  const nodes = await loadNodes(db, nodeKeys);
  const rels = await loadRelationships(db, relRefs);
  const liveNodes = new Set(nodes.map((n) => `${n.kind}:${n.key}`));
  const liveRels = new Set(rels.map(refKey));
  // Deletes first (of what Postgres no longer has), then upserts of what it has.
  return [
    ...relationshipDeletes(relRefs.filter((r) => !liveRels.has(refKey(r)))),
    ...nodeDeletes(nodeKeys.filter((n) => !liveNodes.has(`${n.kind}:${n.key}`))),
    ...nodeUpserts(nodes.sort((a, b) => (a.kind + a.key < b.kind + b.key ? -1 : 1))),
    ...relationshipUpserts(rels.sort((a, b) => (refKey(a) < refKey(b) ? -1 : 1))),
  ];
}

/** Sends the outbox to Neo4j, batch by batch, until it is empty. Throws (rows kept) when Neo4j fails. */
export async function drainOutbox(db: Db, target: MirrorTarget, opts: SyncOptions): Promise<SyncResult> {
  const result: SyncResult = { batches: 0, statements: 0, outboxRows: 0 };
  const total = Number((await db.selectFrom('stellar.graph_mirror_outbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  let constraints = true;
  for (;;) {
    const rows = await db.selectFrom('stellar.graph_mirror_outbox').selectAll().orderBy('id').limit(opts.batch).execute();
    if (!rows.length) break;
    const statements = await outboxStatements(db, rows);
    await runInNeo4j(target, statements, { constraints });
    constraints = false;
    await db.deleteFrom('stellar.graph_mirror_outbox').where('id', 'in', rows.map((r) => r.id)).execute();
    result.batches++;
    result.statements += statements.length;
    result.outboxRows += rows.length;
    opts.onProgress?.({ phase: 'outbox', done: result.outboxRows, total: Math.max(total, result.outboxRows) });
  }
  return result;
}

/**
 * Rebuilds the mirror from Postgres: every entity and relation updated (or
 * seen) since `since` — all when unset — in batches (keyset by id), then the
 * outbox (whose deletes a resync cannot infer).
 */
export async function resyncGraph(db: Db, target: MirrorTarget, opts: SyncOptions & { since?: Date }): Promise<SyncResult & { entities: number; relations: number }> {
  const since = opts.since ?? null;
  const count = async (t: 'stellar.graph_entities' | 'stellar.graph_relations') => {
    let q = db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n'));
    if (since) q = q.where((eb) => eb.or([eb('updated_at', '>=', since), eb('last_seen', '>=', since)]));
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const result = { batches: 0, statements: 0, outboxRows: 0, entities: 0, relations: 0 };
  await runInNeo4j(target, [], { constraints: true });

  const totalEntities = await count('stellar.graph_entities');
  for (let after = '0'; ; ) {
    let q = db.selectFrom('stellar.graph_entities').select(['id', 'kind', 'key']).where('id', '>', after).orderBy('id').limit(opts.batch);
    if (since) q = q.where((eb) => eb.or([eb('updated_at', '>=', since), eb('last_seen', '>=', since)]));
    const ids = await q.execute();
    if (!ids.length) break;
    const statements = nodeUpserts(await loadNodes(db, ids));
    await runInNeo4j(target, statements);
    result.batches++;
    result.statements += statements.length;
    result.entities += ids.length;
    after = ids[ids.length - 1].id;
    opts.onProgress?.({ phase: 'entities', done: result.entities, total: totalEntities });
  }

  const totalRelations = await count('stellar.graph_relations');
  for (let after = '0'; ; ) {
    let q = relationshipQuery(db).select('r.id').where('r.id', '>', after).orderBy('r.id').limit(opts.batch);
    if (since) q = q.where((eb) => eb.or([eb('r.updated_at', '>=', since), eb('r.last_seen', '>=', since)]));
    const rows = await q.execute();
    if (!rows.length) break;
    const statements = relationshipUpserts(rows);
    await runInNeo4j(target, statements);
    result.batches++;
    result.statements += statements.length;
    result.relations += rows.length;
    after = rows[rows.length - 1].id;
    opts.onProgress?.({ phase: 'relations', done: result.relations, total: totalRelations });
  }

  const drained = await drainOutbox(db, target, opts);
  return { ...result, batches: result.batches + drained.batches, statements: result.statements + drained.statements, outboxRows: drained.outboxRows };
}
