/**
 * Issue 11, defects 3, 5, 7 and 10 against the real server app and PostgreSQL:
 *   3  every request body has a limit — POST /dashboard/login with a huge form
 *      (declared or streamed) is refused with 413 after reading at most the
 *      limit, not buffered whole;
 *   5  out-of-range, negative and reversed turn times are refused at intake
 *      with 422 invalid_time naming the turn and field (nothing stored);
 *   7  raw and multipart uploads judge a file name by one policy
 *      (?name=invoice.exe and a part named invoice.exe: both 415);
 *   10 malformed WebVTT/SRT cues are refused with 422 invalid_cue naming the
 *      first bad cue (nothing stored); valid files still go in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Hono } from 'hono';
import { createTestApp, type TestApp } from './support/app.ts';
import { createServerApp } from '../src/server/app.ts';
import { mountDashboard } from '../src/server/routes/dashboard.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../src/server/bodyLimits.ts';

const TOKEN = 'refusals-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };

async function stored(app: TestApp): Promise<number> {
  const { rows } = await sql<{ n: string }>`select (select count(*) from stellar.transcripts) + (select count(*) from stellar.pipeline_runs) as n`.execute(app.handle.db);
  return Number(rows[0].n);
}

async function errorOf(res: Response): Promise<{ code: string; message: string; field?: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
  assert.ok(body.error, JSON.stringify(body));
  return body.error;
}

/** A body that streams `total` bytes in 16 KB chunks, counting what the server pulled. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const chunk = new Uint8Array(16 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

describe('intake refusals', () => {
  let app: TestApp;
  let server: Hono;
  before(async () => {
    app = await createTestApp('refusals', { STELLAR_API_TOKENS: TOKEN });
    server = createServerApp({
      db: app.handle.db,
      config: app.config,
      log: app.log,
      mounts: [(hono) => mountDashboard(hono, { config: app.config, log: app.log, db: app.handle.db })],
    });
  });
  after(async () => {
    await app?.close();
  });

  const upload = (query: string, body: string, type: string) =>
    server.request(`/transcripts?${query}`, { method: 'POST', headers: { ...AUTH, 'content-type': type }, body });

  describe('defect 3: bounded bodies', () => {
    test('a declared 400 MB log-in form is refused with 413 before it is read', async () => {
      const { stream, pulled } = countingStream(400 * 1024 * 1024);
      const res = await server.request('/dashboard/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(400 * 1024 * 1024) },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      assert.equal(res.status, 413);
      assert.equal((await errorOf(res)).code, 'body_too_large');
      assert.ok(pulled() <= 2 * 16 * 1024, `pulled ${pulled()} bytes`);
    });

    test('a streamed (chunked) log-in form is cut off as soon as it passes the limit', async () => {
      const { stream, pulled } = countingStream(50 * 1024 * 1024);
      const res = await server.request('/dashboard/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      assert.equal(res.status, 413);
      assert.ok(pulled() <= DEFAULT_MAX_BODY_BYTES + 3 * 16 * 1024, `pulled ${pulled()} of 50 MB`);
    });

    test('a normal log-in form still works (wrong token → 401, right token → 303)', async () => {
      const form = (token: string) => new URLSearchParams({ token, next: '/' }).toString();
      const bad = await server.request('/dashboard/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form('nope') });
      assert.equal(bad.status, 401);
      const good = await server.request('/dashboard/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(TOKEN) });
      assert.equal(good.status, 303);
    });
  });

  describe('defect 5: turn times', () => {
    const cases: { name: string; turns: unknown[]; field: string; turn: number; words: RegExp }[] = [
      { name: 'start 1e300 s', turns: [{ speaker: 'Ann', start: 1e300, end: 2, text: 'Hello.' }], field: 'turns[0].start', turn: 1, words: /past 24 hours/ },
      { name: 'end_ms 1e300', turns: [{ speaker: 'Ann', text: 'Hi.' }, { speaker: 'Bo', start_ms: 5, end_ms: 1e300, text: 'Hello.' }], field: 'turns[1].end_ms', turn: 2, words: /past 24 hours/ },
      { name: 'negative start', turns: [{ speaker: 'Ann', start: 1, end: 2, text: 'Hi.' }, { speaker: 'Bo', start: -3, end: 4, text: 'Yes.' }], field: 'turns[1].start', turn: 2, words: /negative/ },
      { name: 'end before start', turns: [{ speaker: 'Ann', start: 10, end: 4, text: 'Hi.' }], field: 'turns[0].end', turn: 1, words: /ends .* before it starts/ },
      { name: 'not a time', turns: [{ speaker: 'Ann', start: 'soon', end: 4, text: 'Hi.' }], field: 'turns[0].start', turn: 1, words: /not a time/ },
    ];
    for (const c of cases) {
      test(`${c.name}: 422 invalid_time naming turn ${c.turn} and ${c.field}; nothing stored`, async () => {
        const before = await stored(app);
        const res = await upload('name=call.json', JSON.stringify({ participants: [], turns: c.turns }), 'application/json');
        assert.equal(res.status, 422);
        const err = await errorOf(res);
        assert.equal(err.code, 'invalid_time');
        assert.equal(err.field, c.field);
        assert.match(err.message, new RegExp(`turn ${c.turn} `));
        assert.match(err.message, c.words);
        assert.equal(await stored(app), before);
      });
    }

    test('a bare array of turns names its index the same way', async () => {
      const res = await upload('name=a.json', JSON.stringify([{ speaker: 'A', start: 1, end: 2, text: 'x' }, { speaker: 'B', start: 1e300, text: 'y' }]), 'application/json');
      assert.equal(res.status, 422);
      assert.equal((await errorOf(res)).field, 'turns[1].start');
    });

    test('valid times still go in', async () => {
      const res = await upload('name=ok.json', JSON.stringify({ turns: [{ speaker: 'Ann', start: 0, end: 2.5, text: 'Hi.' }, { speaker: 'Bo', start: 2.5, end: 4, text: 'Hello.' }] }), 'application/json');
      assert.equal(res.status, 202);
    });
  });

  describe('defect 10: malformed cues are refused, naming the first bad one', () => {
    const vtt = (...cues: string[]) => `WEBVTT\n\n${cues.join('\n\n')}\n`;
    const ok1 = '00:00:01.000 --> 00:00:02.000\nAnn: Hello there.';
    const ok2 = '00:00:03.000 --> 00:00:04.000\nBo: Hi.';
    const cases: { name: string; body: string; type: string; file: string; cue: number; words: RegExp }[] = [
      { name: 'VTT with commas', body: vtt(ok1, '00:00:03,000 --> 00:00:04,000\nBo: Hi.'), type: 'text/vtt', file: 'a.vtt', cue: 2, words: /full stop/ },
      { name: 'VTT with 61 seconds', body: vtt(ok1, ok2, '00:00:61.000 --> 00:01:02.000\nAnn: Late.'), type: 'text/vtt', file: 'a.vtt', cue: 3, words: /seconds must be 00-59/ },
      { name: 'VTT with a missing arrow', body: vtt(ok1, '00:00:03.000 00:00:04.000\nBo: Hi.'), type: 'text/vtt', file: 'a.vtt', cue: 2, words: /"-->".*missing/ },
      { name: 'VTT cue ending before it starts', body: vtt('00:00:05.000 --> 00:00:02.000\nAnn: Backwards.', ok2), type: 'text/vtt', file: 'a.vtt', cue: 1, words: /ends .* before it starts/ },
      { name: 'VTT cue going back in time', body: vtt(ok2, ok1), type: 'text/vtt', file: 'a.vtt', cue: 2, words: /before the cue before it/ },
      { name: 'SRT with 61 seconds', body: '1\n00:00:01,000 --> 00:00:02,000\nANN: Hello.\n\n2\n00:00:61,000 --> 00:01:02,000\nBO: Hi.\n', type: 'application/x-subrip', file: 'a.srt', cue: 2, words: /seconds must be 00-59/ },
      { name: 'SRT with minutes 75', body: '1\n00:75:01,000 --> 00:75:02,000\nANN: Hello.\n', type: 'application/x-subrip', file: 'a.srt', cue: 1, words: /minutes must be 00-59/ },
    ];
    for (const c of cases) {
      test(`${c.name}: 422 invalid_cue naming cue ${c.cue}; nothing stored`, async () => {
        const before = await stored(app);
        const res = await upload(`name=${c.file}`, c.body, c.type);
        assert.equal(res.status, 422);
        const err = await errorOf(res);
        assert.equal(err.code, 'invalid_cue');
        assert.match(err.message, new RegExp(`cue ${c.cue} \\(line \\d+\\)`));
        assert.match(err.message, c.words);
        assert.match(err.field ?? '', new RegExp(`^cue ${c.cue} `));
        assert.equal(await stored(app), before);
      });
    }

    test('well-formed cues, overlapping ones included, still go in', async () => {
      const res = await upload('name=fine.vtt', vtt(ok1, '00:00:01.500 --> 00:00:03.000\nBo: Overlap.', '00:00:03.000 --> 00:00:04.000 align:start\nAnn: Settings are fine.'), 'text/vtt');
      assert.equal(res.status, 202, JSON.stringify(await res.clone().json()));
    });
  });

  describe('defect 7: one file-name policy for raw and multipart uploads', () => {
    const body = 'Ann: Hello.\nBo: Hi there.\n';
    const multipart = (name: string, type: string) => {
      const fd = new FormData();
      fd.set('file', new File([body + name], name, { type }));
      return server.request('/transcripts', { method: 'POST', headers: AUTH, body: fd });
    };
    test('invoice.exe is refused (415) raw, as a typed part and as an octet-stream part; nothing stored', async () => {
      const before = await stored(app);
      const answers = [
        await upload('name=invoice.exe', body + 'raw', 'text/plain'),
        await multipart('invoice.exe', 'text/plain'),
        await multipart('invoice.exe', 'application/octet-stream'),
      ];
      for (const res of answers) {
        assert.equal(res.status, 415);
        const err = await errorOf(res);
        assert.equal(err.code, 'unsupported_media_type');
        assert.match(err.message, /"\.exe" is not a transcript file/);
      }
      assert.equal(await stored(app), before);
    });
    test('call.vtt and a name without an extension are taken both ways', async () => {
      assert.equal((await upload('name=call.txt', body + 'raw-txt', 'text/plain')).status, 202);
      assert.equal((await multipart('call.txt', 'application/octet-stream')).status, 202);
      assert.equal((await upload('name=notes', body + 'raw-noext', 'text/plain')).status, 202);
      assert.equal((await multipart('notes', 'text/plain')).status, 202);
      // Without an extension and without a transcript type, nothing says what it is.
      assert.equal((await multipart('notes2', 'application/octet-stream')).status, 415);
    });
  });
});
