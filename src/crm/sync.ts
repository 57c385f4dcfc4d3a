/**
 * Writes one finished run to the Baserow CRM: the account row (upsert), the
 * call row (date, rep, participants, competitors, objections, a link to the
 * call page) and one row per next step. Remote row ids are kept in
 * stellar.crm_rows, so a reprocess PATCHes the same rows (and deletes next-step
 * rows the call no longer has) instead of adding new ones.
 * Owns: what goes into which table, and stellar.crm_rows.
 * Must not: decide retries or alerts (the task does), or open HTTP itself (client.ts).
 */
import type { Db } from '../db/index.ts';
import { companyKey } from '../agents/graph.ts';
import { callFactsSchema, type CallFacts } from '../agents/types.ts';
import { findEntities, neighborsOf } from '../db/queries/graph.ts';
import type { BaserowClient, Row } from './client.ts';
import type { CrmSettings, CrmTable } from './mapping.ts';

export type CrmSyncResult =
  | { status: 'skipped'; reason: string }
  | { status: 'synced'; created: number; updated: number; deleted: number };

type Kind = 'account' | 'call' | 'next_step';
const TABLE_OF: Record<Kind, CrmTable> = { account: 'accounts', call: 'calls', next_step: 'nextSteps' };

const day = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : null);

/** Only mapped fields, under their Baserow names. */
function mapped(settings: CrmSettings, table: CrmTable, values: Record<string, unknown>): Row {
  const fields = settings.fields[table] as Record<string, string | null>;
  return Object.fromEntries(Object.entries(values).filter(([k]) => fields[k]).map(([k, v]) => [fields[k]!, v ?? null]));
}

export interface CrmRows {
  account: { key: string; values: Row } | null;
  call: { key: string; values: Row };
  nextSteps: { key: string; values: Row }[];
}

/** The rows for one run (exported for tests). */
export async function buildCrmRows(db: Db, settings: CrmSettings, runId: string): Promise<CrmRows | { skip: string }> {
  const run = await db.selectFrom('stellar.pipeline_runs').select(['id', 'transcript_id']).where('id', '=', runId).executeTakeFirst();
  if (!run) return { skip: `no run ${runId}` };
  const t = await db.selectFrom('stellar.transcripts').selectAll().where('id', '=', run.transcript_id).executeTakeFirstOrThrow();
  const factsRow = await db
    .selectFrom('stellar.current_stage_run as s')
    .innerJoin('stellar.call_facts as f', 'f.run_id', 's.run_id')
    .select('f.facts')
    .where('s.transcript_id', '=', t.id)
    .where('s.stage', '=', 'structure')
    .executeTakeFirst();
  const parsed = factsRow ? callFactsSchema.safeParse(factsRow.facts) : null;
  if (!parsed?.success) return { skip: 'the call has no structured facts (structure did not succeed)' };
  const facts: CallFacts = parsed.data;
  const parsedCall = await db.selectFrom('stellar.parsed_calls').select('meeting_at').where('transcript_id', '=', t.id).orderBy('created_at', 'desc').executeTakeFirst();
  const when = t.meeting_at ?? parsedCall?.meeting_at ?? t.received_at;
  const accountName = facts.buyerCompany ?? t.account ?? null;
  const rep = t.rep ?? facts.participants.find((p) => p.side === 'seller' && p.spoke)?.name ?? null;
  const title = t.file_name;

  let account: CrmRows['account'] = null;
  let accountDisplay: string | null = accountName;
  if (accountName) {
    const [entity] = await findEntities(db, { text: accountName, kind: 'company', limit: 1 });
    const competitors = entity ? (await neighborsOf(db, entity.id, { kind: 'competitor', limit: 50 })).map((n) => n.neighbor.name) : facts.competitors;
    accountDisplay = entity?.name ?? accountName;
    account = {
      key: entity?.key ?? companyKey(accountName),
      values: mapped(settings, 'accounts', {
        name: entity?.name ?? accountName,
        lastContact: day(entity?.lastSeen ?? when),
        calls: entity?.callCount ?? 1,
        competitors: competitors.join(', '),
      }),
    };
  }
  const call = {
    key: t.id,
    values: mapped(settings, 'calls', {
      title,
      account: accountDisplay,
      date: day(when),
      rep,
      participants: facts.participants.map((p) => [p.name, [p.role, p.company].filter(Boolean).join(', ')].filter(Boolean).join(' — ')).join('; '),
      competitors: facts.competitors.join(', '),
      objections: [...new Set(facts.objections.map((o) => o.type))].join(', '),
      link: `${settings.publicUrl}/dashboard/runs/${runId}`,
    }),
  };
  const nextSteps = facts.nextSteps.map((s, i) => ({
    key: `${t.id}:${i}`,
    values: mapped(settings, 'nextSteps', { action: s.action, account: accountDisplay, call: title, owner: s.owner, due: s.dueDate }),
  }));
  return { account, call, nextSteps };
}

