/**
 * The routes other parts of Stellar add to the HTTP server (GraphQL at /graphql,
 * GraphiQL, the dashboard…). `stellar start` and `stellar serve` mount every entry
 * of this list into the one Hono app (src/server/app.ts, ServerMount). Add yours
 * here; keep off /transcripts, /runs, /healthz and /readyz.
 */
import type { App } from '../app.ts';
import type { ServerMount } from './deps.ts';
import { mountDashboard } from './routes/dashboard.ts';
import { mountGraphView } from './routes/graph.ts';
import { mountCallPages } from './routes/calls.ts';
import { prepareGraphql } from './routes/graphql.ts';
import { mountAsk } from './routes/ask.ts';
import type { AskEngine } from '../reasoning/engine.ts';
import { sessionAuth } from './session.ts';
import { mountSearch } from './routes/search.ts';
import { createSearch } from '../search/index.ts';
import { alertChannels } from '../alerts/record.ts';

export async function serverMounts(app: App): Promise<ServerMount[]> {
  const { config, log } = app;
  // Monitoring (issue 4): GraphQL + dashboard share the bearer-or-session-cookie auth.
  const session = sessionAuth(config.STELLAR_API_TOKENS, config.STELLAR_DASHBOARD_SESSION_HOURS);
  const graphql = await prepareGraphql({ config, log, session });
  // PostGraphile has its own pool: release it when the app closes.
  const closeApp = app.close;
  app.close = async () => {
    await graphql.release().catch((err: unknown) => log.warn({ err }, 'GraphQL did not release cleanly'));
    await closeApp();
  };
  // Ask (issue 9): the reasoning engine, built on the first question (LangGraph stays off the start-up path).
  // The engine's `search` tool is the same hybrid search as GET /search.
  const search = createSearch({ db: app.handle.db, embedder: app.provider });
  let engine: Promise<AskEngine> | null = null;
  const askEngine = (): Promise<AskEngine> =>
    (engine ??= import('../reasoning/engine.ts')
      .then((m) => m.createAskEngine({ db: app.handle.db, pool: app.handle.pool, config, search }))
      .catch((err: unknown) => {
        engine = null; // try again on the next question
        throw err;
      }));
  return [
    (hono) => graphql.mount(hono),
    (hono, { deps }) => mountDashboard(hono, { config: deps.config, log: deps.log, db: deps.db, session }),
    // Search (issue 9): GET /search (bearer) and the dashboard's results page (session or token).
    (hono, { deps, auth }) =>
      mountSearch(hono, {
        search,
        auth,
        page: session.require({ mode: 'page' }),
        pageOptions: { graphiql: config.STELLAR_GRAPHIQL, refreshSeconds: 0, alertChannels: alertChannels(config) },
      }),
    (hono, { deps }) => mountAsk(hono, { engine: askEngine, session, log: deps.log, graphiql: deps.config.STELLAR_GRAPHIQL }),
    (hono, { deps }) => mountGraphView(hono, { db: deps.db, page: session.require({ mode: 'page' }), api: session.require() }),
    // Call and account pages (issue 13): GET /dashboard/calls/:transcriptId, GET /dashboard/accounts/:account.
    (hono, { deps }) => mountCallPages(hono, { db: deps.db, page: session.require({ mode: 'page' }), pageOptions: { graphiql: config.STELLAR_GRAPHIQL, refreshSeconds: 0, alertChannels: alertChannels(config) } }),
  ];
}
