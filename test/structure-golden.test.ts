/**
 * Issue 11 (performance): the built-in structure agent's output is pinned on
 * every project transcript (samples/, eval/tuning/, eval/blind/), 30 seeded
 * synthetic calls and — when ../shared exists — its samples and real
 * transcripts (by digest only). Optimisations of the agent (caching, single
 * passes, precompiled patterns) must leave every output equal.
 * When the output is meant to change (new rules), regenerate the file with
 * `npx tsx scripts/golden-structure.ts --write` and review its diff.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GOLDEN_FILE, goldenInputs, goldenValue } from './support/structureGolden.ts';

const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, unknown>;
const inputs = goldenInputs();

describe('structure agent golden outputs', () => {
  it('covers every project input and nothing else', () => {
    const own = Object.keys(golden).filter((k) => !k.startsWith('shared:')).sort();
    assert.deepEqual(own, inputs.filter((i) => !i.key.startsWith('shared:')).map((i) => i.key).sort());
    assert.ok(own.length >= 60, `only ${own.length} inputs`);
  });
  for (const input of inputs) {
    it(`${input.key} is unchanged`, () => {
      assert.ok(input.key in golden, `${input.key} has no golden output: run scripts/golden-structure.ts --write`);
      assert.deepEqual(goldenValue(input), golden[input.key]);
    });
  }
});
