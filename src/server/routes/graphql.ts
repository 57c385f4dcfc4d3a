/**
 * POST /graphql (PostGraphile v5, read-only) and, when STELLAR_GRAPHIQL=1,
 * Ruru at GET /graphiql. Served by grafserv's Hono adapter on the same Hono
 * app as the REST API (docs/monitoring.md, "Why grafserv's Hono adapter", says why not the Node adapter).
 * Auth: the REST API's bearer token, or the dashboard session cookie (so
 * Ruru works in a browser after logging in to the dashboard). Ruru's page
 * itself is public when enabled: it holds no data.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { jsonError } from '../errors.ts';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log.ts';
import { createGraphqlService, type GraphqlService } from '../../graphql/index.ts';
import { checkQueryShape } from '../../graphql/limits.ts';
import { parse } from 'postgraphile/graphql';
import type { MiddlewareHandler } from 'hono';

/**
 * Refuses a document over the shape caps (root fields, aliases, fields:
 * src/graphql/limits.ts) before grafserv validates or plans it, so one hostile
 * request cannot hold the event loop. Parsing is linear in the (≤100 KB) body.
 * Anything it cannot read is left to grafserv, which answers it as before.
 */
function refuseWideQueries(): MiddlewareHandler {
  return async (c, next) => {
    let query: unknown;
    if (c.req.method === 'POST' && /json/i.test(c.req.header('content-type') ?? '')) {
      const body = (await c.req.json().catch(() => null)) as { query?: unknown } | null;
      query = body?.query;
    } else if (c.req.method === 'GET') {
      query = c.req.query('query');
    }
    if (typeof query !== 'string') return next();
    let error;
    try {
      error = checkQueryShape(parse(query, { noLocation: true }));
    } catch {
      return next(); // a syntax error: grafserv reports it in its own words
    }
    if (!error) return next();
    const strict = /application\/graphql-response\+json/i.test(c.req.header('accept') ?? '');
    return c.json({ errors: [{ message: error.message, extensions: error.extensions }] }, strict ? 400 : 200);
  };
}
import { sessionAuth, type SessionAuth } from '../session.ts';

/** Largest GraphQL request body accepted (a query with its variables). */
export const GRAPHQL_MAX_BODY_BYTES = 100_000;

export interface GraphqlRouteDeps {
  config: Config;
  log: Logger;
  /** Shared with the dashboard routes; built from the config when absent. */
  session?: SessionAuth;
  databaseUrl?: string;
}

export interface PreparedGraphql {
  service: GraphqlService;
  /** Adds /graphql (and /graphiql) to the app; synchronous, the schema is already built. */
  mount(app: Hono<any>): void;
  release(): Promise<void>;
}

/** Builds the schema (introspection of stellar_api) before any route exists, so the first request is served at once. */
export async function prepareGraphql(deps: GraphqlRouteDeps): Promise<PreparedGraphql> {
  const { config, log } = deps;
  const session = deps.session ?? sessionAuth(config.STELLAR_API_TOKENS, config.STELLAR_DASHBOARD_SESSION_HOURS);
  const service = createGraphqlService({ config, databaseUrl: deps.databaseUrl });
  try {
    await service.schema();
  } catch (err) {
    await service.release().catch(() => {});
    throw err;
  }
  return {
    service,
    release: () => service.release(),
    mount(app) {
      app.use('/graphql', session.require({ csrf: false }));
      // grafserv's Hono adapter reads the body with c.req.json() and ignores grafserv.maxRequestLength: limit it here.
      app.use(
        '/graphql',
        bodyLimit({
          maxSize: GRAPHQL_MAX_BODY_BYTES,
          onError: (c) => jsonError(c, 413, 'body_too_large', `A GraphQL request body may be at most ${GRAPHQL_MAX_BODY_BYTES} bytes.`),
        }),
      );
      app.use('/graphql', refuseWideQueries());
      // HonoGrafserv.addTo registers its routes synchronously (its promise has nothing left to wait for).
      void service.serv.addTo(app as Hono).catch((err: unknown) => log.error({ err }, 'GraphQL routes failed'));
      log.info({ graphiql: config.STELLAR_GRAPHIQL ? '/graphiql' : null }, 'GraphQL ready at /graphql');
    },
  };
}

/** prepareGraphql + mount, for callers that own the app (tests, scripts). */
export async function mountGraphql(app: Hono<any>, deps: GraphqlRouteDeps): Promise<GraphqlService> {
  const prepared = await prepareGraphql(deps);
  prepared.mount(app);
  return prepared.service;
}
