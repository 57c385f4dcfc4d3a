/** link_graph: people, companies, topics, objections and their relations; mirrored to Neo4j when configured. */
import { buildKnowledgeGraph } from '../src/agents/graph.ts';
import { mirrorToNeo4j } from '../src/agents/neo4jMirror.ts';
import type { CallFacts } from '../src/agents/types.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { GRAPH_VERSION } from '../src/agents/coaching/versions.ts';
import { currentFacts } from '../src/db/queries/outputs.ts';
import { storeKnowledgeGraph } from '../src/pipeline/graphStore.ts';

type Graph = ReturnType<typeof buildKnowledgeGraph>;

export default defineStage<CallFacts, Graph>('link_graph', {
  load: ({ rt, transcript }) => currentFacts(rt.db, transcript.id),
  async work(facts, { rt, transcript }) {
    const graph = buildKnowledgeGraph(transcript.id, facts);
    // The mirror is optional and idempotent (MERGE), so it may run before the Postgres commit.
    if (rt.config.NEO4J_URL) {
      await mirrorToNeo4j({ url: rt.config.NEO4J_URL, user: rt.config.NEO4J_USER, password: rt.config.NEO4J_PASSWORD ?? '' }, graph);
    }
    return { output: graph, provider: 'builtin', model: rt.config.NEO4J_URL ? 'graph+neo4j' : 'graph', agentVersion: GRAPH_VERSION };
  },
  store: (trx, { output }, { run, transcript }) => storeKnowledgeGraph(trx, run.id, transcript.id, output),
});
