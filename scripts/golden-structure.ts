/**
 * Writes (or checks) test/golden/structure-facts.json: the built-in structure
 * agent's output on every input of test/support/structureGolden.ts.
 *
 * Owns: regenerating that file. Run it with --write only when the output is
 * MEANT to change (a rule change, issue 10's tuning): a change meant to be
 * structural (caching, single pass, precompiled patterns) must leave it equal,
 * which test/structure-golden.test.ts checks.
 * Must not: change extraction code or judge quality (`npm run eval` does).
 *
 *   npx tsx scripts/golden-structure.ts          # list the inputs whose output differs, exit 1 if any
 *   npx tsx scripts/golden-structure.ts --write  # record the current output
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { GOLDEN_FILE, goldenInputs, goldenValue } from '../test/support/structureGolden.ts';

const write = process.argv.includes('--write');
const old: Record<string, unknown> = existsSync(GOLDEN_FILE) ? JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) : {};
const next: Record<string, unknown> = write ? {} : { ...old };
const differs: string[] = [];
for (const input of goldenInputs()) {
  const value = goldenValue(input);
  if (!isDeepStrictEqual(old[input.key], value)) differs.push(input.key);
  next[input.key] = value;
}
if (write) {
  writeFileSync(GOLDEN_FILE, JSON.stringify(next, null, 1) + '\n');
  console.log(`wrote ${Object.keys(next).length} outputs to ${GOLDEN_FILE} (${differs.length} changed)`);
} else {
  for (const k of differs) console.log(`differs: ${k}`);
  console.log(differs.length ? `${differs.length} output(s) differ` : 'all outputs equal the golden file');
  process.exitCode = differs.length ? 1 : 0;
}
