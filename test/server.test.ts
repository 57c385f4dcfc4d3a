/**
 * The HTTP intake (src/server) against the real PostgreSQL: every class of bad
 * input gets its status and JSON error and leaves stellar.transcripts,
 * pipeline_runs, stage_runs and graphile_worker.jobs exactly as they were;
 * bearer auth; dedupe (200) vs new (202) vs ?force=true; job priorities;
 * paging of GET /runs; GET /runs/:id with stages; health; the real listening
 * server (413 before the body, graceful close); `stellar start` end to end.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { once } from 'node:events';
import net from 'node:net';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { waitFor } from './support/monitoring.ts';
import { createServerApp, type ServerState } from '../src/server/app.ts';
import { startServer } from '../src/server/serve.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { PRIORITY, stagePriority } from '../src/pipeline/stages.ts';
import { connect } from '../src/db/index.ts';
import { cleanFileName } from '../src/server/fileName.ts';
import { storeTranscript } from '../src/intake/store.ts';
import { projectRoot } from '../src/paths.ts';
import type { Hono } from 'hono';

const TOKENS = ['tok-alpha-0123456789', 'tok-beta'];
const LIMIT = 4096;
const AUTH = { authorization: `Bearer ${TOKENS[0]}` };

let seq = 0;
/** A small valid transcript; unique bytes on every call. */
function transcript(tag = `t${++seq}-${randomUUID()}`): string {
  return `Alice: Thanks for joining, ${tag}.\nBob: Glad to be here. What does it cost?\nAlice: Ten thousand a year.\nBob: Send me a proposal by Friday.\n`;
}

interface Counts {
  transcripts: number;
  runs: number;
  stages: number;
  jobs: number;
}

async function counts(app: TestApp): Promise<Counts> {
  const { rows } = await sql<{ t: string; r: string; s: string; j: string }>`
    select (select count(*) from stellar.transcripts) as t, (select count(*) from stellar.pipeline_runs) as r,
           (select count(*) from stellar.stage_runs) as s, (select count(*) from graphile_worker.jobs) as j`.execute(app.handle.db);
  return { transcripts: Number(rows[0].t), runs: Number(rows[0].r), stages: Number(rows[0].s), jobs: Number(rows[0].j) };
}

async function errorOf(res: Response): Promise<{ code: string; message: string; field?: string }> {
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  assert.ok(body.error && typeof body.error.code === 'string' && typeof body.error.message === 'string', `error body: ${JSON.stringify(body)}`);
  assert.deepEqual(Object.keys(body).sort(), ['error']);
  return body.error;
}

