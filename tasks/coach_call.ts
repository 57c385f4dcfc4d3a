/** coach_call: exact conversation metrics from the turns, plus feedback tied to published benchmarks. */
import { computeCoachingMetrics, type CoachingMetrics, type Side } from '../src/agents/coaching/metrics.ts';
import type { CallFacts, CallInput, CoachingFeedback } from '../src/agents/types.ts';
import { salesOnlySkipReason } from '../src/agents/callKind.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { loadCallWithFacts } from '../src/db/queries/outputs.ts';

export default defineStage<{ call: CallInput; facts: CallFacts }, { metrics: CoachingMetrics; feedback: CoachingFeedback }>('coach_call', {
  load: ({ rt, transcript }) => loadCallWithFacts(rt.db, transcript),
  async work({ call, facts }, { rt }) {
    const speakers = new Set(call.turns.map((t) => t.speaker));
    // A voicemail or a monologue has no conversation to coach.
    if (speakers.size < 2) return { skip: `no conversation to coach: only one speaker (${[...speakers].join(', ')})` };
    const notSales = salesOnlySkipReason(facts, 'sales coaching');
    if (notSales) return { skip: notSales };
    // Turns carry the speaker label; a participant named from it ("Speaker 1" → Dana) keeps the label.
    const sides: Record<string, Side> = Object.fromEntries(facts.participants.filter((p) => p.spoke).map((p) => [p.label ?? p.name, p.side]));
    const metrics = computeCoachingMetrics(call.turns, sides, { nextStepsSet: facts.nextSteps.length });
    const result = await rt.limitModelCall(() => rt.provider.writeCoachingFeedback(call, metrics, facts));
    return { ...result, output: { metrics, feedback: result.output } };
  },
  async store(trx, { output, provider, model, agentVersion }, { run, transcript }) {
    await trx
      .insertInto('stellar.coaching_reports')
      .values({
        run_id: run.id,
        transcript_id: transcript.id,
        metrics: JSON.stringify(output.metrics),
        feedback: JSON.stringify(output.feedback.feedback),
        headline: output.feedback.headline,
        provider,
        model,
        agent_version: agentVersion,
      })
      .execute();
  },
});
