#!/usr/bin/env node
// The installed `stellar` command. Runs the compiled CLI (dist/cli.js, built by
// `npm run build`, which `npm run setup` and `npm run demo` run) while it is up
// to date — no source file it was built from is newer than the build
// (dist/build.json) — and otherwise the TypeScript sources through tsx
// (slower to start; on a terminal it says so). STELLAR_FROM_SOURCE=1 forces the sources.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function distIsFresh() {
  if (process.env.STELLAR_FROM_SOURCE === '1') return false;
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('dist/build.json', root), 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    for (const file of inputs) if (statSync(new URL(file, root)).mtimeMs > builtAt) return false;
    return true;
  } catch {
    return false; // no build, or an input is gone
  }
}

if (distIsFresh()) {
  await import('../dist/cli.js');
} else {
  if (process.stderr.isTTY && process.env.STELLAR_FROM_SOURCE !== '1') process.stderr.write('stellar: dist/ is missing or older than the sources; running them through tsx (slower start). `npm run build` compiles them.\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
