/**
 * Helpers shared by the benchmarks in scripts/bench/: the URL of another
 * database on the same server, and one statement run on its admin database
 * (CREATE / DROP DATABASE). Lives outside scripts/bench/ because every file
 * there is loaded as a benchmark.
 * Must not: hold a benchmark or application code.
 */
import { withClient, withDatabase } from '../src/db/client.ts';

/** `base` with its database name replaced by `name`. */
export const dbUrl = withDatabase;

/** Runs one statement on the `postgres` database of the server of `base`. */
export async function admin(base: string, query: string): Promise<void> {
  await withClient(withDatabase(base, 'postgres'), (c) => c.query(query));
}
