/**
 * Typed reads of a transcript and its CURRENT outputs: the rows written by the
 * latest succeeded run of the stage that produces them. A reprocessed stage
 * adds a new version; older versions stay in the tables, queryable by run_id.
 */
import type { Db } from '../index.ts';
import type { Turn } from '../../parsing/types.ts';
import { callFactsSchema, type CallFacts, type CallInput } from '../../agents/types.ts';
import type { Transcript } from '../schema.ts';

/** The transcript fields the agents' input needs (a stage's transcript has no text). */
type TranscriptMeta = Pick<Transcript, 'id' | 'file_name' | 'meeting_at'>;
import type { Stage } from '../../pipeline/stages.ts';

/**
 * Run ids of the latest succeeded run of each of `stages` for the transcript, in one read of
 * stellar.current_runs (the table triggers keep equal to the view stellar.current_stage_run:
 * one index probe per stage instead of the view's DISTINCT ON over stage_runs).
 */
export async function currentRunsOf<S extends Stage>(db: Db, transcriptId: string, stages: readonly S[]): Promise<Map<S, string>> {
  const rows = await db.selectFrom('stellar.current_runs').select(['stage', 'run_id']).where('transcript_id', '=', transcriptId).where('stage', 'in', stages).execute();
  return new Map(rows.map((r) => [r.stage as S, r.run_id]));
}

function required<S extends Stage>(runs: Map<S, string>, transcriptId: string, stage: S): string {
  const runId = runs.get(stage);
  if (!runId) throw new Error(`no succeeded ${stage} output for transcript ${transcriptId}`);
  return runId;
}

const requireRunOf = async (db: Db, transcriptId: string, stage: Stage) => required(await currentRunsOf(db, transcriptId, [stage]), transcriptId, stage);

async function turnsOfRun(db: Db, runId: string): Promise<Turn[]> {
  const rows = await db.selectFrom('stellar.turns').selectAll().where('run_id', '=', runId).orderBy('idx').execute();
  return rows.map((r) => ({ speaker: r.speaker, startMs: r.start_ms, endMs: r.end_ms, text: r.text, ...(r.talk_ms === null ? {} : { talkMs: r.talk_ms }) }));
}

const parsedCallOfRun = (db: Db, runId: string) => db.selectFrom('stellar.parsed_calls').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();

async function factsOfRun(db: Db, runId: string): Promise<CallFacts> {
  const row = await db.selectFrom('stellar.call_facts').select('facts').where('run_id', '=', runId).executeTakeFirstOrThrow();
  return callFactsSchema.parse(row.facts);
}

export async function currentTurns(db: Db, transcriptId: string): Promise<Turn[]> {
  return turnsOfRun(db, await requireRunOf(db, transcriptId, 'parse'));
}

export async function currentParsedCall(db: Db, transcriptId: string) {
  return parsedCallOfRun(db, await requireRunOf(db, transcriptId, 'parse'));
}

export async function currentFacts(db: Db, transcriptId: string): Promise<CallFacts> {
  return factsOfRun(db, await requireRunOf(db, transcriptId, 'structure'));
}

/** The current turns and facts (chunk's input): one read of the current runs, then both outputs side by side. */
export async function currentTurnsAndFacts(db: Db, transcriptId: string): Promise<{ turns: Turn[]; facts: CallFacts }> {
  const runs = await currentRunsOf(db, transcriptId, ['parse', 'structure']);
  const [turns, facts] = await Promise.all([turnsOfRun(db, required(runs, transcriptId, 'parse')), factsOfRun(db, required(runs, transcriptId, 'structure'))]);
  return { turns, facts };
}

export async function currentChunks(db: Db, transcriptId: string) {
  const runId = await requireRunOf(db, transcriptId, 'chunk');
  return db.selectFrom('stellar.chunks').selectAll().where('run_id', '=', runId).orderBy('idx').execute();
}

type ParsedCallRow = Awaited<ReturnType<typeof parsedCallOfRun>>;

function callInput(transcript: TranscriptMeta, turns: Turn[], parsed: ParsedCallRow): CallInput {
  const meetingAt = transcript.meeting_at ?? parsed.meeting_at ?? null;
  return {
    transcriptId: transcript.id,
    fileName: transcript.file_name,
    meetingAt: meetingAt ? new Date(meetingAt) : null,
    turns,
    participants: parsed.participants,
    title: parsed.title,
  };
}

/** The call as the agents see it: turns, participant hints and the meeting date (one read of the current runs, then two side by side). */
export async function loadCallInput(db: Db, transcript: TranscriptMeta): Promise<CallInput> {
  const parseRun = await requireRunOf(db, transcript.id, 'parse');
  const [turns, parsed] = await Promise.all([turnsOfRun(db, parseRun), parsedCallOfRun(db, parseRun)]);
  return callInput(transcript, turns, parsed);
}

