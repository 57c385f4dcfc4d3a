/**
 * What the call page (GET /dashboard/calls/:transcriptId) and the account page
 * (GET /dashboard/accounts/:account) show, composed from the read side
 * (src/db/queries/calls.ts): the call, every stored version of each output
 * with the chosen one loaded (the current one unless `?stage=N` picks another),
 * and an account's calls with their facts and the graph_rollup aggregates.
 * Owns: choosing versions and shaping the data. Must not: query tables itself,
 * render HTML or change anything.
 */
import type { Db } from '../db/index.ts';
import { callFactsSchema, type CallFacts, type CallType, type NextStep } from '../agents/types.ts';
import type { CoachingMetrics } from '../agents/coaching/metrics.ts';
import { companyKey } from '../agents/graph.ts';
import { isUuid } from '../db/ids.ts';
import {
  accountRollupByKey,
  CALL_OUTPUT_STAGES,
  callHeader,
  callsOfAccount,
  coachingOfRun,
  draftOfRun,
  factsOfRun,
  latestStageStates,
  outputVersions,
  runsOfCall,
  turnsOfRun,
  type CallHeaderRow,
  type CallOutputStage,
  type CallRunRow,
  type LatestStageStateRow,
} from '../db/queries/calls.ts';

export { CALL_OUTPUT_STAGES, type CallOutputStage };

/** One stored version of an output: v1 is the oldest; the last is the current one. */
export interface OutputVersion {
  stage: CallOutputStage;
  n: number;
  runId: string;
  trigger: string;
  runCreatedAt: Date;
  finishedAt: Date | null;
  provider: string | null;
  model: string | null;
  agentVersion: string | null;
  current: boolean;
}

export interface StageOutput<T> {
  stage: CallOutputStage;
  versions: OutputVersion[];
  /** The version shown (the current one unless the query chose another); null when none exists. */
  selected: OutputVersion | null;
  output: T | null;
  /** The latest stage run, whatever its status: why there is no output (skipped, failed, queued). */
  latest: LatestStageStateRow | null;
  /** Set when the stored output could not be read (e.g. facts of an older shape). */
  problem?: string;
}

export interface TurnView {
  idx: number;
  speaker: string;
  startMs: number | null;
  endMs: number | null;
  talkMs: number | null;
  text: string;
}

export interface CoachingView {
  headline: string;
  metrics: CoachingMetrics;
  feedback: { kind: string; metric: string | null; text: string }[];
}

export interface CallPageData {
  call: CallHeaderRow;
  runs: CallRunRow[];
  turns: StageOutput<TurnView[]>;
  facts: StageOutput<CallFacts>;
  email: StageOutput<{ subject: string | null; body: string }>;
  social: StageOutput<{ body: string }>;
  coaching: StageOutput<CoachingView>;
  /** stage → the version number asked for in the query (only the ones that were asked). */
  selection: Partial<Record<CallOutputStage, number>>;
}

/** A version the query asked for that is malformed (400) or does not exist (404). */
export class VersionSelectionError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** Raw query values: stage name → "2", "v2" or a run id. */
export type VersionQuery = Partial<Record<string, string>>;

function pickVersion(stage: CallOutputStage, versions: OutputVersion[], raw: string | undefined): OutputVersion | null {
  if (raw === undefined || raw === '' || raw === 'current') return versions[versions.length - 1] ?? null;
  const m = /^v?(\d{1,6})$/i.exec(raw);
  if (m) {
    const v = versions[Number(m[1]) - 1];
    if (!v) throw new VersionSelectionError(404, `There is no version ${Number(m[1])} of ${stage} for this call (it has ${versions.length}).`);
    return v;
  }
  if (isUuid(raw)) {
    const v = versions.find((x) => x.runId === raw.toLowerCase());
    if (!v) throw new VersionSelectionError(404, `Run ${raw} wrote no ${stage} output for this call.`);
    return v;
  }
  throw new VersionSelectionError(400, `${stage}: expected a version number (1, 2, …) or a run id, got "${raw.slice(0, 60)}".`);
}

