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
import reprocess_transcript from './reprocess_transcript.ts';
import weekly_analytics from './weekly_analytics.ts';
import daily_digest from './daily_digest.ts';
import sweep_stuck_runs from './sweep_stuck_runs.ts';
import send_alert from './send_alert.ts';

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
  reprocess_transcript,
  weekly_analytics,
  daily_digest,
  sweep_stuck_runs,
  send_alert,
} satisfies { [K in keyof GraphileWorker.Tasks]?: unknown } as TaskList;
