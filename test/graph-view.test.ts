/**
 * The dashboard's graph view (src/server/routes/graph.ts, src/dashboard/graphView.ts):
 * its JSON, its input checks and auth, Cytoscape served from node_modules, and
 * the page drawn in real headless Chromium with edges linking to their evidence.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from './support/app.ts';
import { launchChromium, type HeadlessBrowser } from './support/chromium.ts';
import { ingest, sample, startMonitoringServer, TOKEN, type MonitoringServer } from './support/monitoring.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import type { GraphViewData } from '../src/dashboard/graphView.ts';

describe('graph view', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  let chrome: HeadlessBrowser;
  let page: Page;
  const auth = { authorization: `Bearer ${TOKEN}` };
  before(
    async () => {
      app = await createTestApp('graph_view', { STELLAR_API_TOKENS: TOKEN });
      await app.startWorker({ concurrency: 2 });
      const runs = [await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt')), await ingest(app, 'security-review-halden.json', sample('security-review-halden.json'))];
      await waitForRuns(app.handle.db, runs, { timeoutMs: 120_000 });
      srv = await startMonitoringServer(app);
      chrome = await launchChromium();
      await chrome.context.setExtraHTTPHeaders(auth);
      page = await chrome.context.newPage();
    },
    { timeout: 10 * 60_000 },
  );
  after(async () => {
    await chrome?.close();
    await srv?.close();
    await app?.close();
  });

  test('JSON: the entity, its neighbours, each edge with evidence links to run pages', async () => {
    const res = await fetch(`${srv.url}/dashboard/graph/data?entity=Halden`, { headers: auth });
    assert.equal(res.status, 200);
    const data = (await res.json()) as GraphViewData;
    assert.equal(data.center?.name, 'Halden Foods');
    assert.equal(data.nodes.filter((n) => n.center).length, 1);
    assert.ok(data.edges.length >= 5, `${data.edges.length} edges`);
    const ids = new Set(data.nodes.map((n) => n.id));
    for (const e of data.edges) {
      assert.ok(ids.has(e.source) && ids.has(e.target), e.id);
      assert.ok(e.evidence.length >= 1 && e.evidence.length <= 5, e.id);
      for (const x of e.evidence) assert.match(x.href, /^\/dashboard\/runs\/[0-9a-f-]{36}$/);
    }
    const calls = data.nodes.filter((n) => n.kind === 'call').map((n) => n.label).sort();
    assert.deepEqual(calls, ['discovery-halden-foods.txt', 'security-review-halden.json']);
  });

  test('bad input is a 400 saying what is wrong; no token is a 401; the script is served locally', async () => {
    const bad = async (q: string, code: string) => {
      const r = await fetch(`${srv.url}/dashboard/graph/data${q}`, { headers: auth });
      assert.equal(r.status, 400, q);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, code);
    };
    await bad('', 'missing_entity');
    await bad('?entity=x&kind=planet', 'unknown_kind');
    await bad('?entity=x&limit=0', 'bad_limit');
    assert.equal((await fetch(`${srv.url}/dashboard/graph/data?entity=Halden`)).status, 401);
    const none = (await (await fetch(`${srv.url}/dashboard/graph/data?entity=nobody%20here`, { headers: auth })).json()) as GraphViewData;
    assert.equal(none.center, null);
    const js = await fetch(`${srv.url}/dashboard/assets/cytoscape.min.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.match(await js.text(), /cytoscape/);
  });

  test('in Chromium: the neighbourhood is drawn; tapping an edge lists its evidence with links', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/dashboard/graph?entity=Halden%20Foods&kind=competitor`);
    await page.waitForFunction(() => (globalThis as unknown as { stellarGraph?: unknown }).stellarGraph !== undefined, undefined, { timeout: 30_000 });
    const counts = await page.evaluate(() => {
      const cy = (globalThis as unknown as { stellarGraph: { nodes(): { length: number }; edges(): { length: number; first(): { emit(e: string): void; id(): string } } } }).stellarGraph;
      cy.edges().first().emit('tap');
      return { nodes: cy.nodes().length, edges: cy.edges().length };
    });
    const data = (await (await fetch(`${srv.url}/dashboard/graph/data?entity=Halden%20Foods&kind=competitor`, { headers: auth })).json()) as GraphViewData;
    assert.deepEqual(counts, { nodes: data.nodes.length, edges: data.edges.length });
    assert.ok(data.nodes.every((n) => n.center || n.kind === 'competitor'));
    const links = await page.$$eval('#evidence a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length >= 1);
    assert.ok(links.every((l) => /^\/dashboard\/runs\/[0-9a-f-]{36}$/.test(l ?? '')), links.join(', '));
    assert.deepEqual(errors, []);
  });
});
