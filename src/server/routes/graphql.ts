/**
 * POST /graphql (PostGraphile v5, read-only), subscriptions over WebSockets on
 * GET /graphql (Upgrade: websocket, graphql-transport-ws), and, when
 * STELLAR_GRAPHIQL is on (default outside production), Ruru at GET /graphiql.
 * Served by grafserv's Hono adapter on the same Hono app as the REST API
 * (docs/monitoring.md, "Why grafserv's Hono adapter", says why not the Node adapter).
 * Auth: the REST API's bearer token, or the dashboard session cookie (so
 * Ruru works in a browser after logging in to the dashboard) — for the
 * WebSocket upgrade too (a cookie-authenticated upgrade must come from this
 * server's own origin). Ruru's page sends a logged-out browser to the log-in
 * page; a 401 from /graphql says how to log in. GET /graphql from a browser
 * leads to Ruru, or to a page explaining the endpoint when Ruru is off.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { jsonError } from '../errors.ts';
import type { Config } from '../../config/index.ts';
import type { Logger } from '../../log.ts';
import { createGraphqlService, type GraphqlService } from '../../graphql/index.ts';
import { checkQueryShape, checkVariablesSize } from '../../graphql/limits.ts';
import { GraphQLError, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'postgraphile/graphql';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * Refuses a document over the shape caps (root fields, aliases, fields, and
 * the values in its variables: src/graphql/limits.ts) before grafserv
 * validates or plans it, so one hostile
 * request cannot hold the event loop. Parsing is linear in the (≤100 KB) body.
 * Anything it cannot read is left to grafserv, which answers it as before.
 */
function refuseWideQueries(): MiddlewareHandler {
  return async (c, next) => {
    let query: unknown;
    let variables: unknown;
    if (c.req.method === 'POST' && /json/i.test(c.req.header('content-type') ?? '')) {
      const body = (await c.req.json().catch(() => null)) as { query?: unknown; variables?: unknown } | null;
      query = body?.query;
      variables = body?.variables;
    } else if (c.req.method === 'GET') {
      query = c.req.query('query');
    }
    if (typeof query !== 'string') return next();
    let error;
    try {
      const document = parse(query, { noLocation: true });
      error = checkQueryShape(document) ?? checkVariablesSize(variables) ?? subscriptionOverHttp(document, c.req.method);
    } catch {
      return next(); // a syntax error: grafserv reports it in its own words
    }
    if (!error) return next();
    const strict = /application\/graphql-response\+json/i.test(c.req.header('accept') ?? '');
    return c.json({ errors: [{ message: error.message, extensions: error.extensions }] }, strict ? 400 : 200);
  };
}

/** A document whose only operation is a subscription, sent over plain HTTP: say where subscriptions are served. */
function subscriptionOverHttp(document: DocumentNode, method: string): GraphQLError | null {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length === 0 || !ops.every((o) => o.operation === 'subscription')) return null;
  return new GraphQLError(
    `Subscriptions are not supported over HTTP ${method}: open a WebSocket to /graphql (ws:// or wss://) with the graphql-transport-ws protocol, e.g. the graphql-ws client, authenticated like any request (docs/monitoring.md).`,
    { extensions: { code: 'SUBSCRIPTION_NEEDS_WEBSOCKET', unsupported: 'subscription over HTTP' } },
  );
}

const LOGIN_HINT =
  'In a browser, log in at /dashboard/login?next=/graphiql (the session cookie then authenticates Ruru, /graphql and its WebSocket); ' +
  'from a script, send "Authorization: Bearer <token>" with a token from STELLAR_API_TOKENS.';

/**
 * The shared bearer-or-cookie auth, with a 401 that says how to log in — in
 * the REST API's shape (`error`) and GraphQL's (`errors`, which Ruru shows) —
 * and, for a cookie-authenticated WebSocket upgrade, the same-origin check
 * browsers do not make for WebSockets.
 */
