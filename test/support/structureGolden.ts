/**
 * Golden outputs of the built-in structure agent (issue 11, performance): the
 * inputs it is checked on and how its output is recorded, shared by
 * test/structure-golden.test.ts and scripts/golden-structure.ts (which writes
 * test/golden/structure-facts.json).
 * Inputs: every transcript of samples/, eval/tuning/ and eval/blind/ (full
 * facts recorded, so a diff shows what moved), 30 synthetic calls (seeded, from
 * scripts/generate-calls.ts's templates), and — when ../shared exists — its
 * samples and real transcripts, recorded as a SHA-256 of the facts only (their
 * text must never be copied into the repository).
 * Must not: judge whether facts are right (agents-facts.test.ts and `npm run
 * eval` do); it only pins that a change meant to be structural changes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractCallFacts } from '../../src/agents/builtin/callFacts.ts';
import type { CallFacts, CallInput } from '../../src/agents/types.ts';
import { syntheticCorpus } from '../../scripts/generate-calls.ts';
import { NOW, loadCall } from './agent-samples.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED = resolve(ROOT, '../shared');
export const GOLDEN_FILE = resolve(ROOT, 'test/golden/structure-facts.json');

export interface GoldenInput {
  /** Key in the golden file: "samples/x.txt", "eval/tuning/y.vtt", "synthetic/07", "shared:samples/z.txt". */
  key: string;
  /** Recorded as a digest only (text from ../shared). */
  digestOnly: boolean;
  call: () => CallInput;
}

const TRANSCRIPT = /\.(txt|vtt|srt|json)$/i;

function folderInputs(dir: string, keyPrefix: string, digestOnly: boolean): GoldenInput[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => TRANSCRIPT.test(f))
    .sort()
    .map((f) => ({ key: `${keyPrefix}${f}`, digestOnly, call: () => loadCall(resolve(dir, f)).call }));
}

/** 30 synthetic calls: the search benchmark's templates, 25 turns each, half with a meeting date, half inferring it. */
export function syntheticCalls(count = 30): CallInput[] {
  const { calls } = syntheticCorpus({ chunks: count * 25, chunksPerCall: 25, seed: 1011 });
  return calls.map((c, i) => ({
    transcriptId: `synthetic-${i}`,
    fileName: `synthetic-${i}.txt`,
    meetingAt: i % 2 === 0 ? c.meetingAt : null,
    turns: c.chunks.map((ch) => ({ speaker: ch.speaker, startMs: null, endMs: null, text: ch.text.slice(ch.speaker.length + 2) })),
    participants: [],
  }));
}

export function goldenInputs(): GoldenInput[] {
  const synthetic = syntheticCalls();
  return [
    ...folderInputs(resolve(ROOT, 'samples'), 'samples/', false),
    ...folderInputs(resolve(ROOT, 'eval/tuning'), 'eval/tuning/', false),
    ...folderInputs(resolve(ROOT, 'eval/blind'), 'eval/blind/', false),
    ...synthetic.map((c, i) => ({ key: `synthetic/${String(i).padStart(2, '0')}`, digestOnly: false, call: () => c })),
    ...folderInputs(resolve(SHARED, 'samples'), 'shared:samples/', true),
    ...folderInputs(resolve(SHARED, 'realdata'), 'shared:realdata/', true),
  ];
}

export function digest(facts: CallFacts): string {
  return 'sha256:' + createHash('sha256').update(JSON.stringify(facts)).digest('hex');
}

/** What the golden file holds for one input: the facts, or their digest. */
export function goldenValue(input: GoldenInput): CallFacts | string {
  const facts = extractCallFacts(input.call(), { now: NOW });
  // Through JSON, so undefined fields compare the way the file stores them.
  const plain = JSON.parse(JSON.stringify(facts)) as CallFacts;
  return input.digestOnly ? digest(plain) : plain;
}
