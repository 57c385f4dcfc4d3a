/**
 * `answer`: the planner composes the final answer with its citations (or, when
 * the step limit ended the loop, says so and gives what was found); the thread
 * remembers the question for follow-ups.
 */
import { dedupeCitations } from '../evidence.ts';
import type { AskState, AskUpdate } from '../state.ts';
import type { AskStep } from '../types.ts';
import { plannerContext } from './plan.ts';
import type { GraphDeps, RunContext } from './context.ts';

/** Turns kept per thread (older ones are dropped from the state, not from the checkpoints). */
export const HISTORY_LIMIT = 10;

export function answerNode(deps: GraphDeps) {
  return async (state: AskState, ctx: RunContext): Promise<AskUpdate> => {
    const composed = await deps.planner.compose({ ...plannerContext(state, deps.maxSteps), limitReached: state.limitReached && !state.ready, draft: state.draft });
    const step: AskStep = { kind: 'answer', round: state.round, text: composed.answer };
    ctx.onStep?.(step);
    const turn = { question: state.question, answer: composed.answer, shape: composed.shape, subjects: composed.subjects };
    return {
      // Tool results are not kept in the saved thread: the answer, its citations and steps are.
      observations: [],
      memo: null,
      answer: composed.answer,
      citations: dedupeCitations(composed.citations),
      steps: [...state.steps, step],
      history: [...state.history, turn].slice(-HISTORY_LIMIT),
    };
  };
}
