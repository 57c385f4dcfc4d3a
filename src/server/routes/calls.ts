/**
 * The dashboard's call and account pages:
 *   GET /dashboard/calls/:transcriptId[?structure=N&draft_email=N&draft_social=N&coach_call=N&parse=N]
 *   GET /dashboard/accounts/:account
 * Both take the bearer token or the dashboard session (a browser without
 * either is sent to the log-in form). An id that is not a UUID, an unknown
 * call or account, or a version that does not exist is a 404 HTML page that
 * says so; a malformed version value is a 400 page. Never a 500 for bad input.
 * Owns: those routes. Must not: hold SQL (src/db/queries/calls.ts) or markup (src/dashboard/).
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type { Db } from '../../db/index.ts';
import { isUuid } from '../../db/ids.ts';
import { accountPageData, callPageData, CALL_OUTPUT_STAGES, VersionSelectionError, type VersionQuery } from '../../dashboard/callData.ts';
import { callPage, notFoundPage } from '../../dashboard/callPage.ts';
import { accountPage } from '../../dashboard/accountPage.ts';
import type { PageOptions } from '../../dashboard/pages.ts';

export interface CallPageRouteDeps {
  db: Db;
  /** Session-or-token middleware (src/server/session.ts, mode 'page'). */
  page: MiddlewareHandler;
  pageOptions: PageOptions;
}

/** Longest account name the page looks up (the intake's label limit is lower). */
const MAX_ACCOUNT_CHARS = 300;

export function mountCallPages(app: Hono<any>, deps: CallPageRouteDeps): void {
  const { db, pageOptions: opts } = deps;

  app.get('/dashboard/calls/:transcriptId', deps.page, async (c) => {
    const id = c.req.param('transcriptId');
    if (!isUuid(id)) return c.html(notFoundPage('Call not found', `"${id.slice(0, 80)}" is not a call id (call ids are UUIDs, e.g. from the run list or \`stellar status\`).`, opts).value, 404);
    const query: VersionQuery = {};
    for (const stage of CALL_OUTPUT_STAGES) {
      const v = c.req.query(stage);
      if (v !== undefined) query[stage] = v;
    }
    try {
      const data = await callPageData(db, id.toLowerCase(), query);
      if (!data) return c.html(notFoundPage('Call not found', `No call ${id}: no transcript has this id.`, opts).value, 404);
      return c.html(callPage(data, opts).value);
    } catch (err) {
      if (err instanceof VersionSelectionError) return c.html(notFoundPage(err.status === 404 ? 'Version not found' : 'Bad version', err.message, opts).value, err.status);
      throw err;
    }
  });

  app.get('/dashboard/accounts/:account', deps.page, async (c) => {
    let account: string;
    try {
      account = c.req.param('account');
    } catch {
      account = '';
    }
    const trimmed = account.trim();
    if (!trimmed || trimmed.length > MAX_ACCOUNT_CHARS || /[\u0000-\u001f]/.test(trimmed)) {
      return c.html(notFoundPage('Account not found', 'Not an account name.', opts).value, 404);
    }
    const data = await accountPageData(db, trimmed);
    if (!data) return c.html(notFoundPage('Account not found', `No call has the account "${trimmed}".`, opts).value, 404);
    return c.html(accountPage(data, opts).value);
  });
}
