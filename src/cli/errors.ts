/**
 * Turns the errors a CLI command meets into messages that say what to do
 * (issue 13): the database cannot be reached → which DATABASE_URL (password
 * masked) and how to start PostgreSQL; the database is not migrated → "run
 * `npm run setup`". Anything else keeps its own message.
 * Owns: that wording. Must not: import anything heavy (start-up path).
 */

/** The URL with its password replaced by ***. */
export function maskDatabaseUrl(url: string | undefined): string {
  if (!url) return '(unset)';
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a valid URL)';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', '57P03']);
const NOT_MIGRATED = new Set(['42P01', '3F000', '42883']); // undefined table, undefined schema, undefined function

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (err as { errors?: unknown[] }).errors; // AggregateError (several addresses tried)
  return Array.isArray(inner) ? codeOf(inner[0]) : undefined;
}

export function databaseUnreachableMessage(url: string | undefined, why: string): string {
  return (
    `cannot reach PostgreSQL at DATABASE_URL=${maskDatabaseUrl(url)} (${why}).\n` +
    '  Start PostgreSQL (on this machine: `sudo service postgresql start`, or `docker compose up -d postgres`),\n' +
    '  or point DATABASE_URL at a running server; then `npm run setup` creates and migrates the database.'
  );
}

export function notMigratedMessage(url: string | undefined, detail?: string): string {
  return `the database at DATABASE_URL=${maskDatabaseUrl(url)} is not set up${detail ? ` (${detail})` : ''}: run \`npm run setup\` first.`;
}

/** The message for an error of a CLI command (without the `stellar: ` prefix). */
export function explainError(err: unknown, databaseUrl: string | undefined): string {
  const message = err instanceof Error ? err.message || String(err) : String(err);
  const code = codeOf(err);
  if (code && UNREACHABLE.has(code)) return databaseUnreachableMessage(databaseUrl, message || code);
  if (code === '3D000') return `${message} — DATABASE_URL=${maskDatabaseUrl(databaseUrl)}; \`npm run setup\` creates it.`;
  if (code === '28P01' || code === '28000') return `${message} — check the user and password in DATABASE_URL=${maskDatabaseUrl(databaseUrl)}.`;
  if (code && NOT_MIGRATED.has(code)) return notMigratedMessage(databaseUrl, message);
  return message;
}
