/**
 * GraphQL subscriptions (issue 13): `runChanged` over a WebSocket on /graphql
 * (graphql-transport-ws, the graphql-ws client) on the real HTTP server, fed
 * by the NOTIFY triggers of sql/077 as the worker processes real runs: every
 * run's changes, one run's only, the run row with each event; an upgrade
 * without credentials is refused, one with the session cookie accepted from
 * this origin only; a subscription POSTed over HTTP is told to use a WebSocket.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { createTestApp, type TestApp } from './support/app.ts';
import { launchChromium } from './support/chromium.ts';
import { gql, ingest, sample, startMonitoringServer, TOKEN, unparseable, waitFor, type MonitoringServer } from './support/monitoring.ts';

interface RunChange {
  event: string;
  runId: string;
  stage: string | null;
  status: string;
  run: { id: string; status: string; durationMs: number | null } | null;
}

const SUBSCRIPTION = `subscription ($runId: UUID) { runChanged(runId: $runId) { event runId stage status run { id status durationMs } } }`;

/** A WebSocket that authenticates its upgrade request with the bearer token (browsers send the session cookie instead). */
function authedWebSocket(token: string) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { authorization: `Bearer ${token}` } });
    }
  };
}

/** The events of runs, without the probes probeUntilListening sends. */
const real = (events: RunChange[]) => events.filter((e) => e.status !== 'PROBE');

