/**
 * A scripted fake Ollama server for tests and benchmarks: node:http on
 * 127.0.0.1:<random port>, speaking /api/chat, /api/embed, /api/tags and
 * /api/version the way Ollama does (non-streaming JSON replies).
 * Owns: per-test scripted answers (success, HTTP errors, delays, hangs,
 * malformed bodies), a record of every request, and in-flight counting.
 * Must not: import project code (it is a stand-in for an external server) or
 * touch the database.
 *
 * Usage:
 *   const fake = await startFakeOllama({ chat: [{ status: 500 }, { json: facts }] });
 *   const provider = new OllamaProvider({ ...cfg, OLLAMA_HOST: fake.url });
 *   ...
 *   fake.requests('chat')[0].body.model; fake.maxInFlight; await fake.close();
 *
 * When an endpoint's queue is empty (or no script is given) the default
 * answer is used: a minimal reply valid for the JSON Schema the request sent
 * as `format`, and deterministic embeddings of `embedDims` dimensions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export type FakeEndpoint = 'chat' | 'embed' | 'tags' | 'version' | 'other';

/** One scripted answer. Fields combine: e.g. `{ delayMs: 500, json: {...} }`. */
export interface FakeReply {
  /** Wait this long before answering (added to the server-wide delayMs). */
  delayMs?: number;
  /** Never answer; the request stays open until the client gives up (aborts). */
  hang?: boolean;
  /** HTTP status. >= 400 answers `{"error": error}` as Ollama does. Default 200. */
  status?: number;
  /** Error text for status >= 400. */
  error?: string;
  /** /api/chat: message.content verbatim (put malformed JSON here). */
  content?: string;
  /** /api/chat: message.content = JSON.stringify(json) (e.g. an object failing the schema). */
  json?: unknown;
  /** /api/embed: the vectors to return (e.g. of inconsistent dimensions). */
  embeddings?: number[][];
  /** Send this HTTP body verbatim (e.g. a broken JSON body) with the given status. */
  rawBody?: string;
  /** Override the `model` field of the answer (default: the requested model). */
  model?: string;
  /** /api/chat: tool calls in the assistant message (`arguments` as given: an object, or a malformed string). */
  toolCalls?: { name: string; arguments: unknown }[];
}

/** A request the server received, in arrival order. */
export interface RecordedRequest {
  /** 0-based index over all requests. */
  seq: number;
  /** 0-based index among requests to the same endpoint. */
  n: number;
  endpoint: FakeEndpoint;
  method: string;
  path: string;
  /** Parsed JSON body (null when empty or not JSON). */
  body: any;
  /** body.model, for convenience. */
  model: string | null;
  receivedAt: number;
  /** Set when the answer was written; stays null for hung/aborted requests. */
  answeredAt: number | null;
  /** The client closed the connection before an answer was written (e.g. its timeout). */
  aborted: boolean;
  /** The reply that was scripted for it. */
  reply: FakeReply | null;
}

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

/** A queue of replies (consumed in order, then defaults) or a function called per request. */
export type FakeScriptEntry = FakeReply[] | FakeHandler;

export interface FakeOllamaScript {
  chat?: FakeScriptEntry;
  embed?: FakeScriptEntry;
  /** Models listed by /api/tags. Default: every model name requested so far, plus 'fake-model'. */
  models?: string[];
  /** Fixed delay for every chat/embed answer, in ms (benchmarks use 200). */
  delayMs?: number;
  /** Dimensions of the default embeddings. Default 8. */
  embedDims?: number;
}

export interface FakeOllama {
  /** Base URL for OLLAMA_HOST, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  /** Every request so far, or those to one endpoint. */
  requests(endpoint?: FakeEndpoint): RecordedRequest[];
  /** Number of requests so far (to one endpoint, or chat + embed when omitted). */
  calls(endpoint?: FakeEndpoint): number;
  /** chat + embed requests currently being answered (delayed or hung ones included). */
  readonly inFlight: number;
  /** Highest inFlight seen since start (or the last reset). */
  readonly maxInFlight: number;
  /** Replace the script (queues restart); records are kept. */
  setScript(script: FakeOllamaScript): void;
  /** Forget recorded requests and the max-in-flight mark. */
  reset(): void;
  /** Resolves once `count` chat+embed requests have arrived (for tests that act mid-flight). */
  waitForCalls(count: number, timeoutMs?: number): Promise<void>;
  /** Stops the server, dropping open connections and pending answers. */
  close(): Promise<void>;
}

