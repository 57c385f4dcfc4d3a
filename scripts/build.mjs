#!/usr/bin/env node
/**
 * `npm run build` (also run by `npm run setup` and `npm run demo`): compiles the
 * `stellar` command to JavaScript in dist/, so it starts without compiling
 * TypeScript on every run (issue 13; measured by scripts/bench/cli.ts).
 *
 * esbuild (the compiler tsx itself runs on, pinned in package.json) bundles
 * three entry points — bin/cli.ts → dist/cli.js, tasks/index.ts → dist/tasks.js,
 * src/cli/workerThread.ts → dist/workerThread.js — with code splitting: what
 * a command loads with a dynamic import becomes its own chunk, so `--help`
 * loads no database code. Packages stay external (node_modules, as from
 * source) except the few in BUNDLED below. Every output file lies directly in dist/, one folder below the root,
 * so src/paths.ts's projectRoot (sql/, crontab, .env) is right from both.
 * No type check here: `npm run typecheck` does that.
 *
 * dist/build.json records the build's start time and its input files (and
 * package-lock.json); bin/stellar.mjs runs dist/ only while none is newer (else it runs the
 * sources through tsx). The build goes to a fresh folder that then replaces
 * dist/ (a command starting meanwhile sees the old or the new build, whole).
 * Owns: dist/. Must not: touch anything else.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Packages compiled into the bundle instead of loaded from node_modules: pure ESM, made of hundreds
 * of small files that Node would otherwise resolve and read one by one at every start (kysely and
 * zod: ~300 each; about half of `stellar status`'s start-up), and whose objects no other package
 * receives from this project's code (zod: our schemas are only parsed by our code and by
 * @hono/zod-validator, which calls their methods and imports no zod itself; the reasoning graph's
 * LangGraph state uses Annotation, not zod). Every other package stays external, loaded from
 * node_modules exactly as from source — pg among them, whose pool graphile-worker shares.
 */
const BUNDLED = new Set(['kysely', 'commander', 'zod']);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const externals = {
  name: 'stellar-externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.has(packageOf(args.path)) ? undefined : { external: true }));
  },
};
const quiet = process.argv.includes('--quiet');
const startedAt = Date.now();
const tmp = path.join(root, `dist.tmp-${process.pid}`);
const dist = path.join(root, 'dist');

try {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'bin/cli.ts', tasks: 'tasks/index.ts', workerThread: 'src/cli/workerThread.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    plugins: [externals],
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  // The sources, and the lock file: a dependency upgrade must rebuild the packages compiled in (BUNDLED).
  const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')).sort(), 'package-lock.json'];
  writeFileSync(path.join(tmp, 'build.json'), JSON.stringify({ builtAt: startedAt, inputs }, null, 1) + '\n');
  const old = path.join(root, `dist.old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
  if (!quiet) console.log(`build: dist/ from ${inputs.length} source files in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  console.error(`build: failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
}
