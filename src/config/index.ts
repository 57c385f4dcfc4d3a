/**
 * Configuration: every secret, address and knob comes from the environment,
 * validated once with zod. Owns: the Config shape and its defaults.
 * Must not: read files other than the environment, or open connections.
 * Every variable here is listed in .env.example.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const csv = z.string().transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean));

export const configSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/stellar'),
  STELLAR_PROVIDER: z.enum(['builtin', 'ollama']).default('builtin'),
  OLLAMA_HOST: z.string().url().default('http://127.0.0.1:11434'),
  OLLAMA_MODEL_STRUCTURE: z.string().min(1).default('llama3.1:8b'),
  OLLAMA_MODEL_WRITING: z.string().min(1).default('llama3.1:8b'),
  OLLAMA_MODEL_COACHING: z.string().min(1).default('llama3.1:8b'),
  OLLAMA_MODEL_EMBED: z.string().min(1).default('nomic-embed-text'),
  OLLAMA_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  OLLAMA_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  STELLAR_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(5),
  STELLAR_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  STELLAR_MAX_MODEL_CALLS: z.coerce.number().int().min(0).default(0),
  STELLAR_CRONTAB: z.string().default('crontab'),
  // Operations (issue 5, README.md (Operations))
  /** sweep_stuck_runs: a worker whose heartbeat is older than this is dead; its locked jobs are unlocked. */
  STELLAR_WORKER_DEAD_MS: z.coerce.number().int().min(1000).default(60_000),
  /** sweep_stuck_runs: an open stage with no runnable job for this long is re-queued. */
  STELLAR_STUCK_AFTER_MS: z.coerce.number().int().min(0).default(60_000),
  /** sweep_stuck_runs: re-queues per run before its lost stages are failed instead. */
  STELLAR_SWEEP_MAX_REQUEUES: z.coerce.number().int().min(0).max(100).default(3),
  /** daily_digest: minutes between checks while the day's runs are still in flight, and how many checks at most. */
  STELLAR_DIGEST_RECHECK_MINUTES: z.coerce.number().int().min(1).default(10),
  STELLAR_DIGEST_MAX_CHECKS: z.coerce.number().int().min(1).max(1000).default(12),
  /** Recipients of the weekly analytics and the daily digest (default ALERT_EMAIL_TO); needs SMTP_URL. */
  STELLAR_REPORT_EMAIL_TO: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  STELLAR_API_TOKENS: csv.default([]),
  STELLAR_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  STELLAR_INBOX: z.string().optional(),
  /** Inbox: a file is taken once its size and mtime have not changed for this long. */
  STELLAR_INBOX_STABLE_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  /** Inbox: files ingested at once. */
  STELLAR_INBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Inbox: full rescan of the folder this often, a safety net under the file-system events (0 = off). */
  STELLAR_INBOX_RESCAN_MS: z.coerce.number().int().min(0).default(30_000),
  /** Graceful shutdown: how long in-flight requests, inbox files and running jobs get before the process exits anyway. */
  STELLAR_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(25_000),
  /** `stellar start`: CPU niceness of the worker thread (Linux, 0–19; 0 = same as the HTTP server). */
  STELLAR_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(19),
  /** GET /healthz: a worker heartbeat older than this counts as no worker. */
  STELLAR_HEARTBEAT_MAX_AGE_MS: z.coerce.number().int().min(1000).default(30_000),
  STELLAR_GRAPHIQL: bool.default(false),
  // GraphQL limits (issue 4): depth, estimated rows, per-request statement timeout, own pool size
  STELLAR_GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  STELLAR_GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(50_000),
  STELLAR_GRAPHQL_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  STELLAR_GRAPHQL_POOL: z.coerce.number().int().min(1).max(100).default(5),
  // Dashboard log-in cookie lifetime
  STELLAR_DASHBOARD_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  ALERT_WEBHOOK_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  ALERT_EMAIL_TO: z.string().optional(),
  ALERT_EMAIL_FROM: z.string().default('stellar@localhost'),
  ALERT_GROUP_MINUTES: z.coerce.number().int().min(0).default(15),
  NEO4J_URL: z.string().optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
  // Ask Stellar (issue 9, docs/ask.md): the reasoning engine
  /** Plan → tools → observe rounds per question before the engine answers with what it has. */
  STELLAR_ASK_MAX_STEPS: z.coerce.number().int().min(1).max(50).default(6),
  /** The `sql` tool: statement timeout (ms) and the most rows it returns. */
  STELLAR_ASK_SQL_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  STELLAR_ASK_SQL_MAX_ROWS: z.coerce.number().int().min(1).max(10_000).default(200),
  /** With STELLAR_PROVIDER=ollama: the model that plans and calls the tools. */
  OLLAMA_MODEL_ASK: z.string().min(1).default('llama3.1:8b'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; throws one readable error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" so that a copied .env.example works as is.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Reads the project's .env file into process.env when there is one; variables already set win. */
export function loadDotEnv(): void {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.env');
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
