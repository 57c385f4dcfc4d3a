/**
 * `observe`: closes a round — counts it, and stops the loop when the step
 * limit (STELLAR_ASK_MAX_STEPS) is reached. `routeAfterObserve` decides where
 * the graph goes next.
 */
import type { AskState, AskUpdate } from '../state.ts';
import type { GraphDeps } from './context.ts';

export function observeNode(deps: GraphDeps) {
  return (state: AskState): AskUpdate => {
    const round = state.round + 1;
    return { round, limitReached: round >= deps.maxSteps };
  };
}

export function routeAfterObserve(state: AskState): 'plan' | 'respond' {
  return state.limitReached ? 'respond' : 'plan';
}

export function routeAfterPlan(state: AskState): 'tools' | 'respond' {
  return state.ready ? 'respond' : 'tools';
}
