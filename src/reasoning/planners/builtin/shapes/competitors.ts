/** "Competitors by account" — the competitors named in each account's calls, cited. */
import { list, plural } from '../text.ts';
import { dealCalls, subjectsOf, type Shape } from './types.ts';

export const competitorsShape: Shape = {
  name: 'competitors',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    const args = p.transcriptIds ? { transcriptIds: p.transcriptIds } : p.account ? { account: p.account } : {};
    return { text: `Read the competitors named in the calls${p.account ? ` with ${p.account}` : ''}, by account.`, calls: [{ tool: 'deal_facts', args }] };
  },
  write(p, ctx, book) {
    const { calls, error } = dealCalls(ctx.observations);
    if (error) return { lines: [`I could not read the calls' facts (${error}).`], subjects: subjectsOf([]) };
    const byAccount = new Map<string, Map<string, string[]>>();
    const withComp = calls.filter((c) => c.competitors.length > 0);
    for (const c of withComp) {
      const acc = c.account ?? c.fileName;
      const m = byAccount.get(acc) ?? new Map<string, string[]>();
      for (const x of c.competitors) m.set(x.name, [...(m.get(x.name) ?? []), book.ref(x.citation)]);
      byAccount.set(acc, m);
    }
    if (byAccount.size === 0) return { lines: [`No competitor was named${p.account ? ` in the calls with ${p.account}` : ' in the calls'}.`], subjects: subjectsOf(calls) };
    const all = new Set(withComp.flatMap((c) => c.competitors.map((x) => x.name)));
    const head = p.account
      ? `${calls[0]?.account ?? p.account} named ${plural(all.size, 'competitor')}: ${list([...all])}.`
      : `${plural(all.size, 'competitor')} came up with ${plural(byAccount.size, 'account')}:`;
    const lines = [...byAccount.entries()].map(([acc, m]) => `- ${acc}: ${[...m.entries()].map(([name, refs]) => `${name} ${[...new Set(refs)].join('')}`).join(', ')}`);
    return { lines: [head, ...lines], subjects: subjectsOf(withComp) };
  },
};
