/**
 * What every tool of the reasoning engine looks like: a name, a description
 * for the model, a zod schema for its arguments, and a run function whose
 * dependencies (database, search) were passed to the tool's factory.
 * Owns only types and the shared argument pieces. Must not: run queries.
 */
import { z } from 'zod';
import type { EvidenceLocator } from '../evidence.ts';
import type { ToolName, ToolOutput } from '../types.ts';

export interface ToolContext {
  evidence: EvidenceLocator;
  now: Date;
}

export interface Tool<S extends z.ZodType = z.ZodType> {
  name: ToolName;
  description: string;
  schema: S;
  run(args: z.output<S>, ctx: ToolContext): Promise<ToolOutput>;
}

/** A tool whose argument type has been erased (the registry holds several kinds). */
export type AnyTool = Tool<z.ZodType>;

/** A date (YYYY-MM-DD) or date-time with offset, as tools take periods. */
export const dateArg = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'expected an ISO 8601 date (YYYY-MM-DD) or date-time' })
  .transform((s) => new Date(s));

/** A free-text name (account, rep, entity): trimmed, 1–200 characters, no control characters. */
export const nameArg = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

/** `%`, `_` and `\` taken literally in an ILIKE pattern (the pattern itself is a bound parameter). */
export function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function isoDay(d: Date | null | undefined): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}
