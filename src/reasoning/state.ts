/**
 * The graph's typed state (LangGraph Annotation). A thread's state is
 * checkpointed after every node (PostgresSaver), so everything here is plain
 * JSON. `history` outlives a question (what follow-ups refer to); the rest is
 * reset by the `start` node when a new question comes in.
 * Owns: the state shape and its defaults. Must not: hold logic.
 */
import { Annotation } from '@langchain/langgraph';
import type { AskStep, Citation, Observation, ThreadTurn, ToolCall } from './types.ts';

const replace = <T>(initial: () => T) => Annotation<T>({ reducer: (_old: T, next: T) => next, default: initial });

export const AskStateAnnotation = Annotation.Root({
  /** The question being answered (input). */
  question: replace<string>(() => ''),
  /** Reference instant for relative periods, ISO (input). */
  now: replace<string>(() => new Date(0).toISOString()),
  /** Earlier questions of this thread and what they were about. */
  history: replace<ThreadTurn[]>(() => []),
  /** Tool results so far for this question. */
  observations: replace<Observation[]>(() => []),
  /** Tool calls the planner asked for, not yet run. */
  pending: replace<ToolCall[]>(() => []),
  /** Rounds of tool calls done for this question. */
  round: replace<number>(() => 0),
  /** Planner-private memory between rounds (JSON). */
  memo: replace<unknown>(() => null),
  /** The planner has decided to answer (else the step limit decided). */
  ready: replace<boolean>(() => false),
  /** The planner's own answer text, when it wrote one (the model's final message). */
  draft: replace<string | null>(() => null),
  limitReached: replace<boolean>(() => false),
  /** Steps reported for this question. */
  steps: replace<AskStep[]>(() => []),
  answer: replace<string>(() => ''),
  citations: replace<Citation[]>(() => []),
});

export type AskState = typeof AskStateAnnotation.State;
export type AskUpdate = typeof AskStateAnnotation.Update;
