/**
 * Bearer-token auth for the HTTP API. Tokens come from STELLAR_API_TOKENS
 * (comma-separated; several at once so one can be rotated without downtime).
 * A presented token is hashed with SHA-256 and compared with the hash of every
 * configured token using crypto.timingSafeEqual — equal-length inputs, and no
 * early exit, so neither the length nor the content of a token leaks through
 * timing. With no token configured every protected route answers 401: the API
 * fails closed. Health endpoints do not use this middleware.
 * Owns: the Authorization header check. Must not: know any route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { jsonError } from './errors.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when `presented` equals one of the tokens (whose digests are given); constant time in both. */
export function tokenMatches(presented: string, tokenDigests: readonly Buffer[]): boolean {
  const candidate = digest(presented);
  let ok = false;
  for (const d of tokenDigests) ok = timingSafeEqual(candidate, d) || ok;
  return ok;
}

export function bearerAuth(tokens: readonly string[]): MiddlewareHandler {
  const digests = tokens.filter((t) => t.length > 0).map(digest);
  const challenge = { 'WWW-Authenticate': 'Bearer realm="stellar"' };
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) {
      return jsonError(c, 401, 'unauthorized', header ? 'The Authorization header must be "Bearer <token>".' : 'Missing bearer token: send "Authorization: Bearer <token>".', undefined, challenge);
    }
    if (digests.length === 0) {
      return jsonError(c, 401, 'unauthorized', 'No API token is configured on this server (STELLAR_API_TOKENS); every request is refused.', undefined, challenge);
    }
    if (!tokenMatches(match[1], digests)) {
      return jsonError(c, 401, 'unauthorized', 'The bearer token is not valid.', undefined, { 'WWW-Authenticate': 'Bearer realm="stellar", error="invalid_token"' });
    }
    await next();
  };
}
