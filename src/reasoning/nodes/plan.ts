/**
 * `plan`: asks the planner for the next move — tool calls, or "answer now" —
 * and records a plan step.
 */
import type { AskState, AskUpdate } from '../state.ts';
import type { AskStep, PlannerContext } from '../types.ts';
import type { GraphDeps, RunContext } from './context.ts';

export function plannerContext(state: AskState, maxSteps: number): PlannerContext {
  return {
    question: state.question,
    now: new Date(state.now),
    history: state.history,
    observations: state.observations,
    round: state.round,
    maxSteps,
    memo: state.memo,
  };
}

export function planNode(deps: GraphDeps) {
  return async (state: AskState, ctx: RunContext): Promise<AskUpdate> => {
    const decision = await deps.planner.plan(plannerContext(state, deps.maxSteps));
    const step: AskStep = { kind: 'plan', round: state.round + 1, text: decision.text };
    ctx.onStep?.(step);
    const memo = decision.memo === undefined ? state.memo : decision.memo;
    if (decision.kind === 'answer' || decision.calls.length === 0) {
      return { ready: true, pending: [], draft: decision.kind === 'answer' ? decision.text : null, memo, steps: [...state.steps, step] };
    }
    return { ready: false, pending: decision.calls, memo, steps: [...state.steps, step] };
  };
}
