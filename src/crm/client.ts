/**
 * A small client of Baserow's REST API — the calls the CRM sync needs:
 *   GET   /api/database/fields/table/{id}/
 *   POST  /api/database/rows/table/{id}/batch/?user_field_names=true   {items: [...]}
 *   PATCH /api/database/rows/table/{id}/batch/?user_field_names=true   {items: [{id, ...}]}
 *   POST  /api/database/rows/table/{id}/batch-delete/                  {items: [ids]}
 * with `Authorization: Token …`, at most 200 rows per batch request (Baserow's
 * limit). 429 is waited out in place (Retry-After, capped) a few times; 5xx
 * and network errors throw a retryable BaserowError (the job retries with
 * back-off); any other 4xx throws a permanent one.
 * Owns: HTTP to Baserow. Must not: know tables' meaning or touch Postgres.
 */
export const BASEROW_BATCH_LIMIT = 200;
const MAX_429_WAITS = 3;
const MAX_RETRY_AFTER_MS = 60_000;

export class BaserowError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'BaserowError';
  }
}

export interface BaserowClientOptions {
  url: string;
  token: string;
  fetch?: typeof fetch;
  /** Waits (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

export interface BaserowField {
  id: number;
  name: string;
  type: string;
  primary?: boolean;
}

export type Row = Record<string, unknown>;

export interface BaserowClient {
  listFields(tableId: number): Promise<BaserowField[]>;
  createRows(tableId: number, items: Row[]): Promise<{ id: number }[]>;
  updateRows(tableId: number, items: (Row & { id: number })[]): Promise<{ id: number }[]>;
  deleteRows(tableId: number, ids: number[]): Promise<void>;
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export function createBaserowClient(opts: BaserowClientOptions): BaserowClient {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const base = opts.url.replace(/\/+$/, '');

  async function request(method: string, path: string, body?: unknown): Promise<unknown> {
    for (let waited = 0; ; waited++) {
      let res: Response;
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers: { Authorization: `Token ${opts.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        throw new BaserowError(`Baserow unreachable (${method} ${path}): ${(err as Error).message}`, null, null, true);
      }
      if (res.status === 429 && waited < MAX_429_WAITS) {
        const after = Number(res.headers.get('retry-after'));
        await res.arrayBuffer().catch(() => undefined);
        await sleep(Math.min(Number.isFinite(after) && after >= 0 ? after * 1000 : 1000, MAX_RETRY_AFTER_MS));
        continue;
      }
      const text = await res.text();
      if (res.ok) return text ? JSON.parse(text) : null;
      let code: string | null = null;
      let detail: unknown = text.slice(0, 500);
      try {
        const j = JSON.parse(text) as { error?: string; detail?: unknown };
        code = j.error ?? null;
        detail = j.detail ?? detail;
      } catch {
        // not JSON: keep the text
      }
      const retryable = res.status === 429 || res.status >= 500;
      const message = `Baserow ${method} ${path}: HTTP ${res.status}${code ? ` ${code}` : ''}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
      throw retryable ? new BaserowError(message, res.status, code, true) : new PermanentBaserowError(message, res.status, code);
    }
  }

  return {
    async listFields(tableId) {
      return (await request('GET', `/api/database/fields/table/${tableId}/`)) as BaserowField[];
    },
    async createRows(tableId, items) {
      const out: { id: number }[] = [];
      for (const batch of chunks(items, BASEROW_BATCH_LIMIT)) {
        const r = (await request('POST', `/api/database/rows/table/${tableId}/batch/?user_field_names=true`, { items: batch })) as { items: { id: number }[] };
        out.push(...r.items);
      }
      return out;
    },
    async updateRows(tableId, items) {
      const out: { id: number }[] = [];
      for (const batch of chunks(items, BASEROW_BATCH_LIMIT)) {
        const r = (await request('PATCH', `/api/database/rows/table/${tableId}/batch/?user_field_names=true`, { items: batch })) as { items: { id: number }[] };
        out.push(...r.items);
      }
      return out;
    },
    async deleteRows(tableId, ids) {
      for (const batch of chunks(ids, BASEROW_BATCH_LIMIT)) await request('POST', `/api/database/rows/table/${tableId}/batch-delete/`, { items: batch });
    },
  };
}

/** A 4xx other than 429: retrying cannot help (wrong token, table, field or value). */
export class PermanentBaserowError extends BaserowError {
  constructor(message: string, status: number, code: string | null) {
    super(message, status, code, false);
    this.name = 'PermanentBaserowError';
  }
}
