/**
 * The dashboard's pages as operators use them (src/dashboard, src/server/routes/dashboard.ts):
 * every page in real headless Chromium at 1280 px and 390 px (no console error,
 * no horizontal overflow, the nav reachable), the charts (scalable, labelled,
 * values on hover, no clipped label, one colour per state), the recent runs'
 * paging and filters with bad values shown (not a 500), the failures' time
 * window and grouping (a permanent error has no Retry button), the weekly
 * report by rep ("—" for nulls), the JSON refresh and its pause switch, and
 * the favicon. PAGES is the list to extend when a dashboard page is added.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from './support/app.ts';
import { ensureChromium, launchChromium, type HeadlessBrowser } from './support/chromium.ts';
import { sample, startMonitoringServer, TOKEN, unparseable, waitFor, type MonitoringServer } from './support/monitoring.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { syntheticTranscript } from './support/transcripts.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import type { StagePayload } from '../src/pipeline/payloads.ts';
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { taskFactories } from '../tasks/index.ts';
import { projectRoot } from '../src/paths.ts';
import { sql } from 'kysely';

const artifacts = path.join(projectRoot, 'test-artifacts');
const auth = { authorization: `Bearer ${TOKEN}` };
const PERMANENT_RUNS = 6;
const DAY = 24 * 3_600_000;

/** Every dashboard page to check in the browser; `ctx` gives the ids this test created. Add new pages here. */
export const PAGES: ReadonlyArray<{ name: string; url: (ctx: { okRun: string; flakyRun: string }) => string; status?: number }> = [
  { name: 'overview', url: () => '/?refresh=0' },
  { name: 'overview-filtered', url: () => '/?refresh=0&status=failed&window=7d&limit=3' },
  { name: 'overview-bad-filters', url: () => '/?refresh=0&status=bogus&limit=abc', status: 400 },
  { name: 'run', url: (c) => `/dashboard/runs/${c.okRun}?refresh=0` },
  { name: 'run-failed', url: (c) => `/dashboard/runs/${c.flakyRun}?refresh=0` },
  { name: 'search', url: () => '/dashboard/search' },
  { name: 'ask', url: () => '/dashboard/ask' },
  { name: 'graph', url: () => '/dashboard/graph' },
  { name: 'login', url: () => '/dashboard/login' },
];

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

function runIdsOf(html: string): string[] {
  return [...html.matchAll(/<tr data-run="([0-9a-f-]{36})"/g)].map((m) => m[1]);
}

