/**
 * `npx tsx scripts/eval-probes.ts eval/probes/set3 [--verbose]`: scores findObjections and
 * findCompetitors on one-sentence probes (eval/probes/README.md), with the word vectors
 * when they load. Prints true/false positives and misses per fact.
 */
import { readFileSync } from 'node:fs';
import { findCompetitors } from '../src/agents/builtin/facts/competitors.ts';
import { findObjections } from '../src/agents/builtin/facts/objections.ts';
import { prototypeScorer } from '../src/agents/builtin/facts/prototypes.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import { wordKinds } from '../src/agents/builtin/facts/wordKinds.ts';
import { sharedWordVectors } from '../src/agents/builtin/wordVectors.ts';
import type { ObjectionType } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';

const prefix = process.argv[2];
const verbose = process.argv.includes('--verbose');
if (!prefix) {
  console.error('usage: npx tsx scripts/eval-probes.ts <eval/probes/setN> [--verbose]');
  process.exit(2);
}
const wv = sharedWordVectors();
const scorer = wv ? prototypeScorer(wv) : null;
const kinds = wv ? wordKinds(wv) : undefined;
const wordRank = wv ? (w: string) => wv.rank(w) : undefined;
const rows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t') as [string, string]);
const turn = (speaker: string, text: string): Turn => ({ speaker, startMs: null, endMs: null, text });
const SIDES = new Map([['Rep', 'seller' as const], ['Buyer', 'buyer' as const]]);

let tp = 0, fp = 0, fn = 0;
for (const [label, text] of rows(`${prefix}-objections.tsv`)) {
  const s = sentencesOf([turn('Rep', 'Here is where we landed.'), turn('Buyer', text)]);
  const names = findCompetitors(s, ['Lintel'], new Set(), { wordRank, kindOf: kinds });
  const got = new Set<ObjectionType>(findObjections(s, SIDES, names, new Map(), scorer).map((o) => o.type));
  const want = label === 'none' ? [] : [label];
  for (const w of want) got.has(w as ObjectionType) ? tp++ : fn++;
  for (const g of got) if (!want.includes(g)) fp++;
  if (verbose) console.log(`${label}\t${[...got].join(',') || '-'}\t${text}`);
}
console.log(`objections: tp ${tp} fp ${fp} fn ${fn}`);
tp = fp = fn = 0;
for (const [want, text] of rows(`${prefix}-competitors.tsv`)) {
  const got = findCompetitors(sentencesOf([turn('Buyer', text)]), ['Lintel'], new Set(), { wordRank, kindOf: kinds });
  const w = want === '-' ? [] : want.split(',');
  for (const x of w) got.includes(x) ? tp++ : fn++;
  for (const g of got) if (!w.includes(g)) fp++;
  if (verbose) console.log(`${want}\t${got.join(',') || '-'}\t${text}`);
}
console.log(`competitors: tp ${tp} fp ${fp} fn ${fn}`);
