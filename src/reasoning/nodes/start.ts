/**
 * `start`: a new question comes in — forget the previous question's rounds,
 * tool results and answer (the thread's history stays).
 */
import type { AskState, AskUpdate } from '../state.ts';

export function startNode(_state: AskState): AskUpdate {
  return { observations: [], pending: [], round: 0, memo: null, ready: false, draft: null, limitReached: false, steps: [], answer: '', citations: [] };
}
