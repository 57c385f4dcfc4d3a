/**
 * `stellar graph resync [--since <date>]`: rebuilds the Neo4j mirror from
 * Postgres (entities and relations updated or seen since the date, or all),
 * printing progress on stderr, then drains the mirror's outbox.
 * Owns: the command's checks and output. Must not: hold SQL or Cypher (src/graph/neo4j/).
 */
import type { App } from '../app.ts';
import type { Connectors } from '../pipeline/runtime.ts';
import { defaultConnectors } from '../worker/runtime.ts';
import { resyncGraph } from '../graph/neo4j/sync.ts';

export interface GraphResyncCliOptions {
  since?: string;
  json?: boolean;
}

export interface GraphCliDeps {
  connectors?: Partial<Connectors>;
  out?: (line: string) => void;
  progress?: (line: string) => void;
}

/** "2026-11-01" or an ISO date-time; anything else is refused with a clear message. */
export function parseSince(value: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) throw new Error(`--since: not a date (YYYY-MM-DD or ISO 8601): ${JSON.stringify(value)}`);
  return d;
}

export async function graphResyncCommand(app: App, opts: GraphResyncCliOptions, deps: GraphCliDeps = {}): Promise<number> {
  const out = deps.out ?? ((l) => console.log(l));
  const progress = deps.progress ?? ((l) => process.stderr.write(`${l}\n`));
  const since = opts.since ? parseSince(opts.since) : undefined;
  const { NEO4J_URL, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, NEO4J_SYNC_BATCH } = app.config;
  if (!NEO4J_URL) throw new Error('no Neo4j mirror configured: set NEO4J_URL (and NEO4J_USER, NEO4J_PASSWORD)');
  const connectors = { ...defaultConnectors, ...deps.connectors };
  const driver = connectors.neo4jDriver({ url: NEO4J_URL, user: NEO4J_USER, password: NEO4J_PASSWORD ?? '' });
  try {
    const r = await resyncGraph(app.handle.db, { driver, database: NEO4J_DATABASE }, {
      batch: NEO4J_SYNC_BATCH,
      since,
      onProgress: (p) => progress(`${p.phase}: ${p.done}/${p.total}`),
    });
    out(opts.json ? JSON.stringify(r) : `resynced ${r.entities} entities and ${r.relations} relations${since ? ` changed since ${since.toISOString()}` : ''}; outbox rows sent: ${r.outboxRows}; ${r.statements} statements in ${r.batches} transactions`);
    return 0;
  } finally {
    await driver.close();
  }
}
