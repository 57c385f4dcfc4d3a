/**
 * The task list handed to graphile-worker. One file per task in this folder;
 * the file name is the task name.
 */
import type { TaskList } from 'graphile-worker';
import parse from './parse.ts';
import structure from './structure.ts';
import chunk from './chunk.ts';
import embed from './embed.ts';
import draft_email from './draft_email.ts';
import draft_social from './draft_social.ts';
import coach_call from './coach_call.ts';
import link_graph from './link_graph.ts';
import finish_run from './finish_run.ts';

export const taskList: TaskList = {
  parse,
  structure,
  chunk,
  embed,
  draft_email,
  draft_social,
  coach_call,
  link_graph,
  finish_run,
} satisfies { [K in keyof GraphileWorker.Tasks]?: unknown } as TaskList;
