/**
 * The `graph_neighbors` tool: the people, companies, topics, objections,
 * competitors and calls linked to an entity in the knowledge graph
 * (stellar.entities / stellar.relations, current link_graph output of each
 * call), directly or — with hops 2 — through the calls it appears in.
 * Must not: write, or read a graph version that is no longer current.
 */
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { Citation } from '../types.ts';
import { likeContains, nameArg, type Tool } from './types.ts';

export interface GraphNeighborsToolOptions {
  db: Db;
}

const KINDS = ['person', 'company', 'topic', 'objection', 'competitor', 'call'] as const;

export const graphNeighborsArgs = z.object({
  name: nameArg,
  kind: z.enum(KINDS).optional(),
  /** 1: direct links; 2: also whoever/whatever shares a call with it. */
  hops: z.union([z.literal(1), z.literal(2)]).optional(),
}).strict();

export interface Neighbor {
  kind: string;
  name: string;
  relation: string;
  /** 'out': entity → neighbor; 'in': neighbor → entity; 'call': through a shared call. */
  direction: 'out' | 'in' | 'call';
  attrs: Record<string, unknown>;
  calls: { transcriptId: string; fileName: string }[];
}

interface EdgeRow {
  transcript_id: string;
  file_name: string;
  kind: string;
  a_id: string;
  b_id: string;
  b_kind: string;
  b_name: string;
  b_attrs: unknown;
  direction: 'out' | 'in';
}

export function graphNeighborsTool(opts: GraphNeighborsToolOptions): Tool<typeof graphNeighborsArgs> {
  const { db } = opts;
  /** Entities of the current link_graph runs matching a name. */
  const current = () =>
    db
      .selectFrom('stellar.entities as e')
      .innerJoin('stellar.current_stage_run as c', (j) => j.onRef('c.run_id', '=', 'e.run_id').on('c.stage', '=', 'link_graph'));

  async function edges(entityIds: string[]): Promise<EdgeRow[]> {
    if (entityIds.length === 0) return [];
    const base = db
      .selectFrom('stellar.relations as r')
      .innerJoin('stellar.current_stage_run as c', (j) => j.onRef('c.run_id', '=', 'r.run_id').on('c.stage', '=', 'link_graph'))
      .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id');
    const out = await base
      .innerJoin('stellar.entities as b', 'b.id', 'r.target_id')
      .select(['r.transcript_id', 't.file_name', 'r.kind', 'r.source_id as a_id', 'b.id as b_id', 'b.kind as b_kind', 'b.name as b_name', 'b.attrs as b_attrs'])
      .where('r.source_id', 'in', entityIds)
      .execute();
    const inn = await base
      .innerJoin('stellar.entities as b', 'b.id', 'r.source_id')
      .select(['r.transcript_id', 't.file_name', 'r.kind', 'r.target_id as a_id', 'b.id as b_id', 'b.kind as b_kind', 'b.name as b_name', 'b.attrs as b_attrs'])
      .where('r.target_id', 'in', entityIds)
      .execute();
    return [...out.map((r) => ({ ...r, direction: 'out' as const })), ...inn.map((r) => ({ ...r, direction: 'in' as const }))];
  }

  return {
    name: 'graph_neighbors',
    description: 'People, companies, topics, objections, competitors and calls linked to an entity (a person, company, competitor or topic name) in the knowledge graph. hops 2 also lists what shares a call with it (e.g. everyone in the calls with an account).',
    schema: graphNeighborsArgs,
    async run(args, { evidence }) {
      let q = current().select(['e.id', 'e.kind', 'e.name', 'e.key']).where((eb) => eb.or([eb('e.name', 'ilike', likeContains(args.name)), eb('e.key', 'ilike', likeContains(args.name.toLowerCase()))]));
      q = args.kind ? q.where('e.kind', '=', args.kind) : q.where('e.kind', '<>', 'call');
      const matches = await q.execute();
      if (matches.length === 0) return { summary: `no entity named like "${args.name}"`, data: { entities: [], neighbors: [] }, citations: [] };
      const ids = matches.map((m) => m.id);
      const direct = await edges(ids);
      const neighbors = new Map<string, Neighbor>();
      const add = (kind: string, name: string, relation: string, direction: Neighbor['direction'], attrs: unknown, call: { transcriptId: string; fileName: string }) => {
        const key = `${kind}|${name.toLowerCase()}|${relation}|${direction}`;
        let n = neighbors.get(key);
        if (!n) {
          n = { kind, name, relation, direction, attrs: (attrs ?? {}) as Record<string, unknown>, calls: [] };
          neighbors.set(key, n);
        }
        if (!n.calls.some((c) => c.transcriptId === call.transcriptId)) n.calls.push(call);
      };
      for (const e of direct) {
        add(e.b_kind, e.b_kind === 'call' ? e.file_name : e.b_name, e.kind, e.direction, e.b_attrs, { transcriptId: e.transcript_id, fileName: e.file_name });
      }
      if ((args.hops ?? 1) === 2) {
        const callIds = [...new Set(direct.filter((e) => e.b_kind === 'call').map((e) => e.b_id))];
        const own = new Set(ids);
        for (const e of await edges(callIds)) {
          if (own.has(e.b_id) || e.b_kind === 'call') continue;
          add(e.b_kind, e.b_name, e.kind, 'call', e.b_attrs, { transcriptId: e.transcript_id, fileName: e.file_name });
        }
      }
      const list = [...neighbors.values()];
      await evidence.preload(list.flatMap((n) => n.calls.map((c) => c.transcriptId)));
      const citations: Citation[] = [];
      for (const n of list) {
        for (const c of n.calls) {
          const cite = await evidence.cite(c, n.kind === 'person' ? null : n.name, n.kind === 'person' ? n.name : null);
          citations.push(cite);
          (n as Neighbor & { citations?: Citation[] }).citations ??= [];
          (n as Neighbor & { citations?: Citation[] }).citations!.push(cite);
        }
      }
      return {
        summary: `${matches.length} entit${matches.length === 1 ? 'y' : 'ies'} like "${args.name}", ${list.length} neighbor${list.length === 1 ? '' : 's'}`,
        data: { entities: matches.map((m) => ({ kind: m.kind, name: m.name })), neighbors: list },
        citations,
      };
    },
  };
}
