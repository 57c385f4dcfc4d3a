/** draft_social: a short post on the call's theme, with no customer name or figure. */
import type { CallFacts, CallInput, SocialPost } from '../src/agents/types.ts';
import { salesOnlySkipReason } from '../src/agents/callKind.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { loadCallWithFacts } from '../src/db/queries/outputs.ts';

export default defineStage<{ call: CallInput; facts: CallFacts }, SocialPost>('draft_social', {
  load: ({ rt, transcript }) => loadCallWithFacts(rt.db, transcript),
  work: async ({ call, facts }, { rt }) => {
    const skip = salesOnlySkipReason(facts, 'social post about a deal');
    return skip ? { skip } : rt.limitModelCall(() => rt.provider.draftSocialPost(call, facts));
  },
  async store(trx, { output, provider, model, agentVersion }, { run, transcript }) {
    await trx
      .insertInto('stellar.drafts')
      .values({ run_id: run.id, transcript_id: transcript.id, kind: 'social', subject: null, body: output.body, provider, model, agent_version: agentVersion })
      .execute();
  },
});
