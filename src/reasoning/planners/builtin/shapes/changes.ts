/**
 * "What changed since the last call with <account>?" — the last call against
 * the one before it: new people, objections, competitors, budget, next steps.
 */
import type { DealCall } from '../../../tools/dealFacts.ts';
import { fold } from '../../../lexicon.ts';
import { day, displayName, list, quote } from '../text.ts';
import { dealCalls, subjectsOf, type Shape } from './types.ts';

export const changesShape: Shape = {
  name: 'changes',
  next(p, ctx) {
    if (ctx.round > 0 || !p.account) return null;
    return { text: `Read every call with ${p.account} and compare the last one with the one before it.`, calls: [{ tool: 'deal_facts', args: { account: p.account } }] };
  },
  write(p, ctx, book) {
    if (!p.account) return { lines: [`There are no calls with ${p.unknownAccount ?? 'that account'} in Stellar, so I cannot say what changed.`], subjects: subjectsOf([]) };
    const { calls, error } = dealCalls(ctx.observations);
    if (error) return { lines: [`I could not read the calls with ${p.account} (${error}).`], subjects: subjectsOf([]) };
    if (calls.length === 0) return { lines: [`There are no calls with ${p.account} yet.`], subjects: subjectsOf([]) };
    const last = calls[calls.length - 1]!;
    const account = last.account ?? p.account;
    if (calls.length === 1) {
      return { lines: [`There is only one call with ${account} (${last.fileName}, ${day(last.meetingAt)}) ${book.ref(last.callCitation)}, so there is nothing earlier to compare it with.`], subjects: subjectsOf([last]) };
    }
    const prev: DealCall = calls[calls.length - 2]!;
    const lines = [`The last call with ${account} was ${last.fileName} on ${day(last.meetingAt)} ${book.ref(last.callCitation)}; the one before it was ${prev.fileName} on ${day(prev.meetingAt)} ${book.ref(prev.callCitation)}. Since then:`];
    const before = new Set(prev.participants.map((x) => fold(x.name)));
    const newPeople = last.participants.filter((x) => x.spoke && !before.has(fold(x.name)));
    if (newPeople.length) lines.push(`- New in the conversation: ${list(newPeople.map((x) => `${displayName(x.name)}${x.role ? ` (${x.role})` : ''}`))} ${book.ref(last.callCitation)}`);
    const oldTypes = new Set(prev.objections.map((o) => o.type));
    const newTypes = [...new Set(last.objections.map((o) => o.type))];
    for (const t of newTypes.filter((t) => !oldTypes.has(t))) {
      const o = last.objections.find((x) => x.type === t)!;
      lines.push(`- ${/^[aeiou]/.test(t) ? 'An' : 'A'} new ${t} objection: ${displayName(o.speaker)} said ${quote(o.quote, 160)} ${book.ref(o.citation)}`);
    }
    for (const t of newTypes.filter((t) => oldTypes.has(t))) {
      const o = last.objections.find((x) => x.type === t)!;
      lines.push(`- Still ${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t} concern: ${displayName(o.speaker)} said ${quote(o.quote, 160)} ${book.ref(o.citation)}`);
    }
    const dropped = [...oldTypes].filter((t) => !newTypes.includes(t));
    if (dropped.length) lines.push(`- Not raised again: ${list(dropped)} objections.`);
    const oldComp = new Set(prev.competitors.map((c) => c.name.toLowerCase()));
    for (const c of last.competitors.filter((x) => !oldComp.has(x.name.toLowerCase()))) lines.push(`- ${c.name} came up for the first time ${book.ref(c.citation)}`);
    if (last.budget && last.budget !== prev.budget) lines.push(`- Budget: ${quote(last.budget, 160)} ${book.ref(last.callCitation)}`);
    if (last.nextSteps.length) {
      lines.push(`- Next steps agreed in the last call:`);
      for (const s of last.nextSteps) lines.push(`  - ${displayName(s.owner)}: ${s.action}${s.dueDate ? ` (due ${day(s.dueDate)})` : ''} ${book.ref(s.citation)}`);
    }
    return { lines, subjects: subjectsOf([prev, last]) };
  },
};
