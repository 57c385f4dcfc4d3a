/**
 * Built-in embeddings (feature hashing) and speaker-aware chunking. No database needed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths.ts';
import type { Turn } from '../src/parsing/types.ts';
import { EMBEDDING_DIMS, cosine, embedText, embedTexts, features, hash32, tokenize } from '../src/agents/builtin/embedding.ts';
import { COMBINED_DIMS, combine, embedWords } from '../src/agents/builtin/wordEmbedding.ts';
import type { WordVectors } from '../src/agents/builtin/wordVectors.ts';
import { MAX_WORDS, SOFT_MAX_WORDS, TARGET_WORDS, chunkTurns, splitSentences } from '../src/agents/builtin/chunking.ts';

const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
const wc = (s: string) => s.split(/\s+/).filter(Boolean).length;

describe('embedding', () => {
  test('512 hashed dimensions + 100 word-vector dimensions = the vector(612) column', () => {
    assert.equal(EMBEDDING_DIMS, 512);
    assert.equal(COMBINED_DIMS, 612);
    const sql = readFileSync(path.join(projectRoot, 'sql', '041_search_vectors.sql'), 'utf8');
    assert.match(sql, new RegExp(`vector\\(${COMBINED_DIMS}\\)`));
    assert.equal(embedText('pricing objection').length, 512);
  });

  test('deterministic: same text, same vector; FNV-1a + fmix32 known values', () => {
    const a = embedText('We need SCIM provisioning before security signs off.');
    assert.deepEqual(embedText('We need SCIM provisioning before security signs off.'), a);
    assert.notEqual(hash32('w:price'), hash32('w:prices'));
    // Golden values: FNV-1a 32 ("" → 0x811c9dc5, "a" → 0xe40c292c) then fmix32. A change here changes every stored vector: bump EMBEDDING_VERSION.
    assert.equal(hash32(''), 0xab3e7c0b);
    assert.equal(hash32('a'), 0x1a80b1b3);
  });

  test('unit L2 norm', () => {
    for (const s of ['Hello world', 'The budget is $30,000 to $45,000 a year.', 'one']) assert.ok(Math.abs(norm(embedText(s)) - 1) < 1e-12, s);
  });

  test('similar texts are closer than unrelated ones', () => {
    const a = embedText('The price is above our budget; Paylance quoted less per year.');
    const b = embedText('Your pricing is over budget and Paylance is cheaper per year.');
    const c = embedText('Our warehouse in Reno ships frozen seafood on Tuesdays.');
    assert.ok(cosine(a, b) > cosine(a, c) + 0.1, `${cosine(a, b)} vs ${cosine(a, c)}`);
    assert.ok(Math.abs(cosine(a, a) - 1) < 1e-12);
  });

  test('word order matters through bigrams', () => {
    const f = features('security review blocks integration');
    assert.equal(f.get('w:security'), 1);
    assert.equal(f.get('b:security review'), 1);
    assert.equal(f.get('b:review security'), undefined);
    assert.notDeepEqual(embedText('dog bites man'), embedText('man bites dog'));
  });

  test('lowercase, punctuation stripped, stopwords dropped, markers ignored', () => {
    assert.deepEqual(tokenize("The CFO's sign-off, um, {vocalsound} isn't DONE!"), ['cfos', 'sign', 'off', 'done']);
    assert.deepEqual(embedText('PRICE, price!'), embedText('price price'));
    assert.deepEqual(tokenize('Zoë paid €14 500'), ['zoë', 'paid', '14', '500']);
  });

  test('sublinear tf: repeating a word does not dominate', () => {
    const f = features('price price price price');
    assert.equal(f.get('w:price'), 4);
    const v = embedText('price price price price budget');
    const nz = v.filter((x) => x !== 0).map(Math.abs).sort((a, b) => b - a);
    // price weight 1+ln4 ≈ 2.39 vs budget 1 — not 4:1.
    assert.ok(nz[0] / nz[nz.length - 1] < 3, `ratio ${nz[0] / nz[nz.length - 1]}`);
  });

  test('empty or stopword-only text gives the zero vector, not NaN', () => {
    for (const s of ['', '   ', 'the and of', '?!', '{gap}']) {
      const v = embedText(s);
      assert.equal(v.length, 512);
      assert.ok(v.every((x) => x === 0), JSON.stringify(s));
    }
    assert.equal(cosine(embedText(''), embedText('price')), 0);
  });

  test('batch = one vector per text, in order', () => {
    const vs = embedTexts(['a price', 'b budget', '']);
    assert.equal(vs.length, 3);
    assert.deepEqual(vs[1], embedText('b budget'));
  });
});

const t = (speaker: string, startMs: number | null, endMs: number | null, text: string): Turn => ({ speaker, startMs, endMs, text });
const sentence = (i: number, n = 10) => `Sentence ${i} ${Array.from({ length: n - 3 }, (_, k) => `w${k}`).join(' ')} end.`;

describe('splitSentences', () => {
  test('ends at . ! ? but not after abbreviations, initials or inside numbers', () => {
    assert.deepEqual(splitSentences('Hi there. How are you? Great! Meet Mr. Cho at 10 a.m. Pacific, e.g. Tuesday. It costs $4.5 million.'), [
      'Hi there.',
      'How are you?',
      'Great!',
      'Meet Mr. Cho at 10 a.m. Pacific, e.g. Tuesday.',
      'It costs $4.5 million.',
    ]);
    assert.deepEqual(splitSentences('No punctuation at all'), ['No punctuation at all']);
    assert.deepEqual(splitSentences('She said “done.” Then left.'), ['She said “done.”', 'Then left.']);
  });
});

describe('chunkTurns', () => {
  test('short turns pack into one chunk, every line prefixed by its speaker', () => {
    const chunks = chunkTurns([t('Maria Delgado', 0, 2_000, 'Hello.'), t('Dana Whitfield', 2_000, 5_000, 'Hi Maria. How are you?'), t('Maria Delgado', 5_000, 6_000, 'Good.')]);
    assert.equal(chunks.length, 1);
    assert.deepEqual(chunks[0], {
      idx: 0,
      speakers: ['Maria Delgado', 'Dana Whitfield'],
      side: null,
      turnFrom: 0,
      turnTo: 2,
      startMs: 0,
      endMs: 6_000,
      text: 'Maria Delgado: Hello.\nDana Whitfield: Hi Maria. How are you?\nMaria Delgado: Good.',
    });
  });

  test('a long turn splits at sentence boundaries, ≤ target words, times interpolated', () => {
    const text = Array.from({ length: 50 }, (_, i) => sentence(i)).join(' '); // 500 words
    const chunks = chunkTurns([t('Greg Paulsen', 0, 500_000, text)]);
    assert.ok(chunks.length >= 3);
    for (const c of chunks) {
      assert.match(c.text, /^Greg Paulsen: Sentence \d+ /);
      assert.match(c.text, /end\.$/, 'never ends inside a sentence');
      assert.ok(wc(c.text) - 2 <= TARGET_WORDS, `${wc(c.text)} words`);
    }
    assert.equal(chunks.map((c) => c.text.replace(/^Greg Paulsen: /, '')).join(' '), text, 'nothing lost or duplicated');
    assert.equal(chunks[0].startMs, 0);
    assert.equal(chunks[1].startMs, 200_000);
    assert.equal(chunks[chunks.length - 1].endMs, 500_000);
    assert.deepEqual(chunks.map((c) => c.idx), chunks.map((_, i) => i));
  });

  test('many turns: chunks near the target, speakers listed, no sentence cut', () => {
    const turns = Array.from({ length: 60 }, (_, i) => t(i % 2 ? 'Buyer' : 'Rep', i * 1_000, i * 1_000 + 900, `${sentence(i, 12)} ${sentence(i + 100, 12)}`));
    const chunks = chunkTurns(turns);
    const total = turns.reduce((a, x) => a + wc(x.text), 0);
    assert.equal(chunks.reduce((a, c) => a + wc(c.text) - c.text.split('\n').length, 0), total);
    for (const c of chunks.slice(0, -1)) {
      const words = wc(c.text) - c.text.split('\n').length;
      assert.ok(words >= TARGET_WORDS * 0.75 && words <= SOFT_MAX_WORDS, `${words}`);
      assert.deepEqual(c.speakers, ['Rep', 'Buyer'].filter((s) => c.text.includes(`${s}:`)).sort((a, b) => c.text.indexOf(`${a}:`) - c.text.indexOf(`${b}:`)));
      for (const line of c.text.split('\n')) assert.match(line, /^(Rep|Buyer): Sentence .* end\.$/);
    }
  });

  test('a run-on sentence longer than MAX_WORDS is cut at word boundaries', () => {
    const words = Array.from({ length: MAX_WORDS + 150 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkTurns([t('A', null, null, words)]);
    assert.ok(chunks.length >= 2);
    assert.ok(chunks.every((c) => wc(c.text) - 1 <= SOFT_MAX_WORDS));
    assert.equal(chunks[0].startMs, null);
  });

  test('with speaker sides, a chunk never mixes buyer and seller; turn ranges cover every turn once', () => {
    const turns = [
      t('Rep', 0, 1_000, 'What is your budget?'),
      t('Buyer A', 1_000, 2_000, 'About forty thousand.'),
      t('Buyer B', 2_000, 3_000, 'Maybe fifty.'),
      t('Rep', 3_000, 4_000, 'Thanks.'),
      t('Guest', 4_000, 5_000, 'Hello.'),
    ];
    const chunks = chunkTurns(turns, { sides: { Rep: 'seller', 'Buyer A': 'buyer', 'Buyer B': 'buyer' } });
    assert.deepEqual(
      chunks.map((c) => [c.side, c.speakers, c.turnFrom, c.turnTo]),
      [
        ['seller', ['Rep'], 0, 0],
        ['buyer', ['Buyer A', 'Buyer B'], 1, 2],
        ['seller', ['Rep'], 3, 3],
        [null, ['Guest'], 4, 4],
      ],
    );
    assert.deepEqual(chunks.map((c) => c.idx), [0, 1, 2, 3]);
  });

  test('no turns, no chunks; empty turns skipped', () => {
    assert.deepEqual(chunkTurns([]), []);
    assert.deepEqual(chunkTurns([t('A', 0, 1, '   ')]), []);
  });

  const realdataDir = path.join(projectRoot, '..', 'shared', 'realdata');
  if (existsSync(realdataDir)) test('../shared/realdata (when present): every word kept, chunks bounded', async () => {
    const dir = realdataDir;
    const parserPath = path.join(projectRoot, 'src', 'parsing', 'index.ts');
    const { parseTranscript } = (await import(parserPath)) as { parseTranscript: (s: string, f?: string) => { turns: Turn[] } };
    for (const f of readdirSync(dir).filter((x) => /\.(txt|vtt)$/.test(x))) {
      const turns = parseTranscript(readFileSync(path.join(dir, f), 'utf8'), f).turns;
      const chunks = chunkTurns(turns);
      const words = turns.reduce((a, x) => a + wc(x.text), 0);
      const chunkWords = chunks.reduce((a, c) => a + c.text.split('\n').reduce((b, line) => b + wc(line.slice(line.indexOf(': ') + 2)), 0), 0);
      assert.equal(chunkWords, words, f);
      for (const c of chunks) assert.ok(wc(c.text) <= SOFT_MAX_WORDS + 3 * c.text.split('\n').length, `${f} chunk ${c.idx}`);
      const vs = embedTexts(chunks.map((c) => c.text));
      assert.ok(vs.every((v) => Math.abs(norm(v) - 1) < 1e-9 || v.every((x) => x === 0)), f);
    }
  });
});

describe('BuiltinProvider.embed', () => {
  const dir = path.join(projectRoot, 'src', 'agents', 'builtin');
  test('labels the batch builtin/612 and embeds each text as [hashed | word vectors]', async () => {
    const { BuiltinProvider } = (await import(path.join(dir, 'index.ts'))) as typeof import('../src/agents/builtin/index.ts');
    const { EMBEDDING_VERSION } = await import('../src/agents/coaching/versions.ts');
    const r = await new BuiltinProvider({ wordVectors: () => tinyVectors }).embed(['Maria Delgado: the price is above budget.', '']);
    assert.equal(r.provider, 'builtin');
    assert.equal(r.model, 'builtin');
    assert.equal(r.agentVersion, EMBEDDING_VERSION);
    assert.deepEqual({ kind: r.output.kind, dims: r.output.dims, n: r.output.vectors.length }, { kind: 'builtin', dims: 612, n: 2 });
    const text = 'Maria Delgado: the price is above budget.';
    assert.deepEqual(r.output.vectors[0], combine(embedText(text), embedWords(text, tinyVectors), 0.5));
    assert.equal(r.output.vectors[0].length, 612);
    assert.ok(r.output.vectors[1].every((x) => x === 0), 'empty text: zero vector');
  });
});

/** Three made-up words in 100 dimensions: enough to test the weighting and layout without the 300 MB package. */
const unit = (i: number) => Float32Array.from({ length: 100 }, (_, d) => (d === i ? 1 : 0));
const tinyWords: Record<string, Float32Array> = { price: unit(0), cost: unit(0), budget: unit(1), truck: unit(2) };
const tinyVectors: WordVectors = {
  dims: 100,
  size: 1000,
  rank: (w) => (w in tinyWords ? Object.keys(tinyWords).indexOf(w) + 500 : -1),
  vector: (w, out = new Float32Array(100)) => (w in tinyWords ? (out.set(tinyWords[w]), out) : null),
};

describe('word vectors', () => {
  test('synonyms share a direction; unknown words are skipped; unit length', () => {
    const a = embedWords('the price', tinyVectors);
    const b = embedWords('cost', tinyVectors);
    assert.ok(Math.abs(cosine(a, b) - 1) < 1e-9);
    assert.equal(cosine(a, embedWords('truck', tinyVectors)), 0);
    assert.ok(embedWords('zzz qqq', tinyVectors).every((x) => x === 0));
    assert.ok(Math.abs(norm(embedWords('price budget truck', tinyVectors)) - 1) < 1e-9);
  });

  test('combined cosine = w·cos(hashed) + (1−w)·cos(words)', () => {
    const x = 'price of the truck';
    const y = 'cost of the truck lease';
    const w = 0.5;
    const cx = combine(embedText(x), embedWords(x, tinyVectors), w);
    const cy = combine(embedText(y), embedWords(y, tinyVectors), w);
    const expected = w * cosine(embedText(x), embedText(y)) + (1 - w) * cosine(embedWords(x, tinyVectors), embedWords(y, tinyVectors));
    assert.ok(Math.abs(cosine(cx, cy) - expected) < 1e-9);
  });
});
