/**
 * link_graph: people, companies, topics, objections and their relations — the
 * call's own graph (stellar.entities / relations, per run) and, in the same
 * transaction, the graph across calls (src/graph/store.ts: deduplicated
 * entities, relations with evidence). With a Neo4j mirror configured, a
 * `sync_graph` job is queued in that transaction too: the mirror never runs
 * inside the stage, so a Neo4j outage never fails or slows a run.
 */
import { buildKnowledgeGraph } from '../src/agents/graph.ts';
import { findProducts } from '../src/agents/products.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { GRAPH_VERSION } from '../src/agents/coaching/versions.ts';
import { loadCallWithFacts } from '../src/db/queries/outputs.ts';
import { storeKnowledgeGraph } from '../src/pipeline/graphStore.ts';
import { storeCallGraph } from '../src/graph/store.ts';
import { queueGraphSync } from '../src/graph/neo4j/queue.ts';
import type { EvidenceTurn } from '../src/graph/evidence.ts';

type Graph = ReturnType<typeof buildKnowledgeGraph>;

export default defineStage<Awaited<ReturnType<typeof loadCallWithFacts>>, { graph: Graph; turns: EvidenceTurn[]; meetingAt: Date | null }>('link_graph', {
  load: ({ rt, transcript }) => loadCallWithFacts(rt.db, transcript),
  async work({ call, facts }, { transcript }) {
    const products = findProducts(call.turns, {
      sellerSpeakers: facts.participants.filter((p) => p.side === 'seller').flatMap((p) => [p.name, p.label ?? p.name]), // turns carry labels
      sellerCompany: facts.sellerCompany,
      exclude: [...facts.competitors, facts.buyerCompany ?? ''],
    });
    const graph = buildKnowledgeGraph(transcript.id, facts, { callName: transcript.file_name, products });
    return { output: { graph, turns: call.turns, meetingAt: call.meetingAt }, provider: 'builtin', model: 'graph', agentVersion: GRAPH_VERSION };
  },
  async store(trx, { output }, { rt, run, transcript }) {
    await storeKnowledgeGraph(trx, run.id, transcript.id, output.graph);
    const mirror = !!rt.config.NEO4J_URL;
    await storeCallGraph(trx, {
      runId: run.id,
      transcriptId: transcript.id,
      seenAt: output.meetingAt ?? new Date(transcript.received_at),
      graph: output.graph,
      turns: output.turns,
      mirror,
    });
    if (mirror) await queueGraphSync(trx, { transcriptId: transcript.id }, rt.config);
  },
});
