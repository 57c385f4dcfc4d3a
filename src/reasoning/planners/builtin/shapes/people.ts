/**
 * "Who is involved with / works at <account>?" and "who is linked to <X>?" —
 * the knowledge graph's neighbors (with hops 2 for an account: everyone in
 * its calls), people first, each cited where they speak.
 */
import type { Neighbor } from '../../../tools/graphNeighbors.ts';
import type { Citation } from '../../../types.ts';
import { displayName, list } from '../text.ts';
import { NO_SUBJECTS, resultOf, type Shape } from './types.ts';

type CitedNeighbor = Neighbor & { citations?: Citation[] };

export const peopleShape: Shape = {
  name: 'graph',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    const name = p.account ?? p.competitor ?? p.people?.[0] ?? p.term!;
    const kind = p.account ? 'company' : p.competitor ? 'competitor' : p.people?.length ? 'person' : undefined;
    return { text: `Look up who and what is linked to ${name} in the knowledge graph.`, calls: [{ tool: 'graph_neighbors', args: { name, ...(kind ? { kind } : {}), hops: p.account && !p.worksAt ? 2 : 1 } }] };
  },
  write(p, ctx, book) {
    const name = p.account ?? p.competitor ?? p.people?.[0] ?? p.term!;
    const r = resultOf<{ neighbors: CitedNeighbor[] }>(ctx.observations, 'graph_neighbors');
    if (r.error) return { lines: [`I could not read the knowledge graph (${r.error}).`], subjects: NO_SUBJECTS };
    const ns = r.data?.neighbors ?? [];
    if (ns.length === 0) return { lines: [`I found nothing linked to ${name} in the knowledge graph.`], subjects: NO_SUBJECTS };
    const people = ns.filter((n) => n.kind === 'person');
    const lines: string[] = [];
    const calls = new Map<string, string>();
    for (const n of ns) for (const c of n.calls) calls.set(c.transcriptId, c.fileName);
    const describe = (n: CitedNeighbor) => {
      const role = typeof n.attrs.role === 'string' ? n.attrs.role : null;
      return `- ${displayName(n.name)}${role ? `, ${role}` : ''} (${n.relation === 'WORKS_AT' ? 'works there' : n.relation === 'PARTICIPATED_IN' ? 'in its calls' : n.relation.toLowerCase().replace(/_/g, ' ')}; ${n.calls.map((c) => c.fileName).join(', ')}) ${book.refs(n.citations ?? [], 2)}`;
    };
    const seen = new Set<string>();
    const unique = people.filter((n) => {
      const k = n.name.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const staff = unique.filter((n) => n.relation === 'WORKS_AT');
    const others = p.worksAt ? [] : unique.filter((n) => n.relation !== 'WORKS_AT');
    if (p.worksAt) {
      if (staff.length === 0) return { lines: [`The calls name no one who works at ${name}.`], subjects: NO_SUBJECTS };
      lines.push(`${staff.length} ${staff.length === 1 ? 'person works' : 'people work'} at ${name}, from the calls:`, ...staff.map(describe));
    } else {
      lines.push(`${unique.length} ${unique.length === 1 ? 'person is' : 'people are'} linked to ${name}:`, ...staff.map(describe), ...others.map(describe));
      const rest = ns.filter((n) => n.kind !== 'person' && n.kind !== 'call');
      const byKind = new Map<string, string[]>();
      for (const n of rest) byKind.set(n.kind, [...new Set([...(byKind.get(n.kind) ?? []), n.name])]);
      for (const [kind, names] of byKind) lines.push(`Linked ${kind === 'company' ? 'companies' : `${kind}s`}: ${list(names)}.`);
    }
    return { lines, subjects: { transcriptIds: [...calls.keys()], accounts: p.account ? [p.account] : [] } };
  },
};
