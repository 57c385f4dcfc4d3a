-- Whether a failed stage failed for good because of what it was given (issue 13,
-- the dashboard's failures): true when the error was permanent
-- (src/pipeline/errors.ts isPermanent: bad input such as a transcript with no
-- speaker turns, a statement the database refuses by its nature), false when
-- its attempts ran out on temporary errors; null for any other status and for
-- failures recorded before this column existed. The dashboard offers Retry only
-- when it is not true. Written by src/runs/ledger.ts settleStage, cleared by requeueStage.
alter table stellar.stage_runs add column permanent boolean;
comment on column stellar.stage_runs.permanent is
  'Failed stages: true when the error was permanent (a retry would fail the same way), false when attempts ran out on temporary errors; null otherwise.';
