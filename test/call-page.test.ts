/**
 * The call page and the account page (issue 13: src/dashboard/callPage.ts,
 * accountPage.ts, coachingCharts.ts, callData.ts, src/server/routes/calls.ts,
 * src/db/queries/calls.ts): samples run through the whole pipeline, then, in
 * real headless Chromium, the deal facts of a sample, the coaching charts (one
 * bar and one timeline lane per speaker), the copy button, version links after
 * a reprocess, a non-sales call without sides, the account page with its
 * calls and trends, links from the run list / run page / search results, no
 * console errors and no horizontal overflow at 1280 and 390 px. Plain HTTP:
 * escaping of hostile names and the 404/400 pages. Screenshots in test-artifacts/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from './support/app.ts';
import { ensureChromium, launchChromium, type HeadlessBrowser } from './support/chromium.ts';
import { ingest, sample, startMonitoringServer, TOKEN, unparseable, waitFor, type MonitoringServer } from './support/monitoring.ts';
import { syntheticTranscript } from './support/transcripts.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { currentFacts } from '../src/db/queries/outputs.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { refreshAccountRollups } from '../src/graph/rollup.ts';
import type { CoachingMetrics } from '../src/agents/coaching/metrics.ts';
import { projectRoot } from '../src/paths.ts';

const artifacts = path.join(projectRoot, 'test-artifacts');
const HOSTILE_NAME = '<img src=x onerror="window.__xss=1">call.txt';
const HOSTILE_ACCOUNT = 'Acme <script>window.__xss=2</script> & "Sons"';

/** A team meeting among colleagues: the structure stage calls it internal (no seller, no buyer). */
const INTERNAL_MEETING = [
  'Priya Raman: Morning everyone, this is our weekly team meeting. First item on the agenda is the sprint review.',
  'Tom Becker: The release build is ready for QA. The backlog still has two tickets from the previous meeting.',
  'Priya Raman: Good. Our roadmap review moved to Thursday. Any action items from the stand-up?',
  'Tom Becker: One: I will update the spec for the prototype by Friday and share it with our team.',
  'Priya Raman: Thanks. Next item on the agenda: our quarter targets and the pipeline review with leadership.',
  'Tom Becker: The forecast call is on Monday, our manager wants the numbers in the CRM before then.',
  'Priya Raman: Fine. Let us keep the next meeting short. Thanks everyone.',
].join('\n');

