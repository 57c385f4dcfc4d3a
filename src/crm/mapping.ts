/**
 * The Baserow CRM sync's configuration: whether it is on (URL, token and the
 * three table ids all set), and the field mapping — which Baserow field (by
 * its user-visible name) receives which value — defaults merged with
 * BASEROW_FIELD_MAP, checked against the tables' fields (checkFieldMapping).
 * Owns: the mapping and its check. Must not: send rows (sync.ts).
 */
import { z } from 'zod';
import type { Config } from '../config/index.ts';
import type { BaserowClient } from './client.ts';

export const CRM_TABLES = ['accounts', 'calls', 'nextSteps'] as const;
export type CrmTable = (typeof CRM_TABLES)[number];

/** Logical values per table, and the Baserow field name each goes to by default. */
export const DEFAULT_FIELD_MAP = {
  accounts: { name: 'Name', lastContact: 'Last contact', calls: 'Calls', competitors: 'Competitors' },
  calls: { title: 'Call', account: 'Account', date: 'Date', rep: 'Rep', participants: 'Participants', competitors: 'Competitors', objections: 'Objections', link: 'Link' },
  nextSteps: { action: 'Action', account: 'Account', call: 'Call', owner: 'Owner', due: 'Due' },
} as const;

export type FieldMap = { [T in CrmTable]: { [K in keyof (typeof DEFAULT_FIELD_MAP)[T]]: string | null } };

const tableOverride = (t: CrmTable) =>
  z.object(Object.fromEntries(Object.keys(DEFAULT_FIELD_MAP[t]).map((k) => [k, z.string().min(1).nullable().optional()]))).strict().optional();
const overrideSchema = z.object({ accounts: tableOverride('accounts'), calls: tableOverride('calls'), nextSteps: tableOverride('nextSteps') }).strict();

export interface CrmSettings {
  url: string;
  token: string;
  tables: Record<CrmTable, number>;
  fields: FieldMap;
  publicUrl: string;
  maxAttempts: number;
}

/** The CRM settings, or null when the sync is off; a half-done configuration is an error naming what is missing. */
export function crmSettings(config: Config): CrmSettings | null {
  const parts = {
    BASEROW_URL: config.BASEROW_URL,
    BASEROW_TOKEN: config.BASEROW_TOKEN,
    BASEROW_ACCOUNTS_TABLE_ID: config.BASEROW_ACCOUNTS_TABLE_ID,
    BASEROW_CALLS_TABLE_ID: config.BASEROW_CALLS_TABLE_ID,
    BASEROW_NEXT_STEPS_TABLE_ID: config.BASEROW_NEXT_STEPS_TABLE_ID,
  };
  const missing = Object.entries(parts).filter(([, v]) => v === undefined || v === '').map(([k]) => k);
  if (missing.length === Object.keys(parts).length) return null;
  if (missing.length) throw new Error(`Baserow CRM sync is half configured: set ${missing.join(', ')} too (or unset BASEROW_URL)`);
  let override: z.infer<typeof overrideSchema> = {};
  if (config.BASEROW_FIELD_MAP) {
    let json: unknown;
    try {
      json = JSON.parse(config.BASEROW_FIELD_MAP);
    } catch (err) {
      throw new Error(`BASEROW_FIELD_MAP is not JSON: ${(err as Error).message}`);
    }
    const parsed = overrideSchema.safeParse(json);
    if (!parsed.success) throw new Error(`BASEROW_FIELD_MAP: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`);
    override = parsed.data;
  }
  const fields = Object.fromEntries(CRM_TABLES.map((t) => [t, { ...DEFAULT_FIELD_MAP[t], ...(override[t] ?? {}) }])) as FieldMap;
  return {
    url: config.BASEROW_URL!.replace(/\/+$/, ''),
    token: config.BASEROW_TOKEN!,
    tables: { accounts: config.BASEROW_ACCOUNTS_TABLE_ID!, calls: config.BASEROW_CALLS_TABLE_ID!, nextSteps: config.BASEROW_NEXT_STEPS_TABLE_ID! },
    fields,
    publicUrl: config.STELLAR_PUBLIC_URL.replace(/\/+$/, ''),
    maxAttempts: config.BASEROW_MAX_ATTEMPTS,
  };
}

export class FieldMappingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Baserow field mapping does not match the tables: ${problems.join('; ')}`);
    this.name = 'FieldMappingError';
  }
}

/** Lists each table's fields (GET /api/database/fields/table/{id}/) and fails naming every mapped field that is missing. */
export async function checkFieldMapping(client: BaserowClient, settings: CrmSettings): Promise<void> {
  const problems: string[] = [];
  for (const t of CRM_TABLES) {
    const names = new Set((await client.listFields(settings.tables[t])).map((f) => f.name));
    for (const [logical, field] of Object.entries(settings.fields[t])) {
      if (field && !names.has(field)) problems.push(`table ${t} (id ${settings.tables[t]}) has no field "${field}" (for ${logical}; fields: ${[...names].join(', ') || 'none'})`);
    }
  }
  if (problems.length) throw new FieldMappingError(problems);
}
