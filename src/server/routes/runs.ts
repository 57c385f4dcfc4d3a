/**
 * GET /runs?status=&trigger=&since=&limit=&cursor= — runs, newest first, paged by
 * an opaque cursor (keyset on created_at, id: stable while new runs arrive);
 * GET /runs/:id — one run with every stage's state, timings and error.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import type { PipelineRun, StageRun } from '../../db/schema.ts';
import { STAGES } from '../../pipeline/stages.ts';
import type { ServerDeps } from '../app.ts';
import { HttpError } from '../errors.ts';
import { isoDate, valid } from '../validate.ts';
import { isUuid } from './transcripts.ts';
import { runDetail } from '../../db/queries/runs.ts';

const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'partial'] as const;
const TRIGGERS = ['upload', 'inbox', 'cli', 'reprocess', 'backfill'] as const;

const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

interface Cursor {
  /** created_at as an exact UTC timestamp with microseconds (JS Dates keep only milliseconds). */
  t: string;
  i: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

const cursorSchema = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    try {
      const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
      if (typeof v?.t === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(v.t) && typeof v.i === 'string' && isUuid(v.i)) return v;
    } catch {
      /* fall through */
    }
    ctx.addIssue({ code: 'custom', message: 'not a cursor from a previous page' });
    return z.NEVER;
  });

const listQuery = z.object({
  status: commaList(RUN_STATUSES).optional(),
  trigger: commaList(TRIGGERS).optional(),
  since: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: cursorSchema.optional(),
});

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const msBetween = (a: Date | string | null, b: Date | string | null) => (a && b ? Math.max(0, new Date(b).getTime() - new Date(a).getTime()) : null);

function runSummary(r: PipelineRun & { file_name: string }) {
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

function stageDetail(s: StageRun) {
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

const stageOrder = (name: string) => {
  const i = (STAGES as readonly string[]).indexOf(name);
  return i === -1 ? STAGES.length : i;
};

export function runRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();
  const db = deps.db;

  routes.get('/', valid('query', listQuery), async (c) => {
    const q = c.req.valid('query') as z.infer<typeof listQuery>;
    let query = db
      .selectFrom('stellar.pipeline_runs as r')
      .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
      .selectAll('r')
      .select(['t.file_name', sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_exact')])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(q.limit + 1);
    if (q.status) query = query.where('r.status', 'in', q.status);
    if (q.trigger) query = query.where('r.trigger', 'in', q.trigger);
    if (q.since) query = query.where('r.created_at', '>=', q.since);
    if (q.cursor) query = query.where(sql<boolean>`(r.created_at, r.id) < (${q.cursor.t}::timestamptz, ${q.cursor.i}::uuid)`);
    const rows = await query.execute();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const stages = page.length
      ? await db.selectFrom('stellar.stage_runs').select(['run_id', 'stage', 'status']).where('run_id', 'in', page.map((r) => r.id)).execute()
      : [];
    const stagesOf = new Map<string, Record<string, string>>();
    for (const s of stages.sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage))) {
      const m = stagesOf.get(s.run_id) ?? {};
      m[s.stage] = s.status;
      stagesOf.set(s.run_id, m);
    }
    return c.json({
      runs: page.map((r) => ({ ...runSummary(r), stages: stagesOf.get(r.id) ?? {} })),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.created_exact, i: last.id }) : null,
    });
  });

  routes.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', 'id: not a run id (a UUID).', 'id');
    const detail = await runDetail(db, id);
    if (!detail) throw new HttpError(404, 'not_found', `No run ${id}.`, 'id');
    const { run, stages } = detail;
    stages.sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage));
    return c.json({
      ...runSummary(run),
      plannedStages: run.stages,
      transcriptUrl: `/transcripts/${run.transcript_id}`,
      stages: stages.map(stageDetail),
    });
  });

  return routes;
}
