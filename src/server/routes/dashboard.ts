/**
 * The dashboard: GET / (overview; filters, paging and the failures window as
 * GET parameters, src/dashboard/query.ts), GET /dashboard/runs/:id (one run,
 * its Gantt timeline) — each with `?format=json` (the page's data and its
 * sections' HTML, which the page's refresh redraws from) —, POST
 * /dashboard/runs/:id/stages/:stage/retry (re-queue a failed stage), the
 * favicon (/favicon.svg, /favicon.ico, open) and the log-in/log-out forms.
 * A bad parameter is a 400: the page still renders, with a message saying
 * which value was ignored (JSON: the usual error body).
 *
 * Auth: pages accept the bearer token (curl) or the session cookie set by
 * logging in with a token at /dashboard/login; a browser without either is
 * sent to the log-in form. The retry POST takes the bearer token, or the
 * cookie plus the X-Stellar-CSRF header the page's script sends
 * (src/server/session.ts).
 */
import type { Context, Hono } from 'hono';
import type { Config } from '../../config/index.ts';
import type { Db } from '../../db/index.ts';
import type { Logger } from '../../log.ts';
import { dashboardData, runById, stagesOfRun } from '../../dashboard/data.ts';
import { dashboardPage, dashboardSections, loginPage, runPage, runSections, sectionsJson, type PageOptions } from '../../dashboard/pages.ts';
import { parseDashboardQuery } from '../../dashboard/query.ts';
import { FAVICON_SVG } from '../../dashboard/palette.ts';
import { RequeueError, requeueStage } from '../../runs/ledger.ts';
import { isStage } from '../../pipeline/stages.ts';
import { alertChannels } from '../../alerts/record.ts';
import { jsonError } from '../errors.ts';
import { sessionAuth, type SessionAuth } from '../session.ts';
import { isUuid } from '../../db/ids.ts';

export interface DashboardRouteDeps {
  config: Config;
  log: Logger;
  db: Db;
  /** Shared with the GraphQL routes; built from the config when absent. */
  session?: SessionAuth;
}


/** Only a local path may follow the log-in (no open redirect). */
function safeNext(next: unknown): string {
  const s = typeof next === 'string' ? next : '';
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') && !/[\r\n]/.test(s) ? s : '/';
}

function pageOptions(c: Context, config: Config): PageOptions {
  const raw = c.req.query('refresh');
  const n = raw === undefined ? 30 : Number(raw);
  return {
    graphiql: config.STELLAR_GRAPHIQL,
    refreshSeconds: Number.isFinite(n) ? Math.min(3600, Math.max(0, Math.round(n))) : 30,
    // ?live=0: redraw on the timer only, without the GraphQL subscription.
    live: c.req.query('live') !== '0',
    alertChannels: alertChannels(config),
  };
}

export function mountDashboard(app: Hono<any>, deps: DashboardRouteDeps): void {
  const { config, log, db } = deps;
  const session = deps.session ?? sessionAuth(config.STELLAR_API_TOKENS, config.STELLAR_DASHBOARD_SESSION_HOURS);
  const page = session.require({ mode: 'page' });
  const api = session.require();
  const noTokens = config.STELLAR_API_TOKENS.length === 0;

  app.get('/dashboard/login', (c) => c.html(loginPage({ next: safeNext(c.req.query('next')), noTokens }).value));

  app.post('/dashboard/login', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    const next = safeNext(form.next);
    if (!token || !session.tokenValid(token)) {
      log.warn({ ip: c.req.header('x-forwarded-for') ?? null }, 'dashboard log-in refused');
      return c.html(loginPage({ next, error: 'That token is not valid.', noTokens }).value, 401);
    }
    session.setCookie(c, token);
    return c.redirect(next, 303);
  });

  app.post('/dashboard/logout', (c) => {
    session.clearCookie(c);
    return c.redirect('/dashboard/login', 303);
  });

  const favicon = (c: Context) => c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' });
  app.get('/favicon.svg', favicon);
  app.get('/favicon.ico', favicon);

  app.get('/', page, async (c) => {
    const query = parseDashboardQuery(c.req.queries());
    const wantsJson = c.req.query('format') === 'json';
    if (wantsJson && query.problems.length > 0) {
      const [first] = query.problems;
      return jsonError(c, 400, 'invalid_parameter', query.problems.map((p) => p.message).join('; '), first.field);
    }
    const opts = pageOptions(c, config);
    const data = await dashboardData(db, query);
    if (wantsJson) return c.json({ asOf: data.now.toISOString(), data, sections: sectionsJson(dashboardSections(data, query, opts)) });
    return c.html(dashboardPage(data, query, opts).value, query.problems.length > 0 ? 400 : 200);
  });
  app.get('/dashboard', page, (c) => c.redirect('/', 302));

  app.get('/dashboard/runs/:id', page, async (c) => {
    const id = c.req.param('id');
    const run = isUuid(id) ? await runById(db, id) : undefined;
    const wantsJson = c.req.query('format') === 'json';
    if (!run) {
      if (wantsJson) return jsonError(c, 404, 'not_found', 'No such run.', 'id');
      return c.html(`<!doctype html><title>Not found</title><link rel="icon" href="/favicon.svg"><p>No run ${id.replace(/[^0-9a-zA-Z-]/g, '')}. <a href="/">Back</a></p>`, 404);
    }
    const stages = await stagesOfRun(db, id);
    const now = new Date();
    if (wantsJson) return c.json({ asOf: now.toISOString(), run, stages, sections: sectionsJson(runSections(run, stages, now)) });
    return c.html(runPage(run, stages, now, pageOptions(c, config)).value);
  });

  app.post('/dashboard/runs/:id/stages/:stage/retry', api, async (c) => {
    const id = c.req.param('id');
    const stage = c.req.param('stage');
    if (!isUuid(id)) return jsonError(c, 400, 'invalid_run_id', 'The run id must be a UUID.', 'id');
    if (!isStage(stage)) return jsonError(c, 400, 'unknown_stage', `Unknown stage "${stage}".`, 'stage');
    try {
      const result = await db.transaction().execute((trx) => requeueStage(trx, id, stage, config.STELLAR_MAX_ATTEMPTS));
      log.info({ runId: id, stage, reset: result.reset }, 'failed stage re-queued from the dashboard');
      return c.json({ runId: id, stage, status: 'queued', reset: result.reset }, 202);
    } catch (err) {
      if (err instanceof RequeueError) {
        return jsonError(c, err.code === 'stage_not_failed' ? 409 : 404, err.code, err.message);
      }
      throw err;
    }
  });
}
