/**
 * Where in a call each relation of its knowledge graph shows: the turn(s)
 * that support it (objection quotes, the first words of a participant, the
 * turn naming a competitor or company, the turns matching a topic).
 * Owns: locating evidence in turns (pure). Must not: touch the database, or
 * change the graph it is given (src/agents/graph.ts builds it).
 */
import { normalizeKey, TOPICS, type GraphEntity, type KnowledgeGraph } from '../agents/graph.ts';

export interface EvidenceTurn {
  speaker: string;
  text: string;
}

export interface Evidence {
  /** Index of the turn in the call (null: the relation comes from the call as a whole). */
  turnIdx: number | null;
  speaker: string | null;
  quote: string | null;
}

/** At most this many turns of evidence per relation and call. */
export const MAX_EVIDENCE_PER_CALL = 3;
const QUOTE_CHARS = 280;

const relationId = (r: { source: string; kind: string; target: string }) => `${r.source}|${r.kind}|${r.target}`;

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > QUOTE_CHARS ? `${t.slice(0, QUOTE_CHARS - 1)}…` : t;
}

/** Does normalised `hay` contain normalised `needle` as whole words? */
function containsWords(hay: string, needle: string): boolean {
  if (!needle) return false;
  return ` ${hay} `.includes(` ${needle} `);
}

/** Evidence of every relation of `graph` in `turns`, keyed `${source}|${kind}|${target}`. */
export function locateEvidence(graph: KnowledgeGraph, turns: readonly EvidenceTurn[]): Map<string, Evidence[]> {
  const norm = turns.map((t) => ({ speaker: normalizeKey(t.speaker), text: normalizeKey(t.text) }));
  const byRef = new Map<string, GraphEntity>(graph.entities.map((e) => [`${e.kind}:${e.key}`, e]));
  const at = (i: number, quote?: string | null): Evidence => ({ turnIdx: i, speaker: turns[i].speaker, quote: quote ?? snippet(turns[i].text) });

  const firstNaming = (e: GraphEntity | undefined): number => {
    if (!e) return -1;
    const name = normalizeKey(e.name);
    return norm.findIndex((t) => containsWords(t.text, name));
  };
  const firstSpokenBy = (e: GraphEntity | undefined): number => {
    if (!e) return -1;
    const name = normalizeKey(e.name);
    const first = name.split(' ')[0];
    const exact = norm.findIndex((t) => t.speaker === name);
    return exact >= 0 ? exact : norm.findIndex((t) => t.speaker === first || t.speaker.split(' ')[0] === first);
  };

  const out = new Map<string, Evidence[]>();
  for (const r of graph.relations) {
    const source = byRef.get(r.source);
    const target = byRef.get(r.target);
    const found: Evidence[] = [];
    const push = (e: Evidence) => {
      if (found.length < MAX_EVIDENCE_PER_CALL && !found.some((f) => f.turnIdx === e.turnIdx)) found.push(e);
    };
    switch (r.kind) {
      case 'RAISED': {
        for (const q of (r.attrs.quotes as string[] | undefined) ?? []) {
          const nq = normalizeKey(q);
          const i = norm.findIndex((t) => nq.length > 0 && t.text.includes(nq));
          push(i >= 0 ? at(i, snippet(q)) : { turnIdx: null, speaker: null, quote: snippet(q) });
        }
        break;
      }
      case 'PARTICIPATED_IN': {
        const i = firstSpokenBy(source);
        if (i >= 0) push(at(i));
        break;
      }
      case 'MENTIONED_IN': {
        const i = firstNaming(source);
        if (i >= 0) push(at(i));
        break;
      }
      case 'ABOUT': {
        const topic = TOPICS.find((t) => t.key === target?.key);
        if (topic) turns.forEach((t, i) => topic.pattern.test(t.text) && push(at(i)));
        break;
      }
      default: {
        // WORKS_AT, WITH_ACCOUNT, WITH_VENDOR, SELLS_TO, MENTIONS, EVALUATES: the first turn naming the target.
        const i = firstNaming(target);
        if (i >= 0) push(at(i));
      }
    }
    out.set(relationId(r), found.length ? found : [{ turnIdx: null, speaker: null, quote: null }]);
  }
  return out;
}

export { relationId };
