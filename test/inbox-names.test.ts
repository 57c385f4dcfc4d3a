/**
 * Issue 11, defect 6: a file in the inbox whose name is not valid UTF-8 is
 * rejected — moved to rejected/ under a readable name, with its .error.json
 * (code invalid_file_name, the original name bytes in hex) — both when it is
 * there at start and when it is dropped in later; nothing is stored, and
 * UTF-8 names beside it are ingested as before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { startInbox, type Inbox, type InboxOutcome } from '../src/intake/inbox.ts';

const body = (tag: string) => `Alice: Thanks for joining, ${tag}.\nBob: Glad to be here.\n`;

/** Resolves with the outcomes once `n` have arrived (a safety-net timeout only). */
function outcomes(n: number): { onOutcome: (o: InboxOutcome) => void; all: Promise<InboxOutcome[]> } {
  const seen: InboxOutcome[] = [];
  let done!: (v: InboxOutcome[]) => void;
  const all = new Promise<InboxOutcome[]>((resolve, reject) => {
    done = resolve;
    setTimeout(() => reject(new Error(`only ${seen.length} of ${n} outcomes: ${JSON.stringify(seen)}`)), 60_000).unref();
  });
  return {
    onOutcome: (o) => {
      seen.push(o);
      if (seen.length === n) done(seen);
    },
    all,
  };
}

describe('inbox: names that are not UTF-8', () => {
  let app: TestApp;
  let dir: string;
  let inbox: Inbox | undefined;
  before(async () => {
    app = await createTestApp('inbox_names');
    dir = mkdtempSync(path.join(tmpdir(), 'stellar-inbox-names-'));
  });
  after(async () => {
    await inbox?.stop();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('rejected with .error.json at start and when dropped in later; nothing left behind', async () => {
    // "résumé.txt" in Latin-1: 0xE9 is not valid UTF-8.
    const latin1 = Buffer.from([0x72, 0xe9, 0x73, 0x75, 0x6d, 0xe9, 0x2e, 0x74, 0x78, 0x74]);
    writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), latin1]), body('latin1 at start'));
    writeFileSync(path.join(dir, 'fine.txt'), body('utf8 at start'));
    const first = outcomes(2);
    inbox = await startInbox({ dir, db: app.handle.db, config: app.config, log: app.log, stableMs: 100, rescanMs: 0, onOutcome: (o) => first.onOutcome(o) });
    const got = await first.all;
    const rejected = got.find((o) => o.status === 'rejected');
    assert.ok(rejected && rejected.status === 'rejected', JSON.stringify(got));
    assert.equal(rejected.error.code, 'invalid_file_name');
    assert.equal(rejected.error.status, 422);
    assert.equal(rejected.file, 'r_sum_.txt');
    assert.ok(got.some((o) => o.status === 'ingested' && o.file === 'fine.txt'));

    const report = JSON.parse(readFileSync(path.join(dir, 'rejected', 'r_sum_.txt.error.json'), 'utf8'));
    assert.equal(report.error.code, 'invalid_file_name');
    assert.equal(report.fileNameBytes, latin1.toString('hex'));
    assert.match(report.error.message, /not valid UTF-8/);
    assert.equal(readFileSync(path.join(dir, 'rejected', 'r_sum_.txt'), 'utf8'), body('latin1 at start'));

    // Dropped in while watching: the watcher's event leads to the byte-wise rescan.
    const later = outcomes(1);
    const more = (o: InboxOutcome) => later.onOutcome(o);
    await inbox.stop();
    inbox = await startInbox({ dir, db: app.handle.db, config: app.config, log: app.log, stableMs: 100, rescanMs: 0, onOutcome: more });
    const cp1252 = Buffer.from([0x63, 0x61, 0x6c, 0x6c, 0x96, 0x32, 0x2e, 0x74, 0x78, 0x74]); // "call–2.txt" in Windows-1252
    writeFileSync(Buffer.concat([Buffer.from(dir + path.sep), cp1252]), body('cp1252 later'));
    const [late] = await later.all;
    assert.equal(late.status, 'rejected');
    assert.equal(late.file, 'call_2.txt');

    // Nothing left in the inbox but its two folders; only fine.txt stored.
    assert.deepEqual(readdirSync(dir).sort(), ['processed', 'rejected']);
    const { rows } = await sql<{ n: string }>`select count(*) as n from stellar.transcripts`.execute(app.handle.db);
    assert.equal(Number(rows[0].n), 1);
  });
});
