/** draft_email: a follow-up e-mail grounded in the call's facts (no invented numbers, dates or names). */
import type { CallFacts, CallInput, EmailDraft } from '../src/agents/types.ts';
import { salesOnlySkipReason } from '../src/agents/callKind.ts';
import { defineStage } from '../src/pipeline/defineStage.ts';
import { loadCallWithFacts } from '../src/db/queries/outputs.ts';

export default defineStage<{ call: CallInput; facts: CallFacts }, EmailDraft>('draft_email', {
  load: ({ rt, transcript }) => loadCallWithFacts(rt.db, transcript),
  work: async ({ call, facts }, { rt }) => {
    const skip = salesOnlySkipReason(facts, 'follow-up e-mail');
    return skip ? { skip } : rt.limitModelCall(() => rt.provider.draftFollowUpEmail(call, facts));
  },
  async store(trx, { output, provider, model, agentVersion }, { run, transcript }) {
    await trx
      .insertInto('stellar.drafts')
      .values({ run_id: run.id, transcript_id: transcript.id, kind: 'email', subject: output.subject, body: output.body, provider, model, agent_version: agentVersion })
      .execute();
  },
});
