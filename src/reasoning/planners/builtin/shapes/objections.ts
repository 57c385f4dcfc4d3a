/**
 * "Objections by type over a period" — a fixed, parameterised query over
 * stellar_api.objections through the `sql` tool (the question's words are
 * bound values, never SQL), grouped by type with each quote cited.
 */
import type { Citation } from '../../../types.ts';
import { day, displayName, plural, quote } from '../text.ts';
import { periodPhrase, resultOf, subjectsOf, type Shape } from './types.ts';

export const OBJECTIONS_SQL = `select transcript_id, file_name, account, meeting_at, type, speaker, quote
from stellar_api.objections
where ($1::timestamptz is null or meeting_at >= $1::timestamptz)
  and ($2::timestamptz is null or meeting_at < $2::timestamptz)
  and ($3::text is null or type = $3::text)
  and ($4::text is null or account ilike $4::text)
order by meeting_at, file_name, ord`;

interface Row {
  transcript_id: string;
  file_name: string;
  account: string | null;
  meeting_at: string | null;
  type: string;
  speaker: string | null;
  quote: string;
}

export const objectionsShape: Shape = {
  name: 'objections',
  next(p, ctx) {
    if (ctx.round > 0) return null;
    const pattern = p.account ? `%${p.account.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return {
      text: `List the ${p.objectionType ? `${p.objectionType} ` : ''}objections${periodPhrase(p.period)}${p.account ? ` with ${p.account}` : ''} from stellar_api.objections.`,
      calls: [{ tool: 'sql', args: { query: OBJECTIONS_SQL, params: [p.period?.since ?? null, p.period?.until ?? null, p.objectionType ?? null, pattern] } }],
    };
  },
  write(p, ctx, book) {
    const r = resultOf<{ rows: Row[]; rowCitations: (Citation | null)[] }>(ctx.observations, 'sql');
    if (r.error) return { lines: [`I could not list the objections (${r.error}).`], subjects: subjectsOf([]) };
    let rows = (r.data?.rows ?? []).map((row, i) => ({ row, cite: r.data!.rowCitations[i] ?? null }));
    if (p.transcriptIds) rows = rows.filter(({ row }) => p.transcriptIds!.includes(row.transcript_id));
    const what = `${p.objectionType ? `${p.objectionType} ` : ''}objection`;
    const scope = `${periodPhrase(p.period)}${p.account ? ` with ${p.account}` : ''}`;
    if (rows.length === 0) return { lines: [`No ${what}s were raised${scope}.`], subjects: subjectsOf([]) };
    const calls = new Set(rows.map(({ row }) => row.transcript_id));
    const lines = [`${plural(rows.length, what)}${scope}, in ${plural(calls.size, 'call')}:`];
    const types = [...new Set(rows.map(({ row }) => row.type))];
    const counts = new Map(types.map((t) => [t, rows.filter(({ row }) => row.type === t).length]));
    types.sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
    for (const t of types) {
      const ofType = rows.filter(({ row }) => row.type === t);
      if (!p.objectionType) lines.push(`${t.charAt(0).toUpperCase()}${t.slice(1)} — ${plural(ofType.length, 'objection')} in ${plural(new Set(ofType.map(({ row }) => row.transcript_id)).size, 'call')}:`);
      for (const { row, cite } of ofType) {
        lines.push(`- ${row.account ?? 'unknown account'} (${row.file_name}, ${day(row.meeting_at)}), ${displayName(row.speaker)}: ${quote(row.quote, 160)} ${book.ref(cite)}`);
      }
    }
    return { lines, subjects: subjectsOf(rows.map(({ row }) => ({ transcriptId: row.transcript_id, account: row.account }))) };
  },
};