describe('call page and account page', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  let chrome: HeadlessBrowser;
  let page: Page;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const problems: string[] = [];
  let halden: { runId: string; transcriptId: string };
  let security: { runId: string; transcriptId: string };
  let internal: { runId: string; transcriptId: string };
  let hostile: { runId: string; transcriptId: string };
  let broken: { runId: string; transcriptId: string };
  const db = () => app.handle.db;
  const transcriptOf = async (runId: string) => (await db().selectFrom('stellar.pipeline_runs').select('transcript_id').where('id', '=', runId).executeTakeFirstOrThrow()).transcript_id;
  const get = (p: string, headers: Record<string, string> = auth) => fetch(`${srv.url}${p}`, { headers, redirect: 'manual' });

  async function noOverflow(url: string, name: string) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url);
      // (DOM types are not in this project's lib: the page's globals as `any`.)
      const { scroll, client } = await page.evaluate(() => {
        const root = (globalThis as any).document.documentElement;
        return { scroll: root.scrollWidth as number, client: root.clientWidth as number };
      });
      assert.ok(scroll <= client, `${name} at ${width} px: scrollWidth ${scroll} > clientWidth ${client}`);
      await page.screenshot({ path: path.join(artifacts, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  before(
    async () => {
      ensureChromium((line) => console.log(`call-page test: ${line}`));
      mkdirSync(artifacts, { recursive: true });
      app = await createTestApp('call_page', { STELLAR_API_TOKENS: TOKEN });
      await app.startWorker({ concurrency: 3 });
      const haldenRun = await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt'));
      const securityRun = await ingest(app, 'security-review-halden.json', sample('security-review-halden.json'));
      const internalRun = await ingest(app, 'team-meeting.txt', INTERNAL_MEETING);
      const h = await ingestTranscript(db(), { bytes: Buffer.from(syntheticTranscript(3)), fileName: HOSTILE_NAME, source: 'cli', account: HOSTILE_ACCOUNT, maxAttempts: 3 });
      const brokenRun = await ingest(app, 'notes.txt', unparseable('call-page'));
      const runs = [haldenRun, securityRun, internalRun, h.runId!, brokenRun];
      const progress = await waitForRuns(db(), runs, { timeoutMs: 300_000 });
      assert.equal(progress.find((p) => p.runId === haldenRun)?.status, 'succeeded', JSON.stringify(progress));
      halden = { runId: haldenRun, transcriptId: await transcriptOf(haldenRun) };
      security = { runId: securityRun, transcriptId: await transcriptOf(securityRun) };
      internal = { runId: internalRun, transcriptId: await transcriptOf(internalRun) };
      hostile = { runId: h.runId!, transcriptId: h.transcriptId };
      broken = { runId: brokenRun, transcriptId: await transcriptOf(brokenRun) };
      srv = await startMonitoringServer(app);
      chrome = await launchChromium({ viewport: { width: 1280, height: 900 } });
      await chrome.context.setExtraHTTPHeaders(auth);
      await chrome.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
      page = await chrome.context.newPage();
      page.on('console', (m) => {
        // The browser's own favicon request is not the page's (the layout has no icon yet).
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    },
    { timeout: 15 * 60_000 },
  );
  after(async () => {
    await chrome?.close();
    await srv?.close();
    await app?.close();
  });

  test('the call page shows the call type and the deal facts of a sample', async () => {
    const res = await page.goto(`${srv.url}/dashboard/calls/${halden.transcriptId}`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.getAttribute('#call-type', 'data-call-type'), 'discovery');
    assert.match((await page.textContent('#call-type')) ?? '', /Discovery call/);
    const facts = await currentFacts(db(), halden.transcriptId);
    // Participants by side.
    const seller = (await page.locator('#participants .side-group[data-side="seller"]').textContent()) ?? '';
    const buyer = (await page.locator('#participants .side-group[data-side="buyer"]').textContent()) ?? '';
    assert.match(seller, /Owen Castellano/);
    assert.match(seller, /Lanternfly/);
    assert.match(buyer, /Renata Okoye/);
    assert.match(buyer, /Gil Ferreira/);
    assert.match(buyer, /Halden Foods/);
    // Competitors, objections with their quotes, next steps with owners and dates.
    const competitors = await page.locator('#competitors li').allTextContents();
    assert.ok(competitors.includes('Routelane'), competitors.join(', '));
    assert.deepEqual(competitors, facts.competitors);
    assert.equal(await page.locator('#objections li blockquote').count(), facts.objections.length);
    assert.ok(facts.objections.length >= 3);
    const rows = await page.locator('#next-steps tbody tr').allTextContents();
    assert.equal(rows.length, facts.nextSteps.length);
    assert.ok(facts.nextSteps.length >= 2);
    for (const [i, s] of facts.nextSteps.entries()) {
      assert.ok(rows[i].includes(s.action), `next step ${i}: ${rows[i]}`);
      if (s.owner) assert.ok(rows[i].includes(s.owner), `owner of next step ${i}`);
      if (s.dueDate) assert.ok(rows[i].includes(s.dueDate), `due date of next step ${i}`);
    }
    assert.ok(rows.some((r) => r.includes('Gil Ferreira')), 'a next step owned by the buyer');
    // Amounts are listed.
    assert.equal(await page.locator('#facts table.amounts tbody tr').count(), facts.amounts.length);
    // The account links to the account page.
    assert.equal(await page.getAttribute('#account-link', 'href'), '/dashboard/accounts/Halden%20Foods');
    await page.screenshot({ path: path.join(artifacts, 'call-page.png'), fullPage: true });
    await page.locator('#facts').screenshot({ path: path.join(artifacts, 'call-page-facts.png') });
    assert.deepEqual(problems, []);
  });

  test('the coaching charts render: one bar and one timeline lane per speaker, monologue and bands marked', async () => {
    await page.goto(`${srv.url}/dashboard/calls/${halden.transcriptId}`);
    const report = await db().selectFrom('stellar.coaching_reports').select('metrics').where('transcript_id', '=', halden.transcriptId).executeTakeFirstOrThrow();
    const m = report.metrics as CoachingMetrics;
    assert.equal(m.speakers.length, 3);
    const bars = page.locator('#chart-talk svg.talk-share g.speaker');
    assert.equal(await bars.count(), 3);
    assert.deepEqual((await bars.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-speaker')))).sort(), m.speakers.map((s) => s.speaker).sort());
    assert.match((await bars.first().locator('title').textContent()) ?? '', /% of talk time/);
    assert.equal(await page.locator('#chart-talk svg .bench').count(), 1, 'the 43% benchmark line');
    assert.equal(await page.locator('#chart-talk svg rect.band-flag').count(), 1, 'the >65% flag band');
    // Who spoke when: a lane per speaker, a bar per turn, the longest monologue and the customer story marked.
    const lanes = page.locator('#chart-timeline svg.speaker-timeline g.lane');
    assert.equal(await lanes.count(), 3);
    const turns = await db().selectFrom('stellar.turns').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', halden.runId).executeTakeFirstOrThrow();
    assert.equal(await page.locator('#chart-timeline rect.turn').count(), Number(turns.n));
    assert.equal(await page.locator('#chart-timeline g.mark-group.monologue').count(), 1);
    assert.equal(await page.getAttribute('#chart-timeline g.mark-group.monologue', 'data-speaker'), m.longestMonologue!.speaker);
    assert.equal(await page.locator('#chart-timeline g.mark-group.story').count(), m.longestCustomerStory ? 1 : 0);
    // Questions per side, with the discovery band.
    assert.equal(Number(await page.getAttribute('#chart-questions g.side-questions[data-side="seller"]', 'data-questions')), m.sides.seller.questions);
    assert.equal(Number(await page.getAttribute('#chart-questions g.side-questions[data-side="buyer"]', 'data-questions')), m.sides.buyer.questions);
    assert.equal(await page.locator('#chart-questions rect.band-ok').count(), 1);
    // Patience and the other bullets, each with its bands.
    for (const key of ['patience', 'monologue', 'interactivity', 'fillers']) {
      const b = page.locator(`#chart-bullets svg.bullet[data-metric="${key}"]`);
      assert.equal(await b.count(), 1, key);
      assert.ok((await b.locator('rect.band-ok, rect.band-flag').count()) >= 2, `${key} bands`);
    }
    // Every chart scales with the page: a viewBox and no fixed width; axes are labelled.
    const svgs = await page.locator('#coaching svg.cchart').evaluateAll((ss) => ss.map((s) => ({ viewBox: s.getAttribute('viewBox'), width: s.getAttribute('width'), axis: s.querySelectorAll('text.axis-title').length })));
    assert.ok(svgs.length >= 7);
    for (const s of svgs) {
      assert.match(s.viewBox ?? '', /^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
      assert.equal(s.width, null);
      assert.equal(s.axis, 1);
    }
    const wide = await page.locator('#chart-timeline svg').evaluate((s) => s.getBoundingClientRect().width);
    await page.setViewportSize({ width: 390, height: 900 });
    const narrow = await page.locator('#chart-timeline svg').evaluate((s) => s.getBoundingClientRect().width);
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.ok(narrow < wide && narrow <= 390, `the timeline shrinks with the page: ${wide} → ${narrow}`);
    await page.locator('#coaching').screenshot({ path: path.join(artifacts, 'call-page-coaching.png') });
    assert.deepEqual(problems, []);
  });

  test('the copy button copies the follow-up e-mail', async () => {
    await page.goto(`${srv.url}/dashboard/calls/${halden.transcriptId}`);
    const draft = await db().selectFrom('stellar.drafts').select(['subject', 'body']).where('transcript_id', '=', halden.transcriptId).where('kind', '=', 'email').executeTakeFirstOrThrow();
    assert.equal(await page.textContent('#email-body'), draft.body);
    const button = page.locator('#email button.copy');
    await button.click();
    await waitFor('copied state', async () => (await button.getAttribute('data-copied')) === '1', 30_000);
    assert.equal(await button.textContent(), 'Copied');
    const clip = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>);
    assert.equal(clip, `Subject: ${draft.subject}\n\n${draft.body}`);
    // The social post has its own button.
    const social = page.locator('#social button.copy');
    await social.click();
    await waitFor('social copied', async () => (await social.getAttribute('data-copied')) === '1', 30_000);
    assert.equal(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>), await page.textContent('#social-body'));
    assert.deepEqual(problems, []);
  });

  test('after a reprocess every version is one click away; the current one says where it came from', async () => {
    await sql`select graphile_worker.add_job('reprocess_transcript', json_build_object('transcriptId', ${halden.transcriptId}::text, 'stages', json_build_array('draft_email')), job_key := 'reprocess:' || ${halden.transcriptId}::text, priority := 10)`.execute(db());
    const rerun = await waitFor('the reprocess run', async () =>
      db().selectFrom('stellar.pipeline_runs').select(['id', 'status']).where('transcript_id', '=', halden.transcriptId).where('trigger', '=', 'reprocess').where('finished_at', 'is not', null).executeTakeFirst(),
    300_000);
    assert.equal(rerun.status, 'succeeded');
    await page.goto(`${srv.url}/dashboard/calls/${halden.transcriptId}`);
    const nav = page.locator('#email nav.versions');
    assert.match((await nav.textContent()) ?? '', /Showing v2 of 2 \(current\)/);
    assert.equal(await nav.locator(`a[href="/dashboard/runs/${rerun.id}"]`).count(), 1, 'names the run it came from');
    assert.match((await nav.textContent()) ?? '', /reprocess/);
    // The facts were not reprocessed: one version, from the first run.
    assert.match((await page.locator('#facts nav.versions').textContent()) ?? '', /Showing v1 of 1 \(current\)/);
    // One click to the older e-mail.
    await Promise.all([page.waitForURL(/\?draft_email=1$/), nav.locator('a.version[data-version="1"]').click()]);
    assert.match((await page.locator('#email nav.versions').textContent()) ?? '', /Showing v1 of 2 \(older version\)/);
    assert.equal(await page.locator(`#email nav.versions a[href="/dashboard/runs/${halden.runId}"]`).count(), 1);
    assert.equal(await page.locator('#versions tr[data-stage="draft_email"]').count(), 2);
    // And back to the current one.
    await Promise.all([page.waitForURL(`${srv.url}/dashboard/calls/${halden.transcriptId}`), page.locator('#email nav.versions a.version[data-version="2"]').click()]);
    assert.match((await page.locator('#email nav.versions').textContent()) ?? '', /Showing v2 of 2 \(current\)/);
    // By run id too; an unknown version is a 404 page, a malformed one a 400 page.
    assert.equal((await get(`/dashboard/calls/${halden.transcriptId}?draft_email=${halden.runId}`)).status, 200);
    const missing = await get(`/dashboard/calls/${halden.transcriptId}?draft_email=3`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /no version 3 of draft_email/);
    const bad = await get(`/dashboard/calls/${halden.transcriptId}?structure=latest%3Cb%3E`);
    assert.equal(bad.status, 400);
    const badText = await bad.text();
    assert.match(badText, /expected a version number/);
    assert.ok(!badText.includes('latest<b>'), 'the bad value is escaped');
    assert.deepEqual(problems, []);
  });

  test('a non-sales call shows its type and no seller/buyer sides or deal facts', async () => {
    const facts = await currentFacts(db(), internal.transcriptId);
    assert.equal(facts.callType, 'internal', 'the sample meeting is detected as internal');
    await page.goto(`${srv.url}/dashboard/calls/${internal.transcriptId}`);
    assert.equal(await page.getAttribute('#call-type', 'data-call-type'), 'internal');
    assert.equal(await page.locator('#nonsales').count(), 1);
    assert.equal(await page.locator('#facts h2').textContent(), 'Call facts');
    assert.equal(await page.locator('.side-group').count(), 0, 'no seller/buyer groups');
    assert.equal(await page.locator('#competitors, #objections').count(), 0);
    assert.match((await page.locator('#participants').textContent()) ?? '', /Priya Raman/);
    assert.equal(await page.locator('#email').count(), 0, 'no follow-up e-mail section');
    assert.equal(await page.locator('#coaching svg.speaker-timeline g.lane').count(), 2, 'who spoke when is still drawn');
    await noOverflow(`${srv.url}/dashboard/calls/${internal.transcriptId}`, 'call-page-internal');
    assert.deepEqual(problems, []);
  });

  test('the account page lists its calls with the trends of objections, competitors and next steps', async () => {
    await refreshAccountRollups(db(), new Date().toISOString().slice(0, 10));
    await page.goto(`${srv.url}/dashboard/calls/${halden.transcriptId}`);
    await Promise.all([page.waitForURL(/\/dashboard\/accounts\/Halden%20Foods$/), page.click('#account-link')]);
    assert.match((await page.textContent('main h1')) ?? '', /Account: Halden Foods/);
    const rows = page.locator('#calls tr[data-transcript]');
    assert.equal(await rows.count(), 2);
    assert.deepEqual((await rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-transcript')))).sort(), [halden.transcriptId, security.transcriptId].sort());
    assert.equal(await page.locator(`#calls a.call-link[href="/dashboard/calls/${security.transcriptId}"]`).count(), 1);
    assert.equal(await page.locator('#trend-objections svg.per-call g.call-col').count(), 2);
    assert.equal(await page.locator('#trend-next-steps svg.per-call g.call-col').count(), 2);
    const objTotals = await page.locator('#trend-objections g.call-col').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-total'))));
    const haldenFacts = await currentFacts(db(), halden.transcriptId);
    assert.ok(objTotals.includes(haldenFacts.objections.length), JSON.stringify(objTotals));
    assert.equal(await page.locator('#trend-competitors tr[data-competitor="Routelane"]').count(), 1);
    // The graph rollup's aggregates are shown once it has run.
    assert.match((await page.textContent('#rollup')) ?? '', /Refreshed .* by graph_rollup/);
    assert.ok((await page.locator('#rollup table').count()) >= 1);
    await page.click(`#calls a.call-link[href="/dashboard/calls/${security.transcriptId}"]`);
    await page.waitForURL(`${srv.url}/dashboard/calls/${security.transcriptId}`);
    await noOverflow(`${srv.url}/dashboard/accounts/Halden%20Foods`, 'account-page');
    assert.deepEqual(problems, []);
  });

  test('no horizontal overflow on the call page at 1280 and 390 px', async () => {
    await noOverflow(`${srv.url}/dashboard/calls/${halden.transcriptId}`, 'call-page');
    assert.deepEqual(problems, []);
  });

  test('the run list, the run page and search results link to the call page', async () => {
    await page.goto(`${srv.url}/?refresh=0`);
    assert.equal(await page.locator(`#runs tr[data-run="${halden.runId}"] a.call-link`).getAttribute('href'), `/dashboard/calls/${halden.transcriptId}`);
    await page.goto(`${srv.url}/dashboard/runs/${halden.runId}?refresh=0`);
    await Promise.all([page.waitForURL(`${srv.url}/dashboard/calls/${halden.transcriptId}`), page.click('#run a.call-link')]);
    const res = await get('/dashboard/search?q=Routelane');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes(`href="/dashboard/calls/${halden.transcriptId}"`), 'a search hit links to its call page');
    assert.ok(html.includes('href="/dashboard/accounts/Halden%20Foods"'), 'and to its account');
    assert.deepEqual(problems, []);
  });

  test('a bad or unknown id is a 404 page that says so, in the browser too', async () => {
    const res = await page.goto(`${srv.url}/dashboard/calls/not-a-uuid`);
    assert.equal(res?.status(), 404);
    assert.match((await page.textContent('[role=alert]')) ?? '', /is not a call id/);
    const unknown = await page.goto(`${srv.url}/dashboard/calls/00000000-0000-4000-8000-000000000000`);
    assert.equal(unknown?.status(), 404);
    assert.match((await page.textContent('[role=alert]')) ?? '', /No call 00000000-0000-4000-8000-000000000000/);
    // (A 404 page load is not a script error; nothing else may have logged one.)
    assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
    problems.length = 0;
  });

  test('HTTP: 404 pages for unknown calls and accounts, escaped; auth is required', async () => {
    for (const p of ['/dashboard/calls/x', '/dashboard/calls/00000000-0000-4000-8000-000000000000', '/dashboard/accounts/Nobody%20Here', '/dashboard/accounts/%20', `/dashboard/accounts/${'x'.repeat(400)}`]) {
      const r = await get(p);
      assert.equal(r.status, 404, p);
      assert.match(r.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await r.text(), /not found/i, p);
    }
    const evil = await get(`/dashboard/calls/${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(evil.status, 404);
    const evilText = await evil.text();
    assert.ok(!evilText.includes('<script>alert(1)'), 'the id is escaped');
    assert.ok(evilText.includes('&lt;script&gt;alert(1)'), 'and shown');
    const badPercent = await get('/dashboard/accounts/%E0%A4%A');
    assert.ok(badPercent.status === 404 || badPercent.status === 400, `malformed percent-encoding: ${badPercent.status}`);
    await badPercent.body?.cancel();
    const anon = await get(`/dashboard/calls/${halden.transcriptId}`, {});
    assert.equal(anon.status, 303);
    assert.match(anon.headers.get('location') ?? '', /^\/dashboard\/login\?next=/);
    const anonAccount = await get('/dashboard/accounts/Halden%20Foods', {});
    assert.equal(anonAccount.status, 303);
  });

  test('HTTP: a call whose parse failed has a page that says why each output is missing', async () => {
    const r = await get(`/dashboard/calls/${broken.transcriptId}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /No facts: /);
    assert.match(html, /No follow-up e-mail: /);
    assert.match(html, /No coaching report: /);
    assert.ok(html.includes(`href="/dashboard/runs/${broken.runId}"`), 'links its run');
  });

  test('HTTP: a hostile file name and account are escaped on the call and account pages', async () => {
    const r = await get(`/dashboard/calls/${hostile.transcriptId}`);
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.ok(!html.includes('<img src=x'), 'file name escaped');
    assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;call.txt'));
    assert.ok(!html.includes('<script>window.__xss=2'), 'account escaped');
    assert.ok(html.includes(`href="/dashboard/accounts/${encodeURIComponent(HOSTILE_ACCOUNT).replace(/'/g, '%27')}"`), 'the account link is percent-encoded');
    const acc = await get(`/dashboard/accounts/${encodeURIComponent(HOSTILE_ACCOUNT)}`);
    assert.equal(acc.status, 200);
    const accHtml = await acc.text();
    assert.ok(!accHtml.includes('<script>window.__xss=2'), 'account escaped on its page');
    assert.ok(accHtml.includes('Acme &lt;script&gt;window.__xss=2&lt;/script&gt; &amp; &quot;Sons&quot;'));
    assert.ok(!accHtml.includes('<img src=x'));
    // In the browser nothing runs.
    await page.goto(`${srv.url}/dashboard/calls/${hostile.transcriptId}`);
    await page.goto(`${srv.url}/dashboard/accounts/${encodeURIComponent(HOSTILE_ACCOUNT)}`);
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: number }).__xss), undefined);
    assert.equal(await page.locator('#calls tr[data-transcript]').count(), 1);
  });
});
