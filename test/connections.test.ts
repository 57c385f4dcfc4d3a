/**
 * Issue 11, defect 8: the listening server caps its connections
 * (STELLAR_MAX_CONNECTIONS: one beyond the cap is closed at once, without an
 * answer) and closes idle ones (STELLAR_HTTP_HEADERS_TIMEOUT_MS: a connection
 * that sends nothing gets 408 and is closed; STELLAR_HTTP_KEEPALIVE_TIMEOUT_MS:
 * a kept-alive connection idle between requests is closed). Decided by events
 * and counts; timeouts below are only safety nets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createTestApp, type TestApp } from './support/app.ts';
import { createServerApp } from '../src/server/app.ts';
import { startServer, type RunningServer } from '../src/server/serve.ts';

const CAP = 4;

function connect(port: number): Promise<{ socket: net.Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    const closed = new Promise<string>((r) => socket.on('close', () => r(data)));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

function openConnections(running: RunningServer): Promise<number> {
  return new Promise((resolve, reject) => running.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`never: ${what}`);
}

describe('HTTP connection cap and idle timeouts', () => {
  let app: TestApp;
  let running: RunningServer;
  before(async () => {
    app = await createTestApp('connections');
    const hono = createServerApp({ db: app.handle.db, config: app.config, log: app.log });
    running = await startServer(hono, {
      port: 0,
      host: '127.0.0.1',
      log: app.log,
      state: { draining: false },
      maxUploadBytes: app.config.STELLAR_MAX_UPLOAD_BYTES,
      maxConnections: CAP,
      headersTimeoutMs: 1000,
      keepAliveTimeoutMs: 200,
    });
  });
  after(async () => {
    await running?.close(1000);
    await app?.close();
  });

  test('connections past STELLAR_MAX_CONNECTIONS are closed at once; idle ones get 408 and close; then it serves again', { timeout: 60_000 }, async () => {
    const held = [];
    for (let i = 0; i < CAP; i++) held.push(await connect(running.port));
    await until(`${CAP} connections open`, async () => (await openConnections(running)) === CAP);
    const extra = await Promise.all([connect(running.port), connect(running.port)]);
    // Refused ones are closed by the server without a byte of answer…
    for (const e of extra) assert.equal(await e.closed, '');
    // …and never counted.
    assert.equal(await openConnections(running), CAP);
    // The held ones sent nothing: the headers timeout answers 408 and closes them.
    for (const h of held) assert.match(await h.closed, /^HTTP\/1\.1 408 /);
    assert.equal(await openConnections(running), 0);
    const res = await fetch(`${running.url}/readyz`);
    assert.equal(res.status, 200);
  });

  test('/healthz names what is down: no worker runs here', async () => {
    const res = await fetch(`${running.url}/healthz`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as { down: string[]; database: { ok: boolean } };
    assert.deepEqual(body.down, ['worker']);
    assert.equal(body.database.ok, true);
  });

  test('a kept-alive connection idle between requests is closed by the server', { timeout: 60_000 }, async () => {
    const { socket, closed } = await connect(running.port);
    socket.write('GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const answer = await closed; // closed by the server, not by us
    assert.match(answer, /^HTTP\/1\.1 200 /);
  });
});
