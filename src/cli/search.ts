/**
 * `stellar search "…" [--account --rep --since --until --side --call --limit] [--json]`.
 * Owns: turning the flags into SearchParams (the same zod schema as GET /search),
 * printing hits as text or JSON, and the exit code: 0 = searched (with or
 * without hits), 2 = bad input (named on stderr), 1 = anything else failed.
 * Must not: hold SQL or ranking (src/search/).
 */
import type { App } from '../app.ts';
import { createSearch } from '../search/index.ts';
import { searchQuerySchema, toSearchParams } from '../search/params.ts';
import type { SearchHit } from '../search/types.ts';

export interface SearchCliOptions {
  account?: string;
  rep?: string;
  since?: string;
  until?: string;
  side?: string;
  call?: string;
  limit?: string;
  json?: boolean;
}

const mmss = (ms: number | null) => (ms === null ? '' : ` at ${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`);

export function renderHits(hits: readonly SearchHit[]): string {
  if (hits.length === 0) return 'No matching chunks.';
  return hits
    .map((x, i) => {
      const where = `${x.fileName} · ${x.account ?? 'unknown account'}${x.meetingAt ? ` · ${x.meetingAt.slice(0, 10)}` : ''}`;
      const who = `${x.speaker}${x.side ? ` (${x.side})` : ''}${mmss(x.startMs)} · turns ${x.turnFrom}–${x.turnTo}`;
      const snippet = x.snippet.replace(/\s+/g, ' ').trim();
      return `${i + 1}. ${where}\n   ${who} · transcript ${x.transcriptId} · score ${x.score.toFixed(4)}\n   ${snippet}`;
    })
    .join('\n\n');
}

/** Returns the exit code. */
export async function searchCommand(app: App, q: string, opts: SearchCliOptions): Promise<number> {
  const raw: Record<string, string> = { q };
  for (const k of ['account', 'rep', 'since', 'until', 'side', 'call', 'limit'] as const) if (opts[k] !== undefined) raw[k] = opts[k];
  const parsed = searchQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.');
    console.error(`stellar search: ${field ? `${field === 'q' ? 'the search text' : `--${field}`}: ` : ''}${issue?.message ?? 'invalid input'}`);
    return 2;
  }
  const params = toSearchParams(parsed.data);
  const hits = await createSearch({ db: app.handle.db, embedder: app.provider })(params);
  console.log(opts.json ? JSON.stringify({ query: params, hits }, null, 2) : renderHits(hits));
  return 0;
}
