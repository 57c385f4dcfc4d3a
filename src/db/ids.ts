/**
 * Row ids are UUIDs: the one check of a string before it is used as one
 * (a bad id is a clear 400 / CLI error, not a database cast error).
 * Owns: that check. Must not: touch the database.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}
