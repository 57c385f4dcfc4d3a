/**
 * The JSON shape of a run and of a stage run, shared by the REST API
 * (GET /runs, GET /runs/:id) and `stellar status --json`, and of a backfill
 * (`stellar backfill status|list --json`): camelCase keys, ISO 8601 times,
 * durations as integer milliseconds — one key style everywhere (issue 13).
 * Owns: those shapes. Must not: query the database or know HTTP.
 */
import type { PipelineRun, StageRun } from '../db/schema.ts';

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
export const msBetween = (a: Date | string | null, b: Date | string | null): number | null => (a && b ? Math.max(0, new Date(b).getTime() - new Date(a).getTime()) : null);

export function runSummary(r: PipelineRun & { file_name: string }) {
  return {
    id: r.id,
    transcriptId: r.transcript_id,
    fileName: r.file_name,
    trigger: r.trigger,
    status: r.status,
    priority: r.priority,
    reason: r.reason,
    error: r.error,
    createdAt: iso(r.created_at),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: msBetween(r.created_at, r.finished_at),
    url: `/runs/${r.id}`,
  };
}

export function stageDetail(s: StageRun) {
  return {
    stage: s.stage,
    status: s.status,
    attempt: s.attempt,
    queuedAt: iso(s.queued_at),
    startedAt: iso(s.started_at),
    finishedAt: iso(s.finished_at),
    waitMs: msBetween(s.queued_at, s.started_at),
    durationMs: s.duration_ms,
    provider: s.provider,
    model: s.model,
    agentVersion: s.agent_version,
    error: s.error,
  };
}

/** snake_case → camelCase for the keys of a flat row (dates become ISO strings). */
export function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v instanceof Date ? v.toISOString() : v]),
  );
}
