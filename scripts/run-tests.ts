/**
 * The test runner behind `npm test`: rebuilds the migrated template database,
 * then runs every test/*.test.ts with node's built-in runner (each file in its
 * own process and its own database, two at a time on this 2-core machine).
 * Pass file names to run only those. `--test-force-exit`: a file whose tests
 * have all ended is not kept alive by a handle left open (a watcher, a socket);
 * without it one such handle would hang the whole run.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { rebuildTemplate } from '../test/support/db.ts';
import { projectRoot } from '../src/paths.ts';

const args = process.argv.slice(2);
const files = args.length
  ? args
  : readdirSync(path.join(projectRoot, 'test'))
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => path.join('test', f));

await rebuildTemplate();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-force-exit', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, '--test-reporter=spec', ...files],
  { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
