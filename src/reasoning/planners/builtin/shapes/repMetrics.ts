/**
 * "Talk ratio / questions by rep" and "compare two reps" — coaching metrics
 * from the `metrics` tool, per call and in total, each call cited.
 */
import type { RepMetrics } from '../../../tools/metrics.ts';
import type { Observation } from '../../../types.ts';
import { day, displayName, pct, plural } from '../text.ts';
import { NO_SUBJECTS, periodPhrase, type Shape, type ShapeParams } from './types.ts';

function periodArgs(p: ShapeParams) {
  return { ...(p.period?.since ? { since: p.period.since } : {}), ...(p.period?.until ? { until: p.period.until } : {}) };
}

function repsOf(observations: readonly Observation[]): { reps: RepMetrics[]; error: string | null } {
  const reps: RepMetrics[] = [];
  let error: string | null = null;
  for (const o of observations) {
    if (o.tool !== 'metrics') continue;
    if (!o.ok) error = o.error ?? 'failed';
    else for (const r of (o.data as { reps: RepMetrics[] }).reps) if (!reps.some((x) => x.rep === r.rep)) reps.push(r);
  }
  return { reps, error };
}

function subjects(reps: RepMetrics[]) {
  const calls = reps.flatMap((r) => r.calls);
  return { transcriptIds: [...new Set(calls.map((c) => c.transcriptId))], accounts: [...new Set(calls.map((c) => c.account).filter((a): a is string => !!a))] };
}

export const repMetricsShape: Shape = {
  name: 'rep-metrics',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    const rep = p.people?.[0];
    return { text: `Read the coaching metrics${rep ? ` of ${rep}` : ' of every rep'}${periodPhrase(p.period)}.`, calls: [{ tool: 'metrics', args: { ...(rep ? { rep } : {}), ...periodArgs(p) } }] };
  },
  write(p, ctx, book) {
    const { reps, error } = repsOf(ctx.observations);
    if (error && reps.length === 0) return { lines: [`I could not read the coaching metrics (${error}).`], subjects: NO_SUBJECTS };
    const scope = periodPhrase(p.period);
    if (reps.length === 0) return { lines: [`I found no coaching metrics for ${p.people?.[0] ?? 'any rep'}${scope}.`], subjects: NO_SUBJECTS };
    if (!p.people?.length || p.ranking) {
      const sorted = [...reps].sort((a, b) => (p.metric === 'talk' ? b.meanShare - a.meanShare : b.totalQuestions - a.totalQuestions));
      const head = p.metric === 'talk' ? `Reps by mean talk share${scope}:` : `Reps by questions asked${scope}:`;
      const lines = sorted.map((r) => `- ${displayName(r.rep)}: ${plural(r.totalQuestions, 'question')} in ${plural(r.calls.length, 'call')}, mean talk share ${pct(r.meanShare)} ${book.refs(r.calls.map((c) => c.citation), 3)}`);
      return { lines: [head, ...lines], subjects: subjects(reps) };
    }
    const lines: string[] = [];
    for (const r of reps) {
      const name = displayName(r.rep);
      if (p.metric === 'questions') lines.push(`${name} asked ${plural(r.totalQuestions, 'question')} in ${plural(r.calls.length, 'call')}${scope}:`);
      else lines.push(`${name}'s talk ratio${scope}: ${pct(r.meanShare)} of the talk time on average over ${plural(r.calls.length, 'call')}:`);
      for (const c of r.calls) {
        lines.push(`- ${c.fileName} (${c.account ?? 'unknown account'}, ${day(c.meetingAt)}): ${pct(c.share)} of the talk time, ${plural(c.questions, 'question')}${c.timeBasis === 'words' ? ' (time estimated from words)' : ''} ${book.ref(c.citation)}`);
      }
    }
    return { lines, subjects: subjects(reps) };
  },
};

export const compareRepsShape: Shape = {
  name: 'compare-reps',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    return { text: `Read the coaching metrics of ${p.people!.join(' and ')}${periodPhrase(p.period)} and compare them.`, calls: p.people!.map((rep) => ({ tool: 'metrics', args: { rep, ...periodArgs(p) } })) };
  },
  write(p, ctx, book) {
    const { reps, error } = repsOf(ctx.observations);
    const found = p.people!.map((name) => reps.find((r) => r.rep.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(r.rep.toLowerCase())) ?? null);
    const lines: string[] = [];
    const missing = p.people!.filter((_, i) => !found[i]);
    for (const r of found) {
      if (!r) continue;
      lines.push(`- ${displayName(r.rep)}: ${plural(r.calls.length, 'call')}, mean talk share ${pct(r.meanShare)}, ${plural(r.totalQuestions, 'question')} (${r.questionsPerCall.toFixed(1)} per call), ${r.totalWords} words ${book.refs(r.calls.map((c) => c.citation), 4)}`);
    }
    const [a, b] = found;
    const head = `Comparing ${p.people!.map(displayName).join(' and ')}${periodPhrase(p.period)}:`;
    if (a && b) {
      const more = a.totalQuestions >= b.totalQuestions ? [a, b] : [b, a];
      const less = a.meanShare <= b.meanShare ? [a, b] : [b, a];
      lines.push(`${displayName(more[0]!.rep)} asked more questions (${more[0]!.totalQuestions} vs ${more[1]!.totalQuestions}); ${displayName(less[0]!.rep)} talked less on average (${pct(less[0]!.meanShare)} vs ${pct(less[1]!.meanShare)} of the talk time).`);
    }
    if (missing.length) lines.push(`I found no coaching metrics for ${missing.join(' and ')}${error ? ` (${error})` : ''}, so I cannot compare them fully.`);
    return { lines: [head, ...lines], subjects: subjects(found.filter((r): r is RepMetrics => !!r)) };
  },
};
