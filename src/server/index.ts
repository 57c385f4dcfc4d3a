/**
 * src/server — the Hono app: uploads, transcripts, runs, health, and the
 * mounts other parts add (GraphQL, dashboard). Routes validate input, call
 * src/intake or src/db/queries, and answer JSON; errors are one shape.
 * Owns: HTTP. Must not: hold SQL (reads are in src/db/queries) or write runs. Only re-exports.
 */
export { createServerApp, type CreateServerAppOptions } from './app.ts';
export type { MountContext, ServerDeps, ServerMount, ServerState } from './deps.ts';
export { startServer } from './serve.ts';
