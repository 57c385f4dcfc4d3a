/** structure: turns → deal facts (participants, amounts, competitors, objections, next steps), zod-validated. */
import type { CallFacts, CallInput } from '../src/agents/types.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { loadCallInput } from '../src/db/queries/outputs.ts';

export default defineStage<CallInput, CallFacts>('structure', {
  load: ({ rt, transcript }) => loadCallInput(rt.db, transcript),
  work: (call, { rt }) => rt.limitModelCall(() => rt.provider.extractCallFacts(call)),
  async store(trx, { output, provider, model, agentVersion }, { run, transcript }) {
    await trx
      .insertInto('stellar.call_facts')
      .values({ run_id: run.id, transcript_id: transcript.id, facts: JSON.stringify(output), provider, model, agent_version: agentVersion })
      .execute();
  },
});
