/**
 * Serving the Hono app over HTTP with @hono/node-server, and stopping it
 * gracefully: `close()` marks the server draining (/readyz → 503, requests on
 * kept-alive connections → 503 + Connection: close), stops accepting
 * connections, lets in-flight requests finish, and after `timeoutMs` cuts what
 * is left. An upload announcing "Expect: 100-continue" with a Content-Length
 * over the limit gets its 413 before the client sends the body.
 * Connections are capped and timed (issue 11: 5,000 idle connections held
 * 5,039 descriptors): at most `maxConnections` open (more are closed on
 * accept), a request head within `headersTimeoutMs` (an idle new connection
 * included: 408 and closed), kept-alive connections idle for
 * `keepAliveTimeoutMs` closed, a whole request within 120 s.
 * WebSockets (GraphQL subscriptions): upgrade requests go through the Hono app
 * like any request (so its auth middleware runs first); a route that calls
 * @hono/node-server's upgradeWebSocket gets the socket, any other answer
 * (401, 404…) refuses the upgrade with that status. Frames are capped at
 * `maxWebSocketPayload`; `close()` closes open sockets with 1001.
 * `close()` also waits for handlers whose client went away mid-request (an
 * upload still being stored when its connection closed): the caller closes
 * the database after it, and such a handler would otherwise meet a destroyed
 * pool (seen in the intake benchmark as "driver has already been destroyed").
 * Owns: the listening socket. Must not: hold routes (app.ts) or stop the worker
 * (src/cli/start.ts orders the shutdown of server, inbox and worker).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import type { Hono } from 'hono';
import type { Logger } from '../log.ts';
import type { ServerState } from './deps.ts';
import { errorResponseText } from './errors.ts';
import { MULTIPART_OVERHEAD_BYTES } from './routes/transcripts.ts';

export interface ServeOptions {
  port: number;
  host: string;
  log: Logger;
  state: ServerState;
  /** STELLAR_MAX_UPLOAD_BYTES, for the early 413 on Expect: 100-continue. */
  maxUploadBytes: number;
  /** STELLAR_MAX_CONNECTIONS (default 1000). */
  maxConnections?: number;
  /** STELLAR_HTTP_HEADERS_TIMEOUT_MS (default 20 s). */
  headersTimeoutMs?: number;
  /** STELLAR_HTTP_KEEPALIVE_TIMEOUT_MS (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** Largest WebSocket message accepted, in bytes (default 100 KB, the GraphQL body limit). */
  maxWebSocketPayload?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Graceful stop; resolves when every connection is closed. */
  close(timeoutMs?: number): Promise<void>;
}

function uploadTooLarge(req: IncomingMessage, maxUploadBytes: number): boolean {
  if (req.method !== 'POST' || !(req.url ?? '').startsWith('/transcripts')) return false;
  const length = Number(req.headers['content-length']);
  const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
  return Number.isFinite(length) && length > maxUploadBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0);
}

export async function startServer(app: Hono, opts: ServeOptions): Promise<RunningServer> {
  const headersTimeout = opts.headersTimeoutMs ?? 20_000;
  // Timeouts are checked this often (Node's default, 30 s, would let idle connections live that much longer).
  const connectionsCheckingInterval = Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4)));
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxWebSocketPayload ?? 100_000 });
  // Handlers still running, whether or not their connection is: close() waits for them too.
  let handlers = 0;
  let handlersIdle: (() => void) | null = null;
  const fetch: typeof app.fetch = async (...args) => {
    handlers++;
    try {
      return await app.fetch(...args);
    } finally {
      if (--handlers === 0) handlersIdle?.();
    }
  };
  const server = createAdaptorServer({ fetch, hostname: opts.host, serverOptions: { connectionsCheckingInterval }, websocket: { server: wss } }) as Server;
  // Slow or stalled clients cannot hold a connection for ever, nor can many of them hold all descriptors.
  server.maxConnections = opts.maxConnections ?? 1000;
  server.requestTimeout = Math.max(120_000, headersTimeout);
  server.headersTimeout = headersTimeout;
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 5_000;

  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (opts.state.draining) {
      const body = errorResponseText('shutting_down', 'The server is shutting down; retry in a moment.');
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
      return;
    }
    if (uploadTooLarge(req, opts.maxUploadBytes)) {
      const body = errorResponseText('body_too_large', `The request body is ${req.headers['content-length']} bytes, over the limit of ${opts.maxUploadBytes} bytes (STELLAR_MAX_UPLOAD_BYTES).`, 'file');
      res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  opts.log.info({ url }, 'HTTP server listening');

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url,
    close(timeoutMs = 25_000) {
      closing ??= new Promise<void>((resolve) => {
        opts.state.draining = true;
        // Connections that finish their request become idle: close them as they do.
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        let timedOut!: () => void;
        const hardTimeout = new Promise<void>((r) => (timedOut = r));
        const hard = setTimeout(() => {
          opts.log.warn({ timeoutMs }, 'shutdown timeout: closing connections with requests still in flight');
          server.closeAllConnections();
          timedOut();
        }, timeoutMs);
        hard.unref();
        // Upgraded sockets are no longer the HTTP server's: close them, or server.close() would not wait for them.
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        const allHandled = new Promise<void>((done) => {
          handlersIdle = done;
          if (handlers === 0) done();
        });
        server.close(() => {
          clearInterval(idle);
          // A handler whose client left is not a connection: wait for it (the hard timeout still bounds the wait).
          void Promise.race([allHandled, hardTimeout]).then(() => {
            clearTimeout(hard);
            opts.log.info('HTTP server closed');
            resolve();
          });
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
