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
 * Resolution reads its candidate rows once (store.ts, one statement) and
 * resolves the whole call in memory, in call order; store.ts writes what it
 * decided in batch (issue 11: link_graph cost one round trip per lookup and
 * write, ~90 per call).
 * Owns: the resolution rules. Must not: touch the database (store.ts reads and writes).
 */
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

/** A graph entity as resolution sees it: a row that exists, or one this call creates (id null until inserted). */
interface Target {
  id: string | null;
  kind: GraphEntity['kind'];
  key: string;
  name: string;
  /** What this call merges into its attributes (`attrs || patch`), in call order. */
  patch: Record<string, unknown>;
  /** An existing row this call touches (updated_at; name and attributes merged). */
  touched: boolean;
}

/** The rows resolution reads, fetched in ONE statement before it starts (storeCallGraph's first read). */
export interface ResolutionRows {
  /** Aliases of the call's keys, addresses, domains, word prefixes and longer names, with their entity's key and name. */
  aliases: { kind: string; alias: string; source: string; entity_id: string; entity_key: string; name: string }[];
  /** Entities whose (kind, key) is one of the call's, whatever their aliases. */
  entities: { id: string; kind: string; key: string; name: string }[];
}

/** What resolution reads, for `resolutionQuery`: exact aliases per kind, and the `key %` patterns of variant kinds. */
export function resolutionLookups(graph: KnowledgeGraph): { kinds: string[]; aliases: string[]; patternKinds: string[]; patterns: string[]; keyKinds: string[]; keys: string[] } {
  const extra = contactAliases(graph);
  const exact = new Map<string, [string, string]>();
  const patterns: [string, string][] = [];
  for (const e of graph.entities) {
    const add = (a: string) => exact.set(`${e.kind}\u0000${a}`, [e.kind, a]);
    add(e.key);
    for (const a of extra.get(`${e.kind}:${e.key}`) ?? []) add(a.alias);
    if (VARIANT_KINDS.has(e.kind)) {
      for (const p of wordPrefixes(e.key)) add(p);
      // Keys contain only letters, digits, spaces, & and + (normalizeKey): no LIKE wildcards to escape.
      patterns.push([e.kind, `${e.key} %`]);
    }
  }
  return {
    kinds: [...exact.values()].map(([k]) => k),
    aliases: [...exact.values()].map(([, a]) => a),
    patternKinds: patterns.map(([k]) => k),
    patterns: patterns.map(([, p]) => p),
    keyKinds: graph.entities.map((e) => e.kind),
    keys: graph.entities.map((e) => e.key),
  };
}

/** The rows to write once a call's entities are resolved (storeCallGraph writes them in two statements). */
export interface Resolution {
  /** Entity reference (`kind:key` of the call graph) → its target. */
  targets: Map<string, Target>;
  /** New entities, in call order (ids come from their insert). */
  created: Target[];
  /** Existing entities the call touches: name (when fuller) and attributes merged. */
  updated: Target[];
  /** Aliases to record (new ones only; the first of a (kind, alias) wins, as ON CONFLICT DO NOTHING did). */
  aliases: { kind: GraphEntity['kind']; alias: string; target: Target; source: Alias['source'] }[];
}

/**
 * Resolves every entity of the call's graph against the rows read up front,
 * in call order, exactly as one lookup per entity would: an entity created or
 * aliased earlier in the call is found by the later ones. Nothing is written
 * here; the caller writes `created`, `updated` and `aliases` in batch.
 */
export function resolveEntities(graph: KnowledgeGraph, rows: ResolutionRows): Resolution {
  const extra = contactAliases(graph);
  const existing = new Map<string, Target>();
  const targetOf = (id: string, kind: string, key: string, name: string) => {
    let t = existing.get(id);
    if (!t) existing.set(id, (t = { id, kind: kind as GraphEntity['kind'], key, name, patch: {}, touched: false }));
    return t;
  };
  const aliasTable = new Map<string, { alias: string; kind: string; source: string; target: Target }>();
  for (const a of rows.aliases) aliasTable.set(`${a.kind}\u0000${a.alias}`, { alias: a.alias, kind: a.kind, source: a.source, target: targetOf(a.entity_id, a.kind, a.entity_key, a.name) });
  const byKey = new Map(rows.entities.map((e) => [`${e.kind}\u0000${e.key}`, targetOf(e.id, e.kind, e.key, e.name)]));

  const findByAliases = (kind: string, aliases: string[]): Target | null => {
    for (const a of aliases) {
      const hit = aliasTable.get(`${kind}\u0000${a}`);
      if (hit) return hit.target; // the key's own alias first, then addresses and domains in order
    }
    return null;
  };
  const findVariant = (e: GraphEntity): Target | null => {
    if (!VARIANT_KINDS.has(e.kind) || e.key.length < MIN_VARIANT_CHARS) return null;
    const prefixes = new Set(wordPrefixes(e.key));
    const found = new Set<Target>();
    for (const a of aliasTable.values()) {
      if (a.kind !== e.kind || (a.source !== 'key' && a.source !== 'name')) continue;
      if (a.alias.startsWith(`${e.key} `) || prefixes.has(a.alias)) found.add(a.target);
    }
    return found.size === 1 ? [...found][0] : null;
  };

  const out: Resolution = { targets: new Map(), created: [], updated: [], aliases: [] };
  for (const e of graph.entities) {
    const ref = `${e.kind}:${e.key}`;
    const aliases: Alias[] = [{ alias: e.key, source: 'key' }, ...(extra.get(ref) ?? [])];
    let target = findByAliases(e.kind, aliases.map((a) => a.alias)) ?? findVariant(e);
    if (target) {
      // A name with more words (not just a legal suffix) is the fuller one: "Halden Foods" over "Halden".
      if (VARIANT_KINDS.has(e.kind) && e.key.length > companyKey(target.name).length) target.name = e.name;
      Object.assign(target.patch, e.attrs ?? {});
      if (target.id && !target.touched) out.updated.push(target);
      target.touched = true;
      aliases[0] = { alias: e.key, source: 'name' }; // kept as 'key' when it already was (insert does nothing)
    } else {
      // A row with this key but no alias to it: the insert's ON CONFLICT returned it (only its updated_at moved).
      target = byKey.get(`${e.kind}\u0000${e.key}`) ?? null;
      if (target) {
        if (!target.touched) out.updated.push(target);
        target.touched = true;
      } else {
        target = { id: null, kind: e.kind, key: e.key, name: e.name, patch: { ...(e.attrs ?? {}) }, touched: true };
        out.created.push(target);
      }
      aliases[0] = { alias: e.key, source: 'key' };
    }
    for (const a of aliases) {
      const k = `${e.kind}\u0000${a.alias}`;
      if (aliasTable.has(k)) continue;
      aliasTable.set(k, { alias: a.alias, kind: e.kind, source: a.source, target });
      out.aliases.push({ kind: e.kind, alias: a.alias, target, source: a.source });
    }
    out.targets.set(ref, target);
  }
  return out;
}
