/**
 * The structure agent's CPU per 10 KB against another checkout's, in ONE process, the two alternating on every
 * input — so the ratio holds on a shared machine whose speed drifts between runs (a separate run of each was off by
 * 20 % from one minute to the next here). Used while optimising issue 11's structure target:
 *
 *   git worktree add --detach ../base a4b1d94 && cp -al node_modules ../base/
 *   npx tsx scripts/structure-cpu-ab.ts ../base [--reps 5]
 *
 * Inputs: structure-cpu.ts's. Prints both medians of ms / 10 KB, the ratio of the medians, the median per-input
 * ratio and the ratio of the totals. Owns: nothing the product uses.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractCallFacts } from '../src/agents/builtin/callFacts.ts';
import type { CallInput } from '../src/agents/types.ts';
import { structureInputs } from './structure-cpu.ts';

const args = process.argv.slice(2);
const baseDir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--reps');
if (!baseDir) {
  console.error('usage: npx tsx scripts/structure-cpu-ab.ts <other checkout> [--reps 5]');
  process.exit(2);
}
const reps = Number(args[args.indexOf('--reps') + 1] || 5) || 5;
const NOW = new Date('2026-11-25T12:00:00Z');
type Extract = (call: CallInput, options: { now: Date }) => unknown;
const base = (await import(pathToFileURL(path.resolve(baseDir, 'src/agents/builtin/callFacts.ts')).href)) as { extractCallFacts: Extract };

const cpuMs = (fn: () => unknown) => {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: { a: number; b: number; units: number }[] = [];
for (const input of structureInputs()) {
  base.extractCallFacts(input.call, { now: NOW }); // warm-up of each (model load, JIT)
  extractCallFacts(input.call, { now: NOW });
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reps; i++) {
    a.push(cpuMs(() => base.extractCallFacts(input.call, { now: NOW })));
    b.push(cpuMs(() => extractCallFacts(input.call, { now: NOW })));
  }
  rows.push({ a: median(a), b: median(b), units: input.bytes / 10_240 });
}
const medA = median(rows.map((r) => r.a / r.units));
const medB = median(rows.map((r) => r.b / r.units));
const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
console.log(`${rows.length} inputs, ${reps} reps each, alternating in one process`);
console.log(`  ${baseDir}: median ${medA.toFixed(1)} ms/10KB, overall ${(sum((r) => r.a) / sum((r) => r.units)).toFixed(1)}`);
console.log(`  this checkout: median ${medB.toFixed(1)} ms/10KB, overall ${(sum((r) => r.b) / sum((r) => r.units)).toFixed(1)}`);
console.log(`  ratio of medians ${(medB / medA).toFixed(3)}, median per-input ratio ${median(rows.map((r) => r.b / r.a)).toFixed(3)}, ratio of totals ${(sum((r) => r.b) / sum((r) => r.a)).toFixed(3)}`);
