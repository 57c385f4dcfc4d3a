/**
 * The test runner behind `npm test` and `npm run test:faults`: rebuilds the
 * migrated template database, then runs test files with node's built-in runner
 * (each file in its own process and its own database, two at a time on this
 * 2-core machine).
 *   - no arguments: every test/*.test.ts (the top level only: test/faults/ is
 *     NOT part of `npm test`);
 *   - file names: only those;
 *   - a directory (e.g. `test/faults`): every *.test.ts in it;
 *   - `--one-at-a-time`: one file after another (`npm run test:faults`). The
 *     fault tests load the machine on purpose (busy loops at normal priority,
 *     three worker processes, PostgreSQL restarts); side by side, one starves
 *     the other's niced worker thread — CI of 2026-11-30: the pg-restart test,
 *     run beside cpu-load's busy loops, saw no job finish in its 600 s guard.
 * No `--test-force-exit`: with several files at once it makes the runner lose
 * the verdicts of some files' last tests (nodejs/node#64833 — measured here:
 * 703–785 tests reported of 797, always "fail 0"), so the summary lines CI
 * reads were lower bounds. Every file closes what it opens instead (a
 * file left hanging by an open handle is a bug of that file's after()).
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { rebuildTemplate } from '../test/support/db.ts';
import { projectRoot } from '../src/paths.ts';

/** The *.test.ts files directly in `dir` (relative to the project root), sorted. */
function testFilesIn(dir: string): string[] {
  return readdirSync(path.resolve(projectRoot, dir))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join(dir, f));
}

const oneAtATime = process.argv.includes('--one-at-a-time');
const args = process.argv.slice(2).filter((a) => a !== '--one-at-a-time');
const files = args.length ? args.flatMap((a) => (statSync(path.resolve(projectRoot, a), { throwIfNoEntry: false })?.isDirectory() ? testFilesIn(a) : [a])) : testFilesIn('test');
if (files.length === 0) {
  console.error(`run-tests: no test files in ${args.join(', ')}`);
  process.exit(1);
}

await rebuildTemplate();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${oneAtATime ? 1 : (process.env.TEST_CONCURRENCY ?? 2)}`, '--test-reporter=spec', ...files],
  { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
