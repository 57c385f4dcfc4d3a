/**
 * graph_rollup: "update knowledge-graph aggregates once the daily batch
 * completes". Like daily_digest (src/ops/digest.ts), it waits until every run
 * created on the UTC day has ended — re-queueing itself
 * STELLAR_ROLLUP_RECHECK_MINUTES later (job key `graph_rollup:<day>`), at most
 * STELLAR_ROLLUP_MAX_CHECKS times, then refreshing anyway with a note — and
 * then refreshes, for every account (a company some call is WITH_ACCOUNT):
 *   calls, last contact, competitor mentions (calls per competitor),
 *   objection trend (objections per ISO week and type), open next steps
 *   (from the account's calls' current facts: due on/after the day, or undated
 *   from its latest call).
 * One stellar.graph_rollups row per day records what was done.
 * Owns: stellar.graph_account_rollups and stellar.graph_rollups writes.
 * Must not: change the graph itself.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Config } from '../config/index.ts';
import { callFactsSchema } from '../agents/types.ts';
import { runsInFlight } from '../ops/digest.ts';

export interface CompetitorMention {
  name: string;
  calls: number;
  lastSeen: string;
}
export interface ObjectionWeek {
  week: string;
  type: string;
  count: number;
}
export interface OpenNextStep {
  transcriptId: string;
  owner: string | null;
  action: string;
  dueDate: string | null;
}
export interface AccountAggregates {
  accountId: string;
  calls: number;
  lastContact: Date | null;
  competitorMentions: CompetitorMention[];
  objectionTrend: ObjectionWeek[];
  openNextSteps: OpenNextStep[];
}

export type RollupOutcome =
  | { status: 'deferred'; day: string; inFlight: number; checks: number; runAt: Date }
  | { status: 'refreshed'; day: string; accounts: number; complete: boolean; note: string | null; checks: number };

export interface RollupDeps {
  now: Date;
  /** Queues the next check (the task passes graphile-worker's addJob). */
  requeue(payload: { day: string; checks: number }, runAt: Date, jobKey: string): Promise<void>;
}

/** The aggregates of one account, as of `day` (YYYY-MM-DD: next steps due before it are no longer open). */
export async function accountAggregates(db: Db, accountId: string, day: string): Promise<AccountAggregates> {
  const calls = await db
    .selectFrom('stellar.graph_relations as wa')
    .innerJoin('stellar.graph_entities as c', 'c.id', 'wa.source_id')
    .innerJoin('stellar.graph_mentions as m', 'm.entity_id', 'c.id')
    .select(['c.id', 'm.transcript_id', 'm.seen_at'])
    .where('wa.target_id', '=', accountId)
    .where('wa.kind', '=', 'WITH_ACCOUNT')
    .where('c.kind', '=', 'call')
    .orderBy('m.seen_at')
    .execute();
  const callIds = calls.map((c) => c.id);
  const lastContact = calls.length ? new Date(calls[calls.length - 1].seen_at) : null;
  if (!callIds.length) return { accountId, calls: 0, lastContact, competitorMentions: [], objectionTrend: [], openNextSteps: [] };

  const competitors = await db
    .selectFrom('stellar.graph_relations as r')
    .innerJoin('stellar.graph_entities as n', 'n.id', 'r.target_id')
    .innerJoin('stellar.graph_mentions as m', (j) => j.onRef('m.entity_id', '=', 'r.source_id'))
    .select(['n.name', (eb) => eb.fn.count<string>('r.source_id').distinct().as('calls'), (eb) => eb.fn.max('m.seen_at').as('last_seen')])
    .where('r.source_id', 'in', callIds)
    .where('r.kind', '=', 'MENTIONS')
    .where('n.kind', '=', 'competitor')
    .groupBy('n.name')
    .orderBy('calls', 'desc')
    .orderBy('n.name')
    .execute();

  const objections = await db
    .selectFrom('stellar.graph_relations as r')
    .innerJoin('stellar.graph_entities as n', 'n.id', 'r.target_id')
    .innerJoin('stellar.graph_mentions as m', (j) => j.onRef('m.entity_id', '=', 'r.source_id'))
    .select([sql<string>`to_char(date_trunc('week', m.seen_at at time zone 'UTC'), 'YYYY-MM-DD')`.as('week'), 'n.key', (eb) => eb.fn.countAll<string>().as('count')])
    .where('r.source_id', 'in', callIds)
    .where('r.kind', '=', 'RAISED')
    .where('n.kind', '=', 'objection')
    .groupBy(['week', 'n.key'])
    .orderBy('week')
    .orderBy('n.key')
    .execute();

  // Next steps: from the current facts (latest succeeded structure run) of each call.
  const facts = await db
    .selectFrom('stellar.current_stage_run as s')
    .innerJoin('stellar.call_facts as f', 'f.run_id', 's.run_id')
    .select(['s.transcript_id', 'f.facts'])
    .where('s.stage', '=', 'structure')
    .where('s.transcript_id', 'in', calls.map((c) => c.transcript_id))
    .execute();
  const latest = calls[calls.length - 1].transcript_id;
  const order = new Map(calls.map((c, i) => [c.transcript_id, i]));
  const openNextSteps: OpenNextStep[] = [];
  for (const f of facts.sort((a, b) => order.get(a.transcript_id)! - order.get(b.transcript_id)!)) {
    const parsed = callFactsSchema.safeParse(f.facts);
    if (!parsed.success) continue;
    for (const s of parsed.data.nextSteps) {
      const open = s.dueDate ? s.dueDate >= day : f.transcript_id === latest;
      if (open) openNextSteps.push({ transcriptId: f.transcript_id, owner: s.owner, action: s.action, dueDate: s.dueDate });
    }
  }

  return {
    accountId,
    calls: calls.length,
    lastContact,
    competitorMentions: competitors.map((c) => ({ name: c.name, calls: Number(c.calls), lastSeen: new Date(c.last_seen as Date).toISOString() })),
    objectionTrend: objections.map((o) => ({ week: o.week, type: o.key, count: Number(o.count) })),
    openNextSteps,
  };
}

