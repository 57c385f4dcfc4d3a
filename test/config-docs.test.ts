/**
 * The configuration is documented in one place, generated from the zod schema
 * (src/config/index.ts → scripts/gen-config-docs.ts → docs/configuration.md):
 * this file fails when that page is stale, when a variable has no .describe()
 * text, and when .env.example misses a variable, lists one the schema does not
 * know, or gives another value than the schema's default. No database needed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configSchema, loadConfig } from '../src/config/index.ts';
import { projectRoot } from '../src/paths.ts';
import { CONFIG_DOC, configVariables, renderConfigDocs } from '../scripts/gen-config-docs.ts';

/** KEY=value lines of .env.example (comments and blank lines skipped). */
function envExample(): Map<string, string> {
  const text = readFileSync(path.join(projectRoot, '.env.example'), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

describe('docs/configuration.md and .env.example follow the config schema', () => {
  const vars = configVariables();

  test('the generator sees every variable of the schema', () => {
    assert.deepEqual(
      vars.map((v) => v.name),
      Object.keys(configSchema.shape),
    );
    assert.ok(vars.length > 0);
  });

  test('docs/configuration.md is what `npm run docs:config` writes now', () => {
    const current = readFileSync(CONFIG_DOC, 'utf8');
    assert.equal(current, renderConfigDocs(), 'docs/configuration.md is stale: run `npm run docs:config` and commit the result');
  });

  test('every variable has a .describe() text', () => {
    const missing = vars.filter((v) => !v.description?.trim()).map((v) => v.name);
    assert.deepEqual(missing, [], `add .describe('…') to these entries of configSchema (src/config/index.ts): ${missing.join(', ')}`);
  });

  test('every variable is on the page, in a table row of its own', () => {
    const page = readFileSync(CONFIG_DOC, 'utf8');
    const absent = vars.filter((v) => !page.includes(`| \`${v.name}\` |`)).map((v) => v.name);
    assert.deepEqual(absent, []);
  });

  test('.env.example lists every variable of the schema, and nothing else', () => {
    const env = envExample();
    const missing = vars.filter((v) => !env.has(v.name)).map((v) => v.name);
    assert.deepEqual(missing, [], `add these to .env.example with their defaults: ${missing.join(', ')}`);
    const unknown = [...env.keys()].filter((k) => !(k in configSchema.shape));
    assert.deepEqual(unknown, [], `.env.example names variables the schema does not have: ${unknown.join(', ')}`);
  });

  test(".env.example gives each variable the schema's default (empty when it has none)", () => {
    const env = envExample();
    const wrong = vars
      .filter((v) => env.has(v.name) && env.get(v.name) !== (v.envDefault ?? ''))
      .map((v) => `${v.name}=${env.get(v.name)} (default: ${v.envDefault ?? 'unset'})`);
    assert.deepEqual(wrong, []);
  });

  test('a copy of .env.example loads, and gives the same configuration as an empty environment', () => {
    const fromExample = loadConfig(Object.fromEntries(envExample()));
    assert.deepEqual(fromExample, loadConfig({}));
  });
});
