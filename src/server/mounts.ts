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
import { prepareGraphql } from './routes/graphql.ts';
import { sessionAuth } from './session.ts';

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
    (hono, { deps }) => mountGraphView(hono, { db: deps.db, page: session.require({ mode: 'page' }), api: session.require() }),
  ];
}