function linkOf(html: string, rel: 'next' | 'prev'): string | null {
  const m = new RegExp(`<a rel="${rel}" class="${rel}" href="([^"]+)"`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&') : null;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

describe('dashboard pages', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  let chrome: HeadlessBrowser;
  let page: Page;
  let okRun: string;
  let flakyRun: string;
  let oldRun: string;
  const permanentRuns: string[] = [];
  const allRuns: string[] = [];

  const get = (p: string) => fetch(`${srv.url}${p}`, { headers: auth });
  const getJson = async (p: string) => {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    return (await res.json()) as any;
  };

  before(
    async () => {
      ensureChromium((line) => console.log(`dashboard-pages test: ${line}`));
      mkdirSync(artifacts, { recursive: true });
      // One attempt per stage: the flaky parse's temporary error fails it at once (permanent = false).
      app = await createTestApp('dash_pages', { STELLAR_API_TOKENS: TOKEN, STELLAR_MAX_ATTEMPTS: '1' });
      const db = app.handle.db;
      const ingest = async (fileName: string, bytes: Buffer | string, account: string | null = null) => {
        const r = await ingestTranscript(db, { bytes: Buffer.from(bytes), fileName, source: 'cli', account, maxAttempts: 1, force: true });
        allRuns.push(r.runId!);
        return r.runId!;
      };
      okRun = await ingest('committee-mossgiel.vtt', sample('committee-mossgiel.vtt'));
      for (let i = 0; i < PERMANENT_RUNS; i++) permanentRuns.push(await ingest(`notes-${i}.txt`, unparseable(`pages ${i}`), i < 2 ? `Halden Foods ${i}` : null));
      flakyRun = await ingest('flaky.txt', unparseable('flaky'));
      // The worker starts after every run exists, so the flaky run's id is known to its parse.
      const flakyParse = defineStage('parse', {
        load: async () => null,
        work: async () => {
          throw new Error('model server unreachable (test)');
        },
        store: async () => {},
      });
      const parse: TaskFactory<'parse'> = (rt) => {
        const [real, broken] = [taskFactories.parse(rt), flakyParse(rt)];
        return (payload, helpers) => ((payload as StagePayload).runId === flakyRun ? broken(payload, helpers) : real(payload, helpers));
      };
      await app.startWorker({ concurrency: 4, extraTasks: (rt) => ({ parse: parse(rt) }) });
      await waitForRuns(db, allRuns, { timeoutMs: 300_000 });
      // One permanent failure happened three days ago (outside the default 24 h window).
      oldRun = permanentRuns[PERMANENT_RUNS - 1];
      await db.updateTable('stellar.pipeline_runs').set({ created_at: sql`now() - interval '3 days'` }).where('id', '=', oldRun).execute();
      await db.updateTable('stellar.stage_runs').set({ finished_at: sql`now() - interval '3 days'` }).where('run_id', '=', oldRun).where('stage', '=', 'parse').execute();
      // Two weeks of weekly reports: Ada has a week with no coached call (null talk ratio).
      const metrics = (calls: number, ratio: number | null, questions: number | null) => ({
        calls,
        coachedCalls: ratio === null ? 0 : calls,
        meanTalkRatio: ratio,
        questionsPerCall: questions,
        topObjections: ratio === null ? [] : [{ type: 'pricing', count: 2 }],
        competitors: [{ name: 'Routelane', calls: 1 }],
        nextStepsSet: calls,
        stageFailures: { total: 0, byStage: {} },
        transcriptIds: [],
      });
      await db
        .insertInto('stellar.weekly_reports')
        .values([
          { rep: 'Ada Rep', week_start: '2026-11-16', metrics: JSON.stringify(metrics(3, 0.42, 5.5)) as any },
          { rep: 'Ada Rep', week_start: '2026-11-23', metrics: JSON.stringify(metrics(1, null, null)) as any },
          { rep: 'Bo Rep', week_start: '2026-11-23', metrics: JSON.stringify(metrics(2, 0.61, 3)) as any },
        ])
        .execute();
      srv = await startMonitoringServer(app);
      chrome = await launchChromium();
      await chrome.context.setExtraHTTPHeaders(auth);
      page = await chrome.context.newPage();
    },
    { timeout: 15 * 60_000 },
  );
  // Every test starts at the desktop width, whatever the one before it left.
  beforeEach(async () => {
    await page?.setViewportSize({ width: 1280, height: 900 });
  });
  after(async () => {
    await chrome?.close();
    await srv?.close();
    await app?.close();
  });

  test('every page in Chromium at 1280 and 390 px: no console error, no horizontal overflow, nav reachable, "as of" shown', async () => {
    const ctx = { okRun, flakyRun };
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      for (const p of PAGES) {
        const what = `${p.name} at ${vp.width} px`;
        const errors: string[] = [];
        const url = `${srv.url}${p.url(ctx)}`;
        const onConsole = (m: { type(): string; text(): string; location(): { url: string } }) => {
          // A page answered with its expected 4xx is logged as a failed load of that page: not an error of the page.
          if (p.status && m.location().url === url && m.text().startsWith('Failed to load resource')) return;
          if (m.type() === 'error') errors.push(m.text());
        };
        const onError = (e: Error) => errors.push(e.message);
        page.on('console', onConsole);
        page.on('pageerror', onError);
        const res = await page.goto(url, { waitUntil: 'load' });
        assert.equal(res?.status(), p.status ?? 200, `${what}: HTTP status`);
        const m = await page.evaluate(() => {
          const d = (globalThis as any).document;
          const nav = d.querySelector('header a[href="/"]');
          const r = nav ? nav.getBoundingClientRect() : null;
          return {
            scroll: d.documentElement.scrollWidth,
            client: d.documentElement.clientWidth,
            bodyScroll: d.body.scrollWidth,
            // Sections that scroll sideways (allowed on a phone, where wide tables and charts scroll inside their box).
            scrolling: [...d.querySelectorAll('section')].filter((x: any) => x.scrollWidth > x.clientWidth + 1).map((x: any) => x.id || x.className),
            nav: r ? { left: r.left, right: r.right, width: r.width, top: r.top } : null,
            asOf: d.querySelector('header time.as-of')?.getAttribute('datetime') ?? null,
            icon: d.querySelector('link[rel=icon]')?.getAttribute('href') ?? null,
          };
        });
        page.off('console', onConsole);
        page.off('pageerror', onError);
        assert.deepEqual(errors, [], `${what}: console errors`);
        assert.ok(m.scroll <= m.client + 1, `${what}: page is ${m.scroll} px wide in a ${m.client} px window`);
        assert.ok(m.bodyScroll <= m.client + 1, `${what}: body is ${m.bodyScroll} px wide`);
        if (vp.width >= 1280) assert.deepEqual(m.scrolling, [], `${what}: sections wider than their box`);
        assert.ok(m.nav && m.nav.width > 0 && m.nav.left >= 0 && m.nav.right <= vp.width, `${what}: the Dashboard link is on screen (${JSON.stringify(m.nav)})`);
        assert.ok(m.asOf && !Number.isNaN(Date.parse(m.asOf)), `${what}: "as of" time`);
        assert.equal(m.icon, '/favicon.svg', `${what}: favicon link`);
        await page.screenshot({ path: path.join(artifacts, `dashboard-${p.name}-${vp.width}.png`), fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('charts: viewBox and no pixel width, as wide as their box, labelled axes, a <title> on every mark, no label outside the picture, one colour per state', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const url of ['/?refresh=0', `/dashboard/runs/${flakyRun}?refresh=0`, `/dashboard/runs/${okRun}?refresh=0`]) {
      await page.goto(`${srv.url}${url}`);
      const charts = await page.$$eval('svg.chart:not(.spark):not(.share)', (svgs: any[]) =>
        svgs.map((s) => {
          const vb = s.viewBox.baseVal;
          const texts = [...s.querySelectorAll('text')].filter((t: any) => !t.hasAttribute('transform') && !t.closest('[transform]'));
          const outside = texts
            .map((t: any) => ({ text: t.textContent, b: t.getBBox() }))
            .filter(({ b }: any) => b.x < -0.5 || b.x + b.width > vb.width + 0.5 || b.y < -0.5 || b.y + b.height > vb.height + 0.5)
            .map(({ text }: any) => text);
          return {
            cls: s.getAttribute('class'),
            hasViewBox: s.hasAttribute('viewBox'),
            widthAttr: s.getAttribute('width'),
            width: s.getBoundingClientRect().width,
            parent: s.parentElement.clientWidth - parseFloat((globalThis as any).getComputedStyle(s.parentElement).paddingLeft) - parseFloat((globalThis as any).getComputedStyle(s.parentElement).paddingRight),
            axisTitles: [...s.querySelectorAll('text.title')].map((t: any) => t.textContent),
            grid: s.querySelectorAll('line.grid').length,
            marks: s.querySelectorAll('g.gantt-row, g.hour').length,
            marksWithTitle: [...s.querySelectorAll('g.gantt-row, g.hour')].filter((g: any) => g.querySelector(':scope > title')?.textContent?.match(/\d/)).length,
            outside,
          };
        }),
      );
      assert.ok(charts.length >= 1, url);
      for (const c of charts) {
        const what = `${url} ${c.cls}`;
        assert.ok(c.hasViewBox, `${what}: viewBox`);
        assert.equal(c.widthAttr, null, `${what}: no width attribute`);
        assert.ok(Math.abs(c.width - c.parent) <= 2, `${what}: ${c.width} px wide in a ${c.parent} px box`);
        assert.ok(c.axisTitles.length >= 1, `${what}: axis title`);
        assert.ok(c.grid >= 2, `${what}: gridlines`);
        assert.ok(c.marks >= 1 && c.marksWithTitle === c.marks, `${what}: ${c.marksWithTitle}/${c.marks} marks with exact values on hover`);
        assert.deepEqual(c.outside, [], `${what}: labels outside the picture`);
      }
    }
    // The Gantt's values read whole units ("waited 187 ms", never "187 m").
    await page.goto(`${srv.url}/dashboard/runs/${okRun}?refresh=0`);
    const values = await page.$$eval('svg.gantt text.value', (ts: any[]) => ts.map((t) => t.textContent as string));
    assert.ok(values.length >= 2);
    for (const v of values) assert.match(v, /^(succeeded|failed|skipped|queued|running|retrying)( · ran [\d.]+ (ms|s|min \d+ s|h \d+ min))?( · waited [\d.]+ (ms|s|min \d+ s|h \d+ min))?$/, v);
    // One colour per state: the failed badge, the failed Gantt bar and the legend swatch agree.
    await page.goto(`${srv.url}/dashboard/runs/${flakyRun}?refresh=0`);
    const colours = await page.evaluate(() => {
      const d = (globalThis as any).document;
      return {
        badge: (globalThis as any).getComputedStyle(d.querySelector('#stages .badge.s-failed')).backgroundColor,
        bar: (globalThis as any).getComputedStyle(d.querySelector('svg.gantt rect.run.s-failed')).fill,
        key: (globalThis as any).getComputedStyle(d.querySelector('.legend .key.s-failed')).backgroundColor,
        skipped: (globalThis as any).getComputedStyle(d.querySelector('#stages .badge.s-skipped')).backgroundColor,
      };
    });
    assert.equal(colours.bar, colours.badge);
    assert.equal(colours.key, colours.badge);
    assert.notEqual(colours.skipped, colours.badge);
  });

  test('recent runs: keyset pages with next/prev links, newest first, each row linking to its call page', async () => {
    const all = (await getJson('/?format=json&limit=200')).data.runs.rows.map((r: { id: string }) => r.id) as string[];
    assert.deepEqual([...all].sort(), [...allRuns].sort());
    const pages: string[][] = [];
    let url: string | null = '/?limit=3';
    let html = '';
    while (url) {
      const res = await get(url);
      assert.equal(res.status, 200, url);
      html = await res.text();
      pages.push(runIdsOf(html));
      url = linkOf(html, 'next');
      assert.ok(pages.length <= 10, 'paging ends');
    }
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 2]);
    // The refresh of a later page reads that page, not the first.
    const [, second] = pages;
    const page2 = await (await get(linkOf(await (await get('/?limit=3')).text(), 'next')!)).text();
    const jsonUrl = /data-json="([^"]+)"/.exec(page2)![1].replace(/&amp;/g, '&');
    assert.match(jsonUrl, /before=/);
    assert.deepEqual((await getJson(jsonUrl)).data.runs.rows.map((r: { id: string }) => r.id), second);
    assert.deepEqual(pages.flat(), all, 'pages in order, no run twice or missing');
    assert.equal(linkOf(html, 'prev') !== null, true, 'the last page links back');
    // Back from the last page: the same pages, in reverse.
    const back: string[][] = [pages[2]];
    url = linkOf(html, 'prev');
    while (url) {
      const text = await (await get(url)).text();
      back.push(runIdsOf(text));
      url = linkOf(text, 'prev');
      assert.ok(back.length <= 10, 'paging back ends');
    }
    assert.deepEqual(back.reverse(), pages);
    // Each row links to the call page of its transcript.
    const first = (await getJson('/?format=json&limit=1')).data.runs.rows[0];
    const firstHtml = await (await get('/?limit=1')).text();
    assert.match(firstHtml, new RegExp(`<a class="call-link" href="/dashboard/calls/${first.transcript_id}">`));
  });

  test('recent runs: filters by status, trigger, account and dates; bad values are a visible message and a 400, never a 500', async () => {
    const ids = async (q: string) => ((await getJson(`/?format=json&limit=200&${q}`)).data.runs.rows as Array<{ id: string; status: string }>);
    const failed = await ids('status=failed');
    assert.equal(failed.length, PERMANENT_RUNS + 1);
    assert.ok(failed.every((r) => r.status === 'failed'));
    assert.deepEqual((await ids('status=succeeded,partial')).map((r) => r.id), [okRun]);
    assert.equal((await ids('trigger=upload')).length, 0);
    assert.equal((await ids('trigger=cli')).length, allRuns.length);
    assert.deepEqual((await ids('account=halden%20FOODS')).map((r) => r.id).sort(), permanentRuns.slice(0, 2).sort());
    assert.equal((await ids('account=50%25')).length, 0, 'a % in the account is a character, not a wildcard');
    const twoDaysAgo = utcDay(new Date(Date.now() - 2 * DAY));
    assert.deepEqual((await ids(`to=${twoDaysAgo}`)).map((r) => r.id), [oldRun]);
    assert.equal((await ids(`from=${twoDaysAgo}`)).length, allRuns.length - 1);
    const none = await (await get('/?trigger=upload')).text();
    assert.match(none, /No run matches these filters/);

    const bad = await get('/?status=bogus&limit=abc&from=2026-02-31&window=1y&before=xyz');
    assert.equal(bad.status, 400);
    const text = await bad.text();
    for (const field of ['status', 'limit', 'from', 'window', 'before']) assert.match(text, new RegExp(`<li data-field="${field}">`), field);
    assert.match(text, /status &quot;bogus&quot; is not one of queued, running, succeeded, failed, partial/);
    assert.equal(runIdsOf(text).length, allRuns.length, 'the page still lists runs with the defaults');
    const from = await get('/?from=2026-11-20&to=2026-11-10');
    assert.equal(from.status, 400);
    assert.match(await from.text(), /to \(2026-11-10\) is not after from \(2026-11-20\)/);
    const json = await get('/?format=json&status=bogus');
    assert.equal(json.status, 400);
    const body = (await json.json()) as { error: { code: string; field: string; message: string } };
    assert.equal(body.error.code, 'invalid_parameter');
    assert.equal(body.error.field, 'status');
    // The filter form is in the page, in Chromium too: choosing a status filters the rows.
    await page.goto(`${srv.url}/?refresh=0`);
    await page.selectOption('#f-status', 'succeeded');
    await Promise.all([page.waitForURL(/status=succeeded/), page.click('form.filters button[type=submit]')]);
    assert.deepEqual(await page.$$eval('#runs tr[data-run]', (rows: any[]) => rows.map((r) => r.getAttribute('data-run'))), [okRun]);
  });

  test('failures: last 24 h by default, selectable window, grouped by stage and error with counts; no Retry for permanent errors', async () => {
    const def = (await getJson('/?format=json')).data.failures;
    assert.equal(def.window, '24h');
    const group = (f: any, kind: boolean) => f.groups.find((g: any) => g.stage === 'parse' && g.permanent === kind);
    assert.equal(group(def, true).count, PERMANENT_RUNS - 1, 'the three-day-old failure is outside 24 h');
    assert.match(group(def, true).error, /no speaker turns/);
    assert.equal(group(def, false).count, 1);
    assert.equal(group(def, false).error, 'model server unreachable (test)');
    assert.equal(def.total, PERMANENT_RUNS);
    const week = (await getJson('/?format=json&window=7d')).data.failures;
    assert.equal(group(week, true).count, PERMANENT_RUNS);
    assert.equal(group(week, true).occurrences.length, 5);

    await page.goto(`${srv.url}/?refresh=0`);
    assert.equal(await page.getAttribute('#failures nav.windows a[aria-current]', 'data-window'), '24h');
    const permanent = page.locator('#failures tbody.group[data-stage="parse"][data-kind="permanent"]');
    assert.equal(await permanent.getAttribute('data-count'), String(PERMANENT_RUNS - 1));
    assert.equal(await permanent.locator('tr.occurrence').count(), PERMANENT_RUNS - 1);
    assert.equal(await permanent.locator('button.retry').count(), 0, 'no Retry button for a permanent error');
    assert.equal(await permanent.locator('.no-retry').count(), PERMANENT_RUNS - 1);
    const temporary = page.locator('#failures tbody.group[data-stage="parse"][data-kind="temporary"]');
    assert.equal(await temporary.locator(`tr.occurrence[data-run="${flakyRun}"] button.retry`).count(), 1);
    // The run page agrees: no Retry for the permanent parse failure.
    await page.goto(`${srv.url}/dashboard/runs/${permanentRuns[0]}?refresh=0`);
    assert.equal(await page.locator('#stages tr[data-stage="parse"] button.retry').count(), 0);
    assert.equal(await page.locator('#stages tr[data-stage="parse"] .no-retry').count(), 1);

    await page.goto(`${srv.url}/?refresh=0`);
    await Promise.all([page.waitForURL(/window=7d/), page.click('#failures nav.windows a[data-window="7d"]')]);
    const week7 = page.locator('#failures tbody.group[data-kind="permanent"]');
    assert.equal(await week7.getAttribute('data-count'), String(PERMANENT_RUNS));
    assert.match((await week7.locator('tr.more').textContent()) ?? '', /and 1 more/);
  });

  test('weekly report: a table per rep with small charts; nulls shown as —', async () => {
    await page.goto(`${srv.url}/?refresh=0`);
    const ada = page.locator('#weekly tr[data-rep="Ada Rep"]');
    assert.equal(await ada.count(), 1);
    assert.equal((await ada.locator('td[data-metric="seller talk share"] > .muted').first().textContent())?.trim(), '—');
    assert.equal((await ada.locator('td[data-metric="questions per call"] .v').textContent())?.trim(), '—');
    assert.equal((await ada.locator('td[data-metric="calls"] .v').textContent())?.trim(), '1');
    const section = (await page.locator('#weekly').textContent()) ?? '';
    assert.doesNotMatch(section, /null|meanTalkRatio|undefined|NaN/);
    assert.ok((await ada.locator('svg.spark').count()) >= 3, 'sparklines over the two weeks');
    const titles = await ada.locator('svg.spark title').allTextContents();
    assert.ok(titles.some((t) => t.includes('week of 2026-11-16: 42 %')), titles.join(' | '));
    const bo = page.locator('#weekly tr[data-rep="Bo Rep"]');
    assert.match((await bo.locator('td[data-metric="seller talk share"]').textContent()) ?? '', /61 %/);
    assert.equal(await bo.locator('td[data-metric="seller talk share"] svg.share').count(), 1);
    assert.match((await page.locator('#weekly').textContent()) ?? '', /Week of 2026-11-23/);
  });

  test('favicon: served without a session, linked from every page', async () => {
    for (const p of ['/favicon.ico', '/favicon.svg']) {
      const res = await fetch(`${srv.url}${p}`);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('content-type'), 'image/svg+xml');
      assert.match(await res.text(), /^<svg /);
    }
  });

  test('refresh: the JSON has the data and every section; the page redraws from it without reloading; the pause switch stops the fetches', async () => {
    const json = await getJson('/?format=json');
    assert.ok(!Number.isNaN(Date.parse(json.asOf)));
    assert.deepEqual(Object.keys(json.sections).sort(), ['alerts', 'failures', 'per-hour', 'queue', 'runs', 'stats', 'timeline', 'weekly']);
    assert.equal(json.data.runs.rows.length, allRuns.length);
    assert.match(json.sections.runs, new RegExp(`data-run="${okRun}"`));
    const run = await getJson(`/dashboard/runs/${okRun}?format=json`);
    assert.equal(run.run.id, okRun);
    assert.deepEqual(Object.keys(run.sections).sort(), ['run', 'stages', 'timeline']);
    assert.equal((await get(`/dashboard/runs/00000000-0000-4000-8000-000000000000?format=json`)).status, 404);

    let fetches = 0;
    let navigations = 0;
    page.on('request', (r) => {
      if (r.url().includes('format=json')) fetches++;
    });
    page.on('framenavigated', () => navigations++);
    await page.goto(`${srv.url}/?refresh=1&live=0`); // the timer alone (live updates: the next test)
    navigations = 0;
    const asOf0 = await page.getAttribute('#as-of', 'datetime');
    // A marker in a redrawn section disappears when the section is redrawn; the page is not reloaded.
    await page.evaluate(() => (globalThis as any).document.querySelector('[data-section="runs"]').setAttribute('data-marker', 'kept'));
    await page.evaluate(() => (globalThis as any).document.querySelector('[data-section="runs"] table').setAttribute('data-marker', 'old'));
    await waitFor('two redraws', async () => ((await page.evaluate(() => (globalThis as any).stellarRefresh.redraws)) as number) >= 2, 60_000);
    assert.ok(fetches >= 2);
    assert.equal(navigations, 0, 'no reload');
    assert.equal(await page.locator('[data-section="runs"][data-marker="kept"]').count(), 1);
    assert.equal(await page.locator('[data-section="runs"] table[data-marker="old"]').count(), 0, 'the section was redrawn');
    assert.notEqual(await page.getAttribute('#as-of', 'datetime'), asOf0, '"as of" moves');

    // Pause: the interval keeps ticking, no more fetches.
    await page.check('#refresh-pause');
    await waitFor('in-flight refresh done', async () => page.evaluate(() => { const s = (globalThis as any).stellarRefresh; return s.fetches === s.done; }), 30_000);
    const paused = fetches;
    const ticks = (await page.evaluate(() => (globalThis as any).stellarRefresh.ticks)) as number;
    await waitFor('three ticks while paused', async () => ((await page.evaluate(() => (globalThis as any).stellarRefresh.ticks)) as number) >= ticks + 3, 60_000);
    assert.equal(fetches, paused, 'no fetch while paused');
    // The switch is kept across page loads (localStorage).
    await page.reload();
    assert.equal(await page.isChecked('#refresh-pause'), true);
    const afterReload = fetches;
    await waitFor('three ticks after reload', async () => ((await page.evaluate(() => (globalThis as any).stellarRefresh.ticks)) as number) >= 3, 60_000);
    assert.equal(fetches, afterReload, 'still paused after a reload');
    // Unpause: fetches start again.
    await page.uncheck('#refresh-pause');
    await waitFor('a fetch after unpausing', async () => fetches > afterReload, 60_000);
    await page.evaluate(() => (globalThis as any).localStorage.removeItem('stellar.dashboard.refreshPaused'));
  });
  test('live: with the GraphQL subscription open, a new run redraws the overview without the timer', async () => {
    await page.goto(`${srv.url}/?refresh=3600`); // the timer would wait an hour
    await waitFor('the live subscription', async () => (await page.evaluate(() => (globalThis as any).stellarRefresh.live)) === true, 60_000);
    const r = await ingestTranscript(app.handle.db, { bytes: Buffer.from(syntheticTranscript(9101)), fileName: 'live.txt', source: 'cli', maxAttempts: 1, force: true });
    allRuns.push(r.runId!);
    await waitFor('the new run on the page', async () => (await page.locator(`[data-section="runs"] [data-run="${r.runId}"]`).count()) === 1, 120_000);
    const stats = (await page.evaluate(() => ({ ...(globalThis as any).stellarRefresh }))) as { ticks: number; events: number; redraws: number };
    assert.ok(stats.events >= 1, 'run changes arrived over the WebSocket');
    assert.ok(stats.redraws >= 1);
    assert.equal(stats.ticks, 0, 'no timer tick: the redraw came from the subscription');
    await waitForRuns(app.handle.db, [r.runId!], { timeoutMs: 300_000 });
  });
});
