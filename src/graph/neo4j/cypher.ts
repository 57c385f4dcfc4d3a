/**
 * The Cypher of the Neo4j mirror of the graph across calls: batched
 * `UNWIND $rows … MERGE` on stable ids — a node is (label, key) with the key
 * of stellar.graph_entities; a relationship is (source node, type, target
 * node) — so every statement is idempotent; and the deletes of what
 * reprocessing removed.
 * Every value travels as a parameter; labels and relationship types, which
 * Cypher cannot parameterise, come only from the fixed maps below (an unknown
 * kind is refused, never spliced in).
 * Owns: the statements. Must not: run them (sync.ts) or read Postgres.
 */
export type PropertyValue = string | number | boolean | string[] | number[] | boolean[];

/**
 * Neo4j properties are primitives or homogeneous arrays of primitives. Nulls
 * are dropped (a missing property rather than a null), other
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

export interface CypherStatement {
  query: string;
  params: Record<string, unknown>;
}

export const NODE_LABELS: Record<string, string> = {
  person: 'Person',
  company: 'Company',
  product: 'Product',
  competitor: 'Competitor',
  topic: 'Topic',
  objection: 'Objection',
  call: 'Call',
};

const RELATIONSHIP_TYPES = new Set(['WORKS_AT', 'PARTICIPATED_IN', 'MENTIONED_IN', 'WITH_ACCOUNT', 'WITH_VENDOR', 'SELLS_TO', 'RAISED', 'MENTIONS', 'EVALUATES', 'OFFERS', 'ABOUT']);

export function nodeLabel(kind: string): string {
  const l = NODE_LABELS[kind];
  if (!l) throw new Error(`unknown entity kind for Neo4j: ${JSON.stringify(kind)}`);
  return l;
}

export function relationshipType(kind: string): string {
  if (!RELATIONSHIP_TYPES.has(kind)) throw new Error(`unknown relation kind for Neo4j: ${JSON.stringify(kind)}`);
  return kind;
}

export interface NodeRow {
  kind: string;
  key: string;
  name: string;
  attrs: Record<string, unknown>;
  mentionCount: number;
  callCount: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export interface RelationshipRow {
  sourceKind: string;
  sourceKey: string;
  kind: string;
  targetKind: string;
  targetKey: string;
  evidenceCount: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  /** Transcripts with evidence of it. */
  transcripts: string[];
}

export interface RelationshipRef {
  sourceKind: string;
  sourceKey: string;
  kind: string;
  targetKind: string;
  targetKey: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Uniqueness constraints per label (schema statements; auto-commit, before data). */
export function constraintStatements(): CypherStatement[] {
  return Object.values(NODE_LABELS).map((l) => ({
    query: `CREATE CONSTRAINT stellar_${l.toLowerCase()}_key IF NOT EXISTS FOR (n:${l}) REQUIRE n.key IS UNIQUE`,
    params: {},
  }));
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One MERGE per label; the node's properties are replaced by Postgres's (SET n = …), so stale ones go. */
export function nodeUpserts(rows: readonly NodeRow[]): CypherStatement[] {
  return [...groupBy(rows, (r) => nodeLabel(r.kind))].map(([label, group]) => ({
    query: `UNWIND $rows AS row MERGE (n:${label} {key: row.key}) SET n = row.props`,
    params: {
      rows: group.map((r) => ({
        key: r.key,
        props: { ...toProperties(r.attrs ?? {}), ...toProperties({ key: r.key, name: r.name, mentionCount: r.mentionCount, callCount: r.callCount, firstSeen: iso(r.firstSeen), lastSeen: iso(r.lastSeen) }) },
      })),
    },
  }));
}

/** One MERGE per (source label, type, target label); endpoints are merged too, so batch order never matters. */
export function relationshipUpserts(rows: readonly RelationshipRow[]): CypherStatement[] {
  return [...groupBy(rows, (r) => `${nodeLabel(r.sourceKind)}|${relationshipType(r.kind)}|${nodeLabel(r.targetKind)}`)].map(([shape, group]) => {
    const [from, type, to] = shape.split('|');
    return {
      query: `UNWIND $rows AS row MERGE (a:${from} {key: row.source}) MERGE (b:${to} {key: row.target}) MERGE (a)-[r:${type}]->(b) SET r = row.props`,
      params: {
        rows: group.map((r) => ({
          source: r.sourceKey,
          target: r.targetKey,
          props: toProperties({ evidenceCount: r.evidenceCount, firstSeen: iso(r.firstSeen), lastSeen: iso(r.lastSeen), transcripts: [...r.transcripts].sort() }),
        })),
      },
    };
  });
}

/** Deletes relationships that lost their last evidence. */
export function relationshipDeletes(rows: readonly RelationshipRef[]): CypherStatement[] {
  return [...groupBy(rows, (r) => `${nodeLabel(r.sourceKind)}|${relationshipType(r.kind)}|${nodeLabel(r.targetKind)}`)].map(([shape, group]) => {
    const [from, type, to] = shape.split('|');
    return {
      query: `UNWIND $rows AS row MATCH (a:${from} {key: row.source})-[r:${type}]->(b:${to} {key: row.target}) DELETE r`,
      params: { rows: group.map((r) => ({ source: r.sourceKey, target: r.targetKey })) },
    };
  });
}

/** Deletes entities no call mentions any more (with whatever edges they still had). */
export function nodeDeletes(rows: readonly { kind: string; key: string }[]): CypherStatement[] {
  return [...groupBy(rows, (r) => nodeLabel(r.kind))].map(([label, group]) => ({
    query: `UNWIND $keys AS key MATCH (n:${label} {key: key}) DETACH DELETE n`,
    params: { keys: group.map((r) => r.key) },
  }));
}