/** The call plus its current facts: what the fan-out stages (e-mail, social post, coaching, graph) read — one read of the current runs, then three side by side. */
export async function loadCallWithFacts(db: Db, transcript: TranscriptMeta): Promise<{ call: CallInput; facts: CallFacts }> {
  const runs = await currentRunsOf(db, transcript.id, ['parse', 'structure']);
  const parseRun = required(runs, transcript.id, 'parse');
  const [turns, parsed, facts] = await Promise.all([turnsOfRun(db, parseRun), parsedCallOfRun(db, parseRun), factsOfRun(db, required(runs, transcript.id, 'structure'))]);
  return { call: callInput(transcript, turns, parsed), facts };
}

/** The stored text of a transcript (parse's input; no other stage reads it). */
export async function rawTextOf(db: Db, transcriptId: string): Promise<string> {
  return (await db.selectFrom('stellar.transcripts').select('raw_text').where('id', '=', transcriptId).executeTakeFirstOrThrow()).raw_text;
}

export async function transcriptById(db: Db, transcriptId: string) {
  return db.selectFrom('stellar.transcripts').selectAll().where('id', '=', transcriptId).executeTakeFirst();
}

/** Every current output of a transcript (each from the latest succeeded run of its stage); counts for turns and chunks. */
export async function currentOutputs(db: Db, transcriptId: string) {
  const stages = ['parse', 'structure', 'coach_call', 'chunk', 'link_graph', 'draft_email', 'draft_social'] as const;
  const runs = await currentRunsOf(db, transcriptId, stages);
  const [parseRun, factsRun, coachRun, chunkRun, graphRun, emailRun, socialRun] = stages.map((s) => runs.get(s) ?? null);
  const count = async (table: 'stellar.turns' | 'stellar.chunks', runId: string | null) =>
    runId ? Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow()).n) : 0;
  const draft = (runId: string | null, kind: 'email' | 'social') =>
    runId ? db.selectFrom('stellar.drafts').selectAll().where('run_id', '=', runId).where('kind', '=', kind).executeTakeFirst() : Promise.resolve(undefined);
  const [turns, chunks, factsRow, coachRow, email, social, entities] = await Promise.all([
    count('stellar.turns', parseRun),
    count('stellar.chunks', chunkRun),
    factsRun ? db.selectFrom('stellar.call_facts').select('facts').where('run_id', '=', factsRun).executeTakeFirst() : Promise.resolve(undefined),
    coachRun ? db.selectFrom('stellar.coaching_reports').selectAll().where('run_id', '=', coachRun).executeTakeFirst() : Promise.resolve(undefined),
    draft(emailRun, 'email'),
    draft(socialRun, 'social'),
    graphRun ? db.selectFrom('stellar.entities').select(['kind', 'name']).where('run_id', '=', graphRun).orderBy('id').execute() : Promise.resolve([]),
  ]);
  return { turns, chunks, factsRow, coachRow, email, social, entities };
}

export interface StageVersion {
  stage: string;
  /** 1 for the first succeeded run of this stage for the transcript, 2 after one reprocess, … (older versions stay in the tables, by run_id). */
  version: number;
  runId: string;
  trigger: string;
  agentVersion: string | null;
  finishedAt: Date | null;
}

/**
 * For each stage with a succeeded run: the current version of its output (the one
 * currentOutputs reads — the latest succeeded run, as stellar.current_stage_run orders
 * them) and which run produced it. After a partial reprocess the stages come from different runs.
 */
export async function currentStageVersions(db: Db, transcriptId: string): Promise<StageVersion[]> {
  const rows = await db
    .selectFrom('stellar.stage_runs as s')
    .innerJoin('stellar.pipeline_runs as r', 'r.id', 's.run_id')
    .select(['s.stage', 's.run_id', 's.agent_version', 's.finished_at', 'r.trigger'])
    .where('r.transcript_id', '=', transcriptId)
    .where('s.status', '=', 'succeeded')
    .orderBy('s.stage')
    .orderBy('s.finished_at')
    .orderBy('s.id')
    .execute();
  const byStage = new Map<string, typeof rows>();
  for (const r of rows) byStage.set(r.stage, [...(byStage.get(r.stage) ?? []), r]);
  return [...byStage].map(([stage, list]) => {
    const cur = list[list.length - 1];
    return { stage, version: list.length, runId: cur.run_id, trigger: cur.trigger, agentVersion: cur.agent_version, finishedAt: cur.finished_at };
  });
}
