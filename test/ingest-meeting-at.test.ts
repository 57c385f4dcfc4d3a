/**
 * Intake (src/pipeline/ingest.ts): a meeting date given with a forced re-ingest of
 * bytes already stored is recorded on the transcript (it used to be ignored), and
 * without force nothing changes. Real Postgres, own database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type DbHandle } from '../src/db/index.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { createTestDatabase, type TestDatabase } from './support/db.ts';
import { syntheticTranscript } from './support/transcripts.ts';

describe('ingest --meeting-at on stored bytes', () => {
  let database: TestDatabase;
  let handle: DbHandle;
  before(async () => {
    database = await createTestDatabase('meeting_at');
    handle = connect(database.url);
  });
  after(async () => {
    await handle.close();
    await database.drop();
  });

  const meetingOf = async (id: string) =>
    (await handle.db.selectFrom('stellar.transcripts').select('meeting_at').where('id', '=', id).executeTakeFirstOrThrow()).meeting_at;

  it('records the date given with --force, and leaves it alone without force', async () => {
    const bytes = Buffer.from(syntheticTranscript(4242));
    const first = await ingestTranscript(handle.db, { bytes, fileName: 'call.txt', source: 'cli', maxAttempts: 3 });
    assert.equal(await meetingOf(first.transcriptId), null);

    const unforced = await ingestTranscript(handle.db, { bytes, fileName: 'call.txt', source: 'cli', maxAttempts: 3, meetingAt: new Date('2026-10-06T00:00:00Z') });
    assert.equal(unforced.duplicate, true);
    assert.equal(await meetingOf(first.transcriptId), null, 'no new run, nothing changed');

    const forced = await ingestTranscript(handle.db, { bytes, fileName: 'call.txt', source: 'cli', maxAttempts: 3, force: true, meetingAt: new Date('2026-10-06T00:00:00Z') });
    assert.equal(forced.transcriptId, first.transcriptId);
    assert.notEqual(forced.runId, first.runId);
    assert.equal(new Date(await meetingOf(first.transcriptId) as Date).toISOString(), '2026-10-06T00:00:00.000Z');

    const again = await ingestTranscript(handle.db, { bytes, fileName: 'call.txt', source: 'cli', maxAttempts: 3, force: true });
    assert.equal(new Date(await meetingOf(again.transcriptId) as Date).toISOString(), '2026-10-06T00:00:00.000Z', 'a forced run without a date keeps the stored one');
  });
});
