/**
 * Fault suite (issue 11): the model server fails for one call. Six calls
 * through the whole pipeline with STELLAR_PROVIDER=ollama against the scripted
 * server (test/support/fakeOllama.ts); every request about call 4 gets HTTP
 * 500. Its structure stage is retried (the client's retries inside each of
 * the job's attempts), then failed for good with the error recorded, its
 * later stages skipped, the run failed, one alert recorded and delivered to a
 * real webhook receiver. The other five calls are untouched: every stage once,
 * at its first attempt, no alert. Runs in `npm run test:faults`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/app.ts';
import { startFakeOllama, type FakeOllama, type RecordedRequest } from '../support/fakeOllama.ts';
import { pipelineChat } from '../support/modelScript.ts';
import { syntheticTranscript } from '../support/transcripts.ts';
import { assertEveryStageOnce, until } from '../support/faults.ts';
import { ingestTranscript } from '../../src/intake/ingest.ts';
import { waitForRuns } from '../../src/db/queries/runs.ts';
import { STAGES } from '../../src/pipeline/stages.ts';

const CALLS = [1, 2, 3, 4, 5, 6];
const BAD = 4;
const MAX_ATTEMPTS = 3;
const OLLAMA_RETRIES = 1;
/** syntheticTranscript(i) says "call number <i> with …": requests carrying the bad call's text. */
const aboutBadCall = (req: RecordedRequest) => JSON.stringify(req.body ?? '').includes(`call number ${BAD} with`);

describe('the model server failing for one call', { timeout: 600_000 }, () => {
  let app: TestApp;
  let fake: FakeOllama;
  let hook: Server;
  const hookBodies: string[] = [];
  before(async () => {
    fake = await startFakeOllama({
      chat: (req) => (aboutBadCall(req) ? { status: 500, error: 'model runner crashed' } : pipelineChat(req)),
      embed: (req) => (aboutBadCall(req) ? { status: 500, error: 'model runner crashed' } : {}),
    });
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        hookBodies.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
    app = await createTestApp('faults_model', {
      STELLAR_PROVIDER: 'ollama',
      OLLAMA_HOST: fake.url,
      OLLAMA_RETRIES: String(OLLAMA_RETRIES),
      OLLAMA_TIMEOUT_MS: '120000',
      STELLAR_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      ALERT_GROUP_MINUTES: '0',
    });
    await app.startWorker({ concurrency: 4 });
  });
  after(async () => {
    await app?.close();
    await fake?.close();
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
  });

  test("that call's model stage retries then fails for good with an alert; the others finish untouched", async () => {
    const db = app.handle.db;
    const byCall = new Map<number, string>();
    for (const i of CALLS) {
      const r = await ingestTranscript(db, { bytes: Buffer.from(syntheticTranscript(i)), fileName: `model-${i}.txt`, source: 'upload', maxAttempts: MAX_ATTEMPTS });
      byCall.set(i, r.runId!);
    }
    const progress = await waitForRuns(db, [...byCall.values()], { timeoutMs: 540_000 });
    const badRun = byCall.get(BAD)!;
    const goodRuns = CALLS.filter((i) => i !== BAD).map((i) => byCall.get(i)!);

    // The bad call: structure (its first model stage) used every attempt, each with the client's retries.
    assert.equal(progress.find((p) => p.runId === badRun)?.status, 'failed');
    const stages = await db.selectFrom('stellar.stage_runs').select(['stage', 'status', 'attempt', 'error']).where('run_id', '=', badRun).execute();
    const structure = stages.find((s) => s.stage === 'structure');
    assert.equal(structure?.status, 'failed');
    assert.equal(structure?.attempt, MAX_ATTEMPTS, 'the stage job used all its attempts');
    assert.match(structure?.error ?? '', /500/);
    assert.equal(stages.find((s) => s.stage === 'parse')?.status, 'succeeded');
    const later = stages.filter((s) => s.stage !== 'parse' && s.stage !== 'structure');
    assert.equal(later.length, STAGES.length - 2);
    assert.ok(later.every((s) => s.status === 'skipped'), `later stages skipped: ${JSON.stringify(later)}`);
    const badRequests = fake.requests().filter(aboutBadCall);
    assert.equal(badRequests.length, MAX_ATTEMPTS * (1 + OLLAMA_RETRIES), 'each attempt called the model 1 + OLLAMA_RETRIES times');
    assert.ok(badRequests.every((r) => r.endpoint === 'chat'), 'only structure ever asked about it');

    // One alert, for that stage of that run; delivered to the webhook.
    const alerts = await db.selectFrom('stellar.alerts').select(['kind', 'run_id', 'stage']).execute();
    assert.deepEqual(alerts, [{ kind: 'stage_failed', run_id: badRun, stage: 'structure' }]);
    await until('the alert reached the webhook', () => hookBodies.length >= 1, 300_000);
    assert.equal(hookBodies.length, 1);
    assert.match(hookBodies[0], /structure/);
    assert.match(hookBodies[0], new RegExp(`model-${BAD}\\.txt`));

    // The other five: every stage once, at the first attempt.
    const report = await assertEveryStageOnce(db, goodRuns, { embeddings: 'ollama' });
    assert.deepEqual([...report.retried], [], 'no stage of the other calls needed a second attempt');
  });
});
