/**
 * sync_graph: mirrors the graph across calls to Neo4j (queued by link_graph in
 * its store transaction; one job at a time in the `graph_mirror` queue). Drains
 * the outbox (src/graph/neo4j/sync.ts) with the worker's one driver. When
 * Neo4j is down the job throws: graphile-worker retries with exponential
 * back-off, the run it came from is long finished, and the outbox keeps every
 * change until a sync gets through.
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { neo4jTarget } from '../src/graph/neo4j/driver.ts';
import { drainOutbox } from '../src/graph/neo4j/sync.ts';

const syncGraph: TaskFactory<'sync_graph'> = (rt) => async (payload, helpers) => {
  const log = rt.log.child({ task: 'sync_graph', transcriptId: payload?.transcriptId, attempt: helpers.job.attempts });
  const target = neo4jTarget(rt);
  if (!target) {
    log.info('no Neo4j mirror configured (NEO4J_URL unset); nothing to do');
    return;
  }
  try {
    const r = await drainOutbox(rt.db, target, { batch: rt.config.NEO4J_SYNC_BATCH });
    log.info(r, 'graph mirrored to Neo4j');
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), maxAttempts: helpers.job.max_attempts }, 'Neo4j sync failed; will retry with back-off');
    throw err;
  }
};
export default syncGraph;
