/**
 * The built-in planner (the default, no model): recognises the question's
 * shape on the first round, asks for the tools that shape needs, and writes
 * the answer in plain sentences with a [n] citation on every claim. What it
 * cannot answer it says, with the kinds of questions it can.
 * Owns: choosing a shape and driving it. Must not: run tools or SQL itself
 * (the lexicon it reads to recognise names is the only query it makes).
 */
import type { Db } from '../../../db/index.ts';
import { loadLexicon, type Lexicon } from '../../lexicon.ts';
import type { Composed, PlanDecision, Planner, PlannerContext, ToolCall } from '../../types.ts';
import { CitationBook } from './book.ts';
import { recognise, type Recognised } from './recognise.ts';
import { accountTopicShape } from './shapes/accountTopic.ts';
import { changesShape } from './shapes/changes.ts';
import { competitorsShape } from './shapes/competitors.ts';
import { cannotAnswer, fallbackShape } from './shapes/fallback.ts';
import { mentionsShape } from './shapes/mentions.ts';
import { nextStepsShape } from './shapes/nextSteps.ts';
import { objectionsShape } from './shapes/objections.ts';
import { peopleShape } from './shapes/people.ts';
import { compareRepsShape, repMetricsShape } from './shapes/repMetrics.ts';
import type { Shape } from './shapes/types.ts';

const SHAPES: Shape[] = [mentionsShape, accountTopicShape, objectionsShape, nextStepsShape, competitorsShape, repMetricsShape, compareRepsShape, changesShape, peopleShape, fallbackShape];
const BY_NAME = new Map(SHAPES.map((s) => [s.name, s]));

export interface BuiltinPlannerOptions {
  db: Db;
}

export class BuiltinPlanner implements Planner {
  readonly name = 'builtin';
  private lexicon: { key: string; value: Lexicon } | null = null;
  constructor(private readonly opts: BuiltinPlannerOptions) {}

  /** The names to recognise, reloaded only when a facts or graph stage has finished (or a run was deleted) since. */
  private async names(): Promise<Lexicon> {
    const row = await this.opts.db
      .selectFrom('stellar.stage_runs')
      .select((eb) => [eb.fn.max('finished_at').as('at'), eb.fn.countAll<string>().as('n')])
      .where('stage', 'in', ['structure', 'link_graph'])
      .where('status', '=', 'succeeded')
      .executeTakeFirst();
    const key = `${row?.at ? new Date(row.at).toISOString() : ''}|${row?.n ?? 0}`;
    if (this.lexicon?.key !== key) this.lexicon = { key, value: await loadLexicon(this.opts.db) };
    return this.lexicon.value;
  }

  async plan(ctx: PlannerContext): Promise<PlanDecision> {
    let memo = ctx.memo as Recognised | null;
    if (!memo) memo = recognise(ctx.question, await this.names(), ctx.history, ctx.now);
    const shape = BY_NAME.get(memo.shape) ?? fallbackShape;
    const next = shape.next(memo.params, ctx);
    if (!next) return { kind: 'answer', text: `Question shape: ${shape.name}; I have what I need to answer.`, memo };
    const calls: ToolCall[] = next.calls.map((c, i) => ({ id: `r${ctx.round + 1}-${i + 1}`, tool: c.tool, args: c.args }));
    return { kind: 'call', text: `Question shape: ${shape.name}. ${next.text}`, calls, memo };
  }

  async compose(ctx: PlannerContext & { limitReached: boolean; draft: string | null }): Promise<Composed> {
    const memo = ctx.memo as Recognised | null;
    if (!memo) return { answer: cannotAnswer('that').join('\n'), citations: [], shape: null, subjects: { transcriptIds: [], accounts: [] } };
    const shape = BY_NAME.get(memo.shape) ?? fallbackShape;
    const book = new CitationBook();
    const written = shape.write(memo.params, ctx, book);
    const lines = [...written.lines];
    if (ctx.limitReached) lines.push(`(I stopped after ${ctx.round} rounds of tool calls, the step limit.)`);
    return { answer: lines.join('\n'), citations: book.list, shape: shape.name, subjects: written.subjects };
  }
}
