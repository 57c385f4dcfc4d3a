/**
 * GET /runs?status=&trigger=&since=&limit=&cursor= — runs, newest first, paged by
 * an opaque cursor (keyset on created_at, id: stable while new runs arrive);
 * GET /runs/:id — one run with every stage's state, timings and error.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { STAGES } from '../../pipeline/stages.ts';
import type { ServerDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { isoDate, valid } from '../validate.ts';
import { isUuid } from '../../db/ids.ts';
import { listRuns, runDetail } from '../../db/queries/runs.ts';
import { runSummary, stageDetail } from '../../reports/runJson.ts';

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

const stageOrder = (name: string) => {
  const i = (STAGES as readonly string[]).indexOf(name);
  return i === -1 ? STAGES.length : i;
};

export function runRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();
  const db = deps.db;

  routes.get('/', valid('query', listQuery), async (c) => {
    const q = c.req.valid('query') as z.infer<typeof listQuery>;
    const rows = await listRuns(db, { limit: q.limit + 1, status: q.status, trigger: q.trigger, since: q.since, before: q.cursor ? { createdAt: q.cursor.t, id: q.cursor.i } : undefined });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const inOrder = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => stageOrder(a) - stageOrder(b)));
    return c.json({
      runs: page.map((r) => ({ ...runSummary(r), stages: inOrder(r.stageStatus) })),
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
