/**
 * Optional mirror of a call's knowledge graph into Neo4j (when NEO4J_URL is set).
 * Owns: the Cypher statements (MERGE, parameterised) and the thin driver call.
 * Must not: touch Postgres (the graph of record lives there), or build Cypher
 * from values — every value travels as a parameter; labels and relationship
 * types, which Cypher can't parameterise, come only from the fixed maps below.
 *
 * Idempotent: nodes MERGE on (label, key); before re-merging, the call node's
 * own relationships are deleted, so a reprocessed call replaces its edges
 * instead of piling up stale ones.
 */
import neo4j from 'neo4j-driver';
import type { EntityKind, KnowledgeGraph, RelationKind } from './graph.ts';

export interface Neo4jConfig {
  url: string;
  user: string;
  password: string;
  database?: string;
}

export interface CypherStatement {
  query: string;
  params: Record<string, unknown>;
}

export const LABELS: Record<EntityKind, string> = {
  person: 'Person',
  company: 'Company',
  topic: 'Topic',
  objection: 'Objection',
  competitor: 'Competitor',
  call: 'Call',
};

const RELATION_TYPES: Record<RelationKind, RelationKind> = {
  WORKS_AT: 'WORKS_AT',
  PARTICIPATED_IN: 'PARTICIPATED_IN',
  MENTIONED_IN: 'MENTIONED_IN',
  WITH_ACCOUNT: 'WITH_ACCOUNT',
  WITH_VENDOR: 'WITH_VENDOR',
  SELLS_TO: 'SELLS_TO',
  RAISED: 'RAISED',
  MENTIONS: 'MENTIONS',
  EVALUATES: 'EVALUATES',
  ABOUT: 'ABOUT',
};

function label(kind: string): string {
  const l = (LABELS as Record<string, string>)[kind];
  if (!l) throw new Error(`unknown entity kind for Neo4j: ${JSON.stringify(kind)}`);
  return l;
}

function relType(kind: string): string {
  const t = (RELATION_TYPES as Record<string, string>)[kind];
  if (!t) throw new Error(`unknown relation kind for Neo4j: ${JSON.stringify(kind)}`);
  return t;
}

/** "person:dana whitfield" → ["person", "dana whitfield"] (keys may contain ':'). */
function splitRef(ref: string): [string, string] {
  const i = ref.indexOf(':');
  if (i <= 0) throw new Error(`bad entity reference: ${JSON.stringify(ref)}`);
  return [ref.slice(0, i), ref.slice(i + 1)];
}

type PropertyValue = string | number | boolean | string[] | number[] | boolean[];

/**
 * Neo4j properties are primitives or homogeneous arrays of primitives. Nulls
 * are dropped (so `SET n += …` never erases what an earlier call knew), other
 * shapes are stored as JSON text.
 */
export function toProperties(attrs: Record<string, unknown>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else if (Array.isArray(v) && v.length > 0 && ['string', 'number', 'boolean'].some((t) => v.every((x) => typeof x === t))) out[k] = v as PropertyValue;
    else if (Array.isArray(v) && v.length === 0) continue;
    else if (v instanceof Date) out[k] = v.toISOString();
    else out[k] = JSON.stringify(v);
  }
  return out;
}

/** Uniqueness constraints (schema statements; run outside the data transaction). */
export function buildConstraintStatements(): CypherStatement[] {
  return Object.values(LABELS).map((l) => ({
    query: `CREATE CONSTRAINT stellar_${l.toLowerCase()}_key IF NOT EXISTS FOR (n:${l}) REQUIRE n.key IS UNIQUE`,
    params: {},
  }));
}

/** The data statements for one call's graph, in order: clear the call's edges, merge nodes per label, merge relationships per (label, type, label). */
export function buildCypherStatements(graph: KnowledgeGraph): CypherStatement[] {
  const out: CypherStatement[] = [];
  for (const e of graph.entities.filter((x) => x.kind === 'call')) {
    out.push({ query: 'MATCH (c:Call {key: $key})-[r]-() DELETE r', params: { key: e.key } });
  }

  const nodesByLabel = new Map<string, { key: string; name: string; attrs: Record<string, PropertyValue> }[]>();
  for (const e of graph.entities) {
    const l = label(e.kind);
    const rows = nodesByLabel.get(l) ?? [];
    rows.push({ key: e.key, name: e.name, attrs: toProperties(e.attrs) });
    nodesByLabel.set(l, rows);
  }
  for (const [l, rows] of nodesByLabel) {
    out.push({
      query: `UNWIND $rows AS row MERGE (n:${l} {key: row.key}) SET n.name = row.name SET n += row.attrs`,
      params: { rows },
    });
  }

  const relsByShape = new Map<string, { from: string; type: string; to: string; rows: { source: string; target: string; attrs: Record<string, PropertyValue> }[] }>();
  for (const r of graph.relations) {
    const [sk, skey] = splitRef(r.source);
    const [tk, tkey] = splitRef(r.target);
    const from = label(sk);
    const to = label(tk);
    const type = relType(r.kind);
    const id = `${from}|${type}|${to}`;
    const shape = relsByShape.get(id) ?? { from, type, to, rows: [] };
    shape.rows.push({ source: skey, target: tkey, attrs: toProperties(r.attrs) });
    relsByShape.set(id, shape);
  }
  for (const s of relsByShape.values()) {
    out.push({
      query:
        `UNWIND $rows AS row MATCH (a:${s.from} {key: row.source}) MATCH (b:${s.to} {key: row.target}) ` +
        `MERGE (a)-[r:${s.type}]->(b) SET r += row.attrs`,
      params: { rows: s.rows },
    });
  }
  return out;
}

/** The part of a neo4j-driver Driver used here (lets tests pass a fake). */
export interface DriverLike {
  session(config?: { database?: string }): {
    run(query: string, params?: Record<string, unknown>): PromiseLike<unknown>;
    executeWrite<T>(work: (tx: { run(query: string, params?: Record<string, unknown>): PromiseLike<unknown> }) => Promise<T>): Promise<T>;
    close(): Promise<void>;
  };
  close(): Promise<void>;
}

/**
 * Writes the graph to Neo4j: constraints (auto-commit), then every data
 * statement in one write transaction. Pass `opts.driver` to reuse a driver
 * (it is then not closed here).
 */
export async function mirrorToNeo4j(cfg: Neo4jConfig, graph: KnowledgeGraph, opts: { driver?: DriverLike } = {}): Promise<void> {
  const driver: DriverLike = opts.driver ?? (neo4j.driver(cfg.url, neo4j.auth.basic(cfg.user, cfg.password)) as unknown as DriverLike);
  try {
    const session = driver.session(cfg.database ? { database: cfg.database } : undefined);
    try {
      for (const s of buildConstraintStatements()) await session.run(s.query, s.params);
      const statements = buildCypherStatements(graph);
      await session.executeWrite(async (tx) => {
        for (const s of statements) await tx.run(s.query, s.params);
      });
    } finally {
      await session.close();
    }
  } finally {
    if (!opts.driver) await driver.close();
  }
}