/** Refreshes every account's aggregates; returns how many accounts. */
export async function refreshAccountRollups(db: Db, day: string): Promise<number> {
  const accounts = await db
    .selectFrom('stellar.graph_relations')
    .select('target_id')
    .distinct()
    .where('kind', '=', 'WITH_ACCOUNT')
    .execute();
  for (const { target_id } of accounts) {
    const a = await accountAggregates(db, target_id, day);
    const values = {
      account_id: a.accountId,
      calls: a.calls,
      last_contact: a.lastContact,
      competitor_mentions: JSON.stringify(a.competitorMentions),
      objection_trend: JSON.stringify(a.objectionTrend),
      open_next_steps: JSON.stringify(a.openNextSteps),
    };
    await db
      .insertInto('stellar.graph_account_rollups')
      .values(values)
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({
          calls: (eb) => eb.ref('excluded.calls'),
          last_contact: (eb) => eb.ref('excluded.last_contact'),
          competitor_mentions: (eb) => eb.ref('excluded.competitor_mentions'),
          objection_trend: (eb) => eb.ref('excluded.objection_trend'),
          open_next_steps: (eb) => eb.ref('excluded.open_next_steps'),
          refreshed_at: sql<Date>`now()`,
        }),
      )
      .execute();
  }
  // Accounts no call is WITH_ACCOUNT any more (reprocessed away) lose their row.
  const keep = accounts.map((a) => a.target_id);
  let del = db.deleteFrom('stellar.graph_account_rollups');
  if (keep.length) del = del.where('account_id', 'not in', keep);
  await del.execute();
  return accounts.length;
}

export async function runGraphRollup(db: Db, config: Config, input: { day: string; checks: number }, deps: RollupDeps): Promise<RollupOutcome> {
  const { day } = input;
  const checks = Math.max(1, input.checks);
  const inFlight = await runsInFlight(db, day); // also checks the day's format
  if (inFlight > 0 && checks < config.STELLAR_ROLLUP_MAX_CHECKS) {
    const runAt = new Date(deps.now.getTime() + config.STELLAR_ROLLUP_RECHECK_MINUTES * 60_000);
    await deps.requeue({ day, checks: checks + 1 }, runAt, `graph_rollup:${day}`);
    return { status: 'deferred', day, inFlight, checks, runAt };
  }
  const accounts = await refreshAccountRollups(db, day);
  const complete = inFlight === 0;
  const note = complete ? null : `${inFlight} run(s) of the day were still in flight after ${checks} check(s); refreshed anyway`;
  await db
    .insertInto('stellar.graph_rollups')
    .values({ day, complete, checks, accounts, note })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet({ complete: (eb) => eb.ref('excluded.complete'), checks: (eb) => eb.ref('excluded.checks'), accounts: (eb) => eb.ref('excluded.accounts'), note: (eb) => eb.ref('excluded.note'), created_at: sql<Date>`now()` }),
    )
    .execute();
  return { status: 'refreshed', day, accounts, complete, note, checks };
}
