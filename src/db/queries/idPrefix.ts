/**
 * Resolves a run, transcript or backfill id typed as a prefix (the CLI's
 * tables show 8 characters) to the one full id it names (issue 13).
 * Owns: that lookup. Must not: print anything (src/cli/ turns the outcome into a message).
 */
import { sql } from 'kysely';
import type { Db } from '../index.ts';
import { isUuid } from '../ids.ts';

export type IdKind = 'run' | 'transcript' | 'backfill';

export type PrefixMatch =
  | { kind: 'one'; id: string }
  | { kind: 'none' }
  /** More than one id starts with the prefix: up to `limit` of them, newest first, with a label. */
  | { kind: 'many'; candidates: { id: string; label: string }[]; more: boolean }
  | { kind: 'invalid' };

/** At least 4 hex digits; dashes where a UUID has them are allowed. */
const PREFIX = /^[0-9a-f]{4}[0-9a-f-]{0,32}$/;

export async function resolveIdPrefix(db: Db, kind: IdKind, input: string, limit = 10): Promise<PrefixMatch> {
  const text = input.trim().toLowerCase();
  if (isUuid(text)) return { kind: 'one', id: text };
  if (!PREFIX.test(text)) return { kind: 'invalid' };
  // Validated hex and dashes only: no LIKE wildcards can reach the pattern.
  const pattern = `${text}%`;
  let rows: { id: string; label: string }[];
  if (kind === 'run') {
    rows = await db
      .selectFrom('stellar.pipeline_runs as r')
      .innerJoin('stellar.transcripts as t', 't.id', 'r.transcript_id')
      .select(['r.id', sql<string>`t.file_name || ' (' || r.status || ', ' || to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ')'`.as('label')])
      .where(sql<boolean>`r.id::text like ${pattern}`)
      .orderBy('r.created_at', 'desc')
      .limit(limit + 1)
      .execute();
  } else if (kind === 'transcript') {
    rows = await db
      .selectFrom('stellar.transcripts as t')
      .select(['t.id', sql<string>`t.file_name || ' (received ' || to_char(t.received_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ')'`.as('label')])
      .where(sql<boolean>`t.id::text like ${pattern}`)
      .orderBy('t.received_at', 'desc')
      .limit(limit + 1)
      .execute();
  } else {
    rows = await db
      .selectFrom('stellar.backfills as b')
      .select(['b.id', sql<string>`'created ' || to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || coalesce(', ' || b.reason, '')`.as('label')])
      .where(sql<boolean>`b.id::text like ${pattern}`)
      .orderBy('b.created_at', 'desc')
      .limit(limit + 1)
      .execute();
  }
  if (rows.length === 0) return { kind: 'none' };
  if (rows.length === 1) return { kind: 'one', id: rows[0].id };
  return { kind: 'many', candidates: rows.slice(0, limit), more: rows.length > limit };
}
