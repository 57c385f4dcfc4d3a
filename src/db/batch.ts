/**
 * Multi-row INSERTs under PostgreSQL's limit of 65,535 bind parameters per
 * statement: rows are cut into batches of at most MAX_PARAMETERS_PER_STATEMENT
 * parameters (one per column per row), so a transcript of 100,000 turns is
 * written in a few dozen statements instead of one that can never succeed.
 * Owns: the batching arithmetic. Must not: run queries itself.
 */

/** Hard limit of the wire protocol (Bind message: a 16-bit parameter count). */
export const POSTGRES_MAX_PARAMETERS = 65_535;
/** What we use per statement: well under the limit, and large enough that batches stay few. */
export const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/** Rows cut into batches whose parameter count (rows × columns) stays within `maxParameters`. */
export function batchRows<T extends object>(rows: readonly T[], maxParameters = MAX_PARAMETERS_PER_STATEMENT): T[][] {
  if (rows.length === 0) return [];
  const columns = Math.max(1, Object.keys(rows[0]).length);
  const size = Math.max(1, Math.floor(maxParameters / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
