/**
 * Reads for the dashboard's call page and account page: one call (transcript,
 * its account and date), every stored version of each stage output (a
 * reprocess adds a version and keeps the old ones), the output of one chosen
 * version, the latest state of each stage, and an account's calls with their
 * current facts and the graph_rollup aggregates.
 * Owns: those typed kysely queries. Must not: change anything, or shape what a
 * page shows (src/dashboard/callData.ts does).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import type { RunStatus, RunTrigger, StageStatus } from '../schema.ts';

/** The stages whose output the call page shows, in pipeline order. */
export const CALL_OUTPUT_STAGES = ['parse', 'structure', 'draft_email', 'draft_social', 'coach_call'] as const;
export type CallOutputStage = (typeof CALL_OUTPUT_STAGES)[number];

export interface CallHeaderRow {
  id: string;
  file_name: string;
  format: string | null;
  source: string;
  meeting_at: Date | null;
  received_at: Date;
  rep: string | null;
  /** transcripts.account, else the buyer company of the current facts (call_search_attrs). */
  account: string | null;
  /** transcripts.meeting_at, else the parsed meeting time, else received_at. */
  happened_at: Date | null;
}

/** The transcript with its account and date; undefined when there is no such transcript. */
export async function callHeader(db: Db, transcriptId: string): Promise<CallHeaderRow | undefined> {
  return db
    .selectFrom('stellar.transcripts as t')
    .leftJoin('stellar.call_search_attrs as a', 'a.transcript_id', 't.id')
    .select(['t.id', 't.file_name', 't.format', 't.source', 't.meeting_at', 't.received_at', 't.rep', 'a.account', 'a.happened_at'])
    .where('t.id', '=', transcriptId)
    .executeTakeFirst();
}

/** One stored version of a stage's output: the succeeded stage run that wrote it. */
export interface OutputVersionRow {
  stage: string;
  run_id: string;
  trigger: RunTrigger;
  run_created_at: Date;
  finished_at: Date | null;
  provider: string | null;
  model: string | null;
  agent_version: string | null;
}

/**
 * Every succeeded run of the output stages for a transcript, oldest first per
 * stage (the order stellar.current_stage_run uses: the last is the current one).
 */
export async function outputVersions(db: Db, transcriptId: string): Promise<OutputVersionRow[]> {
  return db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .select(['s.stage', 's.run_id', 'r.trigger', 'r.created_at as run_created_at', 's.finished_at', 's.provider', 's.model', 's.agent_version'])
    .where('r.transcript_id', '=', transcriptId)
    .where('s.status', '=', 'succeeded')
    .where('s.stage', 'in', CALL_OUTPUT_STAGES)
    .orderBy('s.stage')
    .orderBy(sql`s.finished_at asc nulls first`)
    .orderBy('s.id')
    .execute();
}

export interface LatestStageStateRow {
  stage: string;
  run_id: string;
  status: StageStatus;
  error: string | null;
  queued_at: Date;
}

