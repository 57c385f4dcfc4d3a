/**
 * The inbox folder (src/intake/inbox.ts) against the real PostgreSQL: files
 * present at start, a file written slowly in pieces (taken only when
 * complete), rejected files with their .error.json (and nothing stored),
 * duplicates and a crash between commit and move (no second run), name
 * collisions, ignored temporary names, a database outage (the file waits),
 * a restart in the middle of a burst (none lost, none twice), and a burst of
 * 500 files dropped at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { startInbox, type Inbox, type InboxOutcome } from '../src/intake/inbox.ts';
import { ingestTranscript, sha256 } from '../src/intake/ingest.ts';
import { connect } from '../src/db/index.ts';

const STABLE_MS = 300;
/**
 * For the files written in pieces: the pieces come WRITE_GAP_MS apart, a
 * twentieth of the stability time these tests use, so even a machine that
 * stalls for over a second does not make a pause look like the end of a file.
 */
const SLOW_STABLE_MS = 2000;
const WRITE_GAP_MS = SLOW_STABLE_MS / 20;
const MAX_BYTES = 64 * 1024;

function transcript(tag = randomUUID()): string {
  return `Alice: Thanks for joining, ${tag}.\nBob: Glad to be here. What does it cost?\nAlice: Ten thousand a year.\n`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const files = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name).sort();

