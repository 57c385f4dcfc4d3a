/**
 * docker-compose.yml and the Dockerfile are not exercised by CI (no container
 * runtime here): this checks their syntax and their contract with the code —
 * every variable a Stellar service gets exists in the configuration schema,
 * the worker can scale, the image is multi-stage, production-only, non-root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../src/config/index.ts';
import { projectRoot } from '../src/paths.ts';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, unknown>;
  ports?: string[];
  container_name?: string;
}

const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const dockerfile = readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8');
const stellarServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined || s.image === 'stellar:local');

test('the full stack: Postgres with pgvector, Neo4j, Ollama, Baserow, and Stellar as serve + worker', () => {
  const images = Object.values(compose.services).map((s) => s.image ?? '');
  for (const want of [/^pgvector\/pgvector:/, /^neo4j:/, /^ollama\/ollama:/, /^baserow\/baserow:/]) assert.ok(images.some((i) => want.test(i)), String(want));
  assert.deepEqual(compose.services.serve.command, ['serve']);
  assert.deepEqual(compose.services.worker.command, ['worker']);
  assert.equal(compose.services.worker.container_name, undefined, 'a fixed name would stop --scale worker=N');
  assert.equal(compose.services.worker.ports, undefined, 'a published port would stop --scale worker=N');
});

test('every variable given to a Stellar service exists in the configuration schema', () => {
  const known = new Set(Object.keys(configSchema.shape));
  assert.ok(stellarServices.length >= 3, stellarServices.map(([n]) => n).join(', '));
  for (const [name, s] of stellarServices) {
    const vars = Object.keys(s.environment ?? {});
    assert.ok(vars.length > 0, `${name}: environment`);
    const unknown = vars.filter((v) => !known.has(v));
    assert.deepEqual(unknown, [], `${name}: not in src/config/index.ts`);
  }
  // Literal values (no ${…}) must also pass the schema.
  const env = Object.fromEntries(Object.entries(compose.services.worker.environment ?? {}).filter(([, v]) => typeof v === 'string' && !v.includes('${')).map(([k, v]) => [k, String(v)]));
  assert.doesNotThrow(() => loadConfig(env));
});

test('the Dockerfile: multi-stage, production dependencies only, non-root', () => {
  assert.ok((dockerfile.match(/^FROM /gm) ?? []).length >= 2, 'multi-stage');
  assert.match(dockerfile, /npm ci --omit=dev/);
  const user = /^USER (\S+)/m.exec(dockerfile);
  assert.ok(user && user[1] !== 'root' && user[1] !== '0', 'runs as a non-root user');
  assert.match(dockerfile, /ENTRYPOINT \["node", "bin\/stellar\.mjs"\]/);
  assert.doesNotMatch(dockerfile, /COPY[^\n]*\btest\b/, 'tests stay out of the image');
});