function multipart(file: { bytes: Uint8Array | string; name: string; type?: string } | null, fields: Record<string, string> = {}): FormData {
  const fd = new FormData();
  if (file) fd.set('file', new File([file.bytes], file.name, { type: file.type ?? 'application/octet-stream' }));
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

describe('HTTP intake', () => {
  let app: TestApp;
  let server: Hono;
  const state: ServerState = { draining: false };

  before(async () => {
    app = await createTestApp('server', { STELLAR_API_TOKENS: TOKENS.join(','), STELLAR_MAX_UPLOAD_BYTES: String(LIMIT) });
    server = createServerApp({
      db: app.handle.db,
      config: app.config,
      log: app.log,
      state,
      mounts: [
        (a, { auth }) => {
          a.get('/boom', () => {
            throw new Error('secret internal detail');
          });
          a.use('/mounted/*', auth);
          a.get('/mounted/hello', (c) => c.json({ hello: 'world' }));
        },
      ],
    });
  });
  after(async () => {
    await app?.close();
  });

  const post = async (pathAndQuery: string, init: { body?: RequestInit['body']; type?: string | null; headers?: Record<string, string> } = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...AUTH, ...init.headers };
    if (init.type) headers['content-type'] = init.type;
    return server.request(pathAndQuery, { method: 'POST', headers, body: init.body ?? null, ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  };

  describe('auth', () => {
    test('no token, a wrong token, another scheme: 401 JSON with a challenge; health stays open', async () => {
      const before = await counts(app);
      const cases: [string, Record<string, string>][] = [
        ['none', {}],
        ['wrong', { authorization: 'Bearer nope' }],
        ['prefix of a real token', { authorization: `Bearer ${TOKENS[0].slice(0, -1)}` }],
        ['real token plus a byte', { authorization: `Bearer ${TOKENS[0]}x` }],
        ['basic scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
        ['empty bearer', { authorization: 'Bearer ' }],
      ];
      for (const [label, headers] of cases) {
        for (const [method, url] of [['POST', '/transcripts?name=a.txt'], ['GET', '/runs'], ['GET', `/runs/${randomUUID()}`], ['GET', `/transcripts/${randomUUID()}`]] as const) {
          const res = await server.request(url, { method, headers: { ...headers, 'content-type': 'text/plain' }, body: method === 'POST' ? transcript() : undefined });
          assert.equal(res.status, 401, `${label} ${method} ${url}`);
          assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
          assert.equal((await errorOf(res)).code, 'unauthorized');
        }
      }
      assert.deepEqual(await counts(app), before, 'nothing stored by unauthorised requests');
      for (const url of ['/healthz', '/readyz']) {
        const res = await server.request(url);
        assert.notEqual(res.status, 401, url);
      }
    });

    test('each configured token is accepted; a mounted route can use the same auth', async () => {
      for (const token of TOKENS) {
        const res = await server.request('/runs', { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200, token);
        const lower = await server.request('/runs', { headers: { authorization: `bearer ${token}` } });
        assert.equal(lower.status, 200, 'the scheme is case-insensitive');
      }
      assert.equal((await server.request('/mounted/hello')).status, 401);
      const ok = await server.request('/mounted/hello', { headers: AUTH });
      assert.deepEqual(await ok.json(), { hello: 'world' });
    });

    test('with no token configured every protected route refuses (fails closed)', async () => {
      const closed = createServerApp({ db: app.handle.db, config: { ...app.config, STELLAR_API_TOKENS: [] }, log: app.log });
      const res = await closed.request('/runs', { headers: { authorization: 'Bearer anything' } });
      assert.equal(res.status, 401);
      assert.match((await errorOf(res)).message, /No API token is configured/);
      assert.equal((await closed.request('/readyz')).status, 200);
    });
  });

  describe('bad input: status, JSON error, and nothing stored', () => {
    const latin1 = Buffer.from('Alice: Caf\xe9 au lait?\nBob: Oui.\n', 'latin1');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Alice: hi\nBob: hello\n', 'utf16le')]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
    const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => [1, 2, 3, 4, 5, 6, 7, 8, 0x41][i % 9]));
    const withNul = Buffer.from('Alice: hello\u0000\nBob: hi\n', 'utf8');
    const longName = 'a'.repeat(252) + '.txt'; // 256 bytes

    const cases: { name: string; send: () => Promise<Response>; status: number; code: string; field?: string }[] = [
      { name: 'no content type', send: () => post('/transcripts?name=a.txt', { body: Buffer.from(transcript()) }), status: 415, code: 'unsupported_media_type', field: 'content-type' },
      { name: 'application/pdf', send: () => post('/transcripts?name=a.pdf', { body: pdf, type: 'application/pdf' }), status: 415, code: 'unsupported_media_type' },
      { name: 'text/html', send: () => post('/transcripts', { body: '<p>Alice: hi</p>', type: 'text/html' }), status: 415, code: 'unsupported_media_type' },
      { name: 'application/octet-stream raw', send: () => post('/transcripts', { body: transcript(), type: 'application/octet-stream' }), status: 415, code: 'unsupported_media_type' },
      { name: 'declared Latin-1 charset', send: () => post('/transcripts', { body: latin1, type: 'text/plain; charset=ISO-8859-1' }), status: 415, code: 'unsupported_charset' },
      { name: 'PNG bytes typed text/plain', send: () => post('/transcripts?name=a.txt', { body: png, type: 'text/plain' }), status: 415, code: 'binary_content', field: 'file' },
      { name: 'PDF bytes typed text/plain', send: () => post('/transcripts?name=a.txt', { body: pdf, type: 'text/plain' }), status: 415, code: 'binary_content', field: 'file' },
      { name: 'NUL byte', send: () => post('/transcripts?name=a.txt', { body: withNul, type: 'text/plain' }), status: 415, code: 'binary_content', field: 'file' },
      { name: 'mostly control characters', send: () => post('/transcripts?name=a.txt', { body: controls, type: 'text/plain' }), status: 415, code: 'binary_content', field: 'file' },
      { name: 'not UTF-8 (Latin-1 bytes)', send: () => post('/transcripts?name=a.txt', { body: latin1, type: 'text/plain' }), status: 422, code: 'not_utf8', field: 'file' },
      { name: 'UTF-16 with BOM', send: () => post('/transcripts?name=a.txt', { body: utf16, type: 'text/plain' }), status: 422, code: 'not_utf8', field: 'file' },
      { name: 'empty body', send: () => post('/transcripts?name=a.txt', { body: '', type: 'text/plain' }), status: 422, code: 'empty_file', field: 'file' },
      { name: 'white space only', send: () => post('/transcripts?name=a.txt', { body: ' \n\t\n ', type: 'text/plain' }), status: 422, code: 'empty_file', field: 'file' },
      { name: 'prose, no speaker turns', send: () => post('/transcripts?name=a.txt', { body: 'Just a paragraph of notes about the call, with nobody speaking in it.', type: 'text/plain' }), status: 422, code: 'no_turns', field: 'file' },
      { name: 'VTT without cues', send: () => post('/transcripts?name=a.vtt', { body: 'WEBVTT\n\n', type: 'text/vtt' }), status: 422, code: 'no_turns', field: 'file' },
      { name: 'JSON without turns', send: () => post('/transcripts?name=a.json', { body: '{"participants":[]}', type: 'application/json' }), status: 422, code: 'no_turns', field: 'file' },
      { name: 'Content-Length over the limit', send: () => post('/transcripts?name=a.txt', { body: 'x'.repeat(LIMIT + 1), type: 'text/plain', headers: { 'content-length': String(LIMIT + 1) } }), status: 413, code: 'body_too_large', field: 'file' },
      {
        name: 'streamed body over the limit (no Content-Length)',
        send: () => post('/transcripts?name=a.txt', { body: new Blob(['Alice: ' + 'x'.repeat(LIMIT)]).stream(), type: 'text/plain' }),
        status: 413,
        code: 'body_too_large',
      },
      { name: 'multipart file over the limit', send: () => post('/transcripts', { body: multipart({ bytes: 'Alice: ' + 'y'.repeat(LIMIT), name: 'a.txt' }) }), status: 413, code: 'body_too_large', field: 'file' },
      { name: 'multipart without a file', send: () => post('/transcripts', { body: multipart(null, { rep: 'Alice' }) }), status: 422, code: 'missing_file', field: 'file' },
      { name: 'multipart file field as text', send: () => post('/transcripts', { body: multipart(null, { file: transcript() }) }), status: 422, code: 'missing_file', field: 'file' },
      { name: 'multipart .pdf as octet-stream', send: () => post('/transcripts', { body: multipart({ bytes: pdf, name: 'call.pdf' }) }), status: 415, code: 'unsupported_media_type', field: 'file' },
      { name: 'multipart .docx', send: () => post('/transcripts', { body: multipart({ bytes: transcript(), name: 'call.docx' }) }), status: 415, code: 'unsupported_media_type', field: 'file' },
      { name: 'multipart part typed image/png', send: () => post('/transcripts', { body: multipart({ bytes: png, name: 'call.txt', type: 'image/png' }) }), status: 415, code: 'unsupported_media_type', field: 'file' },
      { name: 'multipart MP3 named .vtt', send: () => post('/transcripts', { body: multipart({ bytes: Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0x21]), name: 'call.vtt' }) }), status: 415, code: 'binary_content', field: 'file' },
      { name: 'multipart not UTF-8', send: () => post('/transcripts', { body: multipart({ bytes: latin1, name: 'call.txt', type: 'text/plain' }) }), status: 422, code: 'not_utf8', field: 'file' },
      { name: 'multipart empty file', send: () => post('/transcripts', { body: multipart({ bytes: '', name: 'call.txt' }) }), status: 422, code: 'empty_file', field: 'file' },
      {
        name: 'malformed multipart',
        send: () => post('/transcripts', { body: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nno end', type: 'multipart/form-data; boundary=abc' }),
        status: 400,
        code: 'invalid_multipart',
      },
      { name: 'name with right-to-left override', send: () => post(`/transcripts?name=${encodeURIComponent('invoice\u202Etxt.exe')}`, { body: transcript(), type: 'text/plain' }), status: 422, code: 'invalid_file_name', field: 'name' },
      { name: 'name with a control character', send: () => post(`/transcripts?name=${encodeURIComponent('call\u0007.txt')}`, { body: transcript(), type: 'text/plain' }), status: 422, code: 'invalid_file_name', field: 'name' },
      { name: 'name with a new line', send: () => post(`/transcripts?name=${encodeURIComponent('call\n.txt')}`, { body: transcript(), type: 'text/plain' }), status: 422, code: 'invalid_file_name', field: 'name' },
      { name: 'name over 255 bytes', send: () => post(`/transcripts?name=${longName}`, { body: transcript(), type: 'text/plain' }), status: 422, code: 'invalid_file_name', field: 'name' },
      { name: 'name over 255 bytes in UTF-8 only', send: () => post(`/transcripts?name=${encodeURIComponent('é'.repeat(128) + '.txt')}`, { body: transcript(), type: 'text/plain' }), status: 422, code: 'invalid_file_name' },
      { name: 'name that is only a path', send: () => post(`/transcripts?name=${encodeURIComponent('../..')}`, { body: transcript(), type: 'text/plain' }), status: 422, code: 'invalid_file_name' },
      { name: 'multipart filename with right-to-left override', send: () => post('/transcripts', { body: multipart({ bytes: transcript(), name: 'call\u202Etxt.vtt' }) }), status: 422, code: 'invalid_file_name', field: 'file' },
      { name: 'meetingAt not a date', send: () => post('/transcripts?name=a.txt&meetingAt=next%20tuesday', { body: transcript(), type: 'text/plain' }), status: 400, code: 'invalid_parameter', field: 'meetingAt' },
      { name: 'multipart meetingAt not a date', send: () => post('/transcripts', { body: multipart({ bytes: transcript(), name: 'a.txt' }, { meetingAt: '31/02/2025' }) }), status: 400, code: 'invalid_parameter', field: 'meetingAt' },
      { name: 'force not a flag', send: () => post('/transcripts?name=a.txt&force=maybe', { body: transcript(), type: 'text/plain' }), status: 400, code: 'invalid_parameter', field: 'force' },
      { name: 'rep too long', send: () => post(`/transcripts?name=a.txt&rep=${'r'.repeat(201)}`, { body: transcript(), type: 'text/plain' }), status: 400, code: 'invalid_parameter', field: 'rep' },
    ];

    for (const c of cases) {
      test(`${c.name} → ${c.status} ${c.code}`, async () => {
        const before = await counts(app);
        const res = await c.send();
        const error = await errorOf(res);
        assert.equal(res.status, c.status, JSON.stringify(error));
        assert.equal(error.code, c.code, error.message);
        if (c.field) assert.equal(error.field, c.field);
        assert.deepEqual(await counts(app), before, 'tables unchanged');
      });
    }

    test('a body over the limit is not read past the limit', async () => {
      // Content-Length over the limit: not one byte pulled.
      let pulled = 0;
      const endless = () =>
        new ReadableStream<Uint8Array>({
          pull(ctrl) {
            pulled += 1024;
            ctrl.enqueue(new Uint8Array(1024).fill(0x61));
          },
        });
      const before = await counts(app);
      let res = await post('/transcripts?name=a.txt', { body: endless(), type: 'text/plain', headers: { 'content-length': String(10 * 1024 * 1024) } });
      assert.equal(res.status, 413);
      assert.ok(pulled <= 64 * 1024, `pulled ${pulled} bytes with a Content-Length over the limit`);
      // Streamed without Content-Length: stops within one chunk of the limit (plus the stream's read-ahead).
      pulled = 0;
      res = await post('/transcripts?name=a.txt', { body: endless(), type: 'text/plain' });
      assert.equal(res.status, 413);
      assert.ok(pulled <= LIMIT + 64 * 1024, `pulled ${pulled} bytes of an endless body`);
      assert.deepEqual(await counts(app), before);
    });

    test('unknown routes, bad ids and exceptions answer JSON too', async () => {
      let res = await server.request('/no/such/route', { headers: AUTH });
      assert.equal(res.status, 404);
      assert.equal((await errorOf(res)).code, 'not_found');
      res = await server.request('/runs/not-a-uuid', { headers: AUTH });
      assert.equal(res.status, 400);
      assert.equal((await errorOf(res)).field, 'id');
      res = await server.request(`/runs/${randomUUID()}`, { headers: AUTH });
      assert.equal(res.status, 404);
      assert.equal((await errorOf(res)).code, 'not_found');
      res = await server.request(`/transcripts/${randomUUID()}`, { headers: AUTH });
      assert.equal(res.status, 404);
      res = await server.request('/boom');
      assert.equal(res.status, 500);
      const err = await errorOf(res);
      assert.equal(err.code, 'internal_error');
      assert.doesNotMatch(err.message, /secret internal detail/, 'no internals in the answer');
      for (const bad of ['limit=0', 'limit=101', 'limit=x', 'status=done', 'since=yesterday', 'cursor=abc', `cursor=${Buffer.from('{"t":"x","i":"y"}').toString('base64url')}`]) {
        res = await server.request(`/runs?${bad}`, { headers: AUTH });
        assert.equal(res.status, 400, bad);
        assert.equal((await errorOf(res)).code, 'invalid_parameter', bad);
      }
    });
  });

  describe('accepted uploads', () => {
    test('raw body: 202 with ids, Location and status URL; metadata stored', async () => {
      const before = await counts(app);
      const res = await post('/transcripts?name=discovery.txt&rep=Alice%20Smith&account=Globex&meetingAt=2025-03-04T15:00:00Z', { body: transcript(), type: 'text/plain; charset=utf-8' });
      assert.equal(res.status, 202);
      const body = (await res.json()) as Record<string, string>;
      assert.equal(body.status, 'queued');
      assert.equal(body.fileName, 'discovery.txt');
      assert.equal(body.statusUrl, `/runs/${body.runId}`);
      assert.equal(res.headers.get('location'), body.statusUrl);
      const row = await app.handle.db.selectFrom('stellar.transcripts').selectAll().where('id', '=', body.transcriptId).executeTakeFirstOrThrow();
      assert.equal(row.source, 'upload');
      assert.equal(row.rep, 'Alice Smith');
      assert.equal(row.account, 'Globex');
      assert.equal(row.media_type, 'text/plain');
      assert.equal(new Date(row.meeting_at!).toISOString(), '2025-03-04T15:00:00.000Z');
      const afterCounts = await counts(app);
      assert.equal(afterCounts.transcripts, before.transcripts + 1);
      assert.equal(afterCounts.runs, before.runs + 1);
      assert.ok(afterCounts.jobs > before.jobs, 'the first stage is queued');
    });

    test('each raw type and multipart (octet-stream .vtt/.srt, as curl sends) are accepted', async () => {
      const vtt = `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Alice>Hello Bob, ${randomUUID()}.\n\n00:00:05.000 --> 00:00:08.000\n<v Bob>Hi Alice, what is the price?\n`;
      const srt = `1\n00:00:01,000 --> 00:00:04,000\nAlice: Hello Bob, ${randomUUID()}.\n\n2\n00:00:05,000 --> 00:00:08,000\nBob: Hi Alice.\n`;
      const json = JSON.stringify({ participants: [{ id: 'a', name: 'Alice' }, { id: 'b', name: 'Bob' }], turns: [{ speaker: 'a', text: `Hello ${randomUUID()}` }, { speaker: 'b', text: 'Hi.' }] });
      for (const [type, body] of [['text/vtt', vtt], ['application/x-subrip', srt], ['application/json', json]] as const) {
        const res = await post(`/transcripts?filename=call`, { body, type });
        assert.equal(res.status, 202, `${type}: ${await res.clone().text()}`);
      }
      const res = await post('/transcripts', { body: multipart({ bytes: vtt.replace('Hello', 'Hey'), name: 'zoom call.vtt' }, { rep: 'Alice', meetingAt: '2025-03-04' }) });
      assert.equal(res.status, 202, await res.clone().text());
      const body = (await res.json()) as Record<string, string>;
      assert.equal(body.fileName, 'zoom call.vtt');
      const row = await app.handle.db.selectFrom('stellar.transcripts').selectAll().where('id', '=', body.transcriptId).executeTakeFirstOrThrow();
      assert.equal(row.media_type, 'text/vtt');
      assert.equal(row.rep, 'Alice');
      const s = await post('/transcripts', { body: multipart({ bytes: srt.replace('Hello', 'Hey'), name: 'call.srt', type: 'application/x-subrip' }) });
      assert.equal(s.status, 202);
    });

    test('a name without a name gets a default; a path is dropped from a name and reported', async () => {
      let res = await post('/transcripts', { body: transcript(), type: 'text/plain' });
      assert.equal(((await res.json()) as Record<string, string>).fileName, 'upload.txt');
      res = await post(`/transcripts?name=${encodeURIComponent('../../etc/passwd.txt')}`, { body: transcript(), type: 'text/plain' });
      assert.equal(res.status, 202);
      let body = (await res.json()) as Record<string, unknown>;
      assert.equal(body.fileName, 'passwd.txt');
      assert.equal(body.fileNameSanitised, true);
      res = await post('/transcripts', { body: multipart({ bytes: transcript(), name: 'C:\\Users\\rep\\Desktop\\call.txt' }) });
      body = (await res.json()) as Record<string, unknown>;
      assert.equal(res.status, 202);
      assert.equal(body.fileName, 'call.txt');
      const stored = await app.handle.db.selectFrom('stellar.transcripts').select('file_name').where('id', '=', body.transcriptId as string).executeTakeFirstOrThrow();
      assert.equal(stored.file_name, 'call.txt');
    });

    test('file name rules', () => {
      assert.deepEqual(cleanFileName('call.txt', { fallback: 'x' }), { name: 'call.txt', sanitised: false });
      assert.equal(cleanFileName('  a/b\\c.vtt ', { fallback: 'x' }).name, 'c.vtt');
      assert.equal(cleanFileName(undefined, { fallback: 'upload.txt' }).name, 'upload.txt');
      assert.equal(cleanFileName('Cafe\u0301.txt', { fallback: 'x' }).name, 'Café.txt', 'NFC');
      assert.equal(cleanFileName('a'.repeat(251) + '.txt', { fallback: 'x' }).name.length, 255, '255 bytes is allowed');
      for (const bad of ['a\u202Eb.txt', 'a\u2066b.txt', 'a\u200Fb.txt', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'a\u2028b', '\ud800x.txt', '..', '/', 'a/..', 'a'.repeat(256)]) {
        assert.throws(() => cleanFileName(bad, { fallback: 'x' }), /file name/i, JSON.stringify(bad));
      }
    });

    test('same bytes again: 200 with the existing ids and nothing new; ?force=true: 202 and a new run', async () => {
      const text = transcript();
      const first = await post('/transcripts?name=a.txt', { body: text, type: 'text/plain' });
      assert.equal(first.status, 202);
      const a = (await first.json()) as Record<string, string>;
      const before = await counts(app);
      const again = await post('/transcripts?name=other-name.txt', { body: text, type: 'text/plain' });
      assert.equal(again.status, 200);
      const b = (await again.json()) as Record<string, unknown>;
      assert.equal(b.status, 'duplicate');
      assert.equal(b.duplicate, true);
      assert.equal(b.transcriptId, a.transcriptId);
      assert.equal(b.runId, a.runId);
      // The same bytes as multipart are the same transcript too.
      const mp = await post('/transcripts', { body: multipart({ bytes: text, name: 'a.txt' }) });
      assert.equal(mp.status, 200);
      assert.deepEqual(await counts(app), before, 'a duplicate stores nothing and starts nothing');

      const forced = await post('/transcripts?name=a.txt&force=true', { body: text, type: 'text/plain' });
      assert.equal(forced.status, 202);
      const f = (await forced.json()) as Record<string, unknown>;
      assert.equal(f.transcriptId, a.transcriptId);
      assert.notEqual(f.runId, a.runId);
      assert.equal(f.forced, true);
      const afterForce = await counts(app);
      assert.equal(afterForce.transcripts, before.transcripts);
      assert.equal(afterForce.runs, before.runs + 1);
    });

    test('the same new bytes uploaded 12 times at once: one 202, eleven 200, one transcript, one run', async () => {
      const text = transcript();
      const before = await counts(app);
      const answers = await Promise.all(Array.from({ length: 12 }, () => post('/transcripts?name=race.txt', { body: text, type: 'text/plain' })));
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
      const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as Record<string, string>).transcriptId)));
      assert.equal(ids.size, 1);
      const afterCounts = await counts(app);
      assert.equal(afterCounts.transcripts, before.transcripts + 1);
      assert.equal(afterCounts.runs, before.runs + 1);
    });

    test('the batched store and ingestTranscript write the same rows', async () => {
      const db = app.handle.db;
      const common = { source: 'upload' as const, mediaType: 'text/plain', fileName: 'same.txt', rep: 'Alice', account: 'Globex', meetingAt: new Date('2025-03-04T15:00:00Z'), maxAttempts: app.config.STELLAR_MAX_ATTEMPTS, requireTurns: true };
      const a = transcript();
      const b = transcript();
      const viaIngest = await ingestTranscript(db, { ...common, bytes: Buffer.from(a) });
      const viaStore = await storeTranscript(db, { ...common, bytes: Buffer.from(b) }, b);
      assert.equal(viaStore.duplicate, false);
      const snapshot = async (r: { transcriptId: string; runId: string | null }) => {
        const t = await db.selectFrom('stellar.transcripts').selectAll().where('id', '=', r.transcriptId).executeTakeFirstOrThrow();
        const run = await db.selectFrom('stellar.pipeline_runs').selectAll().where('id', '=', r.runId!).executeTakeFirstOrThrow();
        const stages = await db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', r.runId!).execute();
        const { rows: jobs } = await sql<Record<string, unknown>>`
          select t.identifier, j.payload::text as payload, j.priority, j.max_attempts, j.attempts, j.flags, j.job_queue_id, j.key, j.revision, j.locked_at
          from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where j.key like ${`stage:${r.runId}:%`}`.execute(db);
        const strip = <T extends Record<string, unknown>>(row: T, drop: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k)));
        return {
          transcript: strip(t, ['id', 'content_sha256', 'raw_text', 'received_at']),
          run: strip(run, ['id', 'transcript_id', 'created_at']),
          stages: stages.map((x) => strip(x, ['id', 'run_id', 'queued_at'])),
          jobs: jobs.map((j) => ({ ...j, payload: String(j.payload).replace(r.runId!, 'RUN'), key: String(j.key).replace(r.runId!, 'RUN') })),
        };
      };
      assert.deepEqual(await snapshot(viaStore), await snapshot(viaIngest));
    });

    test('batched store: many at once, same bytes inside one batch, known bytes, and a bad row that fails alone', async () => {
      const db = app.handle.db;
      const known = transcript();
      const first = await storeTranscript(db, { bytes: Buffer.from(known), fileName: 'k.txt', source: 'upload', maxAttempts: 3 }, known);
      const twin = transcript();
      const texts = [...Array.from({ length: 20 }, () => transcript()), twin, twin, twin, known];
      const before = await counts(app);
      const bad = transcript();
      const results = await Promise.allSettled([
        ...texts.map((t, i) => storeTranscript(db, { bytes: Buffer.from(t), fileName: `b${i}.txt`, source: 'upload', maxAttempts: 3 }, t)),
        // Refused by the database (source check constraint): fails its own upload only.
        storeTranscript(db, { bytes: Buffer.from(bad), fileName: 'bad.txt', source: 'bogus' as 'upload', maxAttempts: 3 }, bad),
      ]);
      const ok = results.slice(0, texts.length).map((r) => {
        assert.equal(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : '');
        return (r as PromiseFulfilledResult<Awaited<ReturnType<typeof storeTranscript>>>).value;
      });
      assert.equal(results[texts.length].status, 'rejected');
      assert.equal(ok.slice(0, 20).filter((r) => !r.duplicate).length, 20);
      const twins = ok.slice(20, 23);
      assert.equal(twins.filter((r) => !r.duplicate).length, 1, 'one of the three same uploads owns the transcript');
      assert.equal(new Set(twins.map((r) => r.transcriptId)).size, 1);
      assert.equal(new Set(twins.map((r) => r.runId)).size, 1);
      assert.deepEqual(ok[23], { transcriptId: first.transcriptId, runId: first.runId, duplicate: true });
      const after = await counts(app);
      assert.equal(after.transcripts, before.transcripts + 21);
      assert.equal(after.runs, before.runs + 21);
      assert.equal(after.stages, before.stages + 21);
      assert.equal(after.jobs, before.jobs + 21);
    });

    test('upload jobs run before inbox jobs, inbox before CLI, CLI before reprocessing', async () => {
      const up = (await (await post('/transcripts?name=p.txt', { body: transcript(), type: 'text/plain' })).json()) as Record<string, string>;
      const viaInbox = await ingestTranscript(app.handle.db, { bytes: Buffer.from(transcript()), fileName: 'i.txt', source: 'inbox', maxAttempts: 3 });
      const viaCli = await ingestTranscript(app.handle.db, { bytes: Buffer.from(transcript()), fileName: 'c.txt', source: 'cli', maxAttempts: 3 });
      const priorityOf = async (runId: string) => {
        const { rows } = await sql<{ priority: number; task_identifier: string }>`select priority, task_identifier from graphile_worker.jobs where key = ${`stage:${runId}:parse`}`.execute(app.handle.db);
        assert.equal(rows.length, 1);
        assert.equal(rows[0].task_identifier, 'parse');
        return rows[0].priority;
      };
      const [pu, pi, pc] = [await priorityOf(up.runId), await priorityOf(viaInbox.runId!), await priorityOf(viaCli.runId!)];
      assert.ok(pu < pi && pi < pc, `upload ${pu} < inbox ${pi} < cli ${pc}`);
      assert.ok(pc < stagePriority(PRIORITY.reprocess, 'parse'), 'reprocessing comes last');
    });
  });

  describe('runs', () => {
    test('GET /runs pages newest first with a cursor; filters by status, trigger and since', async () => {
      const all: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await server.request(`/runs?limit=4${cursor ? `&cursor=${cursor}` : ''}`, { headers: AUTH });
        assert.equal(res.status, 200);
        const page = (await res.json()) as { runs: { id: string; createdAt: string; stages: Record<string, string> }[]; nextCursor: string | null };
        assert.ok(page.runs.length <= 4);
        all.push(...page.runs.map((r) => r.id));
        for (const r of page.runs) assert.equal(r.stages.parse, 'queued');
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      const total = (await counts(app)).runs;
      assert.ok(total > 8, `enough runs to page (${total})`);
      assert.equal(all.length, total, 'every run once');
      assert.equal(new Set(all).size, total, 'no run twice');
      const ordered = await app.handle.db.selectFrom('stellar.pipeline_runs').select('id').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      assert.deepEqual(all, ordered.map((r) => r.id));

      const queued = (await (await server.request('/runs?status=queued&limit=100', { headers: AUTH })).json()) as { runs: unknown[] };
      assert.equal(queued.runs.length, total, 'no worker yet: all queued');
      const failed = (await (await server.request('/runs?status=failed,succeeded', { headers: AUTH })).json()) as { runs: unknown[] };
      assert.equal(failed.runs.length, 0);
      const cli = (await (await server.request('/runs?trigger=cli', { headers: AUTH })).json()) as { runs: { trigger: string }[] };
      assert.ok(cli.runs.length >= 1 && cli.runs.every((r) => r.trigger === 'cli'));
      const future = (await (await server.request(`/runs?since=${new Date(Date.now() + 3600_000).toISOString()}`, { headers: AUTH })).json()) as { runs: unknown[]; nextCursor: null };
      assert.deepEqual(future, { runs: [], nextCursor: null });
    });

    test('health: database up, no worker yet → 503 naming the worker; then a worker → 200', async () => {
      let res = await server.request('/healthz');
      assert.equal(res.status, 503);
      let body = (await res.json()) as { status: string; database: { ok: boolean }; worker: { ok: boolean; lastHeartbeatAt: string | null } };
      assert.equal(body.database.ok, true);
      assert.equal(body.worker.ok, false);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      await app.startWorker({ concurrency: 4 });
      // The first beat is written right after the worker starts.
      res = await waitFor('a healthy worker', async () => {
        const r = await server.request('/healthz');
        return r.status === 200 ? r : null;
      }, 120_000);
      body = (await res.json()) as typeof body & { worker: { ageSeconds: number; live: number } };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.status, 'ok');
      assert.equal(typeof body.worker.lastHeartbeatAt, 'string');
      assert.equal(Number.isNaN(Date.parse(body.worker.lastHeartbeatAt!)), false, 'an ISO time');
      assert.equal((await server.request('/readyz')).status, 200);
    });

    test('GET /runs/:id: each stage with state, timings and error once the worker has run it', async () => {
      const up = (await (await post('/transcripts?name=stages.txt', { body: transcript(), type: 'text/plain' })).json()) as Record<string, string>;
      await waitForRuns(app.handle.db, [up.runId], { timeoutMs: 300_000 });
      const res = await server.request(up.statusUrl, { headers: AUTH });
      assert.equal(res.status, 200);
      const run = (await res.json()) as { id: string; trigger: string; status: string; finishedAt: string; stages: { stage: string; status: string; durationMs: number | null; waitMs: number | null; attempt: number; error: string | null }[] };
      assert.equal(run.id, up.runId);
      assert.equal(run.trigger, 'upload');
      assert.ok(['succeeded', 'partial', 'failed'].includes(run.status));
      assert.equal(Number.isNaN(Date.parse(run.finishedAt)), false, `finishedAt ${run.finishedAt}`);
      assert.equal(run.stages[0].stage, 'parse', 'stages in pipeline order');
      assert.equal(run.stages[0].status, 'succeeded');
      assert.equal(run.stages[0].attempt, 1);
      for (const s of run.stages.filter((x) => x.status === 'succeeded')) {
        assert.ok(typeof s.durationMs === 'number' && s.durationMs >= 0, `${s.stage} duration`);
        assert.ok(typeof s.waitMs === 'number', `${s.stage} wait`);
      }
      const t = await server.request(`/transcripts/${up.transcriptId}`, { headers: AUTH });
      assert.equal(t.status, 200);
      const report = (await t.json()) as { transcript: { id: string; fileName: string }; latestRun: { id: string } };
      assert.equal(report.transcript.fileName, 'stages.txt');
      assert.equal(report.latestRun.id, up.runId);
    });
  });

  describe('health and shutdown', () => {
    test('database unreachable: /healthz and /readyz 503 with the reason; an upload 503 database_unavailable', async () => {
      const dead = connect('postgres://postgres@127.0.0.1:1/none', { max: 1 });
      try {
        const s = createServerApp({ db: dead.db, config: app.config, log: app.log });
        const up = await s.request('/transcripts?name=a.txt', { method: 'POST', headers: { ...AUTH, 'content-type': 'text/plain' }, body: transcript() });
        assert.equal(up.status, 503);
        assert.equal((await errorOf(up)).code, 'database_unavailable');
        assert.equal(up.headers.get('retry-after'), '5');
        for (const url of ['/healthz', '/readyz']) {
          const res = await s.request(url);
          assert.equal(res.status, 503, url);
          const body = (await res.json()) as { database: { ok: boolean; error: string }; down?: string[] };
          assert.equal(body.database.ok, false);
          assert.ok(body.database.error);
          if (url === '/healthz') assert.deepEqual(body.down, ['database', 'worker'], 'names what is down');
        }
      } finally {
        await dead.close();
      }
    });

    test('draining: /readyz 503, new requests 503 with Connection: close, /healthz still answers', async () => {
      state.draining = true;
      try {
        assert.equal((await server.request('/readyz')).status, 503);
        const res = await post('/transcripts?name=late.txt', { body: transcript(), type: 'text/plain' });
        assert.equal(res.status, 503);
        assert.equal((await errorOf(res)).code, 'shutting_down');
        assert.equal(res.headers.get('connection'), 'close');
        assert.equal((await server.request('/healthz')).status, 200);
      } finally {
        state.draining = false;
      }
    });

    test('the listening server: 413 before the body is sent, uploads over HTTP, graceful close finishes in-flight requests', async () => {
      const liveState: ServerState = { draining: false };
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const slowEntered = new Promise<void>((r) => (entered = r));
      const live = createServerApp({
        db: app.handle.db,
        config: app.config,
        log: app.log,
        state: liveState,
        mounts: [(a) => a.get('/slow', async (c) => (entered(), await gate, c.json({ finished: true })))],
      });
      const running = await startServer(live, { port: 0, host: '127.0.0.1', log: app.log, state: liveState, maxUploadBytes: LIMIT });
      try {
        // Expect: 100-continue with a Content-Length over the limit: 413 and no "100 Continue".
        const early = await new Promise<{ status: number; continued: boolean; body: string }>((resolve, reject) => {
          let continued = false;
          const req = http.request(`${running.url}/transcripts?name=big.txt`, { method: 'POST', headers: { ...AUTH, 'content-type': 'text/plain', 'content-length': String(10 * 1024 * 1024), expect: '100-continue' } });
          req.on('continue', () => (continued = true));
          req.on('response', (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode!, continued, body }));
          });
          req.on('error', reject);
          req.flushHeaders();
        });
        assert.equal(early.status, 413);
        assert.equal(early.continued, false);
        assert.equal(JSON.parse(early.body).error.code, 'body_too_large');
        // Without Expect: the 413 comes back although the body is never sent.
        const noBody = await new Promise<number>((resolve, reject) => {
          const req = http.request(`${running.url}/transcripts?name=big.txt`, { method: 'POST', headers: { ...AUTH, 'content-type': 'text/plain', 'content-length': String(10 * 1024 * 1024) } });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', reject);
          req.flushHeaders();
        });
        assert.equal(noBody, 413);

        const fd = multipart({ bytes: transcript(), name: 'over-http.txt' });
        const ok = await fetch(`${running.url}/transcripts`, { method: 'POST', headers: AUTH, body: fd });
        assert.equal(ok.status, 202);

        // Graceful close: the in-flight request finishes, new connections are refused.
        const inFlight = fetch(`${running.url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
        await slowEntered;
        // close() marks the server draining and stops listening at once; the in-flight request is let finish.
        const closed = running.close(600_000);
        assert.equal(liveState.draining, true);
        await assert.rejects(
          new Promise((resolve, reject) => {
            const socket = net.connect(running.port, '127.0.0.1');
            socket.on('connect', () => resolve(socket.destroy()));
            socket.on('error', reject);
          }),
          /ECONNREFUSED/,
          'no new connections while draining',
        );
        release();
        assert.deepEqual(await inFlight, { status: 200, body: { finished: true } });
        await closed;
      } finally {
        release();
        await running.close(100);
      }
    });

    test('close() also waits for a handler whose client went away mid-request (the caller closes the database next)', async () => {
      const liveState: ServerState = { draining: false };
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const slowEntered = new Promise<void>((r) => (entered = r));
      const order: string[] = [];
      const live = createServerApp({
        db: app.handle.db,
        config: app.config,
        log: app.log,
        state: liveState,
        mounts: [(a) => a.get('/slow', async (c) => (entered(), await gate, order.push('handler finished'), c.json({ finished: true })))],
      });
      const running = await startServer(live, { port: 0, host: '127.0.0.1', log: app.log, state: liveState, maxUploadBytes: LIMIT });
      const client = new AbortController();
      const aborted = fetch(`${running.url}/slow`, { signal: client.signal }).catch((err: Error) => err.name);
      await slowEntered;
      client.abort();
      assert.equal(await aborted, 'AbortError');
      const serverClosed = once(running.server, 'close');
      const closed = running.close(600_000).then(() => order.push('closed'));
      // Every connection is gone and the listening socket closed; close() must still wait for the handler.
      await serverClosed;
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(order, []);
      release();
      await closed;
      assert.deepEqual(order, ['handler finished', 'closed']);
    });
  });
});

describe('stellar start (npm start): server + worker + inbox in one process, SIGTERM stops it cleanly', () => {
  let app: TestApp;
  let inbox: string;
  before(async () => {
    app = await createTestApp('server_start');
    inbox = mkdtempSync(path.join(tmpdir(), 'stellar-start-inbox-'));
  });
  after(async () => {
    await app?.close();
    rmSync(inbox, { recursive: true, force: true });
  });

  // Generous: tsx compiles the whole app at start, slow on a busy machine. Every step waits for an event, not a time.
  test('boots, takes an upload and an inbox file, runs them, and exits 0 on SIGTERM', { timeout: 600_000 }, async () => {
    writeFileSync(path.join(inbox, 'dropped.txt'), transcript());
    // As `npm start` runs it: the tsx CLI (the worker thread must load TypeScript under it too).
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/tsx'), [path.join(projectRoot, 'bin/cli.ts'), 'start', '--port', '0'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: app.database.url, STELLAR_API_TOKENS: 'start-token', STELLAR_INBOX: inbox, STELLAR_INBOX_STABLE_MS: '200', LOG_LEVEL: 'info', STELLAR_CRONTAB: 'no-such-crontab' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Ready when it logs its "listening" line (or failed if it exits first).
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          lines.push(line);
          try {
            const j = JSON.parse(line) as { msg?: string; url?: string };
            if (j.msg === 'HTTP server listening' && j.url) resolve(j.url);
          } catch {
            /* not JSON */
          }
        }
      });
      void exited.then((code) => reject(new Error(`exited ${code} before listening; stderr: ${stderr}`)));
    });
    try {
      const res = await fetch(`${url}/transcripts?name=started.txt`, { method: 'POST', headers: { authorization: 'Bearer start-token', 'content-type': 'text/plain' }, body: transcript() });
      assert.equal(res.status, 202);
      const up = (await res.json()) as { runId: string };
      await waitForRuns(app.handle.db, [up.runId], { timeoutMs: 300_000 });
      // The inbox file was picked up at start, ingested and moved.
      await waitFor('dropped.txt moved to processed/', async () => existsSync(path.join(inbox, 'processed', 'dropped.txt')), 300_000);
      assert.deepEqual(readdirSync(path.join(inbox, 'processed')), ['dropped.txt']);
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200, 'the in-process worker beats');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, `exit code; stderr: ${stderr}`);
    const messages = lines.map((l) => {
      try {
        return (JSON.parse(l) as { msg: string }).msg;
      } catch {
        return l;
      }
    });
    assert.ok(messages.includes('shutting down'), messages.join(' | '));
    assert.ok(messages.includes('HTTP server closed'));
    assert.ok(messages.includes('stopped'));
    const beats = await app.handle.db.selectFrom('stellar.worker_heartbeats').select(['stopped_at']).execute();
    assert.ok(beats.length >= 1 && beats.every((b) => b.stopped_at !== null), 'the worker marked its heartbeat stopped');
  });
});
