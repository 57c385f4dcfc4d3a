/**
 * A limit on every request body the server reads (issue 11: a 400 MB form to
 * POST /dashboard/login took the process to 2 GB before its 401). One
 * middleware in front of every route: a declared Content-Length over the limit
 * is refused (413) before one byte is read; a body without one is counted as it
 * streams and refused as soon as it passes the limit, so at most `limit` bytes
 * are held. Routes that read a larger body keep their own, stricter reader and
 * are named in `ownLimits` (POST /transcripts: STELLAR_MAX_UPLOAD_BYTES,
 * src/server/body.ts; /graphql: GRAPHQL_MAX_BODY_BYTES).
 * Owns: the default body limit. Must not: parse bodies.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { jsonError } from './errors.ts';

/** Largest body of any route without a limit of its own: log-in forms, retry buttons, log-out. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export interface BodyLimitOptions {
  /** Paths whose routes enforce a limit of their own (exact path match). */
  ownLimits: readonly string[];
  maxBytes?: number;
}

export function limitBodies(opts: BodyLimitOptions): MiddlewareHandler {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const own = new Set(opts.ownLimits);
  const limited = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => jsonError(c, 413, 'body_too_large', `The request body is over the limit of ${maxBytes} bytes for ${c.req.method} ${c.req.path}.`, undefined, { Connection: 'close' }),
  });
  return async (c, next) => {
    if (own.has(c.req.path) || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limited(c, next);
  };
}
