/**
 * "What did <account> say about <topic>?" — the account's objections, pains
 * and budget that match the topic (by objection type or by the words), plus
 * the best search passages of that account about it.
 */
import type { SearchHit } from '../../../../search/types.ts';
import type { Citation } from '../../../types.ts';
import { day, displayName, mentions, quote } from '../text.ts';
import { dealCalls, resultOf, subjectsOf, type Shape } from './types.ts';

/** Which objection types a topic word points at. */
const TOPIC_TYPES: [RegExp, string[]][] = [
  [/pric|cost|budget|discount|expens|money|quote|spend|afford|fee|percent/, ['price']],
  [/timing|time|when|deadline|schedul|season|date|hurry|delay/, ['timing']],
  [/integrat|erp|sync|api|connector|dynamics|shopify|export|access/, ['integration']],
  [/secur|sso|sign-on|soc|penetration|pen test|gdpr|privacy|data|complian/, ['security']],
  [/sign-off|approv|decision|authority|board|cfo|ceo|vp\b/, ['authority']],
  [/competit|alternativ|rival/, ['competitor']],
  [/need|value|worth/, ['need']],
];

export function topicTypes(topic: string): string[] {
  const t = topic.toLowerCase();
  return [...new Set(TOPIC_TYPES.filter(([re]) => re.test(t)).flatMap(([, types]) => types))];
}

type Hit = Pick<SearchHit, 'transcriptId' | 'fileName' | 'speaker' | 'text' | 'snippet' | 'meetingAt'>;

export const accountTopicShape: Shape = {
  name: 'account-topic',
  next(p, ctx) {
    if (ctx.round > 0 || !p.account) return null;
    return {
      text: `Read the facts of the calls with ${p.account} and search them for "${p.topic}".`,
      calls: [
        { tool: 'deal_facts', args: { account: p.account } },
        { tool: 'search', args: { q: p.topic, account: p.account, limit: 10 } },
      ],
    };
  },
  write(p, ctx, book) {
    if (!p.account) {
      return { lines: [`There are no calls with ${p.unknownAccount ?? 'that account'} in Stellar, so I cannot answer what they said about ${p.topic}.`], subjects: subjectsOf([]) };
    }
    const { calls, error } = dealCalls(ctx.observations);
    if (error) return { lines: [`I could not read the facts of the calls with ${p.account} (${error}).`], subjects: subjectsOf([]) };
    const types = topicTypes(p.topic ?? '');
    const lines: string[] = [];
    const used = new Set<string>();
    const cited = (c: Citation) => `${c.transcriptId}|${c.turnFrom}`;
    for (const c of calls) {
      for (const o of c.objections) {
        if (!types.includes(o.type) && !mentions(o.quote, p.topic ?? '')) continue;
        const key = `${c.transcriptId}|${o.quote}`;
        if (used.has(key)) continue;
        used.add(key);
        used.add(cited(o.citation));
        lines.push(`- ${displayName(o.speaker)} (${c.fileName}, ${day(c.meetingAt)}), ${o.type} objection: ${quote(o.quote)} ${book.ref(o.citation)}`);
      }
      if (c.budget && types.includes('price')) lines.push(`- Budget (${c.fileName}): ${quote(c.budget)} ${book.ref(c.callCitation)}`);
      for (const pain of c.pains) if (mentions(pain, p.topic ?? '')) lines.push(`- Pain (${c.fileName}): ${quote(pain)} ${book.ref(c.callCitation)}`);
    }
    const search = ctx.observations.find((o) => o.tool === 'search' && o.ok);
    const hits = ((search?.data as { hits?: Hit[] } | undefined)?.hits ?? []).map((h, i) => ({ h, c: search!.citations[i]! }));
    const buyerIds = new Set(calls.map((c) => c.transcriptId));
    for (const { h, c } of hits.filter(({ h }) => buyerIds.has(h.transcriptId) && mentions(h.text, p.topic ?? '')).slice(0, 3)) {
      if (used.has(cited(c))) continue;
      used.add(cited(c));
      lines.push(`- In ${h.fileName} (${day(h.meetingAt)}), ${h.speaker}: ${quote(h.snippet || h.text, 200)} ${book.ref(c)}`);
    }
    if (calls.length === 0) return { lines: [`There are no calls with ${p.account} yet.`], subjects: subjectsOf([]) };
    const account = calls[0]!.account ?? p.account;
    if (lines.length === 0) {
      return { lines: [`In ${calls.length} call${calls.length === 1 ? '' : 's'} with ${account} I found nothing said about ${p.topic}.`], subjects: subjectsOf(calls) };
    }
    return { lines: [`What ${account} said about ${p.topic}:`, ...lines], subjects: subjectsOf(calls) };
  },
};
