/**
 * The graph view's routes (same auth as the dashboard: bearer token or session cookie):
 *   GET /dashboard/graph?entity=…&kind=…       the page (src/dashboard/graphView.ts)
 *   GET /dashboard/graph/data?entity=…&kind=…  its JSON: the entity, neighbours, evidence
 *   GET /dashboard/assets/cytoscape.min.js     Cytoscape.js from node_modules (no CDN)
 * Owns: those routes and their input checks. Must not: hold SQL (src/db/queries/graph.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Db } from '../../db/index.ts';
import { GRAPH_ENTITY_KINDS, graphNeighbors } from '../../db/queries/graph.ts';
import type { GraphEntityKind } from '../../db/schema.ts';
import { graphPage, graphViewData } from '../../dashboard/graphView.ts';
import { jsonError } from '../errors.ts';

export interface GraphRouteDeps {
  db: Db;
  /** Page auth (redirects a browser to the log-in) and API auth, from the dashboard's session. */
  page: MiddlewareHandler;
  api: MiddlewareHandler;
}

/** Cytoscape's browser bundle, read once from the installed package. */
function cytoscapeBundle(): string {
  return readFileSync(createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js'), 'utf8');
}

export function mountGraphView(app: Hono<any>, deps: GraphRouteDeps): void {
  const { db } = deps;
  let bundle: string | null = null;
  const kindOf = (raw: string | undefined): GraphEntityKind | null | 'bad' => (!raw ? null : (GRAPH_ENTITY_KINDS as readonly string[]).includes(raw) ? (raw as GraphEntityKind) : 'bad');

  app.get('/dashboard/assets/cytoscape.min.js', (c) => {
    bundle ??= cytoscapeBundle();
    return c.body(bundle, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=86400' });
  });

  app.get('/dashboard/graph', deps.page, (c) => {
    const kind = kindOf(c.req.query('kind'));
    return c.html(graphPage({ entity: (c.req.query('entity') ?? '').slice(0, 200), kind: kind === 'bad' ? null : kind, kinds: GRAPH_ENTITY_KINDS }).value);
  });

  app.get('/dashboard/graph/data', deps.api, async (c) => {
    const entity = (c.req.query('entity') ?? '').trim();
    if (!entity) return jsonError(c, 400, 'missing_entity', 'Give ?entity= (an entity id, name, e-mail address or domain).', 'entity');
    if (entity.length > 200) return jsonError(c, 400, 'entity_too_long', 'entity: at most 200 characters.', 'entity');
    const kind = kindOf(c.req.query('kind'));
    if (kind === 'bad') return jsonError(c, 400, 'unknown_kind', `kind must be one of ${GRAPH_ENTITY_KINDS.join(', ')}.`, 'kind');
    const limitRaw = c.req.query('limit');
    const limit = limitRaw === undefined ? 40 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return jsonError(c, 400, 'bad_limit', 'limit must be an integer from 1 to 200.', 'limit');
    const result = await graphNeighbors(db, { entity, kind: kind ?? undefined, limit });
    return c.json(graphViewData(result));
  });
}
