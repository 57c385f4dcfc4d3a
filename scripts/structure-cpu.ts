/**
 * CPU time of the built-in structure agent (issue 11: ≤ 40 ms per 10 KB of
 * transcript), measured in-process with process.cpuUsage() — CPU time, not
 * wall clock, so the figure holds on a loaded machine. Used by
 * scripts/bench/pipeline.ts; also runnable alone while optimising:
 *
 *   npx tsx scripts/structure-cpu.ts [--reps 5] [--json]
 *
 * Inputs: every transcript of samples/, eval/tuning/ and eval/blind/, the
 * samples and real transcripts of ../shared when present (read, never copied),
 * and three long synthetic calls (the search benchmark's templates, 250–750
 * turns). Per input: one warm-up call, then the median CPU ms of `reps` calls,
 * divided by the transcript's size in units of 10 KB (10,240 bytes of the file;
 * synthetic calls: their `Name: text` lines).
 * Owns: nothing the product uses.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractCallFacts } from '../src/agents/builtin/callFacts.ts';
import type { CallInput } from '../src/agents/types.ts';
import { loadCall } from '../src/eval/expected.ts';
import { projectRoot } from '../src/paths.ts';
import { syntheticCorpus } from './generate-calls.ts';

const NOW = new Date('2026-11-25T12:00:00Z');

export interface StructureInput {
  name: string;
  bytes: number;
  call: CallInput;
}

export function structureInputs(): StructureInput[] {
  const out: StructureInput[] = [];
  const folders = ['samples', 'eval/tuning', 'eval/blind'].map((f) => path.join(projectRoot, f));
  folders.push(path.resolve(projectRoot, '../shared/samples'), path.resolve(projectRoot, '../shared/realdata'));
  for (const dir of folders) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => /\.(txt|vtt|srt|json)$/i.test(x)).sort()) {
      const { call, raw } = loadCall(path.join(dir, f));
      if (!call.turns.length) continue;
      out.push({ name: path.relative(path.resolve(projectRoot, '..'), path.join(dir, f)), bytes: Buffer.byteLength(raw), call });
    }
  }
  for (const turns of [250, 500, 750]) {
    const { calls } = syntheticCorpus({ chunks: turns, chunksPerCall: turns, seed: turns });
    const c = calls[0]!;
    const lines = c.chunks.map((ch) => ch.text);
    out.push({
      name: `synthetic-${turns}-turns`,
      bytes: Buffer.byteLength(lines.join('\n')),
      call: {
        transcriptId: `synthetic-${turns}`,
        fileName: `synthetic-${turns}.txt`,
        meetingAt: null,
        turns: c.chunks.map((ch) => ({ speaker: ch.speaker, startMs: null, endMs: null, text: ch.text.slice(ch.speaker.length + 2) })),
        participants: [],
      },
    });
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

export interface StructureCpu {
  inputs: number;
  /** Median over inputs of (median CPU ms of one call) per 10 KB. */
  medianMsPer10KB: number;
  /** The worst input's ms per 10 KB. */
  maxMsPer10KB: number;
  worst: string;
  /** Sum of CPU ms over the sum of sizes (per 10 KB). */
  overallMsPer10KB: number;
  perInput: { name: string; kb: number; ms: number; msPer10KB: number }[];
}

export function measureStructureCpu(reps = 5, inputs = structureInputs()): StructureCpu {
  const perInput: StructureCpu['perInput'] = [];
  for (const input of inputs) {
    extractCallFacts(input.call, { now: NOW }); // warm-up (model load, JIT)
    const ms = median(Array.from({ length: reps }, () => cpuMs(() => extractCallFacts(input.call, { now: NOW }))));
    perInput.push({ name: input.name, kb: input.bytes / 1024, ms, msPer10KB: ms / (input.bytes / 10_240) });
  }
  const worst = perInput.reduce((a, b) => (b.msPer10KB > a.msPer10KB ? b : a));
  const totalMs = perInput.reduce((s, x) => s + x.ms, 0);
  const totalBytes = inputs.reduce((s, x) => s + x.bytes, 0);
  return {
    inputs: perInput.length,
    medianMsPer10KB: median(perInput.map((x) => x.msPer10KB)),
    maxMsPer10KB: worst.msPer10KB,
    worst: worst.name,
    overallMsPer10KB: totalMs / (totalBytes / 10_240),
    perInput,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const reps = Number(process.argv[process.argv.indexOf('--reps') + 1] || 5) || 5;
  const r = measureStructureCpu(reps);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 1));
  else {
    for (const x of r.perInput) console.log(`${x.msPer10KB.toFixed(1).padStart(7)} ms/10KB  ${x.ms.toFixed(1).padStart(7)} ms  ${x.kb.toFixed(1).padStart(6)} KB  ${x.name}`);
    console.log(`inputs ${r.inputs}: median ${r.medianMsPer10KB.toFixed(1)} ms/10KB, overall ${r.overallMsPer10KB.toFixed(1)}, worst ${r.maxMsPer10KB.toFixed(1)} (${r.worst})`);
  }
}
