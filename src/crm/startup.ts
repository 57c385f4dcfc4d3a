/**
 * The CRM check a worker runs before it starts: a half-done configuration or
 * a mapped field missing from a Baserow table stops the start with an error
 * naming it (rather than every sync_crm job failing later).
 * Owns: that check. Must not: write anything.
 */
import type { Config } from '../config/index.ts';
import { createBaserowClient } from './client.ts';
import { checkFieldMapping, crmSettings } from './mapping.ts';

/** Resolves to true when the CRM sync is on and its mapping matches; false when it is off; throws otherwise. */
export async function checkCrmAtStartup(config: Config, deps: { fetch?: typeof fetch } = {}): Promise<boolean> {
  const settings = crmSettings(config);
  if (!settings) return false;
  await checkFieldMapping(createBaserowClient({ url: settings.url, token: settings.token, fetch: deps.fetch }), settings);
  return true;
}