/** Subscribes and collects every event (and error) it receives. */
function collect(client: Client, runId: string | null) {
  const events: RunChange[] = [];
  const errors: unknown[] = [];
  const stop = client.subscribe<{ runChanged: RunChange }>(
    { query: SUBSCRIPTION, variables: { runId } },
    {
      next: (r) => {
        if (r.errors) errors.push(r.errors);
        if (r.data?.runChanged) events.push(r.data.runChanged);
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return { events, errors, stop };
}

describe('GraphQL subscription runChanged (WebSocket)', () => {
  let app: TestApp;
  let srv: MonitoringServer;
  let client: Client;
  let wsUrl: string;

  before(async () => {
    app = await createTestApp('graphql_subs', { STELLAR_API_TOKENS: TOKEN });
    srv = await startMonitoringServer(app);
    wsUrl = srv.url.replace(/^http/, 'ws') + '/graphql';
    client = createClient({ url: wsUrl, webSocketImpl: authedWebSocket(TOKEN), retryAttempts: 0, lazy: true });
  });
  after(async () => {
    await client?.dispose();
    await srv?.close();
    await app?.close();
  });

  /**
   * LISTEN starts a moment after subscribe(): send probe notifications on the
   * channel until one comes back, so no real event can be missed after this.
   */
  async function probeUntilListening(sub: ReturnType<typeof collect>, channel: string) {
    const probeId = randomUUID();
    await waitFor(`the subscription on ${channel} to listen`, async () => {
      if (sub.errors.length) throw new Error(`subscription failed: ${JSON.stringify(sub.errors)}`);
      await sql`select pg_notify(${channel}, ${JSON.stringify({ runId: probeId, event: 'run', status: 'probe' })})`.execute(app.handle.db);
      return sub.events.some((e) => e.runId === probeId);
    }, 60_000, 200);
    const probe = sub.events.find((e) => e.runId === probeId)!;
    assert.equal(probe.status, 'PROBE');
    assert.equal(probe.run, null, 'no such run');
  }

  test('delivers status changes of runs and their stages as the worker processes them; runId narrows to one run', async () => {
    // Both runs are queued before the worker starts, so the subscriptions see every change they go through.
    const okRun = await ingest(app, 'discovery-halden-foods.txt', sample('discovery-halden-foods.txt'));
    const badRun = await ingest(app, 'notes.txt', unparseable('subscriptions'));

    const all = collect(client, null);
    const one = collect(client, badRun);
    await probeUntilListening(all, 'stellar_run_changed');
    await probeUntilListening(one, `stellar_run_changed:${badRun}`);

    await app.startWorker({ concurrency: 2 });
    const finished = (events: RunChange[], runId: string, status: string) => events.some((e) => e.runId === runId && e.event === 'RUN' && e.status === status);
    const allEvents = () => real(all.events);
    const oneEvents = () => real(one.events);
    await waitFor('both runs to finish, as events', async () => finished(allEvents(), okRun, 'SUCCEEDED') && finished(allEvents(), badRun, 'FAILED'), 300_000, 100);
    await waitFor('the failed run, on its own subscription', async () => finished(oneEvents(), badRun, 'FAILED'), 60_000, 100);
    assert.deepEqual(all.errors, []);
    assert.deepEqual(one.errors, []);

    // Every run: its own status changes, and those of its stages, in commit order.
    const okRunEvents = allEvents().filter((e) => e.runId === okRun && e.event === 'RUN').map((e) => e.status);
    assert.ok(okRunEvents.includes('RUNNING'), okRunEvents.join());
    assert.equal(okRunEvents.at(-1), 'SUCCEEDED');
    const parse = allEvents().filter((e) => e.runId === okRun && e.event === 'STAGE' && e.stage === 'parse').map((e) => e.status);
    assert.ok(parse.includes('SUCCEEDED'), `parse: ${parse.join()}`);
    const done = allEvents().find((e) => e.runId === okRun && e.event === 'RUN' && e.status === 'SUCCEEDED')!;
    assert.equal(done.run?.id, okRun);
    assert.equal(done.run?.status, 'SUCCEEDED', 'the run row as committed');
    assert.equal(typeof done.run?.durationMs, 'number');

    // One run: nothing of the other.
    assert.ok(oneEvents().length > 0);
    assert.deepEqual([...new Set(oneEvents().map((e) => e.runId))], [badRun]);
    const parseFailed = oneEvents().find((e) => e.event === 'STAGE' && e.stage === 'parse' && e.status === 'FAILED');
    assert.ok(parseFailed, JSON.stringify(oneEvents()));
    all.stop();
    one.stop();
  });

  test('a WebSocket upgrade without credentials is refused with 401', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, 'graphql-transport-ws');
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('open', () => {
        ws.close();
        reject(new Error('the upgrade was accepted without credentials'));
      });
      ws.on('error', () => {});
    });
    assert.equal(status, 401);

    const wrong = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { headers: { authorization: 'Bearer not-a-token' } });
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('open', () => {
        ws.close();
        reject(new Error('the upgrade was accepted with a wrong token'));
      });
      ws.on('error', () => {});
    });
    assert.equal(wrong, 401);

    // Through graphql-ws, the subscription errors instead of hanging.
    const anonymous = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    try {
      const outcome = await new Promise<string>((resolve) => {
        anonymous.subscribe({ query: SUBSCRIPTION, variables: { runId: null } }, { next: () => resolve('data'), error: () => resolve('error'), complete: () => resolve('complete') });
      });
      assert.equal(outcome, 'error');
    } finally {
      await anonymous.dispose();
    }
  });

  test('the dashboard session cookie authenticates the WebSocket from this origin only', async () => {
    const login = await fetch(`${srv.url}/dashboard/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: TOKEN, next: '/graphiql' }),
    });
    assert.equal(login.status, 303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^stellar_session=/);
    const upgrade = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { headers: { cookie, origin } });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
        ws.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          ws.terminate();
        });
        ws.on('error', () => {});
      });
    assert.equal(await upgrade(srv.url), 101, 'same origin: accepted');
    assert.equal(await upgrade('http://elsewhere.example'), 403, 'another site: refused');
  });

  test('in Chromium: /graphql leads to the log-in, then Ruru; a WebSocket from the page (session cookie) receives runChanged', async () => {
    const chrome = await launchChromium();
    try {
      const page = await chrome.context.newPage();
      await page.goto(`${srv.url}/graphql`);
      assert.match(page.url(), /\/dashboard\/login\?next=%2Fgraphiql$/, 'logged out: the log-in page, then back to Ruru');
      await page.fill('#token', TOKEN);
      await Promise.all([page.waitForURL(`${srv.url}/graphiql`), page.click('button[type=submit]')]);
      await page.waitForSelector('#ruru-root *', { timeout: 60_000 });
      assert.match(await page.title(), /ruru|graph/i);

      const probeId = randomUUID();
      let settled = false;
      const received = page
        .evaluate(
          (runId) =>
            new Promise<string>((resolve, reject) => {
              // The browser's own WebSocket and location (this function runs in the page).
              const g = globalThis as any;
              const ws = new g.WebSocket(g.location.origin.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws');
              ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
              ws.onmessage = (ev: { data: unknown }) => {
                const m = JSON.parse(String(ev.data));
                if (m.type === 'connection_ack') {
                  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `subscription { runChanged(runId: "${runId}") { runId status run { id } } }` } }));
                } else if (m.type === 'next') {
                  resolve(JSON.stringify(m.payload));
                  ws.close();
                } else if (m.type === 'error') {
                  reject(new Error(JSON.stringify(m.payload)));
                }
              };
              ws.onerror = () => reject(new Error('WebSocket error'));
              ws.onclose = (ev: { code: number }) => reject(new Error(`WebSocket closed: ${ev.code}`));
            }),
          probeId,
        )
        .finally(() => (settled = true));
      await waitFor('the page subscription to receive', async () => {
        if (settled) return true;
        await sql`select pg_notify(${`stellar_run_changed:${probeId}`}, ${JSON.stringify({ runId: probeId, event: 'run', status: 'probe' })})`.execute(app.handle.db);
        return false;
      }, 60_000, 200);
      const payload = JSON.parse(await received);
      assert.deepEqual(payload, { data: { runChanged: { runId: probeId, status: 'PROBE', run: null } } });
    } finally {
      await chrome.close();
    }
  });

  test('a subscription sent over HTTP POST is told to use a WebSocket', async () => {
    const res = await gql(srv.url, SUBSCRIPTION, { runId: null });
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'SUBSCRIPTION_NEEDS_WEBSOCKET', JSON.stringify(res.body));
    assert.match(res.body.errors![0].message, /WebSocket/);
  });
});
