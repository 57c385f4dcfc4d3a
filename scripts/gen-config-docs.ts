/**
 * `npm run docs:config`: writes docs/configuration.md from the zod config
 * schema (src/config/index.ts) — each variable's default, what it accepts and
 * its `.describe()` text, grouped by topic. `--check` only compares and exits
 * 1 when the page is stale. test/config-docs.test.ts runs the same comparison
 * (and checks .env.example), so the page never drifts from the code.
 * Owns: the layout of docs/configuration.md and the topic of each variable.
 * Must not: hold any fact about a variable (default, range, meaning) — those
 * live in the schema only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../src/config/index.ts';
import { projectRoot } from '../src/paths.ts';

export const CONFIG_DOC = path.join(projectRoot, 'docs/configuration.md');

interface Section {
  title: string;
  /** The docs page (and anchor) that explains the behaviour behind these variables. */
  page: string;
  match: RegExp;
}

/** First match wins. A variable no section matches is listed under "Other" (give it a section here). */
export const SECTIONS: readonly Section[] = [
  { title: 'Database', page: 'architecture.md', match: /^DATABASE_URL$/ },
  { title: 'Model provider (built-in or Ollama)', page: 'pipeline.md#providers', match: /^(STELLAR_PROVIDER|OLLAMA_.+)$/ },
  { title: 'HTTP server', page: 'http-api.md', match: /^(PORT|HOST|STELLAR_API_TOKENS|STELLAR_MAX_UPLOAD_BYTES|STELLAR_SHUTDOWN_TIMEOUT_MS|STELLAR_WORKER_NICE|STELLAR_HEARTBEAT_MAX_AGE_MS)$/ },
  { title: 'Inbox folder', page: 'inbox.md', match: /^STELLAR_INBOX/ },
  { title: 'Worker, limits and schedules', page: 'operations.md', match: /^STELLAR_(MAX_ATTEMPTS|WORKER_CONCURRENCY|MAX_MODEL_CALLS|CRONTAB|WORKER_DEAD_MS|STUCK_AFTER_MS|SWEEP_MAX_REQUEUES|DIGEST_.+|REPORT_EMAIL_TO)$/ },
  { title: 'GraphQL and the dashboard', page: 'monitoring.md', match: /^STELLAR_(GRAPHIQL|GRAPHQL_.+|DASHBOARD_.+)$/ },
  { title: 'Alerts and e-mail', page: 'monitoring.md#alerts', match: /^(ALERT_.+|SMTP_URL)$/ },
  { title: 'Search', page: 'search.md', match: /^STELLAR_SEARCH_/ },
  { title: 'Asking questions', page: 'ask.md', match: /^STELLAR_(ASK|REASONING)_/ },
  { title: 'Neo4j mirror', page: 'pipeline.md#link_graph', match: /^NEO4J_/ },
  { title: 'Logs', page: 'monitoring.md#logs', match: /^LOG_LEVEL$/ },
];

type Field = z.ZodType;

interface JsonProp {
  type?: string;
  enum?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
}

export interface VariableDoc {
  name: string;
  section: string;
  page: string | null;
  description: string | undefined;
  /** The default as it would be written in the environment; null when the variable has none (unset). */
  envDefault: string | null;
  accepts: string;
}

