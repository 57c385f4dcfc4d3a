/**
 * The worker's one Neo4j driver: created on first use from the configuration
 * through the runtime's connector, kept in the worker's process resources, and
 * closed when the worker stops.
 * Owns: which driver a task gets. Must not: run statements.
 */
import type { Runtime } from '../../pipeline/runtime.ts';
import type { MirrorTarget } from './sync.ts';

/** The mirror target for this process, or null when no mirror is configured. */
export function neo4jTarget(rt: Pick<Runtime, 'config' | 'resources' | 'connectors'>): MirrorTarget | null {
  const { NEO4J_URL, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE } = rt.config;
  if (!NEO4J_URL) return null;
  const driver = rt.resources.get(
    'neo4j',
    () => rt.connectors.neo4jDriver({ url: NEO4J_URL, user: NEO4J_USER, password: NEO4J_PASSWORD ?? '' }),
    (d) => d.close(),
  );
  return { driver, database: NEO4J_DATABASE };
}