// ------------------------------------------------------------ default answers

/** A minimal value valid for a (zod-generated) JSON Schema; for the default chat answer. */
export function sampleForSchema(schema: any): unknown {
  if (!schema || typeof schema !== 'object') return null;
  if (Array.isArray(schema.anyOf)) {
    const nonNull = schema.anyOf.find((s: any) => s?.type !== 'null');
    return sampleForSchema(nonNull ?? schema.anyOf[0]);
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? (schema.type.find((t: string) => t !== 'null') ?? 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) out[key] = sampleForSchema(sub);
      return out;
    }
    case 'array':
      return [];
    case 'string': {
      if (typeof schema.pattern === 'string' && schema.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2025-01-01';
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const base = 'fake answer';
      return min > base.length ? base.padEnd(min, '.') : typeof schema.maxLength === 'number' ? base.slice(0, schema.maxLength).padEnd(min, 'x') : base;
    }
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Default /api/chat reply: a value valid for the request's `format` schema ({} when format is 'json' or absent). */
export function defaultChatReply(req: RecordedRequest): FakeReply {
  const format = req.body?.format;
  return { json: format && typeof format === 'object' ? sampleForSchema(format) : {} };
}

/** Deterministic unit vector for a text (same text, same vector). */
export function fakeVector(text: string, dims: number): number[] {
  const out: number[] = [];
  let block = createHash('sha256').update(text).digest();
  for (let i = 0; i < dims; i++) {
    if (i > 0 && i % 16 === 0) block = createHash('sha256').update(block).digest();
    out.push(block.readUInt16BE((i % 16) * 2) / 65535 - 0.5);
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((x) => x / norm);
}

export function defaultEmbedReply(req: RecordedRequest, dims = 8): FakeReply {
  const input = req.body?.input;
  const texts: string[] = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
  return { embeddings: texts.map((t) => fakeVector(t, dims)) };
}

// ------------------------------------------------------------ server

function endpointOf(path: string): FakeEndpoint {
  switch (path) {
    case '/api/chat':
      return 'chat';
    case '/api/embed':
      return 'embed';
    case '/api/tags':
      return 'tags';
    case '/api/version':
      return 'version';
    default:
      return 'other';
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeOllama(initial: FakeOllamaScript = {}): Promise<FakeOllama> {
  let script = initial;
  let queues = { chat: [...(Array.isArray(initial.chat) ? initial.chat : [])], embed: [...(Array.isArray(initial.embed) ? initial.embed : [])] };
  let records: RecordedRequest[] = [];
  let seq = 0;
  const perEndpoint = new Map<FakeEndpoint, number>();
  const seenModels = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();

  const modelCalls = () => records.filter((r) => r.endpoint === 'chat' || r.endpoint === 'embed').length;

  async function scripted(endpoint: 'chat' | 'embed', rec: RecordedRequest): Promise<FakeReply> {
    const entry = script[endpoint];
    if (typeof entry === 'function') return entry(rec);
    const next = queues[endpoint].shift();
    if (next) return next;
    return endpoint === 'chat' ? defaultChatReply(rec) : defaultEmbedReply(rec, script.embedDims ?? 8);
  }

  function send(res: ServerResponse, status: number, body: string, contentType = 'application/json; charset=utf-8'): void {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  function answerBody(endpoint: 'chat' | 'embed', rec: RecordedRequest, reply: FakeReply): string {
    const model = reply.model ?? rec.model ?? 'fake-model';
    const now = new Date().toISOString();
    if (endpoint === 'embed') {
      const embeddings = reply.embeddings ?? (defaultEmbedReply(rec, script.embedDims ?? 8).embeddings as number[][]);
      return JSON.stringify({ model, embeddings, total_duration: 1000, load_duration: 100, prompt_eval_count: embeddings.length });
    }
    const content = reply.content ?? (reply.json !== undefined ? JSON.stringify(reply.json) : reply.toolCalls ? '' : JSON.stringify(sampleForSchema(rec.body?.format)));
    const toolCalls = reply.toolCalls ? { tool_calls: reply.toolCalls.map((t) => ({ function: { name: t.name, arguments: t.arguments } })) } : {};
    const message = { model, created_at: now, message: { role: 'assistant', content, ...toolCalls }, done: true, done_reason: 'stop', total_duration: 1000, load_duration: 100, prompt_eval_count: 10, prompt_eval_duration: 100, eval_count: 10, eval_duration: 100 };
    // A client asking for a stream gets one NDJSON line carrying done: true.
    return rec.body?.stream === true ? `${JSON.stringify(message)}\n` : JSON.stringify(message);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const endpoint = endpointOf(path);
    const raw = await readBody(req);
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const n = perEndpoint.get(endpoint) ?? 0;
    perEndpoint.set(endpoint, n + 1);
    const rec: RecordedRequest = {
      seq: seq++,
      n,
      endpoint,
      method: req.method ?? 'GET',
      path,
      body,
      model: typeof body?.model === 'string' ? body.model : null,
      receivedAt: Date.now(),
      answeredAt: null,
      aborted: false,
      reply: null,
    };
    records.push(rec);
    if (rec.model) seenModels.add(rec.model);

    if (endpoint === 'tags') {
      const names = script.models ?? [...new Set(['fake-model', ...seenModels])];
      send(res, 200, JSON.stringify({ models: names.map((name) => ({ name, model: name, modified_at: new Date(0).toISOString(), size: 0, digest: 'fake', details: {} })) }));
      rec.answeredAt = Date.now();
      return;
    }
    if (endpoint === 'version') {
      send(res, 200, JSON.stringify({ version: '0.0.0-fake' }));
      rec.answeredAt = Date.now();
      return;
    }
    if (endpoint === 'other') {
      send(res, 404, JSON.stringify({ error: `fake ollama: no route ${req.method} ${path}` }));
      rec.answeredAt = Date.now();
      return;
    }

    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    for (const w of [...waiters]) w();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
      finish();
    });

    const reply = await scripted(endpoint, rec);
    rec.reply = reply;
    if (reply.hang) return; // answered never; 'close' cleans up when the client gives up
    const delay = (script.delayMs ?? 0) + (reply.delayMs ?? 0);
    if (delay > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, delay);
        timers.add(t);
        res.on('close', () => {
          clearTimeout(t);
          timers.delete(t);
          resolve();
        });
      });
    }
    if (res.destroyed || res.writableEnded) return;
    const status = reply.status ?? 200;
    if (reply.rawBody !== undefined) send(res, status, reply.rawBody);
    else if (status >= 400) send(res, status, JSON.stringify({ error: reply.error ?? `fake ollama: scripted HTTP ${status}` }));
    else send(res, status, answerBody(endpoint, rec, reply), rec.body?.stream === true ? 'application/x-ndjson' : undefined);
    rec.answeredAt = Date.now();
    finish();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: `fake ollama crashed: ${String(err)}` }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: (endpoint) => (endpoint ? records.filter((r) => r.endpoint === endpoint) : [...records]),
    calls: (endpoint) => (endpoint ? records.filter((r) => r.endpoint === endpoint).length : modelCalls()),
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    setScript(next) {
      script = next;
      queues = { chat: [...(Array.isArray(next.chat) ? next.chat : [])], embed: [...(Array.isArray(next.embed) ? next.embed : [])] };
    },
    reset() {
      records = [];
      perEndpoint.clear();
      maxInFlight = inFlight;
    },
    waitForCalls(count, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (modelCalls() >= count) {
            waiters.delete(check);
            clearTimeout(t);
            resolve();
          }
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake ollama: ${modelCalls()} of ${count} calls arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
