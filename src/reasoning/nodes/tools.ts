/**
 * `tools`: runs the pending tool calls (arguments validated by each tool's zod
 * schema; failures become error observations) and records a call step and a
 * result-summary step for each.
 */
import { runToolCall } from '../tools/index.ts';
import type { AskState, AskUpdate } from '../state.ts';
import type { AskStep } from '../types.ts';
import type { GraphDeps, RunContext } from './context.ts';

export function toolsNode(deps: GraphDeps) {
  return async (state: AskState, ctx: RunContext): Promise<AskUpdate> => {
    const round = state.round + 1;
    const steps: AskStep[] = [...state.steps];
    const observations = [...state.observations];
    for (const call of state.pending) {
      const callStep: AskStep = { kind: 'tool_call', round, callId: call.id, tool: call.tool, args: call.args };
      steps.push(callStep);
      ctx.onStep?.(callStep);
      const obs = await runToolCall(deps.tools, call, { evidence: ctx.evidence, now: new Date(state.now) }, round);
      observations.push(obs);
      const resultStep: AskStep = { kind: 'tool_result', round, callId: call.id, tool: call.tool, ok: obs.ok, summary: obs.summary };
      steps.push(resultStep);
      ctx.onStep?.(resultStep);
    }
    return { observations, steps, pending: [] };
  };
}
