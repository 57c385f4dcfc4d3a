/**
 * The routes other parts of Stellar add to the HTTP server (GraphQL at /graphql,
 * GraphiQL, the dashboard…). `stellar start` and `stellar serve` mount every entry
 * of this list into the one Hono app (src/server/app.ts, ServerMount). Add yours
 * here; keep off /transcripts, /runs, /healthz and /readyz.
 */
import type { App } from '../app.ts';
import type { ServerMount } from './app.ts';
import { mountDashboard } from './routes/dashboard.ts';
import { prepareGraphql } from './routes/graphql.ts';
import { mountAsk } from './routes/ask.ts';
import type { AskEngine } from '../reasoning/engine.ts';
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
  // Ask (issue 9): the reasoning engine, built on the first question (LangGraph stays off the start-up path).
  // Wiring point: pass hybrid search (src/search createSearch) instead of searchUnavailable.
  let engine: Promise<AskEngine> | null = null;
  const askEngine = (): Promise<AskEngine> =>
    (engine ??= import('../reasoning/engine.ts')
      .then((m) => m.createAskEngine({ db: app.handle.db, pool: app.handle.pool, config, search: m.searchUnavailable }))
      .catch((err: unknown) => {
        engine = null; // try again on the next question
        throw err;
      }));
  return [
    (hono) => graphql.mount(hono),
    (hono, { deps }) => mountDashboard(hono, { config: deps.config, log: deps.log, db: deps.db, session }),
    (hono, { deps }) => mountAsk(hono, { engine: askEngine, session, log: deps.log, graphiql: deps.config.STELLAR_GRAPHIQL }),
  ];
}
