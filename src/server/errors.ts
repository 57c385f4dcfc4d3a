/**
 * HTTP errors as JSON. Every error the server answers — validation, auth, 404,
 * 413, an exception nobody caught — has the body
 *   {"error": {"code": "...", "message": "...", "field": "..."?}}
 * Owns: that shape, the app's onError/notFound handlers, and HttpError.
 * Must not: decide what is an error (routes and src/intake do).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { IntakeError } from '../intake/ingest.ts';
import { isConnectionLost } from '../db/connectionErrors.ts';
import type { Logger } from '../log.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** An error with an HTTP status and a stable code; thrown anywhere below a route. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

export function jsonError(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string, headers?: Record<string, string>): Response {
  return c.json(errorBody(code, message, field), status, headers);
}

/** A Response with the error body, for code that has no Context (node's checkContinue). */
export function errorResponseText(code: string, message: string, field?: string): string {
  return JSON.stringify(errorBody(code, message, field));
}

const STATUS_CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  503: 'unavailable',
};

/**
 * Connection-level failures (server down, restarting, connection lost — with a
 * code or, as node-postgres reports some, a message only; src/db/connectionErrors.ts)
 * and "too many connections": the request may be retried as is.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return isConnectionLost(err) || (err as { code?: unknown } | null)?.code === '53300';
}

export const notFound: NotFoundHandler = (c) => jsonError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);

export function onError(log: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof HttpError) return jsonError(c, err.status, err.code, err.message, err.field, err.headers);
    if (err instanceof IntakeError) return jsonError(c, err.status, err.code, err.message, err.field);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return jsonError(c, status, STATUS_CODES[status] ?? `http_${status}`, err.message || 'Request failed.');
    }
    if (isDatabaseUnavailable(err)) {
      log.error({ err, method: c.req.method, path: c.req.path }, 'database unavailable');
      return jsonError(c, 503, 'database_unavailable', 'The database is not reachable right now; nothing was stored. Retry in a moment.', undefined, { 'Retry-After': '5' });
    }
    log.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error in request');
    return jsonError(c, 500, 'internal_error', 'Something went wrong on our side; the request was not completed. Try again, and tell the operators if it persists.');
  };
}
