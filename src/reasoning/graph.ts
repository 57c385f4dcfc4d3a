/**
 * The reasoning graph (LangGraph StateGraph):
 *
 *   START → start → plan ─┬─> tools → observe ─┬─> plan   (next round)
 *                         │                    └─> respond (step limit)
 *                         └─> respond → END     (the planner is done)
 *
 * Owns: the wiring. Each node lives in nodes/. Must not: know which planner or
 * which checkpointer it runs with (both are passed in).
 */
import { END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { AskStateAnnotation, type AskState } from './state.ts';
import { answerNode } from './nodes/answer.ts';
import type { GraphDeps, RunContext } from './nodes/context.ts';
import { observeNode, routeAfterObserve, routeAfterPlan } from './nodes/observe.ts';
import { planNode } from './nodes/plan.ts';
import { startNode } from './nodes/start.ts';
import { toolsNode } from './nodes/tools.ts';

/** Node adapters: LangGraph passes the run context as `runtime.context`. */
function withContext(fn: (state: AskState, ctx: RunContext) => unknown) {
  return (state: AskState, runtime: { context?: unknown }) => {
    if (!runtime.context) throw new Error('reasoning graph invoked without its run context');
    return fn(state, runtime.context as RunContext) as never;
  };
}

export function buildAskGraph(deps: GraphDeps, checkpointer?: BaseCheckpointSaver) {
  return new StateGraph(AskStateAnnotation)
    .addNode('start', startNode)
    .addNode('plan', withContext(planNode(deps)))
    .addNode('tools', withContext(toolsNode(deps)))
    .addNode('observe', observeNode(deps))
    .addNode('respond', withContext(answerNode(deps)))
    .addEdge(START, 'start')
    .addEdge('start', 'plan')
    .addConditionalEdges('plan', routeAfterPlan, ['tools', 'respond'])
    .addEdge('tools', 'observe')
    .addConditionalEdges('observe', routeAfterObserve, ['plan', 'respond'])
    .addEdge('respond', END)
    .compile({ checkpointer, name: 'stellar-ask' });
}

export type AskGraph = ReturnType<typeof buildAskGraph>;
