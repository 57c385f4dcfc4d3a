/**
 * Everything produced for one transcript, as one JSON document (the shape of
 * `stellar show --json` and GET /transcripts/:id; documented in docs/http-api.md), shaped from the read side.
 * Owns: the report's shape. Must not: query tables itself (src/db/queries does).
 */
import type { Db } from '../db/index.ts';
import { callFactsSchema, type CallFacts } from '../agents/types.ts';
import type { CoachingMetrics } from '../agents/coaching/metrics.ts';
import { currentOutputs, currentStageVersions, transcriptById } from '../db/queries/outputs.ts';
import { STAGES } from '../pipeline/stages.ts';
import { latestRunOf } from '../db/queries/runs.ts';

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
  /**
   * The output this report shows for each stage: its version (1 = first run; a reprocess adds one), the run that
   * produced it and the agent version. After a partial reprocess these come from different runs (issue 13).
   */
  outputs: { stage: string; version: number; runId: string; trigger: string; agentVersion: string | null; finishedAt: string | null }[];
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
  const t = await transcriptById(db, transcriptId);
  if (!t) return null;
  const latest = await latestRunOf(db, transcriptId);
  const run = latest?.run;
  const stages = latest?.stages ?? [];
  const [{ turns, factsRow, coachRow, email, social, chunks, entities }, versions] = await Promise.all([currentOutputs(db, transcriptId), currentStageVersions(db, transcriptId)]);
  const order = (s: string) => ((STAGES as readonly string[]).includes(s) ? (STAGES as readonly string[]).indexOf(s) : STAGES.length);

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
    outputs: versions
      .sort((a, b) => order(a.stage) - order(b.stage))
      .map((v) => ({ stage: v.stage, version: v.version, runId: v.runId, trigger: v.trigger, agentVersion: v.agentVersion, finishedAt: iso(v.finishedAt) })),
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
