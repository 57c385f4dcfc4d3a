/**
 * "Which calls / accounts mention X?" — a known competitor is looked up in the
 * calls' facts; anything else is searched, and only passages that really
 * contain the words count.
 */
import type { DealCall } from '../../../tools/dealFacts.ts';
import type { SearchHit } from '../../../../search/types.ts';
import { day, list, mentions, plural, quote } from '../text.ts';
import { dealCalls, resultOf, subjectsOf, type Shape } from './types.ts';

type Hit = Pick<SearchHit, 'transcriptId' | 'fileName' | 'account' | 'meetingAt' | 'speaker' | 'text' | 'snippet'>;

export const mentionsShape: Shape = {
  name: 'mentions',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    if (p.competitor) return { text: `Look up which calls name the competitor ${p.competitor} in their facts.`, calls: [{ tool: 'deal_facts', args: p.transcriptIds ? { transcriptIds: p.transcriptIds } : {} }] };
    return { text: `Search the calls for "${p.term}".`, calls: [{ tool: 'search', args: { q: p.term, limit: 30 } }] };
  },
  write(p, ctx, book) {
    const noun = p.nounAccounts ? 'account' : 'call';
    if (p.competitor) {
      const { calls, error } = dealCalls(ctx.observations);
      if (error) return { lines: [`I could not read the calls' facts (${error}).`], subjects: { transcriptIds: [], accounts: [] } };
      const hits = calls.filter((c) => c.competitors.some((x) => x.name.toLowerCase() === p.competitor!.toLowerCase()));
      if (hits.length === 0) return { lines: [`No call mentions ${p.competitor}.`], subjects: subjectsOf([]) };
      const accounts = [...new Set(hits.map((c) => c.account ?? c.fileName))];
      const head = p.nounAccounts
        ? `${plural(accounts.length, 'account')} ${accounts.length === 1 ? 'mentions' : 'mention'} ${p.competitor}: ${list(accounts)}.`
        : `${plural(hits.length, 'call')} ${hits.length === 1 ? 'mentions' : 'mention'} ${p.competitor}:`;
      const lines = hits.map((c: DealCall) => {
        const cite = c.competitors.find((x) => x.name.toLowerCase() === p.competitor!.toLowerCase())!.citation;
        return `- ${c.account ?? 'unknown account'} — ${c.fileName} (${day(c.meetingAt)}) ${book.ref(cite)}`;
      });
      return { lines: [head, ...lines], subjects: subjectsOf(hits) };
    }
    const r = resultOf<{ hits: Hit[] }>(ctx.observations, 'search');
    if (r.error) return { lines: [`I could not search the calls (${r.error}).`], subjects: subjectsOf([]) };
    const search = ctx.observations.find((o) => o.tool === 'search' && o.ok);
    const hits = (r.data?.hits ?? []).map((h, i) => ({ h, c: search!.citations[i]! })).filter(({ h }) => mentions(h.text, p.term!));
    const restricted = p.transcriptIds ? hits.filter(({ h }) => p.transcriptIds!.includes(h.transcriptId)) : hits;
    const byCall = new Map<string, typeof restricted>();
    for (const x of restricted) byCall.set(x.h.transcriptId, [...(byCall.get(x.h.transcriptId) ?? []), x]);
    if (byCall.size === 0) return { lines: [`No ${noun} mentions "${p.term}": I found no passage with those words.`], subjects: subjectsOf([]) };
    const calls = [...byCall.values()].map((xs) => xs[0]!.h);
    const accounts = [...new Set(calls.map((h) => h.account ?? h.fileName))];
    const head = p.nounAccounts
      ? `${plural(accounts.length, 'account')} ${accounts.length === 1 ? 'mentions' : 'mention'} "${p.term}": ${list(accounts)}.`
      : `${plural(byCall.size, 'call')} ${byCall.size === 1 ? 'mentions' : 'mention'} "${p.term}":`;
    const lines = [...byCall.values()].map((xs) => {
      const h = xs[0]!.h;
      return `- ${h.account ?? 'unknown account'} — ${h.fileName} (${day(h.meetingAt)}): ${h.speaker}: ${quote(h.snippet || h.text, 160)} ${book.refs(xs.map((x) => x.c), 2)}`;
    });
    return { lines: [head, ...lines], subjects: subjectsOf(calls.map((h) => ({ transcriptId: h.transcriptId, account: h.account }))) };
  },
};
