/**
 * The account page (GET /dashboard/accounts/:account): the account's calls in
 * time order, each linking to its call page, with the trend of objections,
 * competitors and next steps across them (small stacked bars and a
 * competitor-by-call table, from each call's current facts), and the daily
 * graph_rollup aggregates (open next steps, competitor mentions, objections
 * per week) when the rollup has run.
 * Owns: that markup. Must not: read the database (callData.ts composes).
 */
import { OBJECTION_TYPES } from '../agents/types.ts';
import type { AccountPageData } from './callData.ts';
import { callHref, CALL_STYLE } from './callPage.ts';
import { CHART_STYLE, perCallBarsSvg, type TrendColumn } from './coachingCharts.ts';
import { h, trusted, type Html } from './html.ts';
import { layout, type PageOptions } from './pages.ts';

/** One colour per objection type (the same on every account page). */
const OBJECTION_COLOURS: Record<string, string> = {
  price: '#c62828',
  timing: '#ef8f00',
  integration: '#1565c0',
  security: '#6a1b9a',
  authority: '#00838f',
  need: '#558b2f',
  competitor: '#ad1457',
};

const ACCOUNT_STYLE = trusted(`
${OBJECTION_TYPES.map((t) => `svg.cchart .obj-${t} { fill: ${OBJECTION_COLOURS[t]}; } .sw.obj-${t} { background: ${OBJECTION_COLOURS[t]}; }`).join('\n')}
svg.cchart .steps { fill: #3b6fd8; } svg.cchart .comp { fill: #e08a1e; }
table.matrix td.dot { text-align: center; }
`);

const fmtDay = (d: Date | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : '–');