/** Everything the call page shows; null when there is no such transcript. Throws VersionSelectionError for a bad `?stage=` value. */
export async function callPageData(db: Db, transcriptId: string, query: VersionQuery = {}): Promise<CallPageData | null> {
  const call = await callHeader(db, transcriptId);
  if (!call) return null;
  const [rows, states, runs] = await Promise.all([outputVersions(db, transcriptId), latestStageStates(db, transcriptId), runsOfCall(db, transcriptId)]);

  const versionsOf = (stage: CallOutputStage): OutputVersion[] => {
    const mine = rows.filter((r) => r.stage === stage);
    return mine.map((r, i) => ({
      stage,
      n: i + 1,
      runId: r.run_id,
      trigger: r.trigger,
      runCreatedAt: r.run_created_at,
      finishedAt: r.finished_at,
      provider: r.provider,
      model: r.model,
      agentVersion: r.agent_version,
      current: i === mine.length - 1,
    }));
  };
  const selection: Partial<Record<CallOutputStage, number>> = {};
  const chosen = {} as Record<CallOutputStage, { versions: OutputVersion[]; selected: OutputVersion | null; latest: LatestStageStateRow | null }>;
  for (const stage of CALL_OUTPUT_STAGES) {
    const versions = versionsOf(stage);
    const raw = query[stage];
    const selected = pickVersion(stage, versions, raw);
    if (raw !== undefined && raw !== '' && raw !== 'current' && selected) selection[stage] = selected.n;
    chosen[stage] = { versions, selected, latest: states.find((s) => s.stage === stage) ?? null };
  }
  const base = <T>(stage: CallOutputStage, output: T | null, problem?: string): StageOutput<T> => ({ stage, ...chosen[stage], output, ...(problem ? { problem } : {}) });
  const runOf = (stage: CallOutputStage) => chosen[stage].selected?.runId ?? null;

  const [turnRows, factsRow, emailRow, socialRow, coachRow] = await Promise.all([
    runOf('parse') ? turnsOfRun(db, runOf('parse')!) : Promise.resolve([]),
    runOf('structure') ? factsOfRun(db, runOf('structure')!) : Promise.resolve(undefined),
    runOf('draft_email') ? draftOfRun(db, runOf('draft_email')!, 'email') : Promise.resolve(undefined),
    runOf('draft_social') ? draftOfRun(db, runOf('draft_social')!, 'social') : Promise.resolve(undefined),
    runOf('coach_call') ? coachingOfRun(db, runOf('coach_call')!) : Promise.resolve(undefined),
  ]);

  let facts: StageOutput<CallFacts>;
  if (!factsRow) facts = base<CallFacts>('structure', null);
  else {
    const parsed = callFactsSchema.safeParse(factsRow.facts);
    facts = parsed.success ? base('structure', parsed.data) : base<CallFacts>('structure', null, `The stored facts do not have the current shape: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  }
  return {
    call,
    runs,
    turns: base(
      'parse',
      runOf('parse') ? turnRows.map((t) => ({ idx: t.idx, speaker: t.speaker, startMs: t.start_ms, endMs: t.end_ms, talkMs: t.talk_ms, text: t.text })) : null,
    ),
    facts,
    email: base('draft_email', emailRow ? { subject: emailRow.subject, body: emailRow.body } : null),
    social: base('draft_social', socialRow ? { body: socialRow.body } : null),
    coaching: base('coach_call', coachRow ? { headline: coachRow.headline, metrics: coachRow.metrics, feedback: coachRow.feedback } : null),
    selection,
  };
}

// ---------------------------------------------------------------------------
// Account page

export interface AccountCall {
  transcriptId: string;
  fileName: string;
  happenedAt: Date;
  callType: CallType | null;
  /** Objections per type in this call's current facts. */
  objections: Record<string, number>;
  competitors: string[];
  nextSteps: NextStep[];
  runId: string | null;
  runStatus: string | null;
  /** false before the structure stage succeeded. */
  hasFacts: boolean;
}

export interface AccountRollupView {
  accountName: string;
  calls: number;
  lastContact: Date | null;
  refreshedAt: Date;
  competitorMentions: { name: string; calls: number; lastSeen: string }[];
  objectionTrend: { week: string; type: string; count: number }[];
  openNextSteps: { transcriptId: string; owner: string | null; action: string; dueDate: string | null }[];
}

export interface AccountPageData {
  /** The account as stored on its calls (first call's spelling). */
  account: string;
  calls: AccountCall[];
  /** graph_rollup's aggregates of the company (daily); null before the first rollup. */
  rollup: AccountRollupView | null;
}

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The account's calls (oldest first) and its rollup; null when no call has this account. */
export async function accountPageData(db: Db, account: string): Promise<AccountPageData | null> {
  const rows = await callsOfAccount(db, account);
  if (rows.length === 0) return null;
  const calls: AccountCall[] = rows.map((r) => {
    const parsed = r.facts ? callFactsSchema.safeParse(r.facts) : null;
    const f = parsed?.success ? parsed.data : null;
    const objections: Record<string, number> = {};
    for (const o of f?.objections ?? []) objections[o.type] = (objections[o.type] ?? 0) + 1;
    return {
      transcriptId: r.transcript_id,
      fileName: r.file_name,
      happenedAt: new Date(r.happened_at),
      callType: f?.callType ?? null,
      objections,
      competitors: f?.competitors ?? [],
      nextSteps: f?.nextSteps ?? [],
      runId: r.run_id,
      runStatus: r.run_status,
      hasFacts: f !== null,
    };
  });
  const name = rows.find((r) => r.account)?.account ?? account;
  const key = companyKey(name);
  const g = key ? await accountRollupByKey(db, key) : undefined;
  const rollup: AccountRollupView | null = g
    ? {
        accountName: g.account_name,
        calls: g.calls,
        lastContact: g.last_contact ? new Date(g.last_contact) : null,
        refreshedAt: new Date(g.refreshed_at),
        competitorMentions: arr(g.competitor_mentions).map((c) => ({ name: str(c.name), calls: Number(c.calls) || 0, lastSeen: str(c.lastSeen) })),
        objectionTrend: arr(g.objection_trend).map((o) => ({ week: str(o.week), type: str(o.type), count: Number(o.count) || 0 })),
        openNextSteps: arr(g.open_next_steps).map((s) => ({ transcriptId: str(s.transcriptId), owner: strOrNull(s.owner), action: str(s.action), dueDate: strOrNull(s.dueDate) })),
      }
    : null;
  return { account: name, calls, rollup };
}
