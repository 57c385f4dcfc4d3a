/**
 * A Baserow stand-in for the CRM sync tests: an HTTP server that checks every
 * request against the shape of Baserow's REST API (paths, the
 * `Authorization: Token …` header, `user_field_names=true`, `{items: […]}`
 * bodies, at most 200 items per batch, only existing fields and rows) and
 * answers as Baserow does — rows with ids, and its error bodies
 * (`{"error": "ERROR_…", "detail": …}`). Requests that break the shape are
 * answered 400 and listed in `violations`. `script` queues canned replies
 * (429 with Retry-After, 5xx, any error) for the next requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeField {
  id: number;
  name: string;
  type: string;
  primary: boolean;
}

export interface FakeTable {
  id: number;
  fields: FakeField[];
  rows: Map<number, Record<string, unknown>>;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
}

export interface CannedReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeBaserow {
  url: string;
  token: string;
  tables: Map<number, FakeTable>;
  requests: FakeRequest[];
  violations: string[];
  /** Replies for the next requests, in order (then normal service). */
  script: CannedReply[];
  close(): Promise<void>;
}

export const BATCH_LIMIT = 200;

export async function startFakeBaserow(opts: { token: string; tables: { id: number; fields: string[] }[] }): Promise<FakeBaserow> {
  let nextRowId = 1;
  let nextFieldId = 1000;
  const tables = new Map<number, FakeTable>(
    opts.tables.map((t) => [t.id, { id: t.id, fields: t.fields.map((name, i) => ({ id: nextFieldId++, name, type: 'text', primary: i === 0 })), rows: new Map() }]),
  );
  const fake: FakeBaserow = { url: '', token: opts.token, tables, requests: [], violations: [], script: [], close: async () => {} };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        fake.requests.push({ method: req.method ?? '', path: url.pathname, query: url.search, body, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      const violation = (what: string) => {
        fake.violations.push(`${req.method} ${url.pathname}${url.search}: ${what}`);
        return reply(400, { error: 'ERROR_REQUEST_BODY_VALIDATION', detail: what });
      };
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return violation('body is not JSON');
        }
        if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return violation('a JSON body needs Content-Type: application/json');
      }
      const canned = fake.script.shift();
      if (canned) return reply(canned.status, canned.body, canned.headers);
      if (req.headers.authorization !== `Token ${fake.token}`) {
        fake.requests.push({ method: req.method ?? '', path: url.pathname, query: url.search, body, status: 401 });
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'ERROR_INVALID_ACCESS_TOKEN', detail: 'The provided access token is invalid.' }));
      }

      let m = /^\/api\/database\/fields\/table\/(\d+)\/$/.exec(url.pathname);
      if (m && req.method === 'GET') {
        const t = tables.get(Number(m[1]));
        if (!t) return reply(404, { error: 'ERROR_TABLE_DOES_NOT_EXIST', detail: `The table ${m[1]} does not exist.` });
        return reply(200, t.fields.map((f, i) => ({ id: f.id, table_id: t.id, name: f.name, order: i, type: f.type, primary: f.primary, read_only: false })));
      }

      m = /^\/api\/database\/rows\/table\/(\d+)\/(batch|batch-delete)\/$/.exec(url.pathname);
      if (!m) return violation(`no such Baserow endpoint`);
      const t = tables.get(Number(m[1]));
      if (!t) return reply(404, { error: 'ERROR_TABLE_DOES_NOT_EXIST', detail: `The table ${m[1]} does not exist.` });
      const items = (body as { items?: unknown })?.items;
      if (!Array.isArray(items) || items.length === 0) return violation('body must be {"items": [...]} with at least one item');
      if (items.length > BATCH_LIMIT) return violation(`at most ${BATCH_LIMIT} items per batch, got ${items.length}`);

      if (m[2] === 'batch-delete') {
        if (req.method !== 'POST') return violation('batch-delete is POST');
        if (!items.every((x) => Number.isInteger(x))) return violation('batch-delete items are row ids');
        const missing = (items as number[]).filter((id) => !t.rows.has(id));
        if (missing.length) return reply(404, { error: 'ERROR_ROW_DOES_NOT_EXIST', detail: `The rows ${JSON.stringify(missing)} do not exist.` });
        for (const id of items as number[]) t.rows.delete(id);
        return reply(204);
      }
      if (url.searchParams.get('user_field_names') !== 'true') return violation('rows are sent by field name: user_field_names=true is required');
      const names = new Set(t.fields.map((f) => f.name));
      for (const it of items as Record<string, unknown>[]) {
        if (!it || typeof it !== 'object') return violation('items are objects');
        const unknown = Object.keys(it).filter((k) => k !== 'id' && !names.has(k));
        if (unknown.length) return violation(`unknown field(s) ${unknown.join(', ')} in table ${t.id}`);
        for (const [k, v] of Object.entries(it)) if (k !== 'id' && v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return violation(`field ${k}: a text/number/date value expected`);
      }
      const out = (id: number) => ({ id, order: `${id}.00000000000000000000`, ...t.rows.get(id) });
      if (req.method === 'POST') {
        if ((items as Record<string, unknown>[]).some((it) => 'id' in it)) return violation('a created row has no id yet');
        const ids = (items as Record<string, unknown>[]).map((it) => {
          const id = nextRowId++;
          t.rows.set(id, { ...it });
          return id;
        });
        return reply(200, { items: ids.map(out) });
      }
      if (req.method === 'PATCH') {
        if (!(items as Record<string, unknown>[]).every((it) => Number.isInteger(it.id))) return violation('each updated item needs its row id');
        const missing = (items as { id: number }[]).filter((it) => !t.rows.has(it.id)).map((it) => it.id);
        if (missing.length) return reply(404, { error: 'ERROR_ROW_DOES_NOT_EXIST', detail: `The rows ${JSON.stringify(missing)} do not exist.` });
        for (const it of items as ({ id: number } & Record<string, unknown>)[]) {
          const { id, ...fields } = it;
          t.rows.set(id, { ...t.rows.get(id), ...fields });
        }
        return reply(200, { items: (items as { id: number }[]).map((it) => out(it.id)) });
      }
      return violation(`method ${req.method} not allowed here`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
