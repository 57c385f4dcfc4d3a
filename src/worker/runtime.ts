/**
 * Builds the Runtime a worker hands to its tasks: the database, provider,
 * config and logger it is given, the model-call limit, and the ledger's
 * options with the alert hook (alerts are recorded in the transaction that
 * records the failure, src/alerts/record.ts).
 * Owns: wiring one Runtime. Must not: keep it anywhere (no module state).
 */
import type { Db } from '../db/index.ts';
import type { Provider } from '../agents/types.ts';
import type { Config } from '../config/index.ts';
import type { Logger } from '../log.ts';
import { createRequire } from 'node:module';
import type { Connectors, Runtime } from '../pipeline/runtime.ts';
import type { DriverLike } from '../graph/neo4j/driverLike.ts';
import { createProcessResources, type ProcessResources } from './resources.ts';
import { recordAlert } from '../alerts/record.ts';

export interface RuntimeOptions {
  db: Db;
  provider: Provider;
  config: Config;
  log: Logger;
  /** Default: no limit (the call runs at once). */
  limitModelCall?: Runtime['limitModelCall'];
  /** Default: a new set (closed by whoever built it). */
  resources?: ProcessResources;
  /** Default: the real clients (neo4j-driver). */
  connectors?: Partial<Connectors>;
}

/**
 * neo4j-driver is required on first use (issue 11, memory): with rxjs it is ~1,000 modules and ~20 MB
 * of a worker's memory, and most installations mirror to no Neo4j (NEO4J_URL unset).
 */
const requireHere = createRequire(import.meta.url);

export const defaultConnectors: Connectors = {
  neo4jDriver: (cfg) => {
    const neo4j = requireHere('neo4j-driver') as typeof import('neo4j-driver');
    return neo4j.driver(cfg.url, neo4j.auth.basic(cfg.user, cfg.password)) as unknown as DriverLike;
  },
  fetch: (input, init) => fetch(input, init),
};

export function buildRuntime(opts: RuntimeOptions): Runtime {
  const { db, provider, config, log } = opts;
  return {
    db,
    provider,
    config,
    log,
    limitModelCall: opts.limitModelCall ?? ((fn) => fn()),
    resources: opts.resources ?? createProcessResources(),
    connectors: { ...defaultConnectors, ...opts.connectors },
    ledger: { maxAttempts: config.STELLAR_MAX_ATTEMPTS, onAlert: (trx, alert) => recordAlert(trx, alert, config) },
  };
}
