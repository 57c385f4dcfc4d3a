/**
 * What the graph's nodes get besides the state: the planner, the tools and
 * the step limit (fixed per engine), and the per-question evidence cache and
 * step listener (LangGraph's run context: not checkpointed).
 * Owns only types.
 */
import type { EvidenceLocator } from '../evidence.ts';
import type { ToolRegistry } from '../tools/index.ts';
import type { AskStep, Planner } from '../types.ts';

export interface GraphDeps {
  planner: Planner;
  tools: ToolRegistry;
  maxSteps: number;
}

export interface RunContext {
  evidence: EvidenceLocator;
  /** Called as each step happens (SSE, CLI). */
  onStep?: (step: AskStep) => void;
}
