/**
 * A STAND-IN for hybrid search (src/search, built in another change): a
 * SearchFn over the current chunks with Postgres full-text search only
 * (websearch_to_tsquery, ts_rank, ts_headline), filters bound as parameters.
 * The reasoning engine's tests, eval and benchmark use it until the real
 * `createSearch` is wired in. Turn ranges are found by matching the chunk's
 * lines to the call's turns (the chunks table has no turn columns yet).
 * Must not: be imported by src/.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/index.ts';
import type { SearchFn, SearchHit } from '../../src/search/types.ts';

interface Row {
  id: string;
  transcript_id: string;
  run_id: string;
  file_name: string;
  account: string | null;
  meeting_at: Date | null;
  speakers: string[];
  start_ms: number | null;
  text: string;
  score: number;
  snippet: string;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export function createFtsSearch(db: Db): SearchFn {
  return async (params) => {
    const limit = Math.min(Math.max(params.limit ?? 10, 1), 50);
    const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await sql<Row>`
      with q as (select websearch_to_tsquery('english', ${params.q}) as query)
      select ch.id, ch.transcript_id, ch.run_id, c.file_name, c.account, c.meeting_at, ch.speakers, ch.start_ms, ch.text,
             ts_rank(to_tsvector('english', ch.text), q.query) as score,
             ts_headline('english', ch.text, q.query, 'StartSel=«, StopSel=», MaxWords=30, MinWords=10') as snippet
      from stellar.chunks ch
      join stellar.current_stage_run cur on cur.run_id = ch.run_id and cur.stage = 'chunk'
      join stellar_api.calls c on c.transcript_id = ch.transcript_id
      cross join q
      where to_tsvector('english', ch.text) @@ q.query
        and (${params.account ?? null}::text is null or c.account ilike ${params.account ? like(params.account) : null}::text)
        and (${params.rep ?? null}::text is null or c.rep ilike ${params.rep ? like(params.rep) : null}::text)
        and (${params.since ?? null}::timestamptz is null or c.meeting_at >= ${params.since ?? null}::timestamptz)
        and (${params.until ?? null}::timestamptz is null or c.meeting_at < ${params.until ?? null}::timestamptz)
        and (${params.transcriptId ?? null}::uuid is null or ch.transcript_id = ${params.transcriptId ?? null}::uuid)
      order by score desc, ch.id
      limit ${limit}`.execute(db);
    const hits: SearchHit[] = [];
    for (const r of rows) {
      const turns = await db.selectFrom('stellar.turns').select(['idx', 'text']).where('run_id', '=', r.run_id).orderBy('idx').execute();
      const body = norm(r.text);
      const covered = turns.filter((t) => body.includes(norm(t.text).slice(0, 40))).map((t) => t.idx);
      hits.push({
        chunkId: String(r.id),
        transcriptId: r.transcript_id,
        fileName: r.file_name,
        speaker: r.speakers.join(', '),
        side: null,
        startMs: r.start_ms,
        turnFrom: covered.length ? Math.min(...covered) : 0,
        turnTo: covered.length ? Math.max(...covered) : 0,
        score: Number(r.score),
        snippet: r.snippet,
        text: r.text,
        account: r.account,
        meetingAt: r.meeting_at ? r.meeting_at.toISOString() : null,
      });
    }
    return hits;
  };
}
