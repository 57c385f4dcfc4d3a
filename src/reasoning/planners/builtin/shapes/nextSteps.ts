/**
 * "Next steps due in a period, by owner" — the calls' facts (optionally one
 * account's, or the calls a follow-up refers to), filtered by due date and
 * owner, soonest first.
 */
import { fold } from '../../../lexicon.ts';
import { inPeriod, type Period } from '../../../periods.ts';
import { day, displayName, plural } from '../text.ts';
import { dealCalls, periodPhrase, subjectsOf, type PeriodParam, type Shape } from './types.ts';

function asPeriod(p: PeriodParam | null | undefined): Period | null {
  return p ? { since: p.since ? new Date(p.since) : null, until: p.until ? new Date(p.until) : null, text: p.label, label: p.label } : null;
}

export const nextStepsShape: Shape = {
  name: 'next-steps',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    const args: Record<string, unknown> = {};
    if (p.transcriptIds) args.transcriptIds = p.transcriptIds;
    else if (p.account) args.account = p.account;
    return { text: `Read the next steps in the calls' facts${p.account ? ` with ${p.account}` : ''}${p.transcriptIds ? ' of the calls from the previous answer' : ''}, then keep those due${periodPhrase(p.period)}${p.people?.length ? ` owned by ${p.people[0]}` : ''}.`, calls: [{ tool: 'deal_facts', args }] };
  },
  write(p, ctx, book) {
    const { calls, error } = dealCalls(ctx.observations);
    if (error) return { lines: [`I could not read the next steps (${error}).`], subjects: subjectsOf([]) };
    const period = asPeriod(p.period);
    const owner = p.people?.[0] ? fold(p.people[0]) : null;
    const items = calls.flatMap((c) =>
      c.nextSteps
        .filter((s) => (period ? s.dueDate !== null && inPeriod(`${s.dueDate}T00:00:00Z`, period) : true))
        .filter((s) => (owner ? fold(s.owner ?? '').includes(owner) || owner.includes(fold(s.owner ?? '~')) : true))
        .map((s) => ({ s, c })),
    );
    items.sort((a, b) => (a.s.dueDate ?? '9999').localeCompare(b.s.dueDate ?? '9999') || a.c.fileName.localeCompare(b.c.fileName));
    const scope = `${periodPhrase(p.period, 'due')}${p.people?.length ? ` owned by ${p.people[0]}` : ''}${p.account ? ` with ${p.account}` : ''}${p.transcriptIds ? ' among those calls' : ''}`;
    if (items.length === 0) return { lines: [`No next steps${scope ? ` ${scope.trim()}` : ''}.`], subjects: subjectsOf([]) };
    const head = `${plural(items.length, 'next step')}${period ? ` due${periodPhrase(p.period)}` : ''}${p.people?.length ? ` owned by ${p.people[0]}` : ''}${p.account ? ` with ${p.account}` : ''}${p.transcriptIds ? ' among those calls' : ''}:`;
    const lines = items.map(({ s, c }) => `- ${displayName(s.owner)}: ${s.action} — due ${s.dueDate ? day(s.dueDate) : 'with no date'} (${c.account ?? 'unknown account'}, ${c.fileName}) ${book.ref(s.citation)}`);
    return { lines: [head, ...lines], subjects: subjectsOf(items.map(({ c }) => c)) };
  },
};
