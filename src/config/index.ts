/**
 * Configuration: every secret, address and knob comes from the environment,
 * validated once with zod. Owns: the Config shape and its defaults.
 * Must not: read files other than the environment, or open connections.
 * Every variable here is listed in .env.example with its default, and has a
 * `.describe()` text: docs/configuration.md is generated from this schema
 * (`npm run docs:config`, scripts/gen-config-docs.ts); test/config-docs.test.ts
 * fails when either is stale.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.ts';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const csv = z.string().transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean));

export const configSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/stellar').describe('The one PostgreSQL database: data, job queue (graphile-worker), run history, vectors.'),
  STELLAR_PROVIDER: z.enum(['builtin', 'ollama']).default('builtin').describe('Which provider does the model work: builtin (deterministic, no server) or ollama.'),
  OLLAMA_HOST: z.string().url().default('http://127.0.0.1:11434').describe('Address of the Ollama server (STELLAR_PROVIDER=ollama).'),
  OLLAMA_MODEL_STRUCTURE: z.string().min(1).default('llama3.1:8b').describe('Ollama model for the structure stage (deal facts).'),
  OLLAMA_MODEL_WRITING: z.string().min(1).default('llama3.1:8b').describe('Ollama model for draft_email and draft_social.'),
  OLLAMA_MODEL_COACHING: z.string().min(1).default('llama3.1:8b').describe('Ollama model for the coaching feedback of coach_call.'),
  OLLAMA_MODEL_EMBED: z.string().min(1).default('nomic-embed-text').describe('Ollama model for embed (vectors go to stellar.chunk_embeddings_ollama).'),
  OLLAMA_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000).describe('Timeout of one Ollama call, in ms.'),
  OLLAMA_RETRIES: z.coerce.number().int().min(0).max(10).default(2).describe("Retries of one Ollama call (5xx, 408, 429, network errors, timeouts, bad JSON), on top of the stage job's own retries."),
  STELLAR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(5).describe('Attempts per stage job before the stage is failed for good.'),
  STELLAR_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe('Jobs at once per worker process.'),
  STELLAR_WORKER_MAX_HEAP_MB: z.coerce.number().int().min(0).max(65_536).default(256).describe("V8 heap limit (old generation, MB) of the worker pool: `stellar worker` restarts itself with `--max-old-space-size` (same process id), `stellar start` gives it to the worker thread. Also keeps V8's heap growth small (~1.3× the live heap at ≤ 256 MB). Raise it with the concurrency and STELLAR_MAX_UPLOAD_BYTES (a 100,000-turn call needs ~150 MB); 0: V8's default (about a quarter of the machine's memory), or your own NODE_OPTIONS=--max-old-space-size."),
  STELLAR_MAX_MODEL_CALLS: z.coerce.number().int().min(0).default(0).describe('Concurrent model calls across ALL worker processes (0: no cap).'),
  STELLAR_CRONTAB: z.string().default('crontab').describe('The crontab file (graphile-worker format), relative to the project root.'),
  STELLAR_WORKER_DEAD_MS: z.coerce.number().int().min(1000).default(60_000).describe('sweep_stuck_runs: a worker whose heartbeat is older than this (ms) is dead; its locked jobs are unlocked.'),
  STELLAR_STUCK_AFTER_MS: z.coerce.number().int().min(0).default(60_000).describe('sweep_stuck_runs: an open stage with no runnable job for this long (ms) is re-queued.'),
  STELLAR_SWEEP_MAX_REQUEUES: z.coerce.number().int().min(0).max(100).default(3).describe('sweep_stuck_runs: re-queues per run before its lost stages are failed instead.'),
  STELLAR_DIGEST_RECHECK_MINUTES: z.coerce.number().int().min(1).default(10).describe("daily_digest: minutes between checks while the day's runs are still in flight."),
  STELLAR_DIGEST_MAX_CHECKS: z.coerce.number().int().min(1).max(1000).default(12).describe('daily_digest: checks before it reports anyway (with complete = false and a note).'),
  STELLAR_REPORT_EMAIL_TO: z.string().optional().describe('Recipients of the weekly analytics and the daily digest (unset: ALERT_EMAIL_TO); needs SMTP_URL.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('Port the HTTP server listens on.'),
  HOST: z.string().default('127.0.0.1').describe('Address the HTTP server listens on.'),
  STELLAR_API_TOKENS: csv.default([]).describe('Comma-separated bearer tokens; every route but /healthz and /readyz needs one (none configured: every request gets 401).'),
  STELLAR_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(1000).describe('Most open HTTP connections at once; a connection beyond it is closed at once (each holds a file descriptor).'),
  STELLAR_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000).describe('A connection that has not sent a complete request head within this long (ms) — an idle new connection included — gets 408 and is closed.'),
  STELLAR_HTTP_KEEPALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000).describe('A kept-alive connection idle this long (ms) between requests is closed.'),
  STELLAR_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024).describe('Largest transcript accepted, in bytes (HTTP and inbox; multipart gets 64 KB more for its envelope).'),
  STELLAR_INBOX: z.string().optional().describe('Folder watched for transcripts by `stellar start` (and `stellar watch` without an argument).'),
  STELLAR_INBOX_STABLE_MS: z.coerce.number().int().min(50).max(600_000).default(1000).describe('Inbox: a file is taken once its size and mtime have not changed for this long (ms).'),
  STELLAR_INBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4).describe('Inbox: files ingested at once.'),
  STELLAR_INBOX_RESCAN_MS: z.coerce.number().int().min(0).default(30_000).describe('Inbox: full rescan of the folder this often (ms), a safety net under the file-system events (0: off).'),
  STELLAR_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000).describe('Graceful shutdown: how long (ms) in-flight requests, inbox files and running jobs get before the process exits anyway.'),
  STELLAR_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10).describe('`stellar start`: CPU niceness of the worker thread (Linux; 0: same as the HTTP server). 10 keeps uploads fast during a burst and still gives the pipeline a share of a busy machine; 19 starves the pipeline whenever other processes keep the CPU busy ([architecture.md](architecture.md), CPU priority).'),
  STELLAR_HEARTBEAT_MAX_AGE_MS: z.coerce.number().int().min(1000).default(30_000).describe('GET /healthz: a worker heartbeat older than this (ms) counts as no worker.'),
  STELLAR_GRAPHIQL: bool.optional().describe('Serve Ruru (GraphiQL) at /graphiql. Unset: on, unless NODE_ENV=production (the Docker image).'),
  STELLAR_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10).describe('GraphQL: most nested selections in a query (QUERY_TOO_DEEP).'),
  STELLAR_GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(50_000).describe('GraphQL: most rows a query may return, estimated before it runs (QUERY_TOO_COSTLY).'),
  STELLAR_GRAPHQL_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000).describe('GraphQL: statement_timeout per request, in ms (STATEMENT_TIMEOUT).'),
  STELLAR_GRAPHQL_POOL: z.coerce.number().int().min(1).max(100).default(5).describe('GraphQL: connections of its own pool.'),
  STELLAR_DASHBOARD_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12).describe('Hours a dashboard log-in (the HttpOnly session cookie) stays valid.'),
  ALERT_WEBHOOK_URL: z.string().url().optional().describe('Slack-compatible webhook for failure alerts ({"text": "..."}).'),
  SMTP_URL: z.string().optional().describe('SMTP server for e-mail (alerts and reports), e.g. smtp://user:pass@host:587 or smtps://….'),
  ALERT_EMAIL_TO: z.string().optional().describe('Recipients of alert e-mails (e-mail alerts need both this and SMTP_URL).'),
  ALERT_EMAIL_FROM: z.string().default('stellar@localhost').describe('Sender of every e-mail Stellar sends.'),
  ALERT_GROUP_MINUTES: z.coerce.number().int().min(0).default(15).describe('At most one alert message per group (a stage, or "run") per this many minutes (0: every alert at once).'),
  NEO4J_URL: z.string().optional().describe('Neo4j server to mirror the knowledge graph to (unset: no mirror).'),
  NEO4J_USER: z.string().default('neo4j').describe('Neo4j user.'),
  NEO4J_PASSWORD: z.string().optional().describe('Neo4j password.'),
  STELLAR_ASK_MAX_STEPS: z.coerce.number().int().min(1).max(50).default(6).describe('Ask: plan → tools → observe rounds per question before the engine answers with what it has.'),
  STELLAR_ASK_SQL_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000).describe("Ask: the `sql` tool's statement timeout (ms)."),
  STELLAR_ASK_SQL_MAX_ROWS: z.coerce.number().int().min(1).max(10_000).default(200).describe('Ask: the most rows the `sql` tool returns.'),
  OLLAMA_MODEL_ASK: z.string().min(1).default('llama3.1:8b').describe('With STELLAR_PROVIDER=ollama: the model that plans and calls the tools of the reasoning engine.'),
  NEO4J_DATABASE: z.string().optional().describe('Neo4j database name (unset: the server default).'),
  NEO4J_SYNC_BATCH: z.coerce.number().int().min(1).max(10_000).default(500).describe('sync_graph / graph resync: outbox rows or graph rows per Neo4j write transaction.'),
  NEO4J_SYNC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(20).describe('sync_graph: attempts (exponential back-off) before the job is left failed; the outbox keeps the changes for the next sync.'),
  STELLAR_ROLLUP_RECHECK_MINUTES: z.coerce.number().int().min(1).default(30).describe('graph_rollup: minutes between checks while some of the day\'s runs are in flight.'),
  STELLAR_ROLLUP_MAX_CHECKS: z.coerce.number().int().min(1).default(12).describe('graph_rollup: checks before the aggregates are refreshed anyway (noted as incomplete).'),
  BASEROW_URL: z.string().url().optional().describe('Baserow server for the CRM sync (unset: no CRM sync; docs/crm.md).'),
  BASEROW_TOKEN: z.string().optional().describe('Baserow database token (sent as `Authorization: Token …`).'),
  BASEROW_ACCOUNTS_TABLE_ID: z.coerce.number().int().positive().optional().describe('Baserow table id of accounts (one row per buyer company).'),
  BASEROW_CALLS_TABLE_ID: z.coerce.number().int().positive().optional().describe('Baserow table id of calls (one row per transcript).'),
  BASEROW_NEXT_STEPS_TABLE_ID: z.coerce.number().int().positive().optional().describe('Baserow table id of next steps (one row per next step of a call).'),
  BASEROW_FIELD_MAP: z.string().optional().describe('JSON: Baserow field names per table, merged over the defaults of docs/crm.md, e.g. {"calls":{"rep":"Owner"}}; a field mapped to null is not written.'),
  BASEROW_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10).describe('sync_crm: job attempts (exponential back-off) for 5xx, network errors and repeated 429s.'),
  STELLAR_PUBLIC_URL: z.string().url().default('http://localhost:8080').describe('Base URL of this Stellar for links written elsewhere (the call page link in the CRM).'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level (JSON lines on stdout).'),
});

/** The parsed configuration; STELLAR_GRAPHIQL is resolved (unset: on unless NODE_ENV=production). */
export type Config = Omit<z.infer<typeof configSchema>, 'STELLAR_GRAPHIQL'> & { STELLAR_GRAPHIQL: boolean };

/** Parses the environment; throws one readable error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" so that a copied .env.example works as is.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, STELLAR_GRAPHIQL: parsed.data.STELLAR_GRAPHIQL ?? env.NODE_ENV !== 'production' };
}

/** Reads the project's .env file into process.env when there is one; variables already set win. */
export function loadDotEnv(): void {
  const file = path.join(projectRoot, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

let cached: Config | undefined;
/** The process-wide configuration (parsed on first use). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
/** For tests: forget the cached configuration. */
export function resetConfig(): void {
  cached = undefined;
}
