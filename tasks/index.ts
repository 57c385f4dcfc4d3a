/**
 * The task list handed to graphile-worker, built for one runtime. One file per
 * task in this folder; the file name is the task name. `TaskFactories` names
 * every task of GraphileWorker.Tasks, so a missing task does not compile.
 * Owns: the list. Must not: be imported from src/ (the worker receives it).
 */
import type { TaskList } from 'graphile-worker';
import type { Runtime, TaskFactories } from '../src/pipeline/runtime.ts';
import parse from './parse.ts';
import structure from './structure.ts';
import chunk from './chunk.ts';
import embed from './embed.ts';
import draft_email from './draft_email.ts';
import draft_social from './draft_social.ts';
import coach_call from './coach_call.ts';
import link_graph from './link_graph.ts';
import finish_run from './finish_run.ts';
import reprocess_transcript from './reprocess_transcript.ts';
import weekly_analytics from './weekly_analytics.ts';
import daily_digest from './daily_digest.ts';
import sweep_stuck_runs from './sweep_stuck_runs.ts';
import send_alert from './send_alert.ts';
import sync_graph from './sync_graph.ts';
import graph_rollup from './graph_rollup.ts';
import sync_crm from './sync_crm.ts';

export const taskFactories: TaskFactories = {
  parse,
  structure,
  chunk,
  embed,
  draft_email,
  draft_social,
  coach_call,
  link_graph,
  finish_run,
  reprocess_transcript,
  weekly_analytics,
  daily_digest,
  sweep_stuck_runs,
  send_alert,
  sync_graph,
  graph_rollup,
  sync_crm,
};

/** graphile-worker's TaskList for this runtime (what startWorker receives as `createTaskList`). */
export function createTaskList(rt: Runtime): TaskList {
  return Object.fromEntries(Object.entries(taskFactories).map(([name, factory]) => [name, factory(rt)]));
}