/** The latest stage run (any status) of each output stage: why an output is missing (skipped, failed, still queued). */
export async function latestStageStates(db: Db, transcriptId: string): Promise<LatestStageStateRow[]> {
  return db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .distinctOn('s.stage')
    .select(['s.stage', 's.run_id', 's.status', 's.error', 's.queued_at'])
    .where('r.transcript_id', '=', transcriptId)
    .where('s.stage', 'in', CALL_OUTPUT_STAGES)
    .orderBy('s.stage')
    .orderBy('s.queued_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

export interface CallRunRow {
  id: string;
  trigger: RunTrigger;
  status: RunStatus;
  created_at: Date;
  finished_at: Date | null;
  stages: string[];
}

/** The transcript's pipeline runs, newest first. */
export async function runsOfCall(db: Db, transcriptId: string, limit = 50): Promise<CallRunRow[]> {
  return db
    .selectFrom('stellar.pipeline_runs')
    .select(['id', 'trigger', 'status', 'created_at', 'finished_at', 'stages'])
    .where('transcript_id', '=', transcriptId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The turns written by one parse run, in order. */
export async function turnsOfRun(db: Db, runId: string) {
  return db.selectFrom('stellar.turns').select(['idx', 'speaker', 'start_ms', 'end_ms', 'talk_ms', 'text']).where('run_id', '=', runId).orderBy('idx').execute();
}

/** The facts written by one structure run (unparsed jsonb). */
export async function factsOfRun(db: Db, runId: string) {
  return db.selectFrom('stellar.call_facts').select(['facts', 'provider', 'model', 'agent_version', 'created_at']).where('run_id', '=', runId).executeTakeFirst();
}

/** The draft of one kind written by one draft_email / draft_social run. */
export async function draftOfRun(db: Db, runId: string, kind: 'email' | 'social') {
  return db.selectFrom('stellar.drafts').select(['subject', 'body', 'provider', 'model', 'agent_version', 'created_at']).where('run_id', '=', runId).where('kind', '=', kind).executeTakeFirst();
}

/** The coaching report written by one coach_call run. */
export async function coachingOfRun(db: Db, runId: string) {
  return db.selectFrom('stellar.coaching_reports').select(['metrics', 'feedback', 'headline', 'provider', 'model', 'agent_version', 'created_at']).where('run_id', '=', runId).executeTakeFirst();
}

export interface AccountCallRow {
  transcript_id: string;
  file_name: string;
  account: string | null;
  happened_at: Date;
  /** Current facts (latest succeeded structure run), null before structure succeeded. */
  facts: unknown;
  /** The latest run of the call. */
  run_id: string | null;
  run_status: RunStatus | null;
}

/** The calls of an account (call_search_attrs.account_key, case-insensitive), oldest first, with their current facts. */
export async function callsOfAccount(db: Db, account: string, limit = 500): Promise<AccountCallRow[]> {
  return db
    .selectFrom('stellar.call_search_attrs as a')
    .innerJoin('stellar.transcripts as t', 't.id', 'a.transcript_id')
    .leftJoin('stellar.current_runs as s', (j) => j.onRef('s.transcript_id', '=', 't.id').on('s.stage', '=', 'structure'))
    .leftJoin('stellar.call_facts as f', 'f.run_id', 's.run_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('stellar.pipeline_runs as r')
          .select(['r.id as run_id', 'r.status as run_status'])
          .whereRef('r.transcript_id', '=', 't.id')
          .orderBy('r.created_at', 'desc')
          .limit(1)
          .as('lr'),
      (j) => j.onTrue(),
    )
    .select(['t.id as transcript_id', 't.file_name', 'a.account', 'a.happened_at', 'f.facts', 'lr.run_id', 'lr.run_status'])
    .where('a.account_key', '=', account.toLowerCase())
    .orderBy('a.happened_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();
}

export interface AccountRollupRow {
  account_id: string;
  account_name: string;
  calls: number;
  last_contact: Date | null;
  competitor_mentions: unknown;
  objection_trend: unknown;
  open_next_steps: unknown;
  refreshed_at: Date;
}

/**
 * The graph_rollup aggregates of the company entity known under `key` (its
 * canonical key or an alias, src/agents/graph.ts companyKey); undefined before
 * the first rollup or when the graph does not know the company.
 */
export async function accountRollupByKey(db: Db, key: string): Promise<AccountRollupRow | undefined> {
  return db
    .selectFrom('stellar.graph_aliases as al')
    .innerJoin('stellar.graph_entities as e', 'e.id', 'al.entity_id')
    .innerJoin('stellar.graph_account_rollups as g', 'g.account_id', 'e.id')
    .select(['g.account_id', 'e.name as account_name', 'g.calls', 'g.last_contact', 'g.competitor_mentions', 'g.objection_trend', 'g.open_next_steps', 'g.refreshed_at'])
    .where('al.kind', '=', 'company')
    .where('al.alias', '=', key)
    .executeTakeFirst();
}
