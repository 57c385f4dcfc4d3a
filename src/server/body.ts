/**
 * Request bodies under a byte limit. A Content-Length over the limit is
 * refused before one byte of the body is read; a body without one (chunked) is
 * counted as it streams and refused the moment it passes the limit, so at most
 * `limit` bytes are ever held in memory. (serve.ts also answers an
 * "Expect: 100-continue" over the limit with 413 before the client sends.)
 * Owns: reading bodies. Must not: interpret them.
 */
import { IntakeError } from '../intake/ingest.ts';

export function tooLarge(limit: number, size?: number): IntakeError {
  const what = size === undefined ? 'The request body is' : `The request body is ${size} bytes,`;
  return new IntakeError(413, 'body_too_large', `${what} over the limit of ${limit} bytes (STELLAR_MAX_UPLOAD_BYTES).`, 'file');
}

/** Throws 413 when the declared Content-Length is over the limit. */
export function checkContentLength(header: string | undefined | null, limit: number): void {
  if (header === undefined || header === null || header === '') return;
  const n = Number(header);
  if (Number.isFinite(n) && n > limit) throw tooLarge(limit, n);
}

/** Reads the whole body, refusing (413) as soon as more than `limit` bytes have arrived. */
export async function readBodyLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  return Buffer.concat(chunks, total);
}
