/**
 * The stage registry: the one declaration of the ingestion pipeline's stages —
 * what each runs after, whether it calls a model, and which agent version it
 * records. Successors, entry stages, fan-out stages, model stages and the
 * versions `reprocess --only-changed` compares are all derived from it.
 *
 *   parse → structure → chunk → embed ─┬→ draft_email  ─┐
 *                                      ├→ draft_social ─┤
 *                                      ├→ coach_call   ─┼→ finish_run (fan-in)
 *                                      └→ link_graph   ─┘
 *
 * The declaration lives here, in src/, because the run ledger, the intake
 * writer and the sweeper need the graph in processes that never load tasks/;
 * each task file adds only its load/work/store (defineStage in tasks/).
 * Owns: the graph and its derived lists. Must not: touch the database.
 */
import type { AgentRole, Provider } from '../agents/types.ts';
import { CHUNKING_VERSION, GRAPH_VERSION } from '../agents/coaching/versions.ts';

/** tasks/parse.ts (the parsers in src/parsing): bump when the parsed output (turns, hints, date, title) changes for the same bytes. */
export const PARSER_VERSION = 'parser/2';

/** A stage's agent version: fixed (code without a provider), or the provider's version for a role. */
export type StageVersion = { fixed: string } | { role: AgentRole };

export interface StageSpec {
  /** Stages that must have succeeded before this one runs (empty: an entry stage). */
  after: readonly Stage[];
  /** Calls a model through rt.limitModelCall: its jobs carry MODEL_FLAG (src/worker/limiter.ts). */
  usesModel: boolean;
  version: StageVersion;
}

export const STAGES = ['parse', 'structure', 'chunk', 'embed', 'draft_email', 'draft_social', 'coach_call', 'link_graph'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_SPECS: { readonly [S in Stage]: StageSpec } = {
  parse: { after: [], usesModel: false, version: { fixed: PARSER_VERSION } },
  structure: { after: ['parse'], usesModel: true, version: { role: 'facts' } },
  chunk: { after: ['structure'], usesModel: false, version: { fixed: CHUNKING_VERSION } },
  embed: { after: ['chunk'], usesModel: true, version: { role: 'embed' } },
  draft_email: { after: ['embed'], usesModel: true, version: { role: 'email' } },
  draft_social: { after: ['embed'], usesModel: true, version: { role: 'social' } },
  coach_call: { after: ['embed'], usesModel: true, version: { role: 'coaching' } },
  link_graph: { after: ['embed'], usesModel: false, version: { fixed: GRAPH_VERSION } },
};

export function isStage(name: string): name is Stage {
  return (STAGES as readonly string[]).includes(name);
}

/** Direct successors of a stage (finish_run is not a stage: it closes the run). */
function successors(stage: Stage): Stage[] {
  return STAGES.filter((s) => STAGE_SPECS[s].after.includes(stage));
}

/** The leaves of the graph: they run side by side after the core stages; one failing makes a run partial, not failed. */
export const FAN_OUT_STAGES: readonly Stage[] = STAGES.filter((s) => successors(s).length === 0);

export const MODEL_FLAG = 'model';
export const MODEL_STAGES: readonly Stage[] = STAGES.filter((s) => STAGE_SPECS[s].usesModel);

export function isModelStage(name: string): boolean {
  return (MODEL_STAGES as readonly string[]).includes(name);
}

/** Every stage that (transitively) depends on `stage`, in pipeline order. */
export function downstreamOf(stage: Stage): Stage[] {
  const out = new Set<Stage>();
  const visit = (s: Stage) => successors(s).forEach((n) => (out.add(n), visit(n)));
  visit(stage);
  return STAGES.filter((s) => out.has(s));
}

/** Every stage that `stage` (transitively) depends on, in pipeline order. */
export function upstreamOf(stage: Stage): Stage[] {
  return STAGES.filter((s) => downstreamOf(s).includes(stage));
}

/** Stages of `plan` to queue once `stage` has succeeded. A planned stage whose predecessor is not in the plan runs first. */
export function successorsInPlan(stage: Stage, plan: readonly Stage[]): Stage[] {
  const out = new Set<Stage>();
  const visit = (s: Stage) => {
    for (const next of successors(s)) {
      if (plan.includes(next)) out.add(next);
      else visit(next); // skip over stages that this run does not re-run
    }
  };
  visit(stage);
  return [...out];
}

/** Stages of the plan that cannot run because `stage` did not succeed: everything planned downstream of it. */
export function blockedInPlan(stage: Stage, plan: readonly Stage[]): Stage[] {
  const downstream = downstreamOf(stage);
  return plan.filter((s) => downstream.includes(s));
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

/** The agent version each stage records now: what `stellar reprocess --only-changed` compares with recorded versions. */
export function stageVersion(stage: Stage, provider: Provider): string {
  const v = STAGE_SPECS[stage].version;
  if ('fixed' in v) return v.fixed;
  return provider.agentVersion(v.role);
}

/** Every stage's current version, as a map (reprocess --only-changed). */
export function currentAgentVersions(provider: Provider): Map<Stage, string> {
  return new Map(STAGES.map((s) => [s, stageVersion(s, provider)]));
}

/** Job priorities: lower runs sooner (graphile-worker). HTTP uploads first, then CLI, then reprocessing. */
export const PRIORITY = { upload: 0, inbox: 1, api: 0, demo: 5, cli: 5, reprocess: 10, backfill: 10 } as const;

/** A stage's depth: 0 for an entry stage, else one more than the deepest stage it runs after. */
export function stageDepth(stage: Stage): number {
  const after = STAGE_SPECS[stage].after;
  return after.length === 0 ? 0 : 1 + Math.max(...after.map(stageDepth));
}

/** Depth of finish_run: one past the deepest stage. */
export const FINISH_DEPTH = 1 + Math.max(...STAGES.map(stageDepth));
/** Room per trigger class in job priorities: every depth fits inside one class. */
export const PRIORITY_SPREAD = FINISH_DEPTH + 1;

/**
 * The graphile-worker priority of a stage job (issue 11): trigger classes stay in
 * their order (PRIORITY × PRIORITY_SPREAD: uploads before inbox before CLI before
 * reprocessing), and within a class a deeper stage comes first, so runs already
 * under way finish before new ones start — during an upload burst, new parse
 * jobs no longer run ahead of the later stages of earlier uploads.
 */
export function stagePriority(runPriority: number, stage: Stage | 'finish_run'): number {
  return runPriority * PRIORITY_SPREAD - (stage === 'finish_run' ? FINISH_DEPTH : stageDepth(stage));
}
