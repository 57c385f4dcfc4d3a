/**
 * The `sql` tool: one read-only query over the stellar_api views, run as the
 * Postgres role `stellar_reasoning` (sql/045_reasoning.sql), which can read
 * those views and nothing else. What is allowed is decided by the database,
 * not by parsing the text:
 *   - a READ ONLY transaction (no writes, whatever the role could do),
 *   - SET LOCAL ROLE stellar_reasoning (SELECT on stellar_api only; no other
 *     schema, no pg_read_file, no set_config),
 *   - SET LOCAL statement_timeout (a slow query is cut),
 *   - the text is placed as a subquery of `select * from (…) limit $cap` and sent
 *     with the extended protocol, so it can only be ONE query expression (a
 *     second statement, SET, COPY or a data-modifying WITH is a syntax error),
 *     and at most `maxRows` rows come back.
 * Values go in `params` ($1, $2…), bound by the server, never spliced in.
 * Anything refused becomes a SqlToolError the engine reports and recovers from.
 * Must not: run anything as the connection's own role after SET LOCAL ROLE, or
 * commit a transaction that did more than read.
 */
import { CompiledQuery, sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { Citation } from '../types.ts';
import type { Tool } from './types.ts';

export const REASONING_ROLE = 'stellar_reasoning';

export interface SqlToolOptions {
  db: Db;
  /** statement_timeout inside the transaction (STELLAR_ASK_SQL_TIMEOUT_MS). */
  timeoutMs: number;
  /** Rows returned at most (STELLAR_ASK_SQL_MAX_ROWS); more are cut and `truncated` is set. */
  maxRows: number;
}

export const sqlArgs = z.object({
  query: z.string().trim().min(1).max(8000),
  params: z.array(z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).max(20).optional(),
}).strict();

/** A query the database refused or cut; `code` is the SQLSTATE when there is one. */
export class SqlToolError extends Error {
  override readonly name = 'SqlToolError';
  constructor(message: string, readonly code: string | null) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  '42501': 'not allowed: the sql tool may only read the stellar_api views',
  '25006': 'not allowed: the sql tool runs read-only',
  '57014': 'cut: the query ran longer than the statement timeout',
  '42601': 'not a single SELECT query (syntax error)',
  '0A000': 'not supported here',
};

export interface SqlResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** Runs one query under the reasoning role; throws SqlToolError when the database refuses it. */
export async function runReadOnlyQuery(db: Db, query: string, params: readonly unknown[], opts: { timeoutMs: number; maxRows: number }): Promise<SqlResult> {
  // A trailing semicolon is harmless on its own; anything after it stays in the subquery and fails.
  const body = query.replace(/;\s*$/, '');
  const n = params.length;
  try {
    return await db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        await sql`select set_config('statement_timeout', ${String(opts.timeoutMs)}, true)`.execute(trx);
        await sql`select set_config('idle_in_transaction_session_timeout', ${String(opts.timeoutMs * 2)}, true)`.execute(trx);
        await sql.raw(`set local role ${REASONING_ROLE}`).execute(trx);
        // The query text is the tool's argument (SQL by nature); its values are bound as $1…$n,
        // the row cap as $n+1. Newlines keep a trailing `--` comment from swallowing the wrapper.
        const wrapped = CompiledQuery.raw(`select * from (\n${body}\n) as stellar_sql_tool limit $${n + 1}`, [...params, opts.maxRows + 1]);
        const res = await trx.executeQuery<Record<string, unknown>>(wrapped);
        const rows = res.rows.slice(0, opts.maxRows);
        return { columns: rows[0] ? Object.keys(rows[0]) : [], rows, truncated: res.rows.length > opts.maxRows };
      });
  } catch (err) {
    const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : null;
    const reason = code ? REASONS[code] ?? (code.startsWith('42') ? 'refused by the database' : null) : null;
    const message = (err as Error).message;
    if (reason || code) throw new SqlToolError(`${reason ?? 'query failed'}: ${message}`, code);
    throw err;
  }
}

function jsonSafe(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  return v;
}

export function sqlTool(opts: SqlToolOptions): Tool<typeof sqlArgs> {
  return {
    name: 'sql',
    description:
      'One read-only SQL SELECT over the stellar_api views: calls(transcript_id, file_name, account, rep, meeting_at), objections(transcript_id, file_name, account, meeting_at, type, speaker, quote), next_steps(transcript_id, file_name, account, owner, action, due_date), competitor_mentions(transcript_id, file_name, account, competitor), speaker_metrics(transcript_id, file_name, speaker, side, talk_ms, share, words, questions), deal_facts(transcript_id, file_name, account, rep, meeting_at, facts jsonb), transcripts, pipeline_runs, weekly_reports. Pass values as params ($1, $2…). Writes, other schemas and several statements are refused.',
    schema: sqlArgs,
    async run(args, { evidence }) {
      const result = await runReadOnlyQuery(opts.db, args.query, args.params ?? [], opts);
      const rows = result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonSafe(v)])));
      // One citation per row that names a call (transcript_id + file_name), aligned with the rows.
      await evidence.preload(rows.map((r) => r.transcript_id).filter((id): id is string => typeof id === 'string'));
      const rowCitations: (Citation | null)[] = [];
      for (const r of rows) {
        const id = r.transcript_id;
        const file = r.file_name;
        if (typeof id !== 'string' || typeof file !== 'string') {
          rowCitations.push(null);
          continue;
        }
        const phrase = typeof r.quote === 'string' ? r.quote : typeof r.action === 'string' ? r.action : null;
        const speaker = typeof r.speaker === 'string' ? r.speaker : typeof r.owner === 'string' ? r.owner : null;
        rowCitations.push(await evidence.cite({ transcriptId: id, fileName: file }, phrase, speaker));
      }
      const citations = rowCitations.filter((c): c is Citation => c !== null);
      return {
        summary: `${rows.length} row${rows.length === 1 ? '' : 's'}${result.truncated ? ` (cut at ${opts.maxRows})` : ''}`,
        data: { columns: result.columns, rows, truncated: result.truncated, rowCitations },
        citations,
      };
    },
  };
}
