/**
 * Queues the Neo4j mirror's `sync_graph` job on the caller's transaction (so
 * it exists if and only if the graph change committed). One keyed job in its
 * own graphile-worker queue: changes coalesce into one waiting job, and syncs
 * run one at a time, in commit order (the outbox keeps what to send).
 * Owns: how sync_graph is queued. Must not: talk to Neo4j.
 */
import type { Tx } from '../../db/index.ts';
import type { Config } from '../../config/index.ts';
import { addJobInTx } from '../../runs/handoff.ts';

export const SYNC_GRAPH_JOB_KEY = 'sync_graph';
export const SYNC_GRAPH_QUEUE = 'graph_mirror';

export async function queueGraphSync(trx: Tx, payload: { transcriptId?: string }, config: Pick<Config, 'NEO4J_SYNC_MAX_ATTEMPTS'>): Promise<void> {
  await addJobInTx(trx, 'sync_graph', payload, {
    jobKey: SYNC_GRAPH_JOB_KEY,
    jobKeyMode: 'replace',
    queueName: SYNC_GRAPH_QUEUE,
    maxAttempts: config.NEO4J_SYNC_MAX_ATTEMPTS,
  });
}
