/**
 * Everything produced for one transcript, as one JSON document (the shape of
 * `stellar show --json` and GET /transcripts/:id; documented in README).
 */
import type { Db } from '../db/index.ts';
import { callFactsSchema, type CallFacts } from '../agents/types.ts';
import type { CoachingMetrics } from '../agents/coaching/metrics.ts';
import { currentRunOf } from '../pipeline/outputs.ts';

export interface TranscriptReport {
  transcript: {
    id: string;
    fileName: string;
    format: string | null;
    source: string;
    meetingAt: string | null;
    receivedAt: string;
    sha256: string;
  };
  latestRun: { id: string; trigger: string; status: string; error: string | null; createdAt: string; finishedAt: string | null } | null;
  stages: { stage: string; status: string; attempt: number; durationMs: number | null; provider: string | null; model: string | null; agentVersion: string | null; error: string | null }[];
  turns: number;
  facts: CallFacts | null;
  coaching: { headline: string; metrics: CoachingMetrics; feedback: { kind: string; metric: string | null; text: string }[] } | null;
  email: { subject: string | null; body: string } | null;
  social: { body: string } | null;
  chunks: number;
  entities: { kind: string; name: string }[];
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export async function transcriptReport(db: Db, transcriptId: string): Promise<TranscriptReport | null> {
  const t = await db.selectFrom('stellar.transcripts').selectAll().where('id', '=', transcriptId).executeTakeFirst();
  if (!t) return null;
  const run = await db
    .selectFrom('stellar.pipeline_runs')
    .selectAll()
    .where('transcript_id', '=', transcriptId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const stages = run
    ? await db.selectFrom('stellar.stage_runs').selectAll().where('run_id', '=', run.id).orderBy('id').execute()
    : [];
  const [parseRun, factsRun, coachRun, chunkRun, graphRun, emailRun, socialRun] = await Promise.all(
    (['parse', 'structure', 'coach_call', 'chunk', 'link_graph', 'draft_email', 'draft_social'] as const).map((s) => currentRunOf(db, transcriptId, s)),
  );

  const turns = parseRun
    ? Number((await db.selectFrom('stellar.turns').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', parseRun).executeTakeFirstOrThrow()).n)
    : 0;
  const factsRow = factsRun ? await db.selectFrom('stellar.call_facts').select('facts').where('run_id', '=', factsRun).executeTakeFirst() : undefined;
  const coachRow = coachRun ? await db.selectFrom('stellar.coaching_reports').selectAll().where('run_id', '=', coachRun).executeTakeFirst() : undefined;
  const email = emailRun ? await db.selectFrom('stellar.drafts').selectAll().where('run_id', '=', emailRun).where('kind', '=', 'email').executeTakeFirst() : undefined;
  const social = socialRun ? await db.selectFrom('stellar.drafts').selectAll().where('run_id', '=', socialRun).where('kind', '=', 'social').executeTakeFirst() : undefined;
  const chunks = chunkRun
    ? Number((await db.selectFrom('stellar.chunks').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', chunkRun).executeTakeFirstOrThrow()).n)
    : 0;
  const entities = graphRun ? await db.selectFrom('stellar.entities').select(['kind', 'name']).where('run_id', '=', graphRun).orderBy('id').execute() : [];

  return {
    transcript: {
      id: t.id,
      fileName: t.file_name,
      format: t.format,
      source: t.source,
      meetingAt: iso(t.meeting_at),
      receivedAt: iso(t.received_at)!,
      sha256: t.content_sha256,
    },
    latestRun: run
      ? { id: run.id, trigger: run.trigger, status: run.status, error: run.error, createdAt: iso(run.created_at)!, finishedAt: iso(run.finished_at) }
      : null,
    stages: stages.map((s) => ({
      stage: s.stage,
      status: s.status,
      attempt: s.attempt,
      durationMs: s.duration_ms,
      provider: s.provider,
      model: s.model,
      agentVersion: s.agent_version,
      error: s.error,
    })),
    turns,
    facts: factsRow ? callFactsSchema.parse(factsRow.facts) : null,
    coaching: coachRow
      ? { headline: coachRow.headline, metrics: coachRow.metrics, feedback: coachRow.feedback }
      : null,
    email: email ? { subject: email.subject, body: email.body } : null,
    social: social ? { body: social.body } : null,
    chunks,
    entities: entities.map((e) => ({ kind: e.kind, name: e.name })),
  };
}
