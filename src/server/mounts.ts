/**
 * The routes other parts of Stellar add to the HTTP server (GraphQL at /graphql,
 * GraphiQL, the dashboard…). `stellar start` and `stellar serve` mount every entry
 * of this list into the one Hono app (src/server/app.ts, ServerMount). Add yours
 * here; keep off /transcripts, /runs, /healthz and /readyz.
 */
import type { App } from '../app.ts';
import type { ServerMount } from './deps.ts';
import { mountDashboard } from './routes/dashboard.ts';
import { prepareGraphql } from './routes/graphql.ts';
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
  return [
    (hono) => graphql.mount(hono),
    (hono, { deps }) => mountDashboard(hono, { config: deps.config, log: deps.log, db: deps.db, session }),
    // Search (issue 9): GET /search (bearer) and the dashboard's results page (session or token).
    (hono, { deps, auth }) =>
      mountSearch(hono, {
        search: createSearch({ db: deps.db, embedder: app.provider }),
        auth,
        page: session.require({ mode: 'page' }),
        pageOptions: { graphiql: config.STELLAR_GRAPHIQL, refreshSeconds: 0, alertChannels: alertChannels(config) },
      }),
  ];
}
