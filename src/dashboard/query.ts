/**
 * The dashboard overview's GET parameters, checked: the recent runs' filters
 * (status, trigger, account, from/to dates), their keyset paging (before/after
 * cursors, limit) and the failures' time window. A bad value is not an error
 * page: it is dropped (the default applies) and listed in `problems`, which
 * the page shows (and the route answers 400), so a typo never gives a 500.
 * Owns: parsing those parameters and writing the links that carry them.
 * Must not: read the database or render anything.
 */
import { isUuid } from '../db/ids.ts';
import type { RunStatus, RunTrigger } from '../db/schema.ts';

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'partial'];
export const RUN_TRIGGERS: readonly RunTrigger[] = ['upload', 'inbox', 'cli', 'reprocess', 'backfill'];

/** The failures section's windows, in milliseconds; 24h is the default. */
export const FAILURE_WINDOWS = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
} as const;
export type FailureWindow = keyof typeof FAILURE_WINDOWS;
export const DEFAULT_WINDOW: FailureWindow = '24h';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 200;

/** A keyset position: created_at with microseconds (exact) and the run id. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export interface RunsQuery {
  status: RunStatus[];
  trigger: RunTrigger[];
  account: string | null;
  /** As typed (for the form), and as the instants they mean: from inclusive, to exclusive. */
  fromText: string | null;
  toText: string | null;
  from: Date | null;
  to: Date | null;
  before: Cursor | null;
  after: Cursor | null;
  limit: number;
}

export interface QueryProblem {
  field: string;
  message: string;
}

export interface DashboardQuery {
  runs: RunsQuery;
  window: FailureWindow;
  problems: QueryProblem[];
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`).toString('base64url');
}

export function decodeCursor(s: string): Cursor | null {
  if (s.length > 200) return null;
  const [createdAt, id, ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (rest.length || !createdAt || !id || !isUuid(id) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(createdAt)) return null;
  return { createdAt, id };
}

const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;

/** A date (YYYY-MM-DD, a UTC day) or an ISO date-time; `end` makes a plain day mean the start of the next day. */
function parseWhen(s: string, end: boolean): Date | null {
  const m = DAY.exec(s);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0)));
    // Rejects 2026-02-31 and the like (Date.UTC would roll over).
    const check = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return check.getUTCDate() === Number(m[3]) && check.getUTCMonth() === Number(m[2]) - 1 ? d : null;
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(s)) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

type Params = Record<string, string[] | undefined>;

function values(p: Params, name: string): string[] {
  return (p[name] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function one(p: Params, name: string): string | null {
  const v = (p[name] ?? []).map((s) => s.trim()).filter(Boolean);
  return v.length ? v[v.length - 1] : null;
}

/** Parses the overview's parameters (from `c.req.queries()`); never throws. */
export function parseDashboardQuery(p: Params): DashboardQuery {
  const problems: QueryProblem[] = [];
  const pick = <T extends string>(field: string, allowed: readonly T[]): T[] => {
    const out: T[] = [];
    for (const v of values(p, field)) {
      if ((allowed as readonly string[]).includes(v)) out.push(v as T);
      else problems.push({ field, message: `${field} "${v}" is not one of ${allowed.join(', ')}` });
    }
    return [...new Set(out)];
  };
  const status = pick('status', RUN_STATUSES);
  const trigger = pick('trigger', RUN_TRIGGERS);

  let account = one(p, 'account');
  if (account !== null && account.length > 200) {
    problems.push({ field: 'account', message: 'account is longer than 200 characters' });
    account = null;
  }

  const date = (field: string, end: boolean): [string | null, Date | null] => {
    const s = one(p, field);
    if (s === null) return [null, null];
    const d = parseWhen(s, end);
    if (d === null) {
      problems.push({ field, message: `${field} "${s}" is not a date (YYYY-MM-DD, or an ISO date-time with a time zone)` });
      return [null, null];
    }
    return [s, d];
  };
  let [fromText, from] = date('from', false);
  let [toText, to] = date('to', true);
  if (from && to && from >= to) {
    problems.push({ field: 'to', message: `to (${toText}) is not after from (${fromText})` });
    [toText, to] = [null, null];
  }

  const cursor = (field: string): Cursor | null => {
    const s = one(p, field);
    if (s === null) return null;
    const c = decodeCursor(s);
    if (c === null) problems.push({ field, message: `${field} is not a page link from this dashboard` });
    return c;
  };
  let before = cursor('before');
  const after = cursor('after');
  if (before && after) {
    problems.push({ field: 'after', message: 'before and after cannot be used together' });
    before = null;
  }

  let limit = DEFAULT_LIMIT;
  const rawLimit = one(p, 'limit');
  if (rawLimit !== null) {
    const n = /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (n >= 1 && n <= MAX_LIMIT) limit = n;
    else problems.push({ field: 'limit', message: `limit "${rawLimit}" is not a whole number from 1 to ${MAX_LIMIT}` });
  }

  let window: FailureWindow = DEFAULT_WINDOW;
  const rawWindow = one(p, 'window');
  if (rawWindow !== null) {
    if (rawWindow in FAILURE_WINDOWS) window = rawWindow as FailureWindow;
    else problems.push({ field: 'window', message: `window "${rawWindow}" is not one of ${Object.keys(FAILURE_WINDOWS).join(', ')}` });
  }

  return { runs: { status, trigger, account, fromText, toText, from, to, before, after, limit }, window, problems };
}

/** The overview's URL for a query, with `change` applied (null removes a parameter); paging cursors are dropped unless given. */
export function overviewHref(q: DashboardQuery, change: { before?: string | null; after?: string | null; window?: FailureWindow; format?: 'json' } = {}): string {
  const u = new URLSearchParams();
  const r = q.runs;
  if (r.status.length) u.set('status', r.status.join(','));
  if (r.trigger.length) u.set('trigger', r.trigger.join(','));
  if (r.account) u.set('account', r.account);
  if (r.fromText) u.set('from', r.fromText);
  if (r.toText) u.set('to', r.toText);
  if (r.limit !== DEFAULT_LIMIT) u.set('limit', String(r.limit));
  const w = change.window ?? q.window;
  if (w !== DEFAULT_WINDOW) u.set('window', w);
  if (change.before) u.set('before', change.before);
  if (change.after) u.set('after', change.after);
  if (change.format) u.set('format', change.format);
  const s = u.toString();
  return s ? `/?${s}` : '/';
}
