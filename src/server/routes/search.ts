/**
 * GET /search?q=&account=&rep=&since=&until=&side=&call=&limit= (bearer token) → {hits: SearchHit[]}
 * and GET /dashboard/search?q=… (dashboard session or token) → the results page.
 * Owns: those two routes. Must not: hold SQL or ranking (src/search/ does);
 * the SearchFn comes in as a dependency.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { searchQuerySchema, toSearchParams } from '../../search/params.ts';
import type { SearchFn } from '../../search/types.ts';
import { searchPage } from '../../dashboard/searchPage.ts';
import type { PageOptions } from '../../dashboard/pages.ts';
import { valid, zodFailure } from '../validate.ts';

export interface SearchRouteDeps {
  search: SearchFn;
  /** Bearer-token middleware for the JSON route. */
  auth: MiddlewareHandler;
  /** Session-or-token middleware for the dashboard page (absent: no page). */
  page?: MiddlewareHandler;
  pageOptions?: PageOptions;
}

export function mountSearch(app: Hono<any>, deps: SearchRouteDeps): void {
  app.get('/search', deps.auth, valid('query', searchQuerySchema), async (c) => {
    const params = toSearchParams(c.req.valid('query'));
    const hits = await deps.search(params);
    return c.json({ query: { ...params, since: params.since?.toISOString(), until: params.until?.toISOString() }, hits });
  });

  if (deps.page) {
    const opts = deps.pageOptions ?? { graphiql: false, refreshSeconds: 0, alertChannels: [] };
    app.get('/dashboard/search', deps.page, async (c) => {
      const raw = Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v[v.length - 1]]));
      for (const k of Object.keys(raw)) if (raw[k] === '') delete raw[k];
      const q = typeof raw.q === 'string' ? raw.q : '';
      if (!q.trim()) return c.html(searchPage('', null, null, opts).value);
      const parsed = searchQuerySchema.safeParse(raw);
      if (!parsed.success) return c.html(searchPage(q, null, zodFailure(parsed.error).message, opts).value, 400);
      return c.html(searchPage(q, await deps.search(toSearchParams(parsed.data)), null, opts).value);
    });
  }
}
