/**
 * The HTTP server with the monitoring routes (GraphQL, dashboard) over a test
 * app, listening on a free port on 127.0.0.1, plus small helpers to drive it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Hono } from 'hono';
import { createServerApp } from '../../src/server/app.ts';
import { serverMounts } from '../../src/server/mounts.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { ingestTranscript } from '../../src/intake/ingest.ts';
import { projectRoot } from '../../src/paths.ts';
import type { TestApp } from './app.ts';

export const TOKEN = 'test-token-0123456789';

export interface MonitoringServer {
  hono: Hono;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

export async function startMonitoringServer(app: TestApp): Promise<MonitoringServer> {
  const mounts = await serverMounts(app);
  const state = { draining: false };
  const hono = createServerApp({ db: app.handle.db, config: app.config, log: app.log, state, mounts });
  const server = await startServer(hono, { port: 0, host: '127.0.0.1', log: app.log, state, maxUploadBytes: app.config.STELLAR_MAX_UPLOAD_BYTES });
  return {
    hono,
    server,
    url: server.url,
    close: () => server.close(2000),
  };
}

export interface GraphqlResult<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; error?: { code: string; message: string } };
}

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token: string | null = TOKEN): Promise<GraphqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphqlResult<T>['body'] };
}

export function sample(name: string): Buffer {
  return readFileSync(path.join(projectRoot, 'samples', name));
}

/** Ingests bytes as a CLI upload; returns the run id. */
export async function ingest(app: TestApp, fileName: string, bytes: Buffer | string): Promise<string> {
  const r = await ingestTranscript(app.handle.db, {
    bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
    fileName,
    source: 'cli',
    maxAttempts: app.config.STELLAR_MAX_ATTEMPTS,
    force: true,
  });
  return r.runId!;
}

/** A transcript with no speaker turns: its run fails at parse, permanently. */
export function unparseable(tag: string): string {
  return `just some notes (${tag})\nno speakers here at all\n`;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
