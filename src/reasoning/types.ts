/**
 * The reasoning engine's contract: what a question gets back (AskAnswer), the
 * steps it reports on the way, tool calls and their results, and the Planner
 * interface both planners (built-in, Ollama) implement.
 * Owns only types. Must not: hold logic or touch the database.
 */
import type { Citation } from '../search/types.ts';

export type { Citation } from '../search/types.ts';

export type ToolName = 'search' | 'deal_facts' | 'sql' | 'graph_neighbors' | 'metrics';

/** One tool call as the planner asks for it; `args` are checked by the tool's zod schema before it runs. */
export interface ToolCall {
  id: string;
  tool: string;
  args: unknown;
}

/** What a tool gives back: JSON-safe data, a one-line summary, the evidence behind it. */
export interface ToolOutput {
  summary: string;
  data: unknown;
  citations: Citation[];
}

/** A finished tool call, successful or not; errors are results the planner can read and recover from. */
export interface Observation {
  callId: string;
  tool: string;
  args: unknown;
  ok: boolean;
  summary: string;
  /** Present when ok. */
  data?: unknown;
  citations: Citation[];
  /** Present when not ok: what was wrong (bad arguments, refused SQL, timeout…). */
  error?: string;
  /** The round (1-based) it ran in. */
  round: number;
}

/** What the engine reports as it works (streamed as server-sent events, printed by the CLI). */
export type AskStep =
  | { kind: 'plan'; round: number; text: string }
  | { kind: 'tool_call'; round: number; callId: string; tool: string; args: unknown }
  | { kind: 'tool_result'; round: number; callId: string; tool: string; ok: boolean; summary: string }
  | { kind: 'answer'; round: number; text: string };

export interface AskAnswer {
  answer: string;
  citations: Citation[];
  threadId: string;
  steps: AskStep[];
}

/**
 * What a thread remembers of an earlier question: enough for a follow-up
 * ("and which of those are due next week?") to refer to it.
 */
export interface ThreadTurn {
  question: string;
  answer: string;
  /** The question shape the built-in planner recognised, when it did. */
  shape: string | null;
  /** The calls and accounts the answer was about (what "those" refers to). */
  subjects: { transcriptIds: string[]; accounts: string[] };
}

/** Everything a planner may look at when deciding the next move. */
export interface PlannerContext {
  question: string;
  /** Reference instant for relative periods ("next week"). */
  now: Date;
  history: ThreadTurn[];
  observations: Observation[];
  /** Rounds already done (0 before the first tool call). */
  round: number;
  maxSteps: number;
  /** Planner-private memory carried between rounds of one question (JSON-safe). */
  memo: unknown;
}

export type PlanDecision =
  | { kind: 'call'; text: string; calls: ToolCall[]; memo?: unknown }
  | { kind: 'answer'; text: string; memo?: unknown };

/** The answer a planner composes once it stops calling tools. */
export interface Composed {
  answer: string;
  citations: Citation[];
  shape: string | null;
  subjects: ThreadTurn['subjects'];
}

export interface Planner {
  readonly name: string;
  plan(ctx: PlannerContext): Promise<PlanDecision>;
  /** Called once at the end; `limitReached` when the step limit, not the planner, ended the loop. */
  compose(ctx: PlannerContext & { limitReached: boolean; draft: string | null }): Promise<Composed>;
}
