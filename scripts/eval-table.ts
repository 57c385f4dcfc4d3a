/**
 * Prints the before/after table of docs/extraction-quality.md from the JSON that
 * `npm run eval -- <folder> --json` wrote into eval/results/ (before-<set>.json:
 * the rules at the commit that froze the blind set; after-<set>.json: now).
 * Owns: formatting only; every number comes from those files.
 *
 *   npx tsx scripts/eval-table.ts            # markdown table on stdout
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Row {
  fact: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  accuracy: number | null;
}
interface Result {
  calls: number;
  rows: Row[];
}

const dir = path.resolve(import.meta.dirname, '../eval/results');
const SETS = ['blind', 'tuning', 'samples'] as const;
const load = (name: string): Result | null => {
  const f = path.join(dir, `${name}.json`);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Result) : null;
};
const res = Object.fromEntries(SETS.flatMap((s) => [[`before-${s}`, load(`before-${s}`)], [`after-${s}`, load(`after-${s}`)]]));
const value = (r: Result | null, fact: string): number | null => {
  const row = r?.rows.find((x) => x.fact === fact);
  return row ? row.f1 ?? row.accuracy : null;
};
const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const facts = (res['after-blind'] ?? res['before-blind'])?.rows.map((r) => r.fact) ?? [];
const head = SETS.map((s) => `${s} (${res[`after-${s}`]?.calls ?? res[`before-${s}`]?.calls ?? 0} calls) before → after`);
const lines = [`| fact (F1, or accuracy) | ${head.join(' | ')} | gap samples − blind, after |`, `|---|${SETS.map(() => '---').join('|')}|---|`];
for (const fact of facts) {
  const cells = SETS.map((s) => `${fmt(value(res[`before-${s}`], fact))} → ${fmt(value(res[`after-${s}`], fact))}`);
  const a = value(res['after-samples'], fact);
  const b = value(res['after-blind'], fact);
  lines.push(`| ${fact} | ${cells.join(' | ')} | ${a === null || b === null ? '—' : (a - b).toFixed(2)} |`);
}
console.log(lines.join('\n'));
