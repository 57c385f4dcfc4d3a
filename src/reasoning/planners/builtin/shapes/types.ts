/**
 * A question shape of the built-in planner: the tool calls it needs and how
 * it writes the answer from their results. Params are what recognise.ts found
 * in the question (JSON, kept in the graph state between rounds).
 */
import type { DealCall } from '../../../tools/dealFacts.ts';
import type { Observation, PlannerContext, ThreadTurn, ToolCall } from '../../../types.ts';
import type { CitationBook } from '../book.ts';

export interface PeriodParam {
  since: string | null;
  until: string | null;
  label: string;
}

export interface ShapeParams {
  account?: string;
  /** An account named in the question that Stellar has no calls with. */
  unknownAccount?: string;
  people?: string[];
  competitor?: string;
  term?: string;
  topic?: string;
  objectionType?: string | null;
  byType?: boolean;
  period?: PeriodParam | null;
  metric?: 'questions' | 'talk' | 'all';
  ranking?: boolean;
  worksAt?: boolean;
  /** A follow-up: only these calls (what "those" referred to). */
  transcriptIds?: string[];
  nounAccounts?: boolean;
}

export type PlannedCall = Omit<ToolCall, 'id'>;

export interface Written {
  lines: string[];
  subjects: ThreadTurn['subjects'];
}

export interface Shape {
  name: string;
  /** Tool calls for the next round, or null when the shape has what it needs. */
  next(p: ShapeParams, ctx: PlannerContext): { text: string; calls: PlannedCall[] } | null;
  write(p: ShapeParams, ctx: PlannerContext, book: CitationBook): Written;
}

/** The data of the first successful call of `tool`, or the error of a failed one. */
export function resultOf<T>(observations: readonly Observation[], tool: string): { data: T | null; error: string | null } {
  const ok = observations.find((o) => o.tool === tool && o.ok);
  if (ok) return { data: ok.data as T, error: null };
  const bad = observations.find((o) => o.tool === tool && !o.ok);
  return { data: null, error: bad?.error ?? null };
}

export function dealCalls(observations: readonly Observation[]): { calls: DealCall[]; error: string | null } {
  const r = resultOf<{ calls: DealCall[] }>(observations, 'deal_facts');
  return { calls: r.data?.calls ?? [], error: r.error };
}

export function subjectsOf(calls: readonly { transcriptId: string; account: string | null }[]): ThreadTurn['subjects'] {
  return {
    transcriptIds: [...new Set(calls.map((c) => c.transcriptId))],
    accounts: [...new Set(calls.map((c) => c.account).filter((a): a is string => !!a))],
  };
}

export const NO_SUBJECTS: ThreadTurn['subjects'] = { transcriptIds: [], accounts: [] };

/** "in November 2026" / "" */
export function periodPhrase(p: PeriodParam | null | undefined, prefix = 'in'): string {
  if (!p) return '';
  return /^(the week|today|tomorrow|from|since|before|after|until|by)/.test(p.label) ? ` ${p.label}` : ` ${prefix} ${p.label}`;
}

export function firstRound(ctx: PlannerContext): boolean {
  return ctx.round === 0;
}