function defaultOf(field: Field): { has: boolean; value: unknown } {
  const def = (field as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
  return def.type === 'default' ? { has: true, value: def.defaultValue } : { has: false, value: undefined };
}

/** A default in the form the environment takes it (see loadConfig: an empty value means unset). */
function asEnv(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** zod's .int() adds the safe-integer bounds; they say nothing to a reader. */
const bound = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);

function range(prop: JsonProp): string {
  const p = { ...prop, minimum: bound(prop.minimum), maximum: bound(prop.maximum), exclusiveMinimum: bound(prop.exclusiveMinimum) };
  const lo = p.exclusiveMinimum !== undefined ? `> ${p.exclusiveMinimum}` : p.minimum !== undefined ? `≥ ${p.minimum}` : null;
  if (p.minimum !== undefined && p.maximum !== undefined) return `${p.minimum}–${p.maximum}`;
  return [lo, p.maximum !== undefined ? `≤ ${p.maximum}` : null].filter(Boolean).join(', ');
}

const FLAG_VALUES = ['1', '0', 'true', 'false', 'yes', 'no'];

function accepts(p: JsonProp, defaultValue: unknown): string {
  if (p.enum) {
    if (FLAG_VALUES.every((v) => p.enum!.includes(v))) return 'flag: `1`/`0`, `true`/`false`, `yes`/`no`';
    return 'one of ' + p.enum.filter((v) => v !== '').map((v) => `\`${v}\``).join(', ');
  }
  if (Array.isArray(defaultValue)) return 'comma-separated list';
  if (p.type === 'integer' || p.type === 'number') return [p.type === 'integer' ? 'integer' : 'number', range(p)].filter(Boolean).join(' ');
  if (p.format === 'uri') return 'URL';
  return p.minLength ? 'non-empty text' : 'text';
}

/** Every variable of the schema, in schema order, with its section. */
export function configVariables(): VariableDoc[] {
  const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, JsonProp> };
  return Object.entries(configSchema.shape as Record<string, Field>).map(([name, field]) => {
    const section = SECTIONS.find((s) => s.match.test(name));
    const d = defaultOf(field);
    return {
      name,
      section: section?.title ?? 'Other',
      page: section?.page ?? null,
      description: field.description,
      envDefault: d.has ? asEnv(d.value) : null,
      accepts: accepts(json.properties[name] ?? {}, d.value),
    };
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function shownDefault(v: VariableDoc): string {
  if (v.envDefault === null) return 'unset';
  if (v.envDefault === '') return '(empty)';
  return `\`${v.envDefault}\``;
}

/** The whole text of docs/configuration.md. */
export function renderConfigDocs(): string {
  const vars = configVariables();
  const out: string[] = [
    '<!-- Generated by `npm run docs:config` (scripts/gen-config-docs.ts) from the zod schema in src/config/index.ts. Do not edit: change the schema\'s .describe() texts and run it again. -->',
    '',
    '# Configuration',
    '',
    'Everything comes from the environment (or a `.env` file at the project root; variables already set win),',
    'validated with zod at start-up by `loadConfig()` in `src/config/index.ts`. A bad value stops the process with a',
    'message naming the variable. An empty value counts as unset, so a copy of `.env.example` — which lists every',
    'variable below with its default — works as it is.',
    '',
    'This page is the one list of variables; the other pages link here. `test/config-docs.test.ts` fails when it is',
    'out of date with the schema or when `.env.example` misses a variable.',
    '',
  ];
  const titles = [...SECTIONS.map((s) => s.title), 'Other'];
  for (const title of titles) {
    const here = vars.filter((v) => v.section === title);
    if (here.length === 0) continue;
    const page = here[0].page;
    out.push(`## ${title}`, '');
    if (page) out.push(`How it behaves: [${page.replace(/#.*/, '')}](${page}).`, '');
    else out.push('Variables not yet given a topic in scripts/gen-config-docs.ts (`SECTIONS`).', '');
    out.push('| variable | default | accepts | meaning |', '| --- | --- | --- | --- |');
    for (const v of here) out.push(`| \`${v.name}\` | ${cell(shownDefault(v))} | ${cell(v.accepts)} | ${cell(v.description ?? '(no description)')} |`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const text = renderConfigDocs();
  const missing = configVariables().filter((v) => !v.description);
  if (missing.length) console.warn(`docs:config: no .describe() text for ${missing.map((v) => v.name).join(', ')}`);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(CONFIG_DOC, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (current !== text) {
      console.error('docs/configuration.md is out of date: run `npm run docs:config`.');
      process.exit(1);
    }
    console.log('docs/configuration.md is up to date.');
  } else {
    writeFileSync(CONFIG_DOC, text);
    console.log(`wrote ${path.relative(projectRoot, CONFIG_DOC)} (${configVariables().length} variables)`);
  }
}
