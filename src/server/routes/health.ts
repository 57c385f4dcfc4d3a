/**
 * GET /healthz — is the system working: database reachable (round-trip time) and
 *   the age of the newest worker heartbeat (stellar.worker_heartbeats, written by
 *   every process that runs a worker pool, src/pipeline/heartbeat.ts). 200 when the
 *   database answers and some worker beat within STELLAR_HEARTBEAT_MAX_AGE_MS;
 *   503 otherwise, with the same JSON saying which part is wrong.
 * GET /readyz — may this process take requests: 200 when the database answers
 *   and the server is not shutting down; 503 during graceful shutdown.
 * Both are open (no bearer token) and never cached.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { ServerDeps } from '../app.ts';

const PING_TIMEOUT_MS = 2000;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();
  const noStore = { 'Cache-Control': 'no-store' };

  async function pingDatabase(): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
    const started = performance.now();
    try {
      await withTimeout(sql`select 1`.execute(deps.db), PING_TIMEOUT_MS);
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (err) {
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
    }
  }

  routes.get('/healthz', async (c) => {
    const database = await pingDatabase();
    const maxAgeMs = deps.config.STELLAR_HEARTBEAT_MAX_AGE_MS;
    let worker: { ok: boolean; lastHeartbeatAt: string | null; ageSeconds: number | null; live: number; maxAgeSeconds: number; error?: string } = {
      ok: false,
      lastHeartbeatAt: null,
      ageSeconds: null,
      live: 0,
      maxAgeSeconds: maxAgeMs / 1000,
    };
    if (database.ok) {
      try {
        const r = await withTimeout(
          deps.db
            .selectFrom('stellar.worker_heartbeats')
            .select((eb) => [
              eb.fn.max<Date | null>('beat_at').as('last'),
              sql<number | null>`(extract(epoch from now() - max(beat_at)) * 1000)::float8`.as('age_ms'),
              sql<string>`count(*) filter (where beat_at > now() - make_interval(secs => ${maxAgeMs / 1000}))`.as('live'),
            ])
            .where('stopped_at', 'is', null)
            .executeTakeFirst(),
          PING_TIMEOUT_MS,
        );
        const ageMs = r?.age_ms ?? null;
        worker = {
          ok: ageMs !== null && ageMs <= maxAgeMs,
          lastHeartbeatAt: r?.last ? new Date(r.last).toISOString() : null,
          ageSeconds: ageMs === null ? null : Math.round(ageMs / 100) / 10,
          live: Number(r?.live ?? 0),
          maxAgeSeconds: maxAgeMs / 1000,
        };
      } catch (err) {
        worker.error = (err as Error).message;
      }
    }
    const ok = database.ok && worker.ok;
    return c.json({ status: ok ? 'ok' : 'unhealthy', database, worker }, ok ? 200 : 503, noStore);
  });

  routes.get('/readyz', async (c) => {
    if (deps.state.draining) return c.json({ status: 'shutting_down', ready: false }, 503, noStore);
    const database = await pingDatabase();
    return c.json({ status: database.ok ? 'ready' : 'not_ready', ready: database.ok, database }, database.ok ? 200 : 503, noStore);
  });

  return routes;
}
