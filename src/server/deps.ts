/**
 * What every route module is given: the database, config, logger and the
 * server's drain state — and how other parts mount routes. Types only, so
 * route modules never import the app that mounts them.
 * Owns: those types. Must not: hold values.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';

/** Shared with serve.ts: flips to draining on SIGTERM (readyz → 503, new requests → 503). */
export interface ServerState {
  draining: boolean;
}

export interface MountContext {
  /** Bearer-token middleware (STELLAR_API_TOKENS); use it on routes that need a token. */
  auth: MiddlewareHandler;
  deps: ServerDeps;
}

/** Adds routes to the app (GraphQL, dashboard, …). Called once, after the built-in routes. */
export type ServerMount = (app: Hono, ctx: MountContext) => void;

export interface ServerDeps {
  db: Db;
  config: Config;
  log: Logger;
  state: ServerState;
}
