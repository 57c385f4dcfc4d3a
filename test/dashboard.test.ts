/**
 * The dashboard in real headless Chromium (Debian's chromium, driven by
 * playwright-core; installed with apt-get by the set-up when missing): log in
 * with a token, see the runs this test created, the stage timeline, the queue,
 * the failures (grouped; a permanent one has no Retry button), and re-queue a
 * failed stage with its Retry button — then the worker runs it and the run ends
 * succeeded. Screenshots go to test-artifacts/. test/dashboard-pages.test.ts
 * checks every page's layout, the filters, paging, failures window and refresh.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Task } from 'graphile-worker';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from './support/app.ts';
import { ensureChromium, launchChromium, type HeadlessBrowser } from './support/chromium.ts';
import { ingest, sample, startMonitoringServer, TOKEN, unparseable, waitFor, type MonitoringServer } from './support/monitoring.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { taskFactories } from '../tasks/index.ts';
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { projectRoot } from '../src/paths.ts';
import { STAGES } from '../src/pipeline/stages.ts';

const artifacts = path.join(projectRoot, 'test-artifacts');
const HOSTILE_NAME = '<img src=x onerror="window.__xss=1">.txt';

describe('dashboard in headless Chromium', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  let chrome: HeadlessBrowser;
  let page: Page;
  let partialRun: string;
  let okRun: string;
  let failedRun: string;
  // draft_social fails for good until the test "fixes" it, then the real stage runs.
  let socialBroken = false;

  before(
    async () => {
      ensureChromium((line) => console.log(`dashboard test: ${line}`));
      mkdirSync(artifacts, { recursive: true });
      // One attempt per stage: the broken social stage's temporary error fails it at once (not permanent: it gets a Retry button).
      app = await createTestApp('dashboard', { STELLAR_API_TOKENS: TOKEN, STELLAR_MAX_ATTEMPTS: '1' });
      const brokenSocial = defineStage('draft_social', {
        load: async () => null,
        work: async () => {
          throw new Error('social API quota exceeded (test)');
        },
        store: async () => {},
      });
      const social: TaskFactory<'draft_social'> = (rt) => {
        const [real, broken] = [taskFactories.draft_social(rt), brokenSocial(rt)];
        return (payload, helpers) => (socialBroken ? broken(payload, helpers) : real(payload, helpers));
      };
      await app.startWorker({ concurrency: 4, extraTasks: (rt) => ({ draft_social: social(rt) }) });
      okRun = await ingest(app, 'committee-mossgiel.vtt', sample('committee-mossgiel.vtt'));
      await waitForRuns(app.handle.db, [okRun], { timeoutMs: 300_000 });
      socialBroken = true;
      partialRun = await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt'));
      failedRun = await ingest(app, HOSTILE_NAME, unparseable('dashboard'));
      await waitForRuns(app.handle.db, [partialRun, failedRun], { timeoutMs: 300_000 });
      srv = await startMonitoringServer(app);
      chrome = await launchChromium();
      page = await chrome.context.newPage();
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    await chrome?.close();
    await srv?.close();
    await app?.close();
  });

  test('without a session the page asks for a token; a wrong token is refused', async () => {
    const res = await fetch(`${srv.url}/`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') ?? '', /^\/dashboard\/login\?next=/);
    await page.goto(`${srv.url}/?refresh=0`);
    assert.match(page.url(), /\/dashboard\/login\?next=/);
    await page.fill('#token', 'wrong-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    assert.match(await page.textContent('[role=alert]') ?? '', /not valid/);
    assert.equal((await chrome.context.cookies()).length, 0);
  });

  test('after logging in, the page shows the runs this test created, with status and trigger', async () => {
    await page.goto(`${srv.url}/?refresh=0`);
    await page.fill('#token', TOKEN);
    await Promise.all([page.waitForURL(`${srv.url}/?refresh=0`), page.click('button[type=submit]')]);
    const [cookie] = await chrome.context.cookies();
    assert.equal(cookie.name, 'stellar_session');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.ok(!cookie.value.includes(TOKEN), 'the cookie does not hold the token');

    for (const [id, status] of [[okRun, 'succeeded'], [partialRun, 'partial'], [failedRun, 'failed']] as const) {
      const row = page.locator(`#runs tr[data-run="${id}"]`);
      assert.equal(await row.count(), 1, `run ${id} listed`);
      assert.equal(await row.locator('.badge').textContent(), status);
      assert.match((await row.textContent()) ?? '', /cli/);
    }
    assert.match((await page.locator(`#runs tr[data-run="${partialRun}"]`).textContent()) ?? '', /discovery-halden-foods\.txt/);
    // The hostile file name is shown as text, never as markup.
    assert.match((await page.locator(`#runs tr[data-run="${failedRun}"]`).textContent()) ?? '', /<img src=x onerror=/);
    assert.equal(await page.locator('#runs img, #failures img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);

    // Runs per hour (inline SVG): 3 runs this hour.
    const bars = page.locator('#per-hour svg g.hour');
    assert.equal(await bars.count(), 24);
    const totals = await bars.evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-total'))));
    assert.equal(totals.reduce((a, b) => a + b, 0), 3);
    assert.ok((await page.locator('#per-hour svg rect.s-failed').count()) >= 1);

    // Failures grouped by stage and error: the temporary one has a Retry button, the permanent parse failure none.
    const social = page.locator('#failures tbody.group[data-stage="draft_social"]');
    assert.equal(await social.count(), 1);
    assert.match((await social.locator('tr.group-head').textContent()) ?? '', /social API quota exceeded/);
    assert.equal(await social.getAttribute('data-kind'), 'temporary');
    const failure = social.locator(`tr.occurrence[data-run="${partialRun}"]`);
    assert.equal(await failure.count(), 1);
    assert.equal(await failure.locator('button.retry').count(), 1);
    const parse = page.locator(`#failures tr.occurrence[data-run="${failedRun}"][data-stage="parse"]`);
    assert.equal(await parse.count(), 1);
    assert.equal(await parse.locator('button.retry').count(), 0, 'no Retry for a permanent error');
    assert.match((await parse.textContent()) ?? '', /permanent/);

    // Stats and alerts sections are there; no weekly report yet.
    assert.ok((await page.locator('#stats tbody tr').count()) >= STAGES.length - 1);
    assert.ok((await page.locator('#alerts tbody tr').count()) >= 2);
    assert.match((await page.locator('#weekly').textContent()) ?? '', /No weekly report yet|not set up/);
  });

  test("the latest run's stage timeline renders as Gantt bars, waiting and running", async () => {
    const rows = page.locator('#timeline svg.gantt g.gantt-row');
    assert.ok((await rows.count()) >= 1);
    await page.goto(`${srv.url}/dashboard/runs/${partialRun}?refresh=0`);
    const gantt = page.locator('#timeline svg.gantt');
    await gantt.waitFor();
    assert.equal(await gantt.locator('g.gantt-row').count(), STAGES.length);
    const order = await gantt.locator('g.gantt-row').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-stage')));
    assert.deepEqual(order, [...STAGES], 'rows in pipeline order');
    // Every stage that ran has a running bar with a real size; every stage has a waiting bar.
    const boxes = await gantt.locator('g.gantt-row').evaluateAll((gs) =>
      gs.map((g) => {
        // (DOM types are not in this project's lib: SVG rects as `any`.)
        const run = g.querySelector('rect.run') as any;
        const wait = g.querySelector('rect.wait') as any;
        return { stage: g.getAttribute('data-stage'), status: g.getAttribute('data-status'), run: run ? run.getBBox().width : null, wait: wait.getBBox().width, runX: run ? run.getBBox().x : null, waitX: wait.getBBox().x };
      }),
    );
    for (const b of boxes) {
      assert.ok(b.run !== null && b.run > 0, `${b.stage}: running bar`);
      assert.ok(b.wait > 0, `${b.stage}: waiting bar`);
      assert.ok(b.runX! >= b.waitX, `${b.stage}: runs after it waits`);
    }
    assert.equal(boxes.find((b) => b.stage === 'draft_social')!.status, 'failed');
    assert.ok((await gantt.locator('rect.run.s-failed').count()) === 1);
    // Later stages start further right.
    assert.ok(boxes[STAGES.indexOf('embed')].runX! > boxes[STAGES.indexOf('parse')].runX!);
    await page.screenshot({ path: path.join(artifacts, 'dashboard-run.png'), fullPage: true });
  });

  test('the retry button re-queues the failed stage, and the worker then completes the run', async () => {
    await page.goto(`${srv.url}/?refresh=0`);
    await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
    socialBroken = false;
    const row = page.locator(`#failures tr[data-run="${partialRun}"][data-stage="draft_social"]`);
    await row.locator('button.retry').click();
    await waitFor('button says re-queued', async () => (await row.locator('button.retry').textContent()) === 'Re-queued');
    assert.match((await row.locator('.retry-status').textContent()) ?? '', /queued again/);
    assert.equal(await row.locator('.badge').textContent(), 'queued');

    const [p] = await waitForRuns(app.handle.db, [partialRun], { timeoutMs: 300_000 });
    assert.equal(p.status, 'succeeded', 'the run was re-opened and closed again, now complete');
    const social = await app.handle.db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', partialRun).where('stage', '=', 'draft_social').executeTakeFirstOrThrow();
    assert.equal(social.status, 'succeeded');
    assert.equal(social.error, null);
    const run = await app.handle.db.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', partialRun).executeTakeFirstOrThrow();
    assert.equal(run.error, null);
    assert.ok(run.finished_at instanceof Date);
    const drafts = await app.handle.db.selectFrom('stellar.drafts').select('kind').where('run_id', '=', partialRun).execute();
    assert.deepEqual(drafts.map((d) => d.kind).sort(), ['email', 'social']);

    await page.goto(`${srv.url}/?refresh=0`);
    assert.equal(await page.locator(`#failures tr[data-run="${partialRun}"]`).count(), 0, 'no longer a failure');
    assert.equal(await page.locator(`#runs tr[data-run="${partialRun}"] .badge`).textContent(), 'succeeded');
  });

  test('retry: the POST needs auth, the CSRF header with a cookie, and a failed stage', async () => {
    const url = `${srv.url}/dashboard/runs/${failedRun}/stages/parse/retry`;
    const anon = await fetch(url, { method: 'POST' });
    assert.equal(anon.status, 401);
    assert.equal(((await anon.json()) as any).error.code, 'unauthorized');
    const [cookie] = await chrome.context.cookies();
    const jar = `${cookie.name}=${cookie.value}`;
    const noCsrf = await fetch(url, { method: 'POST', headers: { cookie: jar } });
    assert.equal(noCsrf.status, 403);
    await noCsrf.body?.cancel();
    const crossSite = await fetch(url, { method: 'POST', headers: { cookie: jar, 'x-stellar-csrf': '1', origin: 'https://evil.example' } });
    assert.equal(crossSite.status, 403);
    await crossSite.body?.cancel();
    const notFailed = await fetch(`${srv.url}/dashboard/runs/${okRun}/stages/parse/retry`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(notFailed.status, 409);
    assert.equal(((await notFailed.json()) as any).error.code, 'stage_not_failed');
    const unknown = await fetch(`${srv.url}/dashboard/runs/${okRun}/stages/nope/retry`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(unknown.status, 400);
    await unknown.body?.cancel();
    // With the bearer token (curl), a failed parse is re-queued with its skipped stages.
    const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 202);
    const body = (await ok.json()) as { stage: string; reset: string[] };
    assert.equal(body.stage, 'parse');
    assert.deepEqual(body.reset, STAGES.filter((s) => s !== 'parse'));
    // It fails again (still no speaker turns): skipped again, run failed again, one more alert.
    const [p] = await waitForRuns(app.handle.db, [failedRun], { timeoutMs: 300_000 });
    assert.equal(p.status, 'failed');
    const stages = await app.handle.db.selectFrom('stellar.stage_runs').select(['stage', 'status']).where('run_id', '=', failedRun).execute();
    assert.ok(stages.filter((s) => s.stage !== 'parse').every((s) => s.status === 'skipped'), JSON.stringify(stages));
    const alerts = await app.handle.db.selectFrom('stellar.alerts').select('kind').where('run_id', '=', failedRun).execute();
    assert.equal(alerts.length, 2);
  });

  test('the bearer token works for the page too (curl), and log-out ends the session', async () => {
    const res = await fetch(`${srv.url}/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /Recent runs/);
    await page.goto(`${srv.url}/?refresh=0`);
    await Promise.all([page.waitForURL(/\/dashboard\/login/), page.click('header form button')]);
    await page.goto(`${srv.url}/dashboard/runs/${okRun}`);
    assert.match(page.url(), /\/dashboard\/login\?next=%2Fdashboard%2Fruns%2F/);
  });
});
