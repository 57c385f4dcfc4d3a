/**
 * The import graph: arrows point one way. No file imports itself through a
 * cycle (type-only imports included), nothing in src/ imports tasks/, and the
 * layers below the worker never reach up into it. Reads every .ts file under
 * src/, tasks/ and bin/ and resolves its relative imports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of ['src', 'tasks', 'bin'].flatMap((d) => filesUnder(path.join(projectRoot, d)))) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => path.relative(projectRoot, path.resolve(path.dirname(file), m[1] ?? m[2])));
    graph.set(path.relative(projectRoot, file), targets.filter((t) => t.endsWith('.ts')));
  }
  return graph;
}

const graph = importGraph();

test('the import graph has files and edges (the parser sees imports)', () => {
  assert.ok(graph.size > 100, `${graph.size} files`);
  assert.ok((graph.get('tasks/index.ts') ?? []).includes('tasks/parse.ts'));
  assert.ok((graph.get('src/runs/ledger.ts') ?? []).includes('src/pipeline/stages.ts'));
});

test('no import cycles', () => {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles.map((c) => c.join(' → ')), []);
});

test('nothing in src/ imports tasks/ (the worker is given its task list)', () => {
  const wrong = [...graph].flatMap(([f, ts]) => (f.startsWith('src/') ? ts.filter((t) => t.startsWith('tasks/')).map((t) => `${f} → ${t}`) : []));
  assert.deepEqual(wrong, []);
});

test('layers: the ledger, the read side and the stage mechanics do not reach up into the worker, server, CLI or alerts', () => {
  const lower = ['src/runs/', 'src/db/', 'src/pipeline/', 'src/agents/', 'src/parsing/'];
  const upper = ['src/worker/', 'src/server/', 'src/cli/', 'src/dashboard/', 'src/alerts/', 'src/ops/', 'src/intake/'];
  const wrong = [...graph].flatMap(([f, ts]) =>
    lower.some((l) => f.startsWith(l)) ? ts.filter((t) => upper.some((u) => t.startsWith(u))).map((t) => `${f} → ${t}`) : [],
  );
  assert.deepEqual(wrong, []);
});
