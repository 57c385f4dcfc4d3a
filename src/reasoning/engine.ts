/**
 * The reasoning engine: `ask(question, {threadId})` runs the graph on a thread
 * and returns `{answer, citations, threadId, steps}`; `onStep` hears each step
 * as it happens. Built from explicit dependencies (database, search function,
 * planner, checkpointer, limits); `createAskEngine` picks the planner from the
 * configuration (built-in, or Ollama tool calling with STELLAR_PROVIDER=ollama).
 * Must not: know HTTP or the CLI.
 */
import { randomUUID } from 'node:crypto';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type pg from 'pg';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { SearchFn } from '../search/types.ts';
import { CallTextCache, EvidenceLocator } from './evidence.ts';
import { buildAskGraph, type AskGraph } from './graph.ts';
import { BuiltinPlanner } from './planners/builtin/index.ts';
import { OllamaPlanner } from './planners/ollama.ts';
import { createThreadStore } from './threads.ts';
import { createTools, type ToolRegistry } from './tools/index.ts';
import type { AskAnswer, AskStep, Planner } from './types.ts';

import { AskInputError, THREAD_ID } from './input.ts';

export { AskInputError, THREAD_ID } from './input.ts';

export interface AskOptions {
  /** Continue this thread (its earlier questions are what follow-ups refer to); a new one when absent. */
  threadId?: string;
  /** Reference instant for "next week", "this month" (default: now). */
  now?: Date;
  onStep?: (step: AskStep) => void;
}

export interface AskEngine {
  readonly planner: Planner;
  readonly tools: ToolRegistry;
  ask(question: string, opts?: AskOptions): Promise<AskAnswer>;
}

export interface AskEngineOptions {
  db: Db;
  search: SearchFn;
  /** The planner, or a function building it from the tools (the Ollama planner describes them to the model). */
  planner: Planner | ((tools: ToolRegistry) => Planner);
  checkpointer: BaseCheckpointSaver;
  maxSteps: number;
  sqlTimeoutMs: number;
  sqlMaxRows: number;
}

export function askEngine(opts: AskEngineOptions): AskEngine {
  const tools = createTools({ db: opts.db, search: opts.search, sqlTimeoutMs: opts.sqlTimeoutMs, sqlMaxRows: opts.sqlMaxRows });
  const planner = typeof opts.planner === 'function' ? opts.planner(tools) : opts.planner;
  const graph: AskGraph = buildAskGraph({ planner, tools, maxSteps: opts.maxSteps }, opts.checkpointer);
  // Calls' turns and chunks by the runs that made them: immutable, so shared by every question.
  const texts = new CallTextCache();
  return {
    planner,
    tools,
    async ask(question, askOpts = {}) {
      const q = question.trim();
      if (!q) throw new AskInputError('The question is empty.', 'question');
      const threadId = askOpts.threadId ?? randomUUID();
      if (!THREAD_ID.test(threadId)) throw new AskInputError('threadId must be 1–100 letters, digits, "-" or "_".', 'threadId');
      const final = await graph.invoke(
        { question: q, now: (askOpts.now ?? new Date()).toISOString() },
        {
          configurable: { thread_id: threadId },
          context: { evidence: new EvidenceLocator(opts.db, texts), onStep: askOpts.onStep },
          // The thread is saved once, when the question is answered (not after every node).
          durability: 'exit',
          // start + (plan, tools, observe) per round + the last plan + answer
          recursionLimit: 3 * opts.maxSteps + 6,
        },
      );
      return { answer: final.answer, citations: final.citations, threadId, steps: final.steps };
    },
  };
}

export interface CreateAskEngineOptions {
  db: Db;
  pool: pg.Pool;
  config: Config;
  search: SearchFn;
}

/** The engine as the configuration says: planner by STELLAR_PROVIDER, threads in PostgresSaver. */
export async function createAskEngine(opts: CreateAskEngineOptions): Promise<AskEngine> {
  const { config } = opts;
  const planner =
    config.STELLAR_PROVIDER === 'ollama'
      ? (tools: ToolRegistry) => new OllamaPlanner({ host: config.OLLAMA_HOST, model: config.OLLAMA_MODEL_ASK, timeoutMs: config.OLLAMA_TIMEOUT_MS, tools })
      : new BuiltinPlanner({ db: opts.db });
  const checkpointer = await createThreadStore({ pool: opts.pool });
  return askEngine({
    db: opts.db,
    search: opts.search,
    planner,
    checkpointer,
    maxSteps: config.STELLAR_ASK_MAX_STEPS,
    sqlTimeoutMs: config.STELLAR_ASK_SQL_TIMEOUT_MS,
    sqlMaxRows: config.STELLAR_ASK_SQL_MAX_ROWS,
  });
}
