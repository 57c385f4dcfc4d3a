/**
 * Knowledge graph of one call, built from its structured facts (the
 * `link_graph` stage): people, companies, topics, objections, competitors and
 * the call itself, and the relations between them.
 * Owns: entity kinds, key normalisation (the same company, person or
 * competitor gets the same key in every call) and relation kinds.
 * Must not: touch Postgres or Neo4j (src/pipeline/graphStore.ts and
 * src/graph/ store what this returns), or call a model.
 *
 * Entity reference (relation source/target): `${kind}:${key}` — see entityRef.
 *
 * Relations (source → target):
 *   person  WORKS_AT       company      participant's company, else the company of their side
 *   person  PARTICIPATED_IN call        spoke in the call
 *   person  MENTIONED_IN   call         named but did not speak
 *   call    WITH_ACCOUNT   company      the buyer company
 *   call    WITH_VENDOR    company      the seller company
 *   company SELLS_TO       company      seller company → buyer company
 *   call    RAISED         objection    one per objection type; attrs.quotes, attrs.speakers
 *   person  RAISED         objection    when the objection's speaker is a known participant
 *   call    MENTIONS       competitor
 *   company EVALUATES      competitor   buyer company → competitor
 *   call    ABOUT          topic        topics found in pains, objections, decision process, timeline
 *   company OFFERS         product      seller company → a product its people named (src/agents/products.ts)
 *   call    MENTIONS       product
 */
import type { CallFacts } from './types.ts';

export type EntityKind = 'person' | 'company' | 'product' | 'topic' | 'objection' | 'competitor' | 'call';
export type RelationKind =
  | 'WORKS_AT'
  | 'PARTICIPATED_IN'
  | 'MENTIONED_IN'
  | 'WITH_ACCOUNT'
  | 'WITH_VENDOR'
  | 'SELLS_TO'
  | 'RAISED'
  | 'MENTIONS'
  | 'EVALUATES'
  | 'OFFERS'
  | 'ABOUT';

export type Attrs = Record<string, unknown>;

export interface GraphEntity {
  kind: EntityKind;
  key: string;
  name: string;
  attrs: Attrs;
}

export interface GraphRelation {
  /** entityRef of the source entity: `${kind}:${key}`. */
  source: string;
  target: string;
  /** One of RelationKind (typed as string so stores can pass rows through unchanged). */
  kind: string;
  attrs: Attrs;
}

export interface KnowledgeGraph {
  entities: GraphEntity[];
  relations: GraphRelation[];
}

export const entityRef = (kind: EntityKind, key: string): string => `${kind}:${key}`;

/** Lowercase, NFKC, trimmed, punctuation dropped (letters, digits, & and + kept), whitespace collapsed. */
export function normalizeKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}&+]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc',
  'gmbh', 'ag', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'asa', 'oy', 'kk', 'pty', 'pte',
]);

/** Company key: normalised name without trailing legal suffixes, so "Globex Corporation" and "Globex" meet. */
export function companyKey(name: string): string {
  const words = normalizeKey(name).split(' ').filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/**
 * Person key: a full name (two or more words) is global ("dana whitfield");
 * a lone first name is ambiguous across calls, so it is scoped to the person's
 * company ("kevin@northwind traders") or, without one, to the call.
 */
export function personKey(name: string, company: string | null, transcriptId: string): string {
  const n = normalizeKey(name);
  if (n.includes(' ')) return n;
  return company ? `${n}@${companyKey(company)}` : `${n}@call:${transcriptId}`;
}

/** Topic taxonomy: a topic is ABOUT-linked when one of its patterns occurs in the facts' text. */
export const TOPICS: { key: string; name: string; pattern: RegExp }[] = [
  { key: 'pricing', name: 'Pricing and budget', pattern: /\b(price|pricing|budget|discount|cost|costs|expensive|cheaper|uplift|quote)\b/i },
  { key: 'security', name: 'Security and compliance', pattern: /\b(security|soc ?2|questionnaire|pen[- ]?test|compliance|gdpr|sso|scim|audit)\b/i },
  { key: 'data residency', name: 'Data residency', pattern: /\b(data residency|residency|hosting|hosted in|data protection)\b/i },
  { key: 'integration', name: 'Integration', pattern: /\b(integration|integrate|sync|api|erp|netsuite|sap|dynamics|intacct|s\/4hana|middleware)\b/i },
  { key: 'implementation', name: 'Implementation and onboarding', pattern: /\b(implementation|onboarding|kickoff|kick-off|go-live|go live|rollout|migration|migrating)\b/i },
  { key: 'manual work', name: 'Manual work and efficiency', pattern: /\b(manual|keying|re-keying|rekeying|spreadsheet|spreadsheets|paper|chasing|headcount|hires?|overtime)\b/i },
  { key: 'payments', name: 'Payments', pattern: /\b(payments?|wire|wires|ach|fx|currency|card rebates?|early[- ]pay|late fees?)\b/i },
  { key: 'fraud', name: 'Fraud and errors', pattern: /\b(fraud|duplicate|duplicates|error|errors|mistake|mistakes)\b/i },
  { key: 'approvals', name: 'Approvals and workflow', pattern: /\b(approval|approvals|approver|approvers|workflow|routing)\b/i },
  { key: 'reporting', name: 'Reporting and visibility', pattern: /\b(report|reporting|visibility|dashboard|analytics)\b/i },
  { key: 'contract', name: 'Contract and renewal', pattern: /\b(contract|renewal|renew|msa|order form|terms|sla|signature|sign)\b/i },
  { key: 'procurement', name: 'Procurement and sign-off', pattern: /\b(procurement|purchase order|po|legal|counsel|sign-off|signs off|board|cfo|vp)\b/i },
  { key: 'reliability', name: 'Reliability and support', pattern: /\b(outage|downtime|reliability|root cause|rca|support|incident)\b/i },
  { key: 'scale', name: 'Growth and scale', pattern: /\b(scale|scaling|growth|growing|expansion|expand|new entity|entities|subsidiar(y|ies))\b/i },
];

/** Attributes of a graph row must be JSON; drop undefined so stored rows compare equal. */
function clean(attrs: Attrs): Attrs {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined));
}

