/**
 * Offline comparison of retrieval methods on eval/search/queries.json over the
 * nine samples: hashed vectors, word vectors, their mixtures, full-text (AND
 * and OR semantics) and hybrids (RRF, k = 60). Chunks are made exactly as the
 * pipeline makes them (parse → built-in facts → side-aware chunker); vectors
 * ranked by cosine here, full-text ranked by Postgres (DATABASE_URL) over the
 * same texts. Prints a Markdown table of recall@5 (and @10).
 * Owns nothing the product uses; it is the measurement behind the defaults in
 * src/agents/builtin/wordEmbedding.ts and src/db/queries/search.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseTranscript } from '../src/parsing/index.ts';
import { extractCallFacts } from '../src/agents/builtin/callFacts.ts';
import { chunkTurns } from '../src/agents/builtin/chunking.ts';
import { cosine, embedText } from '../src/agents/builtin/embedding.ts';
import { combine, embedWords } from '../src/agents/builtin/wordEmbedding.ts';
import { loadWordVectors } from '../src/agents/builtin/wordVectors.ts';
import { loadQuerySet, recallAtK, rrf, type Ranker, type RankedChunk } from '../src/search/evaluate.ts';
import { projectRoot } from '../src/paths.ts';

interface C extends RankedChunk {
  id: number;
  hashed: number[];
  words: number[];
}

const dir = path.join(projectRoot, 'samples');
const chunks: C[] = [];
const wv = loadWordVectors();
for (const f of readdirSync(dir).filter((x) => /\.(txt|vtt|srt|json)$/.test(x))) {
  const parsed = parseTranscript(readFileSync(path.join(dir, f), 'utf8'), f);
  const facts = extractCallFacts({ transcriptId: f, fileName: f, meetingAt: null, turns: parsed.turns, participants: parsed.participants ?? [] } as never);
  const sides = Object.fromEntries(facts.participants.filter((p) => p.spoke).map((p) => [p.name, p.side]));
  for (const c of chunkTurns(parsed.turns, { sides })) chunks.push({ id: chunks.length, fileName: f, text: c.text, hashed: embedText(c.text), words: embedWords(c.text, wv) });
}
console.error(`${chunks.length} chunks`);

const set = loadQuerySet();
const N = 50;
const vecRanker = (w: number): Ranker => async (q) => {
  const qv = combine(embedText(q), embedWords(q, wv), w);
  return chunks
    .map((c) => ({ c, s: cosine(qv, combine(c.hashed, c.words, w)) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, N)
    .map((x) => x.c);
};

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const texts = chunks.map((c) => c.text);
const ftsRanker = (mode: 'and' | 'or', rank: 'ts_rank' | 'ts_rank_cd'): Ranker => async (q) => {
  const { rows } = await pool.query<{ i: number }>(
    `with q as (select websearch_to_tsquery('english', $2) as wq),
          q2 as (select case when $3 = 'or' and strpos(wq::text, '!') = 0 then replace(wq::text, ' & ', ' | ')::tsquery else wq end as tq from q)
     select (i - 1)::int as i from unnest($1::text[]) with ordinality as t(text, i), q2
     where to_tsvector('english', text) @@ tq
     order by ${rank === 'ts_rank' ? 'ts_rank(to_tsvector(\'english\', text), tq, 1)' : 'ts_rank_cd(to_tsvector(\'english\', text), tq, 1)'} desc, i limit ${N}`,
    [texts, q, mode],
  );
  return rows.map((r) => chunks[r.i]);
};
const hybrid = (a: Ranker, b: Ranker): Ranker => async (q) => rrf([await a(q), await b(q)], (c) => String((c as C).id));

const methods: [string, Ranker][] = [
  ['hashed vectors (512-d feature hashing)', vecRanker(1)],
  ['word vectors (wink sg-100d, SIF mean)', vecRanker(0)],
  ['combined vectors, hash weight 0.25', vecRanker(0.25)],
  ['combined vectors, hash weight 0.5', vecRanker(0.5)],
  ['combined vectors, hash weight 0.75', vecRanker(0.75)],
  ['full-text, websearch AND, ts_rank', ftsRanker('and', 'ts_rank')],
  ['full-text, websearch OR, ts_rank', ftsRanker('or', 'ts_rank')],
  ['full-text, websearch OR, ts_rank_cd', ftsRanker('or', 'ts_rank_cd')],
  ['hybrid: hashed + full-text OR', hybrid(vecRanker(1), ftsRanker('or', 'ts_rank'))],
  ['hybrid: words + full-text OR', hybrid(vecRanker(0), ftsRanker('or', 'ts_rank'))],
  ['hybrid: combined 0.5 + full-text OR (the default)', hybrid(vecRanker(0.5), ftsRanker('or', 'ts_rank'))],
  ['hybrid: combined 0.25 + full-text OR', hybrid(vecRanker(0.25), ftsRanker('or', 'ts_rank'))],
  ['hybrid: combined 0.75 + full-text OR', hybrid(vecRanker(0.75), ftsRanker('or', 'ts_rank'))],
  ['hybrid: combined 0.5 + full-text AND', hybrid(vecRanker(0.5), ftsRanker('and', 'ts_rank'))],
  ['hybrid: combined 0.5 + full-text OR ts_rank_cd', hybrid(vecRanker(0.5), ftsRanker('or', 'ts_rank_cd'))],
];
console.log(`| method | recall@5 | recall@10 |\n| --- | ---: | ---: |`);
for (const [name, r] of methods) console.log(`| ${name} | ${(await recallAtK(set, r, 5)).toFixed(3)} | ${(await recallAtK(set, r, 10)).toFixed(3)} |`);
console.log(`\n${set.queries.length} queries, ${chunks.length} chunks.`);
await pool.end();
