/**
 * The tool registry: builds every tool from its dependencies and runs one
 * call — arguments checked by the tool's zod schema first, any failure
 * (unknown tool, bad arguments, refused SQL, a thrown error) turned into an
 * Observation with `ok: false` the planner can read and recover from.
 * Must not: decide which tools to call (planners do).
 */
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { SearchFn } from '../../search/types.ts';
import type { Observation, ToolCall, ToolName } from '../types.ts';
import { dealFactsTool } from './dealFacts.ts';
import { graphNeighborsTool } from './graphNeighbors.ts';
import { metricsTool } from './metrics.ts';
import { searchTool } from './search.ts';
import { sqlTool } from './sql.ts';
import type { AnyTool, ToolContext } from './types.ts';

export interface ToolsOptions {
  db: Db;
  search: SearchFn;
  sqlTimeoutMs: number;
  sqlMaxRows: number;
}

export type ToolRegistry = ReadonlyMap<ToolName, AnyTool>;

export function createTools(opts: ToolsOptions): ToolRegistry {
  const tools: AnyTool[] = [
    searchTool({ search: opts.search }) as unknown as AnyTool,
    dealFactsTool({ db: opts.db }) as unknown as AnyTool,
    sqlTool({ db: opts.db, timeoutMs: opts.sqlTimeoutMs, maxRows: opts.sqlMaxRows }) as unknown as AnyTool,
    graphNeighborsTool({ db: opts.db }) as unknown as AnyTool,
    metricsTool({ db: opts.db }) as unknown as AnyTool,
  ];
  return new Map(tools.map((t) => [t.name, t]));
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 4)
    .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ');
}

/** Runs one tool call; never throws (errors become a failed Observation). */
export async function runToolCall(tools: ToolRegistry, call: ToolCall, ctx: ToolContext, round: number): Promise<Observation> {
  const base = { callId: call.id, tool: call.tool, args: call.args, round, citations: [] };
  const tool = tools.get(call.tool as ToolName);
  if (!tool) {
    const error = `unknown tool "${call.tool}"; the tools are ${[...tools.keys()].join(', ')}`;
    return { ...base, ok: false, summary: error, error };
  }
  const parsed = tool.schema.safeParse(call.args);
  if (!parsed.success) {
    const error = `invalid arguments for ${tool.name}: ${describeIssues(parsed.error)}`;
    return { ...base, ok: false, summary: error, error };
  }
  try {
    const out = await tool.run(parsed.data, ctx);
    return { ...base, ok: true, summary: out.summary, data: out.data, citations: out.citations };
  } catch (err) {
    const error = `${tool.name} failed: ${(err as Error).message}`;
    return { ...base, ok: false, summary: error, error };
  }
}

/** JSON Schemas of the tools' arguments, for a model's tool-calling request. */
export function toolDefinitions(tools: ToolRegistry) {
  return [...tools.values()].map((t) => ({
    type: 'function' as const,
    function: { name: t.name, description: t.description, parameters: z.toJSONSchema(t.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> },
  }));
}
