/**
 * The reasoning engine wired for tests: the full-text stand-in search, threads
 * in PostgresSaver on the given pool, the built-in planner unless another is
 * given. Must not: be imported by src/.
 */
import type pg from 'pg';
import type { Db } from '../../src/db/index.ts';
import { askEngine, type AskEngine, type AskEngineOptions } from '../../src/reasoning/engine.ts';
import { BuiltinPlanner } from '../../src/reasoning/planners/builtin/index.ts';
import { createThreadStore } from '../../src/reasoning/threads.ts';
import { createFtsSearch } from './ftsSearch.ts';

export interface TestAskEngineOptions {
  db: Db;
  pool: pg.Pool;
  planner?: AskEngineOptions['planner'];
  maxSteps?: number;
}

export async function testAskEngine(opts: TestAskEngineOptions): Promise<AskEngine> {
  return askEngine({
    db: opts.db,
    search: createFtsSearch(opts.db),
    planner: opts.planner ?? new BuiltinPlanner({ db: opts.db }),
    checkpointer: await createThreadStore({ pool: opts.pool }),
    maxSteps: opts.maxSteps ?? 6,
    sqlTimeoutMs: 2000,
    sqlMaxRows: 200,
  });
}
