/**
 * The PostGraphile instance: builds the schema from `stellar_api` once and
 * serves it through grafserv's Hono adapter (grafserv/hono/v4), with
 * WebSockets for subscriptions through @hono/node-server's upgradeWebSocket
 * (the server must be created with a WebSocketServer: src/server/serve.ts).
 * Owns: the instance's life cycle (build, release).
 */
import pg from 'pg';
import { upgradeWebSocket } from '@hono/node-server';
import { postgraphile, type PostGraphileInstance } from 'postgraphile';
import { grafserv, type HonoGrafserv } from 'postgraphile/grafserv/hono/v4';
import type { GraphQLSchema } from 'postgraphile/graphql';
import type { Config } from '../config/index.ts';
import { makePreset } from './preset.ts';

export interface GraphqlService {
  pgl: PostGraphileInstance;
  serv: HonoGrafserv;
  pool: pg.Pool;
  /** Resolves once the schema is built (introspection of stellar_api). */
  schema(): Promise<GraphQLSchema>;
  release(): Promise<void>;
}

export function createGraphqlService(opts: { config: Config; databaseUrl?: string }): GraphqlService {
  const { config } = opts;
  // Its own small pool: a burst of queries cannot take the worker's or the REST API's connections.
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl ?? config.DATABASE_URL,
    max: config.STELLAR_GRAPHQL_POOL,
    application_name: 'stellar-graphql',
    allowExitOnIdle: true,
  });
  pool.on('error', () => {}); // an idle client dropped by the server is simply replaced
  const preset = makePreset({ config, pool });
  const pgl = postgraphile(preset);
  // grafserv's Hono adapter takes Hono's upgradeWebSocket helper; the Node adapter's is that helper for Node.
  const serv = pgl.createServ((cfg) => grafserv(cfg, upgradeWebSocket as never));
  let released = false;
  return {
    pgl,
    serv,
    pool,
    schema: async () => pgl.getSchema(),
    async release() {
      if (released) return;
      released = true;
      await pgl.release();
      // pgl.release() leaves the pg services alone: release them, or the subscriptions' LISTEN client keeps pool.end() waiting.
      for (const service of preset.pgServices ?? []) await service.release?.();
      await pool.end();
    },
  };
}

export { makePreset, GRAPHQL_ROLE, API_SCHEMA } from './preset.ts';
