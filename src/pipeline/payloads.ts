/**
 * Every task's payload, declared once. Declaration merging into
 * graphile-worker's GraphileWorker.Tasks makes a wrong hand-off a compile error
 * (addJobInTx below and graphile-worker's own addJob both check it).
 */
import type { Stage } from './stages.ts';

export interface StagePayload {
  runId: string;
}

export interface ReprocessPayload {
  transcriptId: string;
  stages?: string[];
  reason?: string;
  backfillId?: string;
}

type StageTasks = { [S in Stage]: StagePayload };

declare global {
  namespace GraphileWorker {
    interface Tasks extends StageTasks {
      finish_run: { runId: string };
    }
  }
}

export type TaskName = keyof GraphileWorker.Tasks;
