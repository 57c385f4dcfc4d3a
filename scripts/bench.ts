/**
 * `npm run bench [-- name ...]`: runs every benchmark in scripts/bench/*.ts
 * (each exported async function whose name starts with `bench`), or only the
 * files named, and writes the results to BENCHMARKS.md with the machine and
 * the date. Each benchmark owns one section of that file (between
 * `<!-- bench:<file>/<function> -->` markers): running a subset replaces only
 * its own sections and keeps the others. `file/function` (e.g.
 * `pipeline/benchHandoff`) runs one benchmark of a file.
 *
 * A benchmark returns `{ title, markdown, metrics? }` (anything else is shown
 * as JSON).
 */
import '../src/processDefaults.ts';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { loadConfig, loadDotEnv } from '../src/config/index.ts';
import { projectRoot } from '../src/paths.ts';

interface BenchResult {
  title?: string;
  markdown?: string;
  metrics?: Record<string, unknown>;
}

const dir = path.join(projectRoot, 'scripts/bench');
const outFile = path.join(projectRoot, 'BENCHMARKS.md');
const wanted = process.argv.slice(2).map((a) => a.replace(/\.ts$/, ''));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((f) => wanted.length === 0 || wanted.some((w) => w === f || w.startsWith(`${f}/`)))
  .sort();
/** A file named alone runs all its benchmarks; `file/function` only those named. */
const selected = (file: string, name: string) => wanted.length === 0 || wanted.includes(file) || wanted.includes(`${file}/${name}`);
if (files.length === 0) {
  console.error(`bench: nothing to run (${wanted.join(', ') || 'scripts/bench is empty'})`);
  process.exit(1);
}

async function machine(): Promise<string> {
  loadDotEnv();
  let pgVersion = 'unknown';
  try {
    const c = new pg.Client({ connectionString: loadConfig().DATABASE_URL });
    await c.connect();
    pgVersion = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0].v;
    await c.end();
  } catch {
    /* reported as unknown */
  }
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${pgVersion}`;
}

function render(result: unknown): { title: string | null; body: string } {
  const r = (result ?? {}) as BenchResult;
  if (typeof r.markdown === 'string') return { title: r.title ?? null, body: r.markdown };
  return { title: r.title ?? null, body: '```json\n' + JSON.stringify(result, null, 2) + '\n```' };
}

const sections = new Map<string, string>();
const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const host = await machine();
let failed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, `${file}.ts`)).href)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) {
    if (!name.startsWith('bench') || typeof fn !== 'function' || !selected(file, name)) continue;
    const id = `${file}/${name}`;
    console.log(`bench: ${id} …`);
    const started = Date.now();
    let body: string;
    let title: string | null = null;
    try {
      ({ title, body } = render(await (fn as () => Promise<unknown>)()));
    } catch (err) {
      failed++;
      body = `**failed:** ${(err as Error).stack ?? err}`;
    }
    const took = ((Date.now() - started) / 1000).toFixed(0);
    const section = [`## ${title ?? id}`, '', `_${id} — ${when} — ${host} — took ${took} s_`, '', body].join('\n');
    sections.set(id, `<!-- bench:${id} -->\n${section}\n<!-- /bench:${id} -->`);
    console.log(section + '\n');
  }
}

// Merge into BENCHMARKS.md: replace our sections, keep the others.
const header = '# Benchmarks\n\nWritten by `npm run bench` (scripts/bench.ts): each section says when, on which machine, and by which benchmark in scripts/bench/.\n';
let doc = existsSync(outFile) ? readFileSync(outFile, 'utf8') : header;
for (const [id, text] of sections) {
  const re = new RegExp(`<!-- bench:${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} -->[\\s\\S]*?<!-- /bench:${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} -->`);
  doc = re.test(doc) ? doc.replace(re, () => text) : `${doc.trimEnd()}\n\n${text}\n`;
}
writeFileSync(outFile, doc.endsWith('\n') ? doc : `${doc}\n`);
console.log(`bench: wrote ${path.relative(projectRoot, outFile)}`);
process.exit(failed ? 1 : 0);