describe('inbox folder', () => {
  let app: TestApp;
  const dirs: string[] = [];
  const inboxes: Inbox[] = [];

  before(async () => {
    app = await createTestApp('inbox', { STELLAR_MAX_UPLOAD_BYTES: String(MAX_BYTES) });
  });
  after(async () => {
    await Promise.allSettled(inboxes.map((i) => i.stop()));
    await app?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function newDir(): string {
    const d = mkdtempSync(path.join(tmpdir(), 'stellar-inbox-'));
    dirs.push(d);
    return d;
  }

  async function start(dir: string, extra: { onOutcome?: (o: InboxOutcome) => void; concurrency?: number; db?: TestApp['handle']['db']; rescanMs?: number; stableMs?: number } = {}): Promise<Inbox> {
    const inbox = await startInbox({
      dir,
      db: extra.db ?? app.handle.db,
      config: app.config,
      log: app.log,
      stableMs: extra.stableMs ?? STABLE_MS,
      rescanMs: extra.rescanMs ?? 0,
      concurrency: extra.concurrency,
      onOutcome: extra.onOutcome,
    });
    inboxes.push(inbox);
    return inbox;
  }

  async function counts(): Promise<{ transcripts: number; runs: number }> {
    const { rows } = await sql<{ t: string; r: string }>`select (select count(*) from stellar.transcripts) as t, (select count(*) from stellar.pipeline_runs) as r`.execute(app.handle.db);
    return { transcripts: Number(rows[0].t), runs: Number(rows[0].r) };
  }

  test('files already in the folder are taken at start; inbox runs are triggered "inbox"', async () => {
    const dir = newDir();
    const texts = ['a.txt', 'b.vtt', 'c.srt'].map((name) => [name, name.endsWith('.vtt') ? `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Alice>Hi ${randomUUID()}\n\n00:00:03.000 --> 00:00:04.000\n<v Bob>Hello\n` : name.endsWith('.srt') ? `1\n00:00:01,000 --> 00:00:02,000\nAlice: Hi ${randomUUID()}\n\n2\n00:00:03,000 --> 00:00:04,000\nBob: Hello\n` : transcript()] as const);
    for (const [name, text] of texts) writeFileSync(path.join(dir, name), text);
    const inbox = await start(dir);
    await waitFor('three processed files', () => files(path.join(dir, 'processed')).length === 3);
    await inbox.idle();
    assert.deepEqual(files(dir), []);
    for (const [name, text] of texts) {
      const row = await app.handle.db.selectFrom('stellar.transcripts').selectAll().where('content_sha256', '=', sha256(Buffer.from(text))).executeTakeFirstOrThrow();
      assert.equal(row.file_name, name);
      assert.equal(row.source, 'inbox');
      const run = await app.handle.db.selectFrom('stellar.pipeline_runs').selectAll().where('transcript_id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(run.trigger, 'inbox');
    }
    await inbox.stop();
  });

  test('a file written slowly in pieces is taken only once complete', async () => {
    const dir = newDir();
    const outcomes: InboxOutcome[] = [];
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o), stableMs: SLOW_STABLE_MS });
    // Every prefix made of whole lines is itself a valid transcript: taking it early would store the wrong bytes.
    const lines = Array.from({ length: 8 }, (_, i) => `${i % 2 ? 'Bob' : 'Alice'}: line ${i} ${randomUUID()}\n`);
    const full = lines.join('');
    const before = await counts();
    const fh = await open(path.join(dir, 'slow.txt'), 'w');
    for (const line of lines) {
      await fh.write(line);
      await sleep(WRITE_GAP_MS);
      assert.ok(existsSync(path.join(dir, 'slow.txt')), 'not taken while it is still growing');
      assert.equal(outcomes.length, 0);
    }
    await fh.close();
    await waitFor('the slow file processed', () => outcomes.length === 1);
    assert.equal(outcomes[0].status, 'ingested');
    const row = await app.handle.db.selectFrom('stellar.transcripts').select(['content_sha256', 'raw_text']).where('file_name', '=', 'slow.txt').executeTakeFirstOrThrow();
    assert.equal(row.content_sha256, sha256(Buffer.from(full)), 'the complete file, not a prefix');
    assert.deepEqual(await counts(), { transcripts: before.transcripts + 1, runs: before.runs + 1 });
    assert.deepEqual(files(path.join(dir, 'processed')), ['slow.txt']);
    await inbox.stop();
  });

  test('a file present at start but still being written is not taken early either', async () => {
    const dir = newDir();
    const fh = await open(path.join(dir, 'growing.txt'), 'w');
    await fh.write('Alice: first part\nBob: answer\n');
    const outcomes: InboxOutcome[] = [];
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o), stableMs: SLOW_STABLE_MS });
    for (let i = 0; i < 4; i++) {
      await sleep(WRITE_GAP_MS);
      await fh.write(`Alice: more ${i}\n`);
    }
    await fh.close();
    await waitFor('the growing file processed', () => outcomes.length === 1);
    const row = await app.handle.db.selectFrom('stellar.transcripts').select('raw_text').where('file_name', '=', 'growing.txt').executeTakeFirstOrThrow();
    assert.match(row.raw_text, /Alice: more 3\n$/);
    await inbox.stop();
  });

  test('refused files go to rejected/ with <name>.error.json; nothing is stored', async () => {
    const dir = newDir();
    const outcomes: InboxOutcome[] = [];
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o) });
    const before = await counts();
    const longStem = 'n'.repeat(247);
    const bad: [string, string | Buffer, string, number][] = [
      ['notes.txt', 'Just notes about the call; nobody is speaking here.', 'no_turns', 422],
      ['empty.txt', '', 'empty_file', 422],
      ['latin1.txt', Buffer.from('Alice: Caf\xe9\nBob: Oui\n', 'latin1'), 'not_utf8', 422],
      ['image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'binary_content', 415],
      ['slides.pdf', '%PDF-1.4\n', 'unsupported_media_type', 415],
      ['recording.mp3', Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0]), 'unsupported_media_type', 415],
      ['big.txt', 'Alice: ' + 'x'.repeat(MAX_BYTES), 'body_too_large', 413],
      ['invoice\u202Etxt.vtt', transcript(), 'invalid_file_name', 422],
      [`${longStem}.txt`, 'only prose, again', 'no_turns', 422],
    ];
    for (const [name, content] of bad) writeFileSync(path.join(dir, name), content);
    await waitFor('all refused', () => outcomes.length === bad.length);
    const rejected = path.join(dir, 'rejected');
    for (const [name, , code, status] of bad) {
      const outcome = outcomes.find((o) => o.file === name);
      assert.ok(outcome && outcome.status === 'rejected', `${name}: ${JSON.stringify(outcome)}`);
      assert.ok(existsSync(path.join(rejected, name)), `${name} moved to rejected/`);
      const errorFile = Buffer.byteLength(name + '.error.json') <= 255 ? path.join(rejected, name + '.error.json') : path.join(rejected, readdirSync(rejected).find((f) => f.startsWith(longStem.slice(0, 200)) && f.endsWith('.error.json'))!);
      const report = JSON.parse(readFileSync(errorFile, 'utf8')) as { file: string; error: { code: string; status: number; message: string }; rejectedAt: string };
      assert.equal(report.file, name);
      assert.equal(report.error.code, code, `${name}: ${report.error.message}`);
      assert.equal(report.error.status, status);
      assert.ok(report.error.message.length > 10);
      assert.ok(!Number.isNaN(Date.parse(report.rejectedAt)));
    }
    assert.deepEqual(files(dir), [], 'nothing left in the inbox');
    assert.deepEqual(files(path.join(dir, 'processed')), []);
    assert.deepEqual(await counts(), before, 'a refused file stores nothing and starts no run');
    await inbox.stop();
  });

  test('symbolic links are refused, not followed', async () => {
    const dir = newDir();
    const outside = path.join(newDir(), 'secret.txt');
    writeFileSync(outside, transcript());
    symlinkSync(outside, path.join(dir, 'link.txt'));
    const outcomes: InboxOutcome[] = [];
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o) });
    await waitFor('the link refused', () => outcomes.length === 1);
    assert.equal(outcomes[0].status, 'rejected');
    assert.equal(readFileSync(outside, 'utf8').length > 0, true, 'the target is untouched');
    await inbox.stop();
  });

  test('same bytes again, and a crash between commit and move: moved to processed/, no second run', async () => {
    const dir = newDir();
    const text = transcript();
    // As if a previous watcher committed this file and died before moving it.
    const earlier = await ingestTranscript(app.handle.db, { bytes: Buffer.from(text), fileName: 'crash.txt', source: 'inbox', requireTurns: true, maxAttempts: 3 });
    writeFileSync(path.join(dir, 'crash.txt'), text);
    const before = await counts();
    const outcomes: InboxOutcome[] = [];
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o) });
    await waitFor('processed', () => outcomes.length === 1);
    assert.equal(outcomes[0].status, 'duplicate');
    assert.equal(outcomes[0].status === 'duplicate' && outcomes[0].transcriptId, earlier.transcriptId);
    // Same name, other bytes: kept apart, nothing overwritten.
    writeFileSync(path.join(dir, 'crash.txt'), transcript());
    await waitFor('the second crash.txt', () => outcomes.length === 2);
    assert.equal(outcomes[1].status, 'ingested');
    assert.deepEqual(files(path.join(dir, 'processed')), ['crash-1.txt', 'crash.txt']);
    assert.equal(readFileSync(path.join(dir, 'processed', 'crash.txt'), 'utf8'), text);
    assert.deepEqual(await counts(), { transcripts: before.transcripts + 1, runs: before.runs + 1 });
    await inbox.stop();
  });

  test('temporary names are ignored until renamed; the rescan catches what events miss', async () => {
    const dir = newDir();
    const outcomes: InboxOutcome[] = [];
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o), rescanMs: 500 });
    writeFileSync(path.join(dir, '.hidden.txt'), transcript());
    writeFileSync(path.join(dir, 'upload.txt.part'), transcript());
    writeFileSync(path.join(dir, 'draft.txt~'), transcript());
    await sleep(STABLE_MS * 3);
    assert.equal(outcomes.length, 0);
    renameSync(path.join(dir, 'upload.txt.part'), path.join(dir, 'upload.txt'));
    await waitFor('the renamed file', () => outcomes.length === 1);
    assert.equal(outcomes[0].file, 'upload.txt');
    assert.deepEqual(files(dir), ['.hidden.txt', 'draft.txt~']);
    await inbox.stop();
  });

  test('database unreachable: the file stays in the inbox (not rejected) and is retried', async () => {
    const dir = newDir();
    const dead = connect('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    const outcomes: InboxOutcome[] = [];
    writeFileSync(path.join(dir, 'waiting.txt'), transcript());
    const inbox = await start(dir, { onOutcome: (o) => outcomes.push(o), db: dead.db });
    await waitFor('a retry', () => outcomes.length >= 1);
    assert.equal(outcomes[0].status, 'retry');
    await inbox.stop();
    await dead.close();
    assert.deepEqual(files(dir), ['waiting.txt']);
    assert.deepEqual(files(path.join(dir, 'rejected')), []);
    // Back up: the next start takes it.
    const again = await start(dir);
    await waitFor('processed after the outage', () => files(path.join(dir, 'processed')).length === 1);
    await again.stop();
  });

  test('a restart in the middle of a burst loses none and ingests none twice', { timeout: 600_000 }, async () => {
    const dir = newDir();
    const n = 150;
    const texts = Array.from({ length: n }, (_, i) => [`burst-${String(i).padStart(3, '0')}.txt`, transcript(`restart ${i} ${randomUUID()}`)] as const);
    const before = await counts();
    let firstDone = 0;
    const first = await start(dir, { concurrency: 2, onOutcome: () => firstDone++ });
    for (const [name, text] of texts) writeFileSync(path.join(dir, name), text);
    await waitFor('some of the burst', () => firstDone >= 30);
    await first.stop();
    const left = files(dir).length;
    assert.ok(left > 0 && left < n, `stopped mid-burst (${left} of ${n} left)`);
    // Between the two watchers, a crash after commit: one file's bytes are stored but the file is still here.
    const [crashName, crashText] = texts.find(([name]) => existsSync(path.join(dir, name)))!;
    await ingestTranscript(app.handle.db, { bytes: Buffer.from(crashText), fileName: crashName, source: 'inbox', requireTurns: true, maxAttempts: 3 });

    const outcomes: InboxOutcome[] = [];
    const second = await start(dir, { concurrency: 4, onOutcome: (o) => outcomes.push(o) });
    await waitFor('the rest of the burst', () => files(path.join(dir, 'processed')).length === n, 300_000);
    await second.idle();
    await second.stop();

    assert.deepEqual(files(dir), []);
    assert.deepEqual(files(path.join(dir, 'processed')), texts.map(([name]) => name).sort(), 'every file once, under its own name');
    assert.deepEqual(await counts(), { transcripts: before.transcripts + n, runs: before.runs + n }, 'one transcript and one run per file');
    const perFile = await sql<{ n: string }>`
      select count(r.id) as n from stellar.transcripts t join stellar.pipeline_runs r on r.transcript_id = t.id
      where t.file_name like 'burst-%' group by t.id having count(r.id) <> 1`.execute(app.handle.db);
    assert.equal(perFile.rows.length, 0, 'no transcript with two runs');
    assert.equal(outcomes.filter((o) => o.status === 'duplicate').length, 1, 'the crashed one is recognised, not re-run');
  });

  test('a burst of 500 files dropped at once is all ingested', { timeout: 600_000 }, async () => {
    const dir = newDir();
    const n = 500;
    const before = await counts();
    const inbox = await start(dir, { concurrency: 4 });
    const started = Date.now();
    for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `call-${i}.txt`), transcript(`burst500 ${i} ${randomUUID()}`));
    await waitFor('500 processed', () => files(path.join(dir, 'processed')).length === n, 300_000);
    const seconds = (Date.now() - started) / 1000;
    await inbox.idle();
    await inbox.stop();
    assert.deepEqual(files(dir), []);
    assert.deepEqual(files(path.join(dir, 'rejected')), []);
    assert.deepEqual(await counts(), { transcripts: before.transcripts + n, runs: before.runs + n });
    const stats = inbox.stats();
    assert.equal(stats.ingested, n);
    app.log.info({ seconds }, 'inbox burst of 500');
  });
});
