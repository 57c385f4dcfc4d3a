/**
 * No known shape: an account named alone gets a summary of its calls; other
 * questions are searched, and only passages containing the question's words
 * count. With nothing found, the answer says plainly that it cannot answer,
 * and what it can.
 */
import type { SearchHit } from '../../../../search/types.ts';
import { contentWords, day, mentions, plural, quote } from '../text.ts';
import { dealCalls, subjectsOf, type Shape } from './types.ts';

export const CAPABILITIES = [
  'which calls or accounts mention something ("Which calls mention Routelane?")',
  'what an account said about a topic ("What did Halden Foods say about pricing?")',
  'objections by type over a period ("Which objections came up in October 2026?")',
  'next steps due in a period or by owner ("Which next steps are due next week?")',
  'competitors by account',
  'talk ratio or questions by rep, and comparing two reps',
  'what changed since the last call with an account',
  'who is involved with an account',
];

export function cannotAnswer(what: string): string[] {
  return [`I cannot answer ${what} from the calls in Stellar.`, `I can answer questions like: ${CAPABILITIES.join('; ')}.`];
}

type Hit = Pick<SearchHit, 'transcriptId' | 'fileName' | 'account' | 'meetingAt' | 'speaker' | 'text' | 'snippet'>;

export const fallbackShape: Shape = {
  name: 'fallback',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    if (p.account) return { text: `No known question shape; summarise the calls with ${p.account}.`, calls: [{ tool: 'deal_facts', args: { account: p.account } }] };
    if (contentWords(p.term ?? '').length === 0) return null;
    return { text: 'No known question shape; search the calls for its words.', calls: [{ tool: 'search', args: { q: p.term, limit: 10 } }] };
  },
  write(p, ctx, book) {
    if (p.account) {
      const { calls, error } = dealCalls(ctx.observations);
      if (error || calls.length === 0) return { lines: cannotAnswer('that'), subjects: subjectsOf([]) };
      const lines = [`I did not recognise the question, but here is what the calls with ${calls[0]!.account ?? p.account} hold:`];
      for (const c of calls) {
        lines.push(`- ${c.fileName} (${day(c.meetingAt)}): ${plural(c.objections.length, 'objection')} (${[...new Set(c.objections.map((o) => o.type))].join(', ') || 'none'}), ${plural(c.nextSteps.length, 'next step')}, competitors: ${c.competitors.map((x) => x.name).join(', ') || 'none'} ${book.ref(c.callCitation)}`);
      }
      lines.push(`Ask about one of them, e.g. "What did ${calls[0]!.account ?? p.account} say about pricing?"`);
      return { lines, subjects: subjectsOf(calls) };
    }
    const search = ctx.observations.find((o) => o.tool === 'search' && o.ok);
    const words = contentWords(p.term ?? '');
    const hits = ((search?.data as { hits?: Hit[] } | undefined)?.hits ?? [])
      .map((h, i) => ({ h, c: search!.citations[i]! }))
      // Most of the question's words, not just one of them, must be in the passage.
      .filter(({ h }) => words.length > 0 && words.filter((w) => mentions(h.text, w)).length >= Math.max(1, Math.ceil(words.length * 0.6)));
    if (hits.length === 0) return { lines: cannotAnswer('that'), subjects: subjectsOf([]) };
    const lines = [`I did not recognise the question's shape; these passages contain its words:`];
    for (const { h, c } of hits.slice(0, 5)) lines.push(`- ${h.account ?? 'unknown account'} — ${h.fileName} (${day(h.meetingAt)}), ${h.speaker}: ${quote(h.snippet || h.text, 180)} ${book.ref(c)}`);
    return { lines, subjects: subjectsOf(hits.map(({ h }) => ({ transcriptId: h.transcriptId, account: h.account }))) };
  },
};