export function accountPage(data: AccountPageData, opts: PageOptions): Html {
  const calls = data.calls;
  const columns = (parts: (c: (typeof calls)[number]) => Array<[string, string, number]>): TrendColumn[] =>
    calls.map((c, i) => ({ href: callHref(c.transcriptId), label: `${i + 1}. ${c.fileName} (${fmtDay(c.happenedAt)})`, parts: parts(c) }));
  const objectionCols = columns((c) => OBJECTION_TYPES.map((t) => [`obj-${t}`, t, c.objections[t] ?? 0] as [string, string, number]));
  const stepCols = columns((c) => [['steps', 'next steps', c.nextSteps.length]]);
  const competitorCols = columns((c) => [['comp', 'competitors named', c.competitors.length]]);
  const competitors = [...new Set(calls.flatMap((c) => c.competitors))].sort((a, b) => a.localeCompare(b));
  const usedTypes = OBJECTION_TYPES.filter((t) => calls.some((c) => (c.objections[t] ?? 0) > 0));
  const r = data.rollup;

  const body = h`<style>${CHART_STYLE}${CALL_STYLE}${ACCOUNT_STYLE}</style><main class="callpage">
  <section class="wide" id="account">
    <h1 class="callname">Account: ${data.account}</h1>
    <p class="meta">${calls.length} call${calls.length === 1 ? '' : 's'} · ${fmtDay(calls[0].happenedAt)} to ${fmtDay(calls[calls.length - 1].happenedAt)} · <a href="/dashboard/graph?entity=${encodeURIComponent(data.account)}">graph view</a> · <a href="/dashboard/search?account=${encodeURIComponent(data.account)}&amp;q=${encodeURIComponent(data.account)}">search its calls</a></p>
  </section>
  <section class="wide" id="calls"><h2>Calls</h2>
  <table class="calls"><thead><tr><th class="num">#</th><th>Date</th><th>Call</th><th>Type</th><th>Objections</th><th>Competitors</th><th class="num">Next steps</th><th>Latest run</th></tr></thead><tbody>
  ${calls.map(
    (c, i) => h`<tr data-transcript="${c.transcriptId}"><td class="num">${i + 1}</td><td class="when">${fmtDay(c.happenedAt)}</td><td><a class="call-link" href="${callHref(c.transcriptId)}">${c.fileName}</a></td>
      <td>${c.callType ?? (c.hasFacts ? '–' : h`<span class="muted">no facts yet</span>`)}</td>
      <td>${Object.entries(c.objections).map(([t, n], j) => h`${j ? ', ' : ''}${t}${n > 1 ? ` ×${n}` : ''}`)}</td>
      <td>${c.competitors.join(', ')}</td><td class="num">${c.nextSteps.length}</td>
      <td>${c.runId ? h`<a class="mono" href="/dashboard/runs/${c.runId}">${c.runId.slice(0, 8)}</a> <span class="badge s-${c.runStatus ?? ''}">${c.runStatus ?? ''}</span>` : '–'}</td></tr>`,
  )}
  </tbody></table></section>
  <div class="cols">
    <section id="trend-objections"><h2>Objections per call</h2>${perCallBarsSvg('Objections per call, by type', objectionCols, 'objections')}
      <p class="chart-legend">${usedTypes.length ? usedTypes.map((t) => h`<span class="sw obj-${t}"></span>${t}`) : 'No objections in these calls.'}</p></section>
    <section id="trend-next-steps"><h2>Next steps per call</h2>${perCallBarsSvg('Next steps agreed per call', stepCols, 'next steps')}</section>
  </div>
  <section class="wide" id="trend-competitors"><h2>Competitors across calls</h2>
  ${competitors.length
    ? h`<div class="cols"><div>${perCallBarsSvg('Competitors named per call', competitorCols, 'competitors')}</div><div><table class="matrix"><thead><tr><th>Competitor</th>${calls.map((_, i) => h`<th class="num">${i + 1}</th>`)}<th class="num">Calls</th></tr></thead><tbody>
      ${competitors.map((name) => {
        const n = calls.filter((c) => c.competitors.includes(name)).length;
        return h`<tr data-competitor="${name}"><td>${name}</td>${calls.map((c) => h`<td class="dot">${c.competitors.includes(name) ? h`<span title="${name} named in call ${calls.indexOf(c) + 1}">●</span>` : ''}</td>`)}<td class="num">${n}</td></tr>`;
      })}</tbody></table></div></div>`
    : h`<p class="empty">No competitor named in these calls.</p>`}
  </section>
  <section class="wide" id="rollup"><h2>Graph rollup</h2>
  ${r
    ? h`<p class="muted">Refreshed ${r.refreshedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by graph_rollup (daily) for the company <b>${r.accountName}</b>: ${r.calls} call${r.calls === 1 ? '' : 's'}, last contact ${fmtDay(r.lastContact)}.</p>
      <div class="cols">
      <div><h3 class="side-h">Open next steps</h3>${r.openNextSteps.length ? h`<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th></tr></thead><tbody>${r.openNextSteps.map((s) => h`<tr><td>${s.action} <a href="${callHref(s.transcriptId)}">call</a></td><td>${s.owner ?? '–'}</td><td class="when">${s.dueDate ?? '–'}</td></tr>`)}</tbody></table>` : h`<p class="empty">None open.</p>`}</div>
      <div><h3 class="side-h">Competitor mentions</h3>${r.competitorMentions.length ? h`<table><thead><tr><th>Competitor</th><th class="num">Calls</th><th>Last seen</th></tr></thead><tbody>${r.competitorMentions.map((c) => h`<tr><td>${c.name}</td><td class="num">${c.calls}</td><td class="when">${c.lastSeen.slice(0, 10)}</td></tr>`)}</tbody></table>` : h`<p class="empty">None.</p>`}
      <h3 class="side-h">Objections per week</h3>${r.objectionTrend.length ? h`<table><thead><tr><th>Week of</th><th>Type</th><th class="num">Count</th></tr></thead><tbody>${r.objectionTrend.map((o) => h`<tr><td class="when">${o.week}</td><td>${o.type}</td><td class="num">${o.count}</td></tr>`)}</tbody></table>` : h`<p class="empty">None.</p>`}</div>
      </div>`
    : h`<p class="empty">No graph rollup for this account yet: graph_rollup refreshes the per-account aggregates once a day, after the day's runs have ended. The trends above are read from each call's current facts.</p>`}
  </section>
  </main>`;
  return layout(`Stellar — account ${data.account}`, body, { ...opts, refreshSeconds: 0 });
}
