/**
 * Asking over HTTP and from the command line: POST /ask (auth, zod-validated
 * body, 400 JSON errors, the answer object), the same route as server-sent
 * events, the dashboard's Ask page, and `stellar ask` (steps then answer, or
 * --json), on two samples/ calls run through the pipeline.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Hono } from 'hono';
import { projectRoot } from '../src/paths.ts';
import type { AskAnswer } from '../src/reasoning/types.ts';
import { createServerApp } from '../src/server/app.ts';
import { mountAsk } from '../src/server/routes/ask.ts';
import { sessionAuth } from '../src/server/session.ts';
import { createAskCorpus, type AskCorpus } from './support/askCorpus.ts';
import { testAskEngine } from './support/askEngine.ts';

const TOKEN = 'ask-test-token';

function runCli(args: string[], databaseUrl: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bin/cli.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, STELLAR_PROVIDER: 'builtin', LOG_LEVEL: 'silent' },
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Parses a text/event-stream body into its events. */
function parseSse(body: string): { event: string; data: any }[] {
  return body
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      return { event, data: data ? JSON.parse(data) : null };
    });
}

describe('POST /ask, server-sent events, the Ask page and `stellar ask`', () => {
  let corpus: AskCorpus;
  let server: Hono;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    server.request('/ask', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  before(async () => {
    corpus = await createAskCorpus('reasoning_http', { env: { STELLAR_API_TOKENS: TOKEN }, files: ['discovery-halden-foods.txt', 'renewal-pemberton.json'] });
    const { app } = corpus;
    const engine = await testAskEngine({ db: app.handle.db, pool: app.handle.pool });
    const session = sessionAuth(app.config.STELLAR_API_TOKENS, app.config.STELLAR_DASHBOARD_SESSION_HOURS);
    server = createServerApp({ db: app.handle.db, config: app.config, log: app.log, mounts: [(hono) => mountAsk(hono, { engine, session, log: app.log })] });
  });
  after(async () => corpus?.close());

  test('needs the bearer token', async () => {
    const res = await server.request('/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'Which calls mention Mapquill?' }) });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as any).error.code, 'unauthorized');
  });

  test('bad bodies are 400 JSON errors naming the field', async () => {
    const cases: [unknown, string | null][] = [
      [{}, 'question'],
      [{ question: '   ' }, 'question'],
      [{ question: 'x'.repeat(2001) }, 'question'],
      [{ question: 'Which calls mention Mapquill?', threadId: 'not a thread!' }, 'threadId'],
      [{ question: 'Which calls mention Mapquill?', sql: 'drop table x' }, null],
      ['{"question": ', null],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const json = (await res.json()) as any;
      assert.equal(typeof json.error.message, 'string');
      if (field) assert.equal(json.error.field, field, JSON.stringify(json));
    }
  });

  test('answers with {answer, citations, threadId, steps}; a follow-up in the same thread', async () => {
    const res = await post({ question: 'Which accounts mention Mapquill?' });
    assert.equal(res.status, 200);
    const a = (await res.json()) as AskAnswer;
    assert.deepEqual(Object.keys(a).sort(), ['answer', 'citations', 'steps', 'threadId']);
    assert.match(a.answer, /Halden Foods and Pemberton Medical Supply/);
    assert.deepEqual(a.citations.map((c) => c.fileName).sort(), ['discovery-halden-foods.txt', 'renewal-pemberton.json']);
    for (const c of a.citations) assert.deepEqual(Object.keys(c).sort(), ['chunkId', 'fileName', 'side', 'speaker', 'startMs', 'transcriptId', 'turnFrom', 'turnTo']);
    assert.deepEqual(a.steps.map((s) => s.kind), ['plan', 'tool_call', 'tool_result', 'plan', 'answer']);
    const follow = (await (await post({ question: 'and which of those have next steps due in the week of November 23, 2026?', threadId: a.threadId })).json()) as AskAnswer;
    assert.equal(follow.threadId, a.threadId);
    assert.match(follow.answer, /among those calls/);
    assert.match(follow.answer, /Rafael Ostrowski/);
  });

  test('with Accept: text/event-stream, each step is an event, then the answer', async () => {
    const res = await post({ question: 'What did Pemberton say about the integration?' }, { accept: 'text/event-stream' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = parseSse(await res.text());
    const kinds = events.map((e) => e.event);
    assert.deepEqual(kinds, ['plan', 'tool_call', 'tool_result', 'tool_call', 'tool_result', 'plan', 'answer', 'done']);
    const done = events.at(-1)!.data as AskAnswer;
    assert.match(done.answer, /telematics sync/);
    assert.equal(events.find((e) => e.event === 'answer')!.data.text, done.answer);
    assert.deepEqual(done.steps, events.slice(0, -1).map((e) => e.data), 'the streamed steps are the answer\'s steps');
  });

  test('a failure is a 500 JSON error, or an `error` event on the stream', async () => {
    const { app } = corpus;
    let builds = 0;
    const session = sessionAuth(app.config.STELLAR_API_TOKENS, app.config.STELLAR_DASHBOARD_SESSION_HOURS);
    const broken = createServerApp({
      db: app.handle.db,
      config: app.config,
      log: app.log,
      mounts: [(hono) => mountAsk(hono, { engine: async () => { builds++; throw new Error('model server down'); }, session, log: app.log })],
    });
    const req = (accept: string) =>
      broken.request('/ask', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept }, body: JSON.stringify({ question: 'Which calls mention Mapquill?' }) });
    const json = await req('application/json');
    assert.equal(json.status, 500);
    assert.equal(((await json.json()) as any).error.code, 'internal_error');
    const sse = parseSse(await (await req('text/event-stream')).text());
    assert.deepEqual(sse.map((e) => e.event), ['error']);
    assert.equal(sse[0]!.data.error.code, 'internal_error');
    assert.equal(builds, 2);
  });

  test('the dashboard has an Ask page behind the log-in', async () => {
    const page = await server.request('/dashboard/ask', { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<form id="ask-form">/);
    assert.match(html, /text\/event-stream/);
    assert.match(html, /x-stellar-csrf/);
    const anonymous = await server.request('/dashboard/ask', { headers: { accept: 'text/html' } });
    assert.ok([302, 303].includes(anonymous.status), `redirected (${anonymous.status})`);
    assert.match(anonymous.headers.get('location') ?? '', /\/dashboard\/login/);
  });

  test('`stellar ask` prints the steps, the answer and its citations; --json prints the answer object', async () => {
    const url = corpus.app.config.DATABASE_URL;
    const text = await runCli(['ask', 'Which competitors came up with each account?'], url);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /· plan: Question shape: competitors/);
    assert.match(text.out, /· deal_facts \{\}/);
    assert.match(text.out, /Halden Foods: Mapquill \[\d\]/);
    assert.match(text.out, /Citations:\n\[1\] discovery-halden-foods\.txt — /);
    const threadId = /Thread: ([0-9a-f-]{36})/.exec(text.out)?.[1];
    assert.ok(threadId);
    const json = await runCli(['ask', 'and which of those have next steps due in the week of November 23, 2026?', '--thread', threadId, '--json'], url);
    assert.equal(json.code, 0, json.err);
    const a = JSON.parse(json.out) as AskAnswer;
    assert.equal(a.threadId, threadId);
    assert.match(a.answer, /Hallie Brandt/);
    const bad = await runCli(['ask', 'Which calls mention Mapquill?', '--thread', 'no spaces allowed'], url);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /stellar: threadId must be/);
  });
});
