/**
 * Entity resolution: maps the entities of one call's knowledge graph onto the
 * graph's entities across calls (stellar.graph_entities), creating what is
 * new. The same entity is found by
 *   1. an alias: its key or a key it was seen under before (graph_aliases);
 *   2. an e-mail address (people) or e-mail domain (companies: the domain of
 *      their people's addresses, public mail providers excepted);
 *   3. a name variant (companies, competitors, products): one key is the
 *      other plus trailing words — "halden" and "halden foods" — when exactly
 *      one entity matches; the longer name is kept as the display name.
 * Every key it resolved through is recorded as an alias, so the next call
 * finds it at step 1.
 * Owns: stellar.graph_entities and stellar.graph_aliases writes.
 * Must not: write relations or evidence (store.ts), or commit (runs on the caller's transaction).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import { companyKey, type GraphEntity, type KnowledgeGraph } from '../agents/graph.ts';

/** Mail providers whose domain says nothing about the company. */
const PUBLIC_MAIL = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com', 'proton.me', 'protonmail.com', 'aol.com', 'gmx.com', 'gmx.de', 'web.de']);
/** Kinds whose names are matched as variants (a person's first name is not a variant of anyone). */
const VARIANT_KINDS = new Set(['company', 'competitor', 'product']);
/** The shorter key of a variant match has at least this many characters. */
const MIN_VARIANT_CHARS = 4;

export function emailDomain(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const m = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec(email.trim().toLowerCase());
  if (!m || PUBLIC_MAIL.has(m[1])) return null;
  return m[1];
}

/** "halden foods distribution" → ["halden", "halden foods"]: the word prefixes a variant may be known under. */
export function wordPrefixes(key: string): string[] {
  const words = key.split(' ');
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const p = words.slice(0, i).join(' ');
    if (p.length >= MIN_VARIANT_CHARS) out.push(p);
  }
  return out;
}

interface Alias {
  alias: string;
  source: 'key' | 'name' | 'domain' | 'email';
}

/** Extra aliases of each entity of a call graph: people's addresses, companies' e-mail domains. */
export function contactAliases(graph: KnowledgeGraph): Map<string, Alias[]> {
  const out = new Map<string, Alias[]>();
  const add = (ref: string, a: Alias) => out.set(ref, [...(out.get(ref) ?? []), a]);
  const people = new Map(graph.entities.filter((e) => e.kind === 'person').map((e) => [`person:${e.key}`, e]));
  for (const [ref, p] of people) {
    if (typeof p.attrs.email === 'string' && p.attrs.email.includes('@')) add(ref, { alias: `email:${p.attrs.email.trim().toLowerCase()}`, source: 'email' });
  }
  for (const r of graph.relations.filter((x) => x.kind === 'WORKS_AT')) {
    const d = emailDomain(people.get(r.source)?.attrs.email);
    if (d && !(out.get(r.target) ?? []).some((a) => a.alias === `domain:${d}`)) add(r.target, { alias: `domain:${d}`, source: 'domain' });
  }
  return out;
}

async function findByAliases(trx: Tx, kind: GraphEntity['kind'], aliases: string[]): Promise<string | null> {
  if (aliases.length === 0) return null;
  const rows = await trx.selectFrom('stellar.graph_aliases').select(['entity_id', 'alias']).where('kind', '=', kind).where('alias', 'in', aliases).execute();
  // The key's own alias wins over an address or domain that points elsewhere.
  return (rows.find((r) => r.alias === aliases[0]) ?? rows[0])?.entity_id ?? null;
}

async function findVariant(trx: Tx, e: GraphEntity): Promise<string | null> {
  if (!VARIANT_KINDS.has(e.kind)) return null;
  const prefixes = wordPrefixes(e.key);
  // Keys contain only letters, digits, spaces, & and + (normalizeKey): no LIKE wildcards to escape.
  const rows = await trx
    .selectFrom('stellar.graph_aliases')
    .select('entity_id')
    .distinct()
    .where('kind', '=', e.kind)
    .where('source', 'in', ['key', 'name'])
    .where((eb) => {
      const ors = [eb('alias', 'like', `${e.key} %`)];
      if (prefixes.length) ors.push(eb('alias', 'in', prefixes));
      return eb.or(ors);
    })
    .limit(2)
    .execute();
  return e.key.length >= MIN_VARIANT_CHARS && rows.length === 1 ? rows[0].entity_id : null;
}

/**
 * Resolves every entity of the call's graph to a graph entity id (created when
 * new), records its aliases, and merges names and attributes. Returns
 * entity reference (`kind:key` of the call graph) → graph entity id.
 */
export async function resolveEntities(trx: Tx, graph: KnowledgeGraph): Promise<Map<string, string>> {
  const extra = contactAliases(graph);
  const ids = new Map<string, string>();
  for (const e of graph.entities) {
    const ref = `${e.kind}:${e.key}`;
    const aliases: Alias[] = [{ alias: e.key, source: 'key' }, ...(extra.get(ref) ?? [])];
    let id = await findByAliases(trx, e.kind, aliases.map((a) => a.alias));
    if (!id) id = await findVariant(trx, e);
    if (id) {
      // A name with more words (not just a legal suffix) is the fuller one: "Halden Foods" over "Halden".
      const current = await trx.selectFrom('stellar.graph_entities').select('name').where('id', '=', id).executeTakeFirstOrThrow();
      const fuller = VARIANT_KINDS.has(e.kind) && e.key.length > companyKey(current.name).length;
      await trx
        .updateTable('stellar.graph_entities')
        .set({
          ...(fuller ? { name: e.name } : {}),
          attrs: sql<string>`attrs || ${JSON.stringify(e.attrs ?? {})}::jsonb`,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
      aliases[0] = { alias: e.key, source: 'name' }; // kept as 'key' when it already was (insert does nothing)
    } else {
      const row = await trx
        .insertInto('stellar.graph_entities')
        .values({ kind: e.kind, key: e.key, name: e.name, attrs: JSON.stringify(e.attrs ?? {}) })
        .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ updated_at: sql<Date>`now()` }))
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      aliases[0] = { alias: e.key, source: 'key' };
    }
    await trx
      .insertInto('stellar.graph_aliases')
      .values(aliases.map((a) => ({ kind: e.kind, alias: a.alias, entity_id: id!, source: a.source })))
      .onConflict((oc) => oc.columns(['kind', 'alias']).doNothing())
      .execute();
    ids.set(ref, id);
  }
  return ids;
}
