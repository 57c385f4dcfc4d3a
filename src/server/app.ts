/**
 * The Hono application: intake routes, run status, health, JSON errors.
 * `createServerApp(deps)` builds it without listening, so tests call
 * `app.request(...)` and serve.ts serves it with @hono/node-server.
 *
 * Routes owned here: POST /transcripts, GET /transcripts/:id, GET /runs,
 * GET /runs/:id (bearer token), GET /healthz, GET /readyz (open).
 * Left free for other parts: /, /graphql, /graphiql, /dashboard*, /ask … — they
 * join through `mounts`: each is called with the app and the bearer-auth
 * middleware, e.g. `(app, { auth }) => app.use('/dashboard/*', auth).get('/dashboard', …)`.
 * Errors anywhere, 404s included, answer {"error":{"code","message","field"?}}.
 * Every request body has a limit (bodyLimits.ts): 16 KB unless the route reads
 * its own under a limit of its own (POST /transcripts, /graphql).
 */
import { Hono } from 'hono';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { bearerAuth } from './auth.ts';
import { jsonError, notFound, onError } from './errors.ts';
import { limitBodies } from './bodyLimits.ts';
import { healthRoutes } from './routes/health.ts';
import { runRoutes } from './routes/runs.ts';
import { transcriptRoutes } from './routes/transcripts.ts';
import type { ServerDeps, ServerMount, ServerState } from './deps.ts';

export type { MountContext, ServerDeps, ServerMount, ServerState } from './deps.ts';

export interface CreateServerAppOptions {
  db: Db;
  config: Config;
  log: Logger;
  state?: ServerState;
  mounts?: readonly ServerMount[];
}

const OPEN_PATHS = new Set(['/healthz', '/readyz']);

export function createServerApp(opts: CreateServerAppOptions): Hono {
  const deps: ServerDeps = { db: opts.db, config: opts.config, log: opts.log, state: opts.state ?? { draining: false } };
  const app = new Hono();
  const auth = bearerAuth(opts.config.STELLAR_API_TOKENS);

  app.onError(onError(opts.log));
  app.notFound(notFound);

  app.use('*', async (c, next) => {
    // During graceful shutdown, requests arriving on kept-alive connections are turned away.
    if (deps.state.draining && !OPEN_PATHS.has(c.req.path)) {
      return jsonError(c, 503, 'shutting_down', 'The server is shutting down; retry on another instance or in a moment.', undefined, { Connection: 'close', 'Retry-After': '5' });
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
  });

  app.use('*', limitBodies({ ownLimits: ['/transcripts', '/graphql'] }));
  app.route('/', healthRoutes(deps));
  app.use('/transcripts', auth);
  app.use('/transcripts/*', auth);
  app.use('/runs', auth);
  app.use('/runs/*', auth);
  app.route('/transcripts', transcriptRoutes(deps));
  app.route('/runs', runRoutes(deps));

  for (const mount of opts.mounts ?? []) mount(app, { auth, deps });
  return app;
}
