/**
 * Benchmark (issue 13): how fast the `stellar` command starts.
 *
 * Builds dist/ (scripts/build.mjs), then times, as child processes of this one
 * (wall clock from spawn to exit, each command run BENCH_CLI_RUNS times, 9 by
 * default, interleaved so a busy moment hits all of them alike; medians):
 *   - `node -e ''` — the floor on this machine, measured in the same run;
 *   - `stellar --version`, `stellar --help`, `stellar status` (20 recent runs of
 *     a fresh, migrated database with 40 runs) through bin/stellar.mjs from dist/;
 *   - the same three from the sources through tsx (STELLAR_FROM_SOURCE=1), as before issue 13.
 * Targets: `stellar --help` < 0.5 s, `stellar status` < 1 s (compiled).
 * Each time is also given as a ratio to `node -e ''`, which moves less with the machine's load.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { admin, dbUrl } from '../bench-support.ts';
import { migrate } from '../../src/db/migrate.ts';
import { connect } from '../../src/db/index.ts';
import { ingestTranscript } from '../../src/intake/ingest.ts';
import { projectRoot } from '../../src/paths.ts';
import { syntheticTranscript } from '../../test/support/transcripts.ts';


const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Case {
  label: string;
  args: string[];
  env?: Record<string, string>;
}

export async function benchCli(): Promise<{ title: string; markdown: string; metrics: Record<string, number> }> {
  const runs = Number(process.env.BENCH_CLI_RUNS ?? 9);
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/stellar';
  const name = `stellar_bench_cli_${randomBytes(3).toString('hex')}`;
  const url = dbUrl(base, name);
  const built = spawnSync(process.execPath, [path.join(projectRoot, 'scripts/build.mjs'), '--quiet'], { cwd: projectRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  await migrate({ databaseUrl: url });
  try {
    const handle = connect(url);
    try {
      for (let i = 0; i < 40; i++) {
        await ingestTranscript(handle.db, { bytes: Buffer.from(syntheticTranscript(i)), fileName: `bench-${i}.txt`, source: 'cli', meetingAt: null, rep: null, account: null, maxAttempts: 3 });
      }
    } finally {
      await handle.close();
    }
    const stellar = path.join(projectRoot, 'bin/stellar.mjs');
    const fromSource = { STELLAR_FROM_SOURCE: '1' };
    const cases: Case[] = [
      { label: "node -e ''", args: ['-e', ''] },
      { label: 'stellar --version', args: [stellar, '--version'] },
      { label: 'stellar --help', args: [stellar, '--help'] },
      { label: 'stellar status', args: [stellar, 'status'] },
      { label: 'stellar --version (sources, tsx)', args: [stellar, '--version'], env: fromSource },
      { label: 'stellar --help (sources, tsx)', args: [stellar, '--help'], env: fromSource },
      { label: 'stellar status (sources, tsx)', args: [stellar, 'status'], env: fromSource },
    ];
    const times = new Map<string, number[]>(cases.map((c) => [c.label, []]));
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' };
    const once = (c: Case) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, c.args, { cwd: projectRoot, env: { ...env, ...c.env }, encoding: 'utf8' });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${r.stderr}`);
      return ms;
    };
    for (const c of cases) once(c); // warm the file cache
    for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.label)!.push(once(c));
    const floor = median(times.get("node -e ''")!);
    const row = (c: Case) => {
      const m = median(times.get(c.label)!);
      return `| ${c.label} | ${m.toFixed(0)} | ${Math.min(...times.get(c.label)!).toFixed(0)} | ${Math.max(...times.get(c.label)!).toFixed(0)} | ${(m / floor).toFixed(1)}× |`;
    };
    const help = median(times.get('stellar --help')!);
    const status = median(times.get('stellar status')!);
    const met = (ms: number, target: number) => (ms < target ? `**met** (${ms.toFixed(0)} ms)` : `**not met** (${ms.toFixed(0)} ms)`);
    const markdown = [
      `Load average when it started: ${load} (2 cores shared with other work: the ratio column moves less with it than the times).`,
      '',
      `Wall clock from spawn to exit, ${runs} runs of each command, interleaved, after one warm-up run each; medians in ms. \`status\` lists 20 of the 40 runs of a fresh, migrated database. "Compiled" is dist/ (scripts/build.mjs, esbuild, code splitting: each command loads only its own modules); "sources" is the same CLI through tsx, compiled on every start.`,
      '',
      "| command | median | min | max | ÷ `node -e ''` |",
      '| --- | ---: | ---: | ---: | ---: |',
      ...cases.map(row),
      '',
      `Targets: \`stellar --help\` < 500 ms — ${met(help, 500)}; \`stellar status\` < 1000 ms — ${met(status, 1000)}.`,
    ].join('\n');
    return {
      title: 'CLI start-up: `stellar --help`, `--version` and `status`',
      markdown,
      metrics: Object.fromEntries(cases.map((c) => [c.label, Math.round(median(times.get(c.label)!))])),
    };
  } finally {
    await admin(base, `drop database if exists ${name} with (force)`);
  }
}
