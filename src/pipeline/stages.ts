/**
 * The shape of the ingestion pipeline: which stages exist and what follows what.
 *
 *   parse → structure → chunk → embed ─┬→ draft_email  ─┐
 *                                      ├→ draft_social ─┤
 *                                      ├→ coach_call   ─┼→ finish_run (fan-in)
 *                                      └→ link_graph   ─┘
 */

export const STAGES = ['parse', 'structure', 'chunk', 'embed', 'draft_email', 'draft_social', 'coach_call', 'link_graph'] as const;
export type Stage = (typeof STAGES)[number];

export const FAN_OUT_STAGES: readonly Stage[] = ['draft_email', 'draft_social', 'coach_call', 'link_graph'];

/** Direct successors of each stage (finish_run is not a stage: it closes the run). */
const SUCCESSORS: Record<Stage, readonly Stage[]> = {
  parse: ['structure'],
  structure: ['chunk'],
  chunk: ['embed'],
  embed: FAN_OUT_STAGES,
  draft_email: [],
  draft_social: [],
  coach_call: [],
  link_graph: [],
};

export function isStage(name: string): name is Stage {
  return (STAGES as readonly string[]).includes(name);
}

/** Stages of `plan` to queue once `stage` has succeeded. A planned stage whose predecessor is not in the plan runs first. */
export function successorsInPlan(stage: Stage, plan: readonly Stage[]): Stage[] {
  const out = new Set<Stage>();
  const visit = (s: Stage) => {
    for (const next of SUCCESSORS[s]) {
      if (plan.includes(next)) out.add(next);
      else visit(next); // skip over stages that this run does not re-run
    }
  };
  visit(stage);
  return [...out];
}

/** Every stage that (transitively) depends on `stage`. */
export function downstreamOf(stage: Stage): Stage[] {
  const out = new Set<Stage>();
  const visit = (s: Stage) => {
    for (const next of SUCCESSORS[s]) {
      out.add(next);
      visit(next);
    }
  };
  visit(stage);
  return STAGES.filter((s) => out.has(s));
}

/** The named stages plus everything downstream, in pipeline order. No names: all stages. */
export function planFor(named?: readonly string[] | null): Stage[] {
  if (!named || named.length === 0) return [...STAGES];
  const unknown = named.filter((n) => !isStage(n));
  if (unknown.length) throw new Error(`Unknown stage(s): ${unknown.join(', ')} (known: ${STAGES.join(', ')})`);
  const set = new Set<Stage>();
  for (const n of named as Stage[]) {
    set.add(n);
    for (const d of downstreamOf(n)) set.add(d);
  }
  return STAGES.filter((s) => set.has(s));
}

/** Stages of the plan that start the run: those with no planned ancestor. */
export function entryStages(plan: readonly Stage[]): Stage[] {
  return plan.filter((s) => !plan.some((other) => other !== s && downstreamOf(other).includes(s)));
}

/** Job priorities: lower runs sooner (graphile-worker). HTTP uploads first, then CLI, then reprocessing. */
export const PRIORITY = { upload: 0, inbox: 1, api: 0, demo: 5, cli: 5, reprocess: 10, backfill: 10 } as const;

/**
 * Stages whose work goes through `rt.limitModelCall` (a model call with the
 * ollama provider). Their jobs carry the graphile-worker flag MODEL_FLAG, so a
 * worker at its local share of model jobs can skip them (forbiddenFlags) and
 * keep running the other stages (src/ops/limiter.ts).
 */
export const MODEL_STAGES: readonly Stage[] = ['structure', 'embed', 'draft_email', 'draft_social', 'coach_call'];
export const MODEL_FLAG = 'model';

export function isModelStage(name: string): boolean {
  return (MODEL_STAGES as readonly string[]).includes(name);
}

/** Every stage that `stage` (transitively) depends on, in pipeline order. */
export function upstreamOf(stage: Stage): Stage[] {
  return STAGES.filter((s) => downstreamOf(s).includes(stage));
}
