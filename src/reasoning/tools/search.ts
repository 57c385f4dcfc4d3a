/**
 * The `search` tool: hybrid search over call chunks through the SearchFn it
 * is given (src/search; never the SQL behind it). Each hit is its own citation.
 * Must not: query the database itself.
 */
import { z } from 'zod';
import type { SearchFn } from '../../search/types.ts';
import { dateArg, nameArg, type Tool } from './types.ts';

export interface SearchToolOptions {
  search: SearchFn;
}

export const searchArgs = z.object({
  q: z.string().trim().min(1).max(500),
  account: nameArg.optional(),
  rep: nameArg.optional(),
  since: dateArg.optional(),
  until: dateArg.optional(),
  transcriptId: z.uuid().optional(),
  side: z.enum(['buyer', 'seller']).optional(),
  limit: z.number().int().min(1).max(50).optional(),
}).strict();

export function searchTool(opts: SearchToolOptions): Tool<typeof searchArgs> {
  return {
    name: 'search',
    description: 'Search what was said in the calls (hybrid full-text and semantic). Returns passages with speaker, time and call. Filters: account, rep, since/until (meeting date), transcriptId, side (buyer or seller).',
    schema: searchArgs,
    async run(args) {
      const hits = await opts.search({ ...args, limit: args.limit ?? 10 });
      const calls = new Set(hits.map((h) => h.transcriptId));
      return {
        summary: `${hits.length} passage${hits.length === 1 ? '' : 's'} from ${calls.size} call${calls.size === 1 ? '' : 's'}`,
        data: {
          hits: hits.map((h) => ({
            transcriptId: h.transcriptId,
            fileName: h.fileName,
            account: h.account,
            meetingAt: h.meetingAt,
            speaker: h.speaker,
            side: h.side,
            startMs: h.startMs,
            snippet: h.snippet,
            text: h.text,
            score: h.score,
          })),
        },
        citations: hits.map(({ score: _s, snippet: _n, text: _t, account: _a, meetingAt: _m, ...c }) => c),
      };
    },
  };
}
