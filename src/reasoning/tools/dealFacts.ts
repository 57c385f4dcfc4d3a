/**
 * The `deal_facts` tool: the current structured facts of calls — by account,
 * by call or by period — with objections, next steps and competitors, each
 * carrying the citation of the turn that says it.
 * Reads stellar_api.deal_facts (sql/045_reasoning.sql). Must not: write.
 */
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { callFactsSchema } from '../../agents/types.ts';
import type { Citation } from '../types.ts';
import { dateArg, isoDay, likeContains, nameArg, type Tool } from './types.ts';

export interface DealFactsToolOptions {
  db: Db;
}

export const dealFactsArgs = z.object({
  account: nameArg.optional(),
  transcriptIds: z.array(z.uuid()).min(1).max(50).optional(),
  since: dateArg.optional(),
  until: dateArg.optional(),
  limit: z.number().int().min(1).max(50).optional(),
}).strict();

export interface DealCall {
  transcriptId: string;
  fileName: string;
  account: string | null;
  rep: string | null;
  meetingAt: string | null;
  sellerCompany: string | null;
  participants: { name: string; side: string; role: string | null; company: string | null; spoke: boolean }[];
  pains: string[];
  budget: string | null;
  amounts: string[];
  decisionProcess: string[];
  competitors: { name: string; citation: Citation }[];
  objections: { type: string; speaker: string | null; quote: string; citation: Citation }[];
  nextSteps: { owner: string | null; action: string; dueDate: string | null; dueText: string | null; citation: Citation }[];
  callCitation: Citation;
}

export function dealFactsTool(opts: DealFactsToolOptions): Tool<typeof dealFactsArgs> {
  return {
    name: 'deal_facts',
    description: 'Structured facts of calls (participants, pains, budget, amounts, competitors, objections with type and quote, next steps with owner and due date), by account name, by transcript ids and/or by meeting period (since/until). Calls come oldest first.',
    schema: dealFactsArgs,
    async run(args, { evidence }) {
      let q = opts.db.selectFrom('stellar_api.deal_facts').select(['transcript_id', 'file_name', 'account', 'rep', 'meeting_at', 'facts']);
      if (args.account) q = q.where('account', 'ilike', likeContains(args.account));
      if (args.transcriptIds) q = q.where('transcript_id', 'in', args.transcriptIds);
      if (args.since) q = q.where('meeting_at', '>=', args.since);
      if (args.until) q = q.where('meeting_at', '<', args.until);
      const rows = await q.orderBy('meeting_at', 'asc').orderBy('file_name').limit(args.limit ?? 50).execute();
      await evidence.preload(rows.map((r) => r.transcript_id));
      const calls: DealCall[] = [];
      for (const r of rows) {
        const parsed = callFactsSchema.safeParse(r.facts);
        if (!parsed.success) continue;
        const f = parsed.data;
        const call = { transcriptId: r.transcript_id, fileName: r.file_name };
        calls.push({
          transcriptId: r.transcript_id,
          fileName: r.file_name,
          account: r.account,
          rep: r.rep,
          meetingAt: isoDay(r.meeting_at),
          sellerCompany: f.sellerCompany,
          participants: f.participants.map((p) => ({ name: p.name, side: p.side, role: p.role, company: p.company, spoke: p.spoke })),
          pains: f.pains,
          budget: f.budget,
          amounts: f.amounts.map((a) => a.text),
          decisionProcess: f.decisionProcess,
          competitors: await Promise.all(f.competitors.map(async (name) => ({ name, citation: await evidence.cite(call, name) }))),
          objections: await Promise.all(f.objections.map(async (o) => ({ ...o, citation: await evidence.cite(call, o.quote, o.speaker) }))),
          nextSteps: await Promise.all(
            f.nextSteps.map(async (s) => ({ ...s, citation: await evidence.cite(call, s.action, s.owner) })),
          ),
          callCitation: await evidence.cite(call, null),
        });
      }
      const citations = calls.flatMap((c) => [...c.objections.map((o) => o.citation), ...c.nextSteps.map((s) => s.citation), ...c.competitors.map((x) => x.citation)]);
      return {
        summary: `${calls.length} call${calls.length === 1 ? '' : 's'}${args.account ? ` with an account like "${args.account}"` : ''}: ${calls.reduce((n, c) => n + c.objections.length, 0)} objections, ${calls.reduce((n, c) => n + c.nextSteps.length, 0)} next steps`,
        data: { calls },
        citations,
      };
    },
  };
}
