/**
 * Reads a migrated database's catalogue and lists how it differs from
 * `relations` (the runtime copy of the kysely `Database` in src/db/schema.ts).
 * Owns: the catalogue query and the comparison. Must not: change the
 * database or know about any one relation.
 */
import type pg from 'pg';
import type { Nullability, RelationCatalogue } from '../../src/db/schema.ts';

/** Schemas the project owns: every relation in them must be declared. */
export const OWNED_SCHEMAS = ['stellar', 'stellar_api'] as const;

export interface CatalogueRelation {
  kind: 'table' | 'view';
  columns: Record<string, Nullability>;
}
export type Catalogue = Record<string, CatalogueRelation>;

/**
 * Relations of the owned schemas, plus those of other schemas (graphile_worker)
 * that `declared` names, with their columns and nullability.
 */
export async function readCatalogue(client: pg.Client, declared: readonly string[]): Promise<Catalogue> {
  const { rows } = await client.query<{ relation: string; table_type: string; column_name: string; is_nullable: 'YES' | 'NO' }>(
    `select t.table_schema || '.' || t.table_name as relation, t.table_type, c.column_name, c.is_nullable
       from information_schema.tables t
       join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name
      where t.table_schema = any($1::text[]) or (t.table_schema || '.' || t.table_name) = any($2::text[])
      order by relation, c.ordinal_position`,
    [OWNED_SCHEMAS, declared],
  );
  const out: Catalogue = {};
  for (const r of rows) {
    const rel = (out[r.relation] ??= { kind: r.table_type === 'VIEW' ? 'view' : 'table', columns: {} });
    rel.columns[r.column_name] = r.is_nullable === 'YES' ? 'null' : 'not null';
  }
  return out;
}

/**
 * Every difference between the catalogue and the declared relations, one line
 * each (empty when they agree): relations missing on either side, a different
 * kind, columns missing on either side, and — for tables, where PostgreSQL
 * knows it (a view's columns are always nullable there) — nullability.
 */
export function catalogueDrift(catalogue: Catalogue, declared: RelationCatalogue): string[] {
  const drift: string[] = [];
  const declaredNames = Object.keys(declared) as (keyof RelationCatalogue)[];
  for (const name of Object.keys(catalogue).sort()) {
    if (!(name in declared)) drift.push(`${name}: in the database, not in Database (src/db/schema.ts)`);
  }
  for (const name of declaredNames.sort()) {
    const want = declared[name];
    const got = catalogue[name];
    if (!got) {
      drift.push(`${name}: in Database, not in the database`);
      continue;
    }
    if (got.kind !== want.kind) drift.push(`${name}: a ${got.kind} in the database, declared as a ${want.kind}`);
    const wantColumns: Record<string, Nullability> = want.columns;
    for (const col of Object.keys(got.columns)) {
      if (!(col in wantColumns)) drift.push(`${name}.${col}: in the database, not in Database`);
    }
    for (const [col, nullability] of Object.entries(wantColumns)) {
      const actual = got.columns[col];
      if (actual === undefined) drift.push(`${name}.${col}: in Database, not in the database`);
      else if (got.kind === 'table' && actual !== nullability) drift.push(`${name}.${col}: ${actual} in the database, declared ${nullability}`);
    }
  }
  return drift;
}

/** Result columns (in order) of the owned schemas' set-returning functions that return a table. */
export async function readFunctionResults(client: pg.Client): Promise<Record<string, string[]>> {
  const { rows } = await client.query<{ fn: string; columns: string[] }>(
    `select n.nspname || '.' || p.proname as fn,
            array_agg(a.name order by a.i) filter (where a.mode = 't') as columns
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       cross join lateral unnest(p.proargnames, p.proargmodes::text[]) with ordinality as a(name, mode, i)
      where n.nspname = any($1::text[])
      group by 1
     having count(*) filter (where a.mode = 't') > 0`,
    [OWNED_SCHEMAS],
  );
  return Object.fromEntries(rows.map((r) => [r.fn, r.columns]));
}
