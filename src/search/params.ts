/**
 * Search parameters as typed by people (query string, CLI flags) → SearchParams.
 * Owns: the zod schema shared by GET /search and `stellar search`, so both
 * accept and refuse the same things, naming the bad parameter.
 * Must not: run searches or know about HTTP/commander.
 */
import { z } from 'zod';
import { isoDate, label } from '../server/validate.ts';
import type { SearchParams } from './types.ts';

export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1, 'the search text is required').max(1000),
    account: label.optional(),
    rep: label.optional(),
    since: isoDate.optional(),
    until: isoDate.optional(),
    side: z.enum(['buyer', 'seller'], { error: 'expected buyer or seller' }).optional(),
    call: z.string().trim().regex(UUID, 'expected a transcript id (uuid)').optional(),
    limit: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.since && v.until && v.since >= v.until) ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
  });

export type SearchQueryRaw = z.input<typeof searchQuerySchema>;

export function toSearchParams(v: z.output<typeof searchQuerySchema>): SearchParams {
  return {
    q: v.q,
    limit: v.limit,
    ...(v.account ? { account: v.account } : {}),
    ...(v.rep ? { rep: v.rep } : {}),
    ...(v.since ? { since: v.since } : {}),
    ...(v.until ? { until: v.until } : {}),
    ...(v.side ? { side: v.side } : {}),
    ...(v.call ? { transcriptId: v.call.toLowerCase() } : {}),
  };
}
