/**
 * Baserow CRM sync (src/crm/, tasks/sync_crm.ts, finish_run's hand-off) against
 * a Baserow stand-in (test/support/fakeBaserow.ts) that checks every request
 * against Baserow's API shape and answers as Baserow does, errors included.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from './support/app.ts';
import { startFakeBaserow, type FakeBaserow } from './support/fakeBaserow.ts';
import { ingestTranscript } from '../src/intake/ingest.ts';
import { waitForRuns } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import { loadConfig } from '../src/config/index.ts';
import { crmSettings, DEFAULT_FIELD_MAP, FieldMappingError } from '../src/crm/mapping.ts';
import { BASEROW_BATCH_LIMIT, createBaserowClient, PermanentBaserowError, BaserowError } from '../src/crm/client.ts';
import { checkCrmAtStartup } from '../src/crm/startup.ts';
import { addJobInTx } from '../src/runs/handoff.ts';

const TOKEN = 'test-token-123';
const TABLES = { accounts: 11, calls: 12, nextSteps: 13 };
const allFields = (t: keyof typeof DEFAULT_FIELD_MAP) => Object.values(DEFAULT_FIELD_MAP[t]) as string[];
const samplesDir = path.join(projectRoot, 'samples');

function env(fake: FakeBaserow, extra: Record<string, string> = {}) {
  return {
    BASEROW_URL: fake.url,
    BASEROW_TOKEN: TOKEN,
    BASEROW_ACCOUNTS_TABLE_ID: String(TABLES.accounts),
    BASEROW_CALLS_TABLE_ID: String(TABLES.calls),
    BASEROW_NEXT_STEPS_TABLE_ID: String(TABLES.nextSteps),
    STELLAR_PUBLIC_URL: 'https://stellar.example',
    BASEROW_MAX_ATTEMPTS: '3',
    ...extra,
  };
}
const baserowTables = (drop: { table?: keyof typeof TABLES; field?: string } = {}) =>
  (Object.keys(TABLES) as (keyof typeof TABLES)[]).map((t) => ({ id: TABLES[t], fields: allFields(t).filter((f) => !(drop.table === t && drop.field === f)) }));

describe('CRM configuration', () => {
  test('off when unset; half a configuration is an error naming what is missing; the field map is checked', () => {
    assert.equal(crmSettings(loadConfig({})), null);
    assert.throws(() => crmSettings(loadConfig({ BASEROW_URL: 'http://b.example', BASEROW_TOKEN: 't' })), /set BASEROW_ACCOUNTS_TABLE_ID, BASEROW_CALLS_TABLE_ID, BASEROW_NEXT_STEPS_TABLE_ID too/);
    const base = { BASEROW_URL: 'http://b.example/', BASEROW_TOKEN: 't', BASEROW_ACCOUNTS_TABLE_ID: '1', BASEROW_CALLS_TABLE_ID: '2', BASEROW_NEXT_STEPS_TABLE_ID: '3' };
    const s = crmSettings(loadConfig({ ...base, BASEROW_FIELD_MAP: '{"calls":{"rep":"Owner","link":null}}' }))!;
    assert.equal(s.url, 'http://b.example');
    assert.equal(s.fields.calls.rep, 'Owner');
    assert.equal(s.fields.calls.link, null);
    assert.equal(s.fields.calls.date, 'Date');
    assert.throws(() => crmSettings(loadConfig({ ...base, BASEROW_FIELD_MAP: '{calls' })), /BASEROW_FIELD_MAP is not JSON/);
    assert.throws(() => crmSettings(loadConfig({ ...base, BASEROW_FIELD_MAP: '{"calls":{"colour":"Red"}}' })), /BASEROW_FIELD_MAP: calls: Unrecognized key/);
  });
});

describe('Baserow client against the stand-in', () => {
  let fake: FakeBaserow;
  before(async () => {
    fake = await startFakeBaserow({ token: TOKEN, tables: baserowTables() });
  });
  after(async () => {
    await fake?.close();
  });

  test('batches of at most 200; 429 waits Retry-After; 5xx is retryable; 4xx permanent with Baserow\'s error code', async () => {
    const waits: number[] = [];
    const client = createBaserowClient({ url: fake.url, token: TOKEN, sleep: async (ms) => void waits.push(ms) });
    const items = Array.from({ length: 450 }, (_, i) => ({ Action: `step ${i}` }));
    const created = await client.createRows(TABLES.nextSteps, items);
    assert.equal(created.length, 450);
    assert.equal(new Set(created.map((c) => c.id)).size, 450);
    assert.deepEqual(fake.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { items: unknown[] }).items.length), [BASEROW_BATCH_LIMIT, BASEROW_BATCH_LIMIT, 50]);

    fake.script.push({ status: 429, headers: { 'retry-after': '7' }, body: { error: 'ERROR_REQUEST_THROTTLED', detail: 'slow down' } });
    await client.updateRows(TABLES.nextSteps, [{ id: created[0].id, Action: 'changed' }]);
    assert.deepEqual(waits, [7000]);
    assert.equal(fake.tables.get(TABLES.nextSteps)!.rows.get(created[0].id)!.Action, 'changed');

    fake.script.push({ status: 503, body: { error: 'ERROR_SERVICE_UNAVAILABLE' } });
    await assert.rejects(client.listFields(TABLES.calls), (e: unknown) => e instanceof BaserowError && e.retryable && e.status === 503);

    await assert.rejects(client.updateRows(TABLES.nextSteps, [{ id: 999_999, Action: 'x' }]), (e: unknown) => e instanceof PermanentBaserowError && e.code === 'ERROR_ROW_DOES_NOT_EXIST' && !e.retryable);
    await assert.rejects(createBaserowClient({ url: fake.url, token: 'wrong' }).listFields(TABLES.calls), (e: unknown) => e instanceof PermanentBaserowError && e.status === 401 && e.code === 'ERROR_INVALID_ACCESS_TOKEN');
    await client.deleteRows(TABLES.nextSteps, created.map((c) => c.id));
    assert.equal(fake.tables.get(TABLES.nextSteps)!.rows.size, 0);
    assert.deepEqual(fake.violations, []);
  });

  test('start-up check names a mapped field the table lacks', async () => {
    const broken = await startFakeBaserow({ token: TOKEN, tables: baserowTables({ table: 'calls', field: 'Rep' }) });
    try {
      await assert.rejects(checkCrmAtStartup(loadConfig(env(broken))), (e: unknown) => e instanceof FieldMappingError && /table calls \(id 12\) has no field "Rep" \(for rep/.test(e.message));
      assert.equal(await checkCrmAtStartup(loadConfig(env(fake))), true);
      assert.equal(await checkCrmAtStartup(loadConfig({})), false);
    } finally {
      await broken.close();
    }
  });
});

describe('sync_crm through the pipeline', () => {
  let app: TestApp;
  let fake: FakeBaserow;
  const db = () => app.handle.db;
  const ids = new Map<string, string>();
  const crmJobs = () => db().selectFrom('graphile_worker.jobs').selectAll().where('task_identifier', '=', 'sync_crm').execute();
  const untilNoCrmJobs = async () => {
    for (let i = 0; i < 1200 && (await crmJobs()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual((await crmJobs()).map((j) => j.last_error), [], 'sync_crm jobs done');
  };

  before(async () => {
    fake = await startFakeBaserow({ token: TOKEN, tables: baserowTables() });
    app = await createTestApp('crm', env(fake));
    await app.startWorker({ concurrency: 2 });
    const runs: string[] = [];
    for (const f of ['discovery-halden-foods.txt', 'security-review-halden.json']) {
      const r = await ingestTranscript(db(), { bytes: readFileSync(path.join(samplesDir, f)), fileName: f, source: 'cli', maxAttempts: 3 });
      ids.set(f, r.transcriptId);
      runs.push(r.runId!);
    }
    await waitForRuns(db(), runs, { timeoutMs: 180_000 });
    await untilNoCrmJobs();
  });
  after(async () => {
    await app?.close();
    await fake?.close();
  });

  const rowsOf = (t: keyof typeof TABLES) => [...fake.tables.get(TABLES[t])!.rows.values()];

  test('one account row for both calls, a row per call and per next step; remote ids stored; every request well-formed', async () => {
    assert.deepEqual(fake.violations, []);
    assert.deepEqual(rowsOf('accounts').map((r) => r.Name), ['Halden Foods']);
    const calls = rowsOf('calls');
    assert.deepEqual(calls.map((c) => c.Call).sort(), ['discovery-halden-foods.txt', 'security-review-halden.json']);
    for (const c of calls) {
      assert.equal(c.Account, 'Halden Foods');
      assert.match(String(c.Date), /^\d{4}-\d{2}-\d{2}$/);
      assert.match(String(c.Link), /^https:\/\/stellar\.example\/dashboard\/runs\/[0-9a-f-]{36}$/);
      assert.ok(String(c.Participants).length > 0);
      assert.match(String(c.Competitors), /Routelane/);
    }
    const facts = await db().selectFrom('stellar.call_facts').select('facts').execute();
    const nextSteps = facts.reduce((n, f) => n + (f.facts as { nextSteps: unknown[] }).nextSteps.length, 0);
    assert.equal(rowsOf('nextSteps').length, nextSteps);
    const stored = await db().selectFrom('stellar.crm_rows').selectAll().execute();
    assert.equal(stored.length, 1 + 2 + nextSteps);
    for (const s of stored) assert.ok(fake.tables.get(s.table_id)!.rows.has(s.row_id), `${s.kind} ${s.local_key}`);
    assert.ok(fake.requests.every((r) => r.method !== 'GET' || r.path.startsWith('/api/database/fields/table/')));
    assert.equal(fake.requests.filter((r) => r.method === 'GET').length, 3, 'the mapping is checked once per worker process (three tables)');
  });

  test('reprocessing a call updates its rows in place (PATCH), never duplicates', async () => {
    const before = { a: rowsOf('accounts').length, c: rowsOf('calls').length, n: rowsOf('nextSteps').length };
    const patches = fake.requests.filter((r) => r.method === 'PATCH').length;
    const tid = ids.get('security-review-halden.json')!;
    await db().transaction().execute((trx) => addJobInTx(trx, 'reprocess_transcript', { transcriptId: tid }));
    let run: string | undefined;
    for (let i = 0; i < 600 && !run; i++) {
      run = (await db().selectFrom('stellar.pipeline_runs').select('id').where('transcript_id', '=', tid).where('trigger', '=', 'reprocess').executeTakeFirst())?.id;
      if (!run) await new Promise((r) => setTimeout(r, 50));
    }
    await waitForRuns(db(), [run!], { timeoutMs: 120_000 });
    await untilNoCrmJobs();
    assert.deepEqual({ a: rowsOf('accounts').length, c: rowsOf('calls').length, n: rowsOf('nextSteps').length }, before);
    assert.ok(fake.requests.filter((r) => r.method === 'PATCH').length >= patches + 2, 'account and call rows patched');
    const callRow = rowsOf('calls').find((c) => c.Call === 'security-review-halden.json')!;
    assert.ok(String(callRow.Link).endsWith(run!), 'the call row links to the newest run');
    assert.deepEqual(fake.violations, []);
  });

  test('5xx is retried with back-off and then succeeds; the run is never failed by the CRM', async () => {
    const tid = ids.get('discovery-halden-foods.txt')!;
    const lastRun = (await db().selectFrom('stellar.pipeline_runs').select(['id', 'status']).where('transcript_id', '=', tid).executeTakeFirstOrThrow());
    fake.script.push({ status: 502, body: 'Bad Gateway' }, { status: 429, headers: { 'retry-after': '0' } });
    const before = fake.requests.length;
    await db().transaction().execute((trx) => addJobInTx(trx, 'sync_crm', { runId: lastRun.id }, { queueName: 'crm', maxAttempts: 3 }));
    // The first attempt fails (502); graphile-worker schedules the retry ~2 s later: bring it forward.
    for (let i = 0; i < 600; i++) {
      const [j] = await crmJobs();
      if (!j || j.last_error) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [failed] = await crmJobs();
    assert.ok(failed && failed.attempts === 1 && /HTTP 502/.test(failed.last_error ?? ''), JSON.stringify(failed));
    await sql`select graphile_worker.reschedule_jobs(array[${failed.id}::bigint], run_at := now())`.execute(db());
    await untilNoCrmJobs();
    assert.deepEqual(fake.requests.slice(before, before + 2).map((r) => r.status), [502, 429]);
    assert.equal(fake.requests.slice(before + 2).every((r) => r.status === 200 || r.status === 204), true);
    assert.equal((await db().selectFrom('stellar.pipeline_runs').select('status').where('id', '=', lastRun.id).executeTakeFirstOrThrow()).status, lastRun.status);
    assert.equal((await db().selectFrom('stellar.alerts').select('id').where('stage', '=', 'sync_crm').execute()).length, 0, 'no alert for a retried outage');
  });

  test('a 4xx is permanent: one attempt, an alert naming the CRM error, the run untouched', async () => {
    const tid = ids.get('discovery-halden-foods.txt')!;
    const run = await db().selectFrom('stellar.pipeline_runs').select(['id', 'status']).where('transcript_id', '=', tid).executeTakeFirstOrThrow();
    fake.script.push({ status: 400, body: { error: 'ERROR_REQUEST_BODY_VALIDATION', detail: { Date: [{ error: 'Enter a valid date.', code: 'invalid' }] } } });
    await db().transaction().execute((trx) => addJobInTx(trx, 'sync_crm', { runId: run.id }, { queueName: 'crm', maxAttempts: 3 }));
    let alerts: { error: string | null }[] = [];
    for (let i = 0; i < 600 && alerts.length === 0; i++) {
      alerts = await db().selectFrom('stellar.alerts').select('error').where('stage', '=', 'sync_crm').execute();
      if (!alerts.length) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(alerts.length, 1);
    assert.match(alerts[0].error ?? '', /CRM sync: Baserow PATCH .*HTTP 400 ERROR_REQUEST_BODY_VALIDATION/);
    await untilNoCrmJobs();
    assert.equal((await db().selectFrom('stellar.pipeline_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow()).status, run.status);
  });
});