function graphqlAuth(session: SessionAuth, tokensConfigured: boolean): MiddlewareHandler {
  const inner = session.require({ csrf: false });
  return async (c, next) => {
    // (With no token configured, the bearer check's own 401 says so: logging in could not help.)
    if (tokensConfigured && !c.req.header('authorization') && !session.hasSession(c)) {
      const message = `Not logged in: GraphQL needs a dashboard session or an API token. ${LOGIN_HINT}`;
      return c.json(
        { error: { code: 'unauthorized', message }, errors: [{ message, extensions: { code: 'UNAUTHENTICATED', login: '/dashboard/login?next=/graphiql' } }] },
        401,
        { 'WWW-Authenticate': 'Bearer realm="stellar"' },
      );
    }
    if (isUpgrade(c) && !c.req.header('authorization') && !sameOrigin(c)) {
      return jsonError(c, 403, 'forbidden', 'A WebSocket authenticated by the session cookie must come from this server\'s own pages (Origin).');
    }
    return inner(c, next);
  };
}

function isUpgrade(c: Context): boolean {
  return (c.req.header('upgrade') ?? '').toLowerCase() === 'websocket';
}

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true; // not a browser
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/**
 * GET /graphql without Upgrade: a browser (Accept: text/html) goes to Ruru, or
 * gets a page explaining the endpoint when Ruru is off; anything else is told
 * that queries are POSTed. Holds no data, so it runs before auth.
 */
function getWithoutUpgrade(graphiql: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (isUpgrade(c)) return next();
    if (/text\/html/i.test(c.req.header('accept') ?? '')) {
      if (graphiql) return c.redirect('/graphiql', 302);
      return c.html(explainPage(), 200);
    }
    return jsonError(
      c,
      405,
      'method_not_allowed',
      'GraphQL queries are POSTed as JSON to /graphql ({"query": "...", "variables": {...}}). GET /graphql is for subscriptions over a WebSocket (graphql-transport-ws) and, from a browser, leads to Ruru.',
      undefined,
      { Allow: 'POST' },
    );
  };
}

function explainPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stellar GraphQL</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2330}code,pre{background:#f1f3f7;border-radius:4px;padding:0 .25rem}pre{padding:.75rem;overflow-x:auto}</style>
</head><body>
<h1>Stellar GraphQL API</h1>
<p>This is the endpoint of Stellar's read-only GraphQL API (PostGraphile over the <code>stellar_api</code> views).
Queries are <strong>POSTed as JSON</strong>; live run status is a subscription over a WebSocket on this same path.</p>
<pre>curl -s http://HOST/graphql -H 'Authorization: Bearer $TOKEN' -H 'Content-Type: application/json' \
  -d '{"query": "{ allPipelineRuns(first: 5, orderBy: [CREATED_AT_DESC]) { nodes { id status durationMs } } }"}'</pre>
<p>The in-browser IDE (Ruru) is off on this server: set <code>STELLAR_GRAPHIQL=1</code> to serve it at <code>/graphiql</code>.
Authentication: an API token (<code>Authorization: Bearer …</code>) or a dashboard session — <a href="/dashboard/login?next=/dashboard">log in</a>.</p>
<p>Reference: docs/monitoring.md (GraphQL section) in the repository.</p>
</body></html>`;
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
      app.get('/graphql', getWithoutUpgrade(config.STELLAR_GRAPHIQL));
      app.use('/graphql', graphqlAuth(session, config.STELLAR_API_TOKENS.length > 0));
      // Ruru's page holds no data, but is of no use logged out: the log-in page comes first, then back here.
      if (config.STELLAR_GRAPHIQL) app.get('/graphiql', session.require({ mode: 'page' }));
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
      log.info({ graphiql: config.STELLAR_GRAPHIQL ? '/graphiql' : null, subscriptions: 'ws /graphql' }, 'GraphQL ready at /graphql');
    },
  };
}

/** prepareGraphql + mount, for callers that own the app (tests, scripts). */
export async function mountGraphql(app: Hono<any>, deps: GraphqlRouteDeps): Promise<GraphqlService> {
  const prepared = await prepareGraphql(deps);
  prepared.mount(app);
  return prepared.service;
}