async function upsert(db: Db, client: BaserowClient, settings: CrmSettings, kind: Kind, transcriptId: string, rows: { key: string; values: Row }[]) {
  const tableId = settings.tables[TABLE_OF[kind]];
  if (!rows.length) return { created: 0, updated: 0 };
  const known = await db.selectFrom('stellar.crm_rows').selectAll().where('kind', '=', kind).where('local_key', 'in', rows.map((r) => r.key)).execute();
  const idOf = new Map(known.filter((k) => k.table_id === tableId).map((k) => [k.local_key, k.row_id]));
  const toUpdate = rows.filter((r) => idOf.has(r.key));
  const toCreate = rows.filter((r) => !idOf.has(r.key));
  if (toUpdate.length) await client.updateRows(tableId, toUpdate.map((r) => ({ id: idOf.get(r.key)!, ...r.values })));
  if (toCreate.length) {
    const created = await client.createRows(tableId, toCreate.map((r) => r.values));
    if (created.length !== toCreate.length) throw new Error(`Baserow created ${created.length} rows for ${toCreate.length} items`);
    // Recorded at once: a later failure must not lead to creating these rows again.
    await db
      .insertInto('stellar.crm_rows')
      .values(toCreate.map((r, i) => ({ kind, local_key: r.key, table_id: tableId, row_id: created[i].id, transcript_id: kind === 'account' ? null : transcriptId })))
      .onConflict((oc) => oc.columns(['kind', 'local_key']).doUpdateSet({ table_id: (eb) => eb.ref('excluded.table_id'), row_id: (eb) => eb.ref('excluded.row_id'), synced_at: new Date() }))
      .execute();
  }
  if (toUpdate.length) await db.updateTable('stellar.crm_rows').set({ synced_at: new Date() }).where('kind', '=', kind).where('local_key', 'in', toUpdate.map((r) => r.key)).execute();
  return { created: toCreate.length, updated: toUpdate.length };
}

/** Syncs one run's account, call and next steps. Throws BaserowError (retryable or permanent) on failure. */
export async function syncRunToCrm(db: Db, client: BaserowClient, settings: CrmSettings, runId: string): Promise<CrmSyncResult> {
  const rows = await buildCrmRows(db, settings, runId);
  if ('skip' in rows) return { status: 'skipped', reason: rows.skip };
  const transcriptId = rows.call.key;
  const a = await upsert(db, client, settings, 'account', transcriptId, rows.account ? [rows.account] : []);
  const c = await upsert(db, client, settings, 'call', transcriptId, [rows.call]);
  const n = await upsert(db, client, settings, 'next_step', transcriptId, rows.nextSteps);
  // Next steps the call no longer has (a reprocess found fewer): their rows go.
  const keep = rows.nextSteps.map((s) => s.key);
  let stale = db.selectFrom('stellar.crm_rows').selectAll().where('kind', '=', 'next_step').where('transcript_id', '=', transcriptId);
  if (keep.length) stale = stale.where('local_key', 'not in', keep);
  const gone = await stale.execute();
  const byTable = new Map<number, typeof gone>();
  for (const g of gone) byTable.set(g.table_id, [...(byTable.get(g.table_id) ?? []), g]);
  for (const [tableId, group] of byTable) {
    await client.deleteRows(tableId, group.map((g) => g.row_id));
    await db.deleteFrom('stellar.crm_rows').where('kind', '=', 'next_step').where('local_key', 'in', group.map((g) => g.local_key)).execute();
  }
  return { status: 'synced', created: a.created + c.created + n.created, updated: a.updated + c.updated + n.updated, deleted: gone.length };
}