export interface GraphOptions {
  /** Display name of the call entity (e.g. the file name); default "Call <id>". */
  callName?: string;
  /** Extra attributes on the call entity (e.g. meetingAt, fileName). */
  callAttrs?: Attrs;
  /** The seller's products named in the call (findProducts in src/agents/products.ts). */
  products?: readonly string[];
}

/** Builds the graph of one call. Entities are unique by (kind, key); relations by (source, target, kind). */
export function buildKnowledgeGraph(transcriptId: string, facts: CallFacts, opts: GraphOptions = {}): KnowledgeGraph {
  const entities = new Map<string, GraphEntity>();
  const relations = new Map<string, GraphRelation>();

  const entity = (kind: EntityKind, key: string, name: string, attrs: Attrs = {}): string | null => {
    if (!key) return null;
    const ref = entityRef(kind, key);
    const existing = entities.get(ref);
    if (existing) {
      // Keep the first name; fill attributes the first sighting lacked.
      for (const [k, v] of Object.entries(clean(attrs))) if (existing.attrs[k] == null && v != null) existing.attrs[k] = v;
    } else {
      entities.set(ref, { kind, key, name: name.trim(), attrs: clean(attrs) });
    }
    return ref;
  };
  const relate = (source: string | null, target: string | null, kind: RelationKind, attrs: Attrs = {}): GraphRelation | null => {
    if (!source || !target || source === target) return null;
    const id = `${source}|${kind}|${target}`;
    let r = relations.get(id);
    if (!r) {
      r = { source, target, kind, attrs: clean(attrs) };
      relations.set(id, r);
    }
    return r;
  };

  const call = entity('call', String(transcriptId).trim(), opts.callName ?? `Call ${transcriptId}`, {
    transcriptId,
    budget: facts.budget,
    nextSteps: facts.nextSteps.length,
    objections: facts.objections.length,
    ...opts.callAttrs,
  });

  const company = (name: string | null, attrs: Attrs = {}): string | null =>
    name && name.trim() ? entity('company', companyKey(name), name, attrs) : null;
  const seller = company(facts.sellerCompany, { side: 'seller' });
  const buyer = company(facts.buyerCompany, { side: 'buyer' });
  relate(call, buyer, 'WITH_ACCOUNT');
  relate(call, seller, 'WITH_VENDOR');
  relate(seller, buyer, 'SELLS_TO');

  const personByName = new Map<string, string>();
  for (const p of facts.participants) {
    const companyName = p.company ?? (p.side === 'seller' ? facts.sellerCompany : p.side === 'buyer' ? facts.buyerCompany : null);
    const ref = entity('person', personKey(p.name, companyName, transcriptId), p.name, {
      role: p.role,
      side: p.side,
      email: p.email,
    });
    if (!ref) continue;
    personByName.set(normalizeKey(p.name), ref);
    const co = company(companyName, p.side === 'unknown' ? {} : { side: p.side });
    relate(ref, co, 'WORKS_AT', { role: p.role });
    relate(ref, call, p.spoke || p.present ? 'PARTICIPATED_IN' : 'MENTIONED_IN', { side: p.side, role: p.role });
  }

  for (const o of facts.objections) {
    const obj = entity('objection', o.type, o.type.charAt(0).toUpperCase() + o.type.slice(1));
    const r = relate(call, obj, 'RAISED', { quotes: [], speakers: [] });
    if (r) {
      (r.attrs.quotes as string[]).push(o.quote);
      if (o.speaker && !(r.attrs.speakers as string[]).includes(o.speaker)) (r.attrs.speakers as string[]).push(o.speaker);
    }
    const who = o.speaker ? personByName.get(normalizeKey(o.speaker)) : undefined;
    if (who) {
      const pr = relate(who, obj, 'RAISED', { quotes: [] });
      if (pr) (pr.attrs.quotes as string[]).push(o.quote);
    }
  }

  for (const c of facts.competitors) {
    if (!c.trim()) continue;
    const comp = entity('competitor', companyKey(c), c);
    relate(call, comp, 'MENTIONS');
    relate(buyer, comp, 'EVALUATES');
  }

  for (const p of opts.products ?? []) {
    // A product is the seller's: keyed under the seller so two vendors' "Payments module" stay apart.
    const key = seller ? `${companyKey(facts.sellerCompany ?? '')}/${normalizeKey(p)}` : normalizeKey(p);
    const prod = entity('product', key, p, { vendor: facts.sellerCompany });
    relate(seller, prod, 'OFFERS');
    relate(call, prod, 'MENTIONS');
  }

  const topicText = [
    ...facts.pains,
    ...facts.objections.map((o) => o.quote),
    ...facts.decisionProcess,
    ...facts.timeline.map((t) => t.context || t.text),
    facts.budget ?? '',
  ];
  for (const t of TOPICS) {
    const hits = topicText.filter((s) => t.pattern.test(s));
    if (!hits.length) continue;
    const topic = entity('topic', t.key, t.name);
    relate(call, topic, 'ABOUT', { mentions: hits.length });
  }

  return { entities: [...entities.values()], relations: [...relations.values()] };
}
