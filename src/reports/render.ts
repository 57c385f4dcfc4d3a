/** Plain-text rendering of reports for the terminal (stellar show, the demo summary). */
import type { TranscriptReport } from './transcriptReport.ts';

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** A fixed-width table: header row, a rule, then rows. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The coaching headline numbers: rep talk share, questions by the rep, longest monologue. */
export function coachingHeadline(r: TranscriptReport): string {
  if (!r.coaching) {
    const coach = r.stages.find((s) => s.stage === 'coach_call');
    return coach?.error ? `no coaching: ${coach.error}` : 'no coaching report';
  }
  const m = r.coaching.metrics;
  const mono = m.longestMonologue ? `${formatDuration(m.longestMonologue.durationMs)} (${m.longestMonologue.speaker})` : '—';
  return `rep talk ${pct(m.sides.seller.share)} · rep questions ${m.sides.seller.questions} · longest monologue ${mono}${m.timeBasis === 'words' ? ' · times estimated from words' : ''}`;
}

export function renderReport(r: TranscriptReport): string {
  const out: string[] = [];
  const f = r.facts;
  out.push(`Transcript ${r.transcript.id}  ${r.transcript.fileName}  (${r.transcript.format ?? 'unparsed'}, ${r.turns} turns)`);
  if (r.latestRun) out.push(`Run ${r.latestRun.id}: ${r.latestRun.status}${r.latestRun.error ? ` — ${r.latestRun.error}` : ''}`);
  out.push('', table(['stage', 'status', 'try', 'duration', 'by', 'note'], r.stages.map((s) => [s.stage, s.status, String(s.attempt), formatDuration(s.durationMs), s.agentVersion ?? '', s.error ?? ''])));
  if (r.outputs.length) {
    // What is shown below: the current version of each stage's output, and where it came from (after a partial
    // reprocess, not every stage's output is from the latest run).
    const latest = r.latestRun?.id;
    out.push('', 'Current outputs (shown below):');
    out.push(table(['stage', 'version', 'from run', 'trigger', 'by', 'finished'], r.outputs.map((o) => [o.stage, `v${o.version}`, `${o.runId.slice(0, 8)}${o.runId === latest ? ' (latest)' : ''}`, o.trigger, o.agentVersion ?? '', o.finishedAt?.slice(0, 16).replace('T', ' ') ?? ''])));
  }
  if (f) {
    out.push('', `Call type: ${f.callType ?? '?'}   Seller: ${f.sellerCompany ?? '?'}   Buyer: ${f.buyerCompany ?? '?'}`);
    out.push('Participants:');
    for (const p of f.participants) out.push(`  - ${p.name}${p.label ? ` [${p.label}]` : ''} (${p.side}${p.role ? `, ${p.role}` : ''}${p.company ? `, ${p.company}` : ''})${p.spoke ? '' : p.present ? ' [present, silent]' : ' [mentioned]'}`);
    if (f.pains.length) out.push('Pains:', ...f.pains.map((p) => `  - ${p}`));
    if (f.amounts.length) out.push(`Amounts: ${f.amounts.map((a) => a.text).join(', ')}`);
    if (f.budget) out.push(`Budget: ${f.budget}`);
    if (f.competitors.length) out.push(`Competitors: ${f.competitors.join(', ')}`);
    if (f.objections.length) out.push('Objections:', ...f.objections.map((o) => `  - [${o.type}] ${o.speaker ? `${o.speaker}: ` : ''}“${o.quote}”`));
    if (f.nextSteps.length) out.push('Next steps:', ...f.nextSteps.map((n) => `  - ${n.owner ?? '?'}: ${n.action}${n.dueDate ? ` — due ${n.dueDate}` : n.dueText ? ` — ${n.dueText}` : ''}`));
  }
  out.push('', `Coaching: ${coachingHeadline(r)}`);
  if (r.coaching) for (const fb of r.coaching.feedback) out.push(`  ${fb.kind === 'strength' ? '+' : fb.kind === 'improvement' ? '!' : '·'} ${fb.text}`);
  if (r.email) out.push('', `E-mail draft — ${r.email.subject ?? ''}`, r.email.body.replace(/^/gm, '  '));
  if (r.social) out.push('', 'Social post', r.social.body.replace(/^/gm, '  '));
  out.push('', `${r.chunks} searchable chunks; ${r.entities.length} graph entities`);
  return out.join('\n');
}
