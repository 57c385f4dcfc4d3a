/**
 * sync_crm: writes a finished run's account, call and next steps to Baserow
 * (src/crm/). Queued by finish_run in the run-closing transaction when the CRM
 * is configured; runs in its own `crm` queue, one job at a time. The field
 * mapping is checked against the tables once per worker process before the
 * first write. 429 is waited out (Retry-After), 5xx and network errors retry
 * with back-off; a 4xx, a wrong mapping or the last failed attempt records an
 * alert (group `stage:sync_crm`) and ends the job. The run is long closed:
 * nothing here can fail it.
 */
import type { TaskFactory } from '../src/pipeline/runtime.ts';
import { crmSettings, checkFieldMapping, FieldMappingError } from '../src/crm/mapping.ts';
import { BaserowError, createBaserowClient } from '../src/crm/client.ts';
import { syncRunToCrm } from '../src/crm/sync.ts';
import { recordAlert } from '../src/alerts/record.ts';

const syncCrm: TaskFactory<'sync_crm'> = (rt) => async ({ runId }, helpers) => {
  const log = rt.log.child({ task: 'sync_crm', runId, attempt: helpers.job.attempts });
  const settings = crmSettings(rt.config);
  if (!settings) {
    log.info('no Baserow CRM configured; nothing to do');
    return;
  }
  const client = createBaserowClient({ url: settings.url, token: settings.token, fetch: rt.connectors.fetch });
  const mappingChecked = rt.resources.get('crm-mapping', () => ({ ok: false }), () => {});
  try {
    if (!mappingChecked.ok) {
      await checkFieldMapping(client, settings);
      mappingChecked.ok = true;
    }
    const r = await syncRunToCrm(rt.db, client, settings, runId);
    log.info(r, r.status === 'synced' ? 'run synced to the CRM' : 'nothing to sync to the CRM');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const retryable = err instanceof BaserowError ? err.retryable : !(err instanceof FieldMappingError);
    if (retryable && helpers.job.attempts < helpers.job.max_attempts) {
      log.warn({ err: message }, 'CRM sync failed; will retry with back-off');
      throw err;
    }
    const run = await rt.db.selectFrom('stellar.pipeline_runs').select('transcript_id').where('id', '=', runId).executeTakeFirst();
    await rt.db.transaction().execute((trx) =>
      recordAlert(trx, { kind: 'stage_failed', runId, transcriptId: (run?.transcript_id ?? null) as string, stage: 'sync_crm', error: `CRM sync: ${message}` }, rt.config),
    );
    log.error({ err: message, permanent: !retryable }, 'CRM sync failed for good; alert recorded');
  }
};
export default syncCrm;
