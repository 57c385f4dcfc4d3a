/**
 * Suites over optional reference data (../shared beside the project) are
 * registered only when that data exists: a user's clone has none, and there is
 * nothing to check then — not a skipped test.
 */
import { describe } from 'node:test';

export function describeWhen(present: unknown): (name: string, fn: () => void) => void {
  return present ? (name, fn) => describe(name, fn) : () => {};
}
