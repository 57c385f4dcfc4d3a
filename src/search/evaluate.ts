/**
 * Search quality measurement over a query set (eval/search/queries.json).
 * Owns: loading and validating the query set, deciding whether a hit is one
 * of a query's expected chunks (same file, text contains the phrase after
 * normalising whitespace and apostrophes), recall@k, and reciprocal rank
 * fusion of ranked lists (the same formula as the SQL, for offline methods).
 * Must not: run searches itself (callers pass a ranker) or touch the database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths.ts';

export const querySetSchema = z.object({
  about: z.string().optional(),
  queries: z
    .array(
      z.object({
        id: z.string().min(1),
        q: z.string().min(1),
        expect: z.array(z.object({ file: z.string().min(1), phrase: z.string().min(1) })).min(1),
      }),
    )
    .min(1),
});
export type QuerySet = z.infer<typeof querySetSchema>;
export type EvalQuery = QuerySet['queries'][number];

export const DEFAULT_QUERY_SET = path.join(projectRoot, 'eval', 'search', 'queries.json');

export function loadQuerySet(file: string = DEFAULT_QUERY_SET): QuerySet {
  return querySetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Whitespace collapsed, curly apostrophes/quotes straightened, lower case. */
export function normaliseText(s: string): string {
  return s.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
}

export interface RankedChunk {
  fileName: string;
  text: string;
}

export function matches(hit: RankedChunk, expect: { file: string; phrase: string }): boolean {
  return hit.fileName === expect.file && normaliseText(hit.text).includes(normaliseText(expect.phrase));
}

/** Share of the query's expected chunks found among the first k hits. */
export function queryRecall(query: EvalQuery, hits: RankedChunk[], k: number): number {
  const top = hits.slice(0, k);
  return query.expect.filter((e) => top.some((h) => matches(h, e))).length / query.expect.length;
}

export type Ranker = (q: string) => Promise<RankedChunk[]>;

/** Mean recall@k over the set. */
export async function recallAtK(set: QuerySet, rank: Ranker, k: number): Promise<number> {
  let sum = 0;
  for (const query of set.queries) sum += queryRecall(query, await rank(query.q), k);
  return sum / set.queries.length;
}

/** Reciprocal rank fusion: score(d) = Σ 1 / (k + rank of d in list), rank from 1. */
export function rrf<T>(lists: T[][], key: (t: T) => string, k = 60): T[] {
  const score = new Map<string, { item: T; score: number }>();
  for (const list of lists)
    list.forEach((item, i) => {
      const id = key(item);
      const cur = score.get(id) ?? { item, score: 0 };
      cur.score += 1 / (k + i + 1);
      score.set(id, cur);
    });
  return [...score.values()].sort((a, b) => b.score - a.score).map((s) => s.item);
}
