/**
 * Auth for the monitoring routes (GraphQL and the dashboard): the REST API's
 * bearer token (src/server/auth.ts), or — for a browser, which cannot add an
 * Authorization header to a page load — a dashboard session cookie set by
 * logging in with one of those tokens.
 *
 * The cookie (`stellar_session`, HttpOnly, SameSite=Strict, Path=/) holds
 * `<expiry>.<HMAC-SHA256(token, "stellar-dashboard|<expiry>")>`: not the token
 * itself, it expires (STELLAR_DASHBOARD_SESSION_HOURS), and removing a token
 * from STELLAR_API_TOKENS ends the sessions opened with it. Every configured
 * token is tried without early exit, in constant time.
 *
 * A state-changing request authenticated by the cookie must also carry the
 * header `X-Stellar-CSRF: 1` (a cross-site form cannot set it, and a
 * cross-site fetch that sets it needs a CORS preflight this server never
 * grants) and, when the browser sends one, an Origin equal to the server's.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { bearerAuth, tokenMatches } from './auth.ts';
import { jsonError } from './errors.ts';

export const SESSION_COOKIE = 'stellar_session';
export const CSRF_HEADER = 'x-stellar-csrf';

function sign(token: string, expiry: number): Buffer {
  return createHmac('sha256', token).update(`stellar-dashboard|${expiry}`).digest();
}

export interface SessionAuth {
  /** True when the token is one of the configured ones. */
  tokenValid(token: string): boolean;
  /** The cookie value for a session opened with `token` (check it first). */
  issue(token: string, now?: number): { value: string; maxAgeSeconds: number };
  /** True when the request carries a valid, unexpired session cookie. */
  hasSession(c: Context, now?: number): boolean;
  setCookie(c: Context, token: string): void;
  clearCookie(c: Context): void;
  /**
   * Middleware: bearer token or session cookie. `mode: 'page'` sends
   * unauthenticated browsers to the log-in page instead of a JSON 401.
   * `csrf: false` skips the CSRF header check for cookie-authenticated POSTs
   * (GraphQL: read-only, and it only takes JSON bodies, which cross-site
   * pages cannot send without a preflight).
   */
  require(opts?: { mode?: 'api' | 'page'; loginPath?: string; csrf?: boolean }): MiddlewareHandler;
}

export function sessionAuth(tokens: readonly string[], sessionHours: number): SessionAuth {
  const configured = tokens.filter((t) => t.length > 0);
  const digests = configured.map((t) => createHash('sha256').update(t, 'utf8').digest());
  const bearer = bearerAuth(configured);
  const maxAgeSeconds = Math.round(sessionHours * 3600);

  const auth: SessionAuth = {
    tokenValid: (token) => digests.length > 0 && tokenMatches(token, digests),
    issue(token, now = Date.now()) {
      const expiry = Math.floor(now / 1000) + maxAgeSeconds;
      return { value: `${expiry}.${sign(token, expiry).toString('base64url')}`, maxAgeSeconds };
    },
    hasSession(c, now = Date.now()) {
      const raw = getCookie(c, SESSION_COOKIE);
      if (!raw || configured.length === 0) return false;
      const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(raw);
      if (!m) return false;
      const expiry = Number(m[1]);
      if (expiry * 1000 <= now) return false;
      const presented = Buffer.from(m[2], 'base64url');
      let ok = false;
      for (const token of configured) ok = timingSafeEqual(presented, sign(token, expiry)) || ok;
      return ok;
    },
    setCookie(c, token) {
      const { value } = auth.issue(token);
      setCookie(c, SESSION_COOKIE, value, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        maxAge: maxAgeSeconds,
        secure: new URL(c.req.url).protocol === 'https:',
      });
    },
    clearCookie(c) {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
    require(opts = {}) {
      const mode = opts.mode ?? 'api';
      return async (c, next) => {
        if (c.req.header('authorization')) return bearer(c, next);
        if (auth.hasSession(c)) {
          const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
          if (unsafe && opts.csrf !== false && !sameOriginWithCsrfHeader(c)) {
            return jsonError(c, 403, 'forbidden', `A request authenticated by the session cookie must send the header "${CSRF_HEADER}: 1" from this server's own pages.`);
          }
          await next();
          return;
        }
        if (mode === 'page' && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
          const back = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
          return c.redirect(`${opts.loginPath ?? '/dashboard/login'}?next=${back}`, 303);
        }
        return bearer(c, next); // the same 401 JSON as the REST API
      };
    },
  };
  return auth;
}

function sameOriginWithCsrfHeader(c: Context): boolean {
  if (c.req.header(CSRF_HEADER) !== '1') return false;
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
}
