/**
 * Configuration: every secret, address and knob comes from the environment,
 * validated once with zod. Owns: the Config shape and its defaults.
 * Must not: read files other than the environment, or open connections.
 * Every variable here is listed in .env.example.
 */
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
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  STELLAR_API_TOKENS: csv.default([]),
  STELLAR_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  STELLAR_INBOX: z.string().optional(),
  STELLAR_GRAPHIQL: bool.default(false),
  ALERT_WEBHOOK_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  ALERT_EMAIL_TO: z.string().optional(),
  ALERT_EMAIL_FROM: z.string().default('stellar@localhost'),
  ALERT_GROUP_MINUTES: z.coerce.number().int().min(0).default(15),
  NEO4J_URL: z.string().optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().optional(),
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
