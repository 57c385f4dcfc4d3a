/**
 * The dashboard's pages, rendered on the server as plain HTML (no front-end
 * build): the overview (GET /), one run (GET /dashboard/runs/:id) and the
 * log-in form, plus the shared layout (header, "as of" time, favicon, the
 * refresh switch) other dashboard pages use. Each refreshable page is a set
 * of named sections (`data-section`); `?format=json` answers the page's data
 * and those sections' HTML, and a little vanilla JS fetches it every
 * `refresh` seconds and redraws the sections in place (no reload), unless the
 * visible pause switch is on (kept in localStorage). The same script handles
 * the Retry buttons (a POST with the session cookie and the CSRF header).
 * Owns: that markup and script. Must not: read the database or change anything.
 */
import { formatMs, ganttSvg, runsPerHourSvg, shareBarSvg, sparklineSvg } from './charts.ts';
import type { AlertRow, DashboardData, FailureGroup, FailuresData, QueueRow, RunRow, RunsPage, StageRow, StageStatRow, WeeklyData } from './data.ts';
import { h, trusted, type Html } from './html.ts';
import { paletteCss } from './palette.ts';
import { encodeCursor, FAILURE_WINDOWS, overviewHref, RUN_STATUSES, RUN_TRIGGERS, type DashboardQuery, type FailureWindow, type QueryProblem } from './query.ts';
import type { RepWeekMetrics } from '../db/reportShapes.ts';

const STYLE = trusted(`
:root { --ok:var(--state-succeeded); --warn:var(--state-partial); --bad:var(--state-failed); --run:var(--state-running); --wait:var(--state-wait); --fg:#1d2330; --muted:#667085; --line:#e4e7ec; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; background: #f6f7f9; }
header { display:flex; flex-wrap: wrap; gap: 8px 16px; align-items:center; padding: 10px 20px; background:#111827; color:#fff; }
header h1 { font-size: 18px; margin: 0 12px 0 0; }
header a { color:#c7d2fe; }
header .spacer { flex: 1; }
header form { margin: 0; }
header input[type=search] { max-width: 100%; width: 16em; }
header .as-of { color: #d0d5dd; font-size: 12px; }
header label.pause { font-size: 12px; color:#d0d5dd; white-space: nowrap; }
header .refresh-state { font-size: 12px; color:#fca5a5; }
main { padding: 16px 20px; display:grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr)); gap: 16px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding: 12px 16px; overflow-x:auto; min-width: 0; }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 15px; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align:left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display:inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; color:#fff; background: var(--muted); white-space: nowrap; }
.error { color: var(--bad); white-space: pre-wrap; word-break: break-word; max-width: 60ch; }
td.error { min-width: 22ch; }
td.when { white-space: nowrap; }
.muted, .empty { color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
svg.chart { display:block; width: 100%; height: auto; }
svg.chart.gantt { min-width: 720px; }
svg.chart.per-hour { min-width: 560px; }
svg.chart.spark { display:inline-block; width: 7em; max-width: 100%; height: 1.8em; vertical-align: middle; }
svg.chart.share { display:inline-block; width: 6em; max-width: 100%; height: .9em; vertical-align: middle; }
svg text { font-size: 11px; fill: var(--fg); } svg text.axis { fill: var(--muted); } svg text.title { font-size: 11px; font-style: italic; }
svg .grid { stroke: var(--line); stroke-width: 1; } svg .grid.mid { stroke: #667085; }
svg .axis-line { stroke: #98a2b3; }
svg .hit { fill: transparent; }
svg g.gantt-row:hover .hit, svg g.hour:hover .hit { fill: rgba(17,24,39,.05); }
svg .line { stroke-width: 1.5; }
.key { display:inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-left: 8px; }
.legend { font-size: 12px; color: var(--muted); }
button { font: inherit; padding: 2px 10px; border-radius: 6px; border: 1px solid #98a2b3; background: #fff; cursor: pointer; }
button.retry { border-color: var(--bad); color: var(--bad); }
button:disabled { opacity: .6; cursor: default; }
.retry-status { margin-left: 6px; font-size: 12px; }
.no-retry { font-size: 12px; color: var(--muted); }
.problems { border: 1px solid var(--bad); background: #fef3f2; color: var(--bad); border-radius: 6px; padding: 6px 12px; margin: 0 0 8px; }
.problems ul { margin: 4px 0; padding-left: 18px; }
form.filters { display:flex; flex-wrap: wrap; gap: 6px 12px; align-items: end; margin: 0 0 8px; }
form.filters label { display:flex; flex-direction: column; font-size: 12px; color: var(--muted); }
form.filters input, form.filters select { font: inherit; padding: 2px 4px; max-width: 100%; }
nav.pager { display:flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 8px; }
nav.windows { display:flex; flex-wrap: wrap; gap: 4px 10px; margin: 0 0 8px; font-size: 13px; }
nav.windows a[aria-current] { font-weight: 700; color: var(--fg); text-decoration: none; }
tbody.group tr.group-head td { background: #f9fafb; border-top: 2px solid var(--line); }
tr.occurrence td:first-child { padding-left: 20px; }
.login { max-width: 420px; margin: 80px auto; background:#fff; border:1px solid var(--line); border-radius: 8px; padding: 24px; }
.login input { width: 100%; padding: 6px 8px; margin: 8px 0 12px; font: inherit; }
@media (max-width: 600px) { header { padding: 8px 10px; } main { padding: 8px; } section { padding: 8px 10px; } }
`);

const SCRIPT = trusted(`
(() => {
  let pendingRetries = 0;
  document.addEventListener('click', async (e) => {
    const b = e.target instanceof Element ? e.target.closest('button.retry') : null;
    if (!b || b.disabled) return;
    const out = b.parentElement.querySelector('.retry-status');
    b.disabled = true;
    b.textContent = 'Re-queuing…';
    pendingRetries++;
    try {
      const res = await fetch('/dashboard/runs/' + encodeURIComponent(b.dataset.run) + '/stages/' + encodeURIComponent(b.dataset.stage) + '/retry', {
        method: 'POST', credentials: 'same-origin', headers: { 'x-stellar-csrf': '1', accept: 'application/json' },
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error((body.error && body.error.message) || ('HTTP ' + res.status));
      b.textContent = 'Re-queued';
      b.classList.add('done');
      out.textContent = 'queued again' + (body.reset && body.reset.length ? ' (with ' + body.reset.join(', ') + ')' : '');
      const row = b.closest('tr');
      const badge = row && row.querySelector('.badge');
      if (badge) { badge.textContent = 'queued'; badge.className = 'badge s-queued'; }
    } catch (err) {
      b.disabled = false;
      b.textContent = 'Retry';
      out.textContent = 'not re-queued: ' + err.message;
    } finally {
      pendingRetries--;
    }
  });

  const body = document.body;
  const every = Number(body.dataset.refresh || 0);
  const jsonUrl = body.dataset.json;
  const asOf = document.getElementById('as-of');
  const state = document.getElementById('refresh-state');
  const pause = document.getElementById('refresh-pause');
  const KEY = 'stellar.dashboard.refreshPaused';
  const stats = { ticks: 0, fetches: 0, done: 0, redraws: 0, events: 0, live: false };
  window.stellarRefresh = stats;
  if (!jsonUrl || !(every > 0)) return;
  let paused = false;
  try { paused = localStorage.getItem(KEY) === '1'; } catch {}
  if (pause) {
    pause.checked = paused;
    pause.addEventListener('change', () => {
      paused = pause.checked;
      try { localStorage.setItem(KEY, paused ? '1' : '0'); } catch {}
      if (state) state.textContent = '';
    });
  }
  let busy = false;
  async function refresh() {
    busy = true;
    stats.fetches++;
    try {
      const res = await fetch(jsonUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const data = await res.json();
      for (const [id, html] of Object.entries(data.sections || {})) {
        const el = document.querySelector('[data-section="' + id + '"]');
        if (el && !el.querySelector('button.retry:disabled')) el.innerHTML = html;
      }
      if (asOf && data.asOf) { asOf.dateTime = data.asOf; asOf.textContent = 'as of ' + data.asOf.replace('T', ' ').replace(/\\.\\d+Z$/, 'Z'); }
      if (state) state.textContent = '';
      stats.redraws++;
    } catch (err) {
      if (state) state.textContent = 'refresh failed (' + err.message + '); retrying';
    } finally {
      busy = false;
      stats.done++;
    }
  }
  // Live: the GraphQL subscription runChanged over a WebSocket (graphql-transport-ws, the session
  // cookie authenticates the upgrade). While it is open, a run or stage change redraws the page
  // (at most one redraw per 300 ms) and the timer stops polling; when it closes or never opens
  // (GraphQL off, a proxy without WebSockets), the timer polls as before and it reconnects later.
  let live = false;
  let soon = null;
  function onChange() {
    stats.events++;
    if (paused || soon) return;
    soon = setTimeout(() => { soon = null; if (!busy && pendingRetries === 0) refresh(); }, 300);
  }
  function connect(attempt) {
    if (!('WebSocket' in window)) return;
    let ws;
    try { ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql', 'graphql-transport-ws'); } catch { return; }
    const m = /\/dashboard\/runs\/([0-9a-f-]{36})/.exec(jsonUrl);
    ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init' }));
    ws.onmessage = (e) => {
      let msg; try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: 'runs', type: 'subscribe', payload: { query: 'subscription ($runId: UUID) { runChanged(runId: $runId) { event runId status } }', variables: { runId: m ? m[1] : null } } }));
        live = true; stats.live = true; attempt = 0;
      } else if (msg.type === 'next') onChange();
      else if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
    };
    ws.onclose = () => {
      live = false; stats.live = false;
      setTimeout(() => connect(attempt + 1), Math.min(60000, 2000 * 2 ** Math.min(attempt, 5)));
    };
  }
  if (body.dataset.live !== '0') connect(0);
  setInterval(() => {
    stats.ticks++;
    if (live || paused || busy || document.hidden || pendingRetries > 0) return;
    refresh();
  }, every * 1000);
})();
`);

export interface PageOptions {
  graphiql: boolean;
  refreshSeconds: number;
  /** Redraw when a run changes (the GraphQL subscription over a WebSocket); default true. */
  live?: boolean;
  /** Alert channels configured (webhook, email): none means alerts are recorded only. */
  alertChannels?: readonly string[];
}

export interface LayoutOptions extends PageOptions {
  authed?: boolean;
  q?: string;
  /** When the data was read (shown as "as of"); now when absent. */
  asOf?: Date;
  /** The page's `?format=json` URL: with refreshSeconds > 0, the sections redraw from it. */
  jsonUrl?: string;
}

export function fmtTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function badge(status: string): Html {
  return h`<span class="badge s-${status}">${status}</span>`;
}

function shortId(id: string): string {
  return id.slice(0, 8);
}

/** The call page of a transcript (src/dashboard/callPage.ts). */
export function callHref(transcriptId: string): string {
  return `/dashboard/calls/${transcriptId}`;
}

export function layout(title: string, body: Html, opts: LayoutOptions): Html {
  const asOf = opts.asOf ?? new Date();
  const refreshing = opts.authed !== false && opts.refreshSeconds > 0 && !!opts.jsonUrl;
  return h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="icon" type="image/svg+xml" href="/favicon.svg"><style>${paletteCss()}${STYLE}</style></head>
<body data-refresh="${refreshing ? opts.refreshSeconds : 0}" data-json="${refreshing ? opts.jsonUrl : ''}" data-live="${opts.live === false ? '0' : '1'}">
<header><h1>Stellar</h1><nav class="top" aria-label="Dashboard pages" style="display:contents"><a href="/">Dashboard</a><a href="/dashboard/ask">Ask</a><a href="/dashboard/graph">Graph</a>${opts.graphiql ? h`<a href="/graphiql">GraphiQL</a>` : null}</nav>
${opts.authed === false ? null : h`<form class="search" method="get" action="/dashboard/search" role="search"><input type="search" name="q" value="${opts.q ?? ''}" placeholder="Search calls…" aria-label="Search calls"></form>`}
<span class="spacer"></span>
<time id="as-of" class="as-of" datetime="${asOf.toISOString()}">as of ${fmtTime(asOf)}</time>
${refreshing ? h`<label class="pause" title="Redraws this page's data without reloading: when a run changes (live), else every ${opts.refreshSeconds} s"><input type="checkbox" id="refresh-pause"> pause auto-refresh (every ${opts.refreshSeconds} s)</label><span id="refresh-state" class="refresh-state" role="status"></span>` : null}
${opts.authed === false ? null : h`<form method="post" action="/dashboard/logout"><button type="submit">Log out</button></form>`}
</header>
${body}
<script>${SCRIPT}</script>
</body></html>`;
}

function retryButton(runId: string, stage: string): Html {
  return h`<button type="button" class="retry" data-run="${runId}" data-stage="${stage}">Retry</button><span class="retry-status" role="status"></span>`;
}

function noRetry(): Html {
  return h`<span class="no-retry" title="The error is permanent: a retry would fail the same way. Fix the input or the code, then reprocess.">permanent — no retry</span>`;
}

function problemsBox(problems: readonly QueryProblem[]): Html {
  if (problems.length === 0) return h``;
  return h`<div class="problems" role="alert"><b>Some filters were not understood and are ignored:</b><ul>${problems.map((p) => h`<li data-field="${p.field}">${p.message}</li>`)}</ul></div>`;
}

function runsFilterForm(q: DashboardQuery): Html {
  const r = q.runs;
  const sel = (name: string, values: readonly string[], chosen: readonly string[]) =>
    h`<select name="${name}" id="f-${name}"><option value="">any</option>${values.map((v) => h`<option value="${v}"${trusted(chosen.length === 1 && chosen[0] === v ? ' selected' : '')}>${v}</option>`)}</select>`;
  return h`<form class="filters" method="get" action="/" aria-label="Filter runs">
    <label>Status ${sel('status', RUN_STATUSES, r.status)}</label>
    <label>Trigger ${sel('trigger', RUN_TRIGGERS, r.trigger)}</label>
    <label>Account <input type="text" name="account" id="f-account" value="${r.account ?? ''}" maxlength="200" size="14"></label>
    <label>From <input type="date" name="from" id="f-from" value="${r.fromText && /^\d{4}-\d\d-\d\d$/.test(r.fromText) ? r.fromText : ''}"></label>
    <label>To <input type="date" name="to" id="f-to" value="${r.toText && /^\d{4}-\d\d-\d\d$/.test(r.toText) ? r.toText : ''}"></label>
    ${q.window !== '24h' ? h`<input type="hidden" name="window" value="${q.window}">` : null}
    <button type="submit">Filter</button> <a href="${overviewHref({ ...q, runs: { ...r, status: [], trigger: [], account: null, fromText: null, toText: null } })}">clear</a>
  </form>`;
}

function runsTable(page: RunsPage, q: DashboardQuery): Html {
  const filtered = q.runs.status.length || q.runs.trigger.length || q.runs.account || q.runs.from || q.runs.to;
  const pager = h`<nav class="pager" aria-label="Pages of runs">
    ${page.prev ? h`<a rel="prev" class="prev" href="${overviewHref(q, { after: page.prev })}">← newer</a>` : h`<span class="muted">← newer</span>`}
    ${page.next ? h`<a rel="next" class="next" href="${overviewHref(q, { before: page.next })}">older →</a>` : h`<span class="muted">older →</span>`}
    <span class="muted">${page.rows.length} run${page.rows.length === 1 ? '' : 's'} on this page</span></nav>`;
  if (page.rows.length === 0) return h`<p class="empty">${filtered ? 'No run matches these filters.' : 'No runs yet.'}</p>${page.prev ? pager : null}`;
  return h`<table class="runs"><thead><tr><th>Run</th><th>Call</th><th>Account</th><th>Trigger</th><th>Status</th><th class="num">Stages</th><th>Created</th><th class="num">Duration</th></tr></thead><tbody>
  ${page.rows.map((r) => {
    const dur = r.finished_at ? r.finished_at.getTime() - (r.started_at ?? r.created_at).getTime() : null;
    return h`<tr data-run="${r.id}" data-transcript="${r.transcript_id}"><td><a class="mono run-link" href="/dashboard/runs/${r.id}">${shortId(r.id)}</a></td><td><a class="call-link" href="${callHref(r.transcript_id)}">${r.file_name}</a></td><td>${r.account ?? h`<span class="muted">—</span>`}</td><td>${r.trigger}</td><td>${badge(r.status)}</td>
      <td class="num">${r.stages_done}/${r.stages_total}${r.stages_failed ? h` <span class="error">(${r.stages_failed} failed)</span>` : null}</td><td class="when">${fmtTime(r.created_at)}</td><td class="num">${dur === null ? '—' : formatMs(dur)}</td></tr>`;
  })}
  </tbody></table>${pager}`;
}

function windowLinks(q: DashboardQuery): Html {
  return h`<nav class="windows" aria-label="Failures time window">Window: ${(Object.keys(FAILURE_WINDOWS) as FailureWindow[]).map((w) =>
    w === q.window ? h`<a href="${overviewHref(q, { window: w })}" aria-current="true" data-window="${w}">last ${w}</a>` : h`<a href="${overviewHref(q, { window: w })}" data-window="${w}">last ${w}</a>`,
  )}</nav>`;
}

function failureGroupRows(g: FailureGroup): Html {
  const kind = g.permanent === true ? 'permanent' : g.permanent === false ? 'temporary' : 'unknown';
  const kindLabel = g.permanent === true ? 'permanent' : g.permanent === false ? 'retries ran out' : 'not classified';
  return h`<tbody class="group" data-stage="${g.stage}" data-kind="${kind}" data-count="${g.count}">
    <tr class="group-head"><td class="mono">${g.stage}</td><td class="error">${g.error ?? '(no message)'}</td><td><span class="kind kind-${kind}">${kindLabel}</span></td><td class="num count">${g.count}</td><td class="when">${fmtTime(g.last_at)}${g.count > 1 ? h`<div class="muted">first ${fmtTime(g.first_at)}</div>` : null}</td><td></td></tr>
    ${g.occurrences.map(
      (f) => h`<tr class="occurrence" data-run="${f.run_id}" data-stage="${f.stage}"><td><a class="mono" href="/dashboard/runs/${f.run_id}">${shortId(f.run_id)}</a></td><td><a href="${callHref(f.transcript_id)}">${f.file_name}</a></td><td>${badge('failed')}</td><td class="num muted">attempt ${f.attempt}</td><td class="when">${fmtTime(f.finished_at)}</td><td>${f.permanent === true ? noRetry() : retryButton(f.run_id, f.stage)}</td></tr>`,
    )}
    ${g.count > g.occurrences.length ? h`<tr class="more"><td></td><td colspan="5" class="muted">and ${g.count - g.occurrences.length} more</td></tr>` : null}
  </tbody>`;
}

function failuresTable(f: FailuresData): Html {
  if (f.groups.length === 0) return h`<p class="empty">No failed stage in the last ${f.window}.</p>`;
  return h`<p class="muted">${f.total} failed stage${f.total === 1 ? '' : 's'} in the last ${f.window} (${fmtTime(f.since)} – now), in ${f.groups.length} group${f.groups.length === 1 ? '' : 's'} by stage and error.</p>
  <table class="failures"><thead><tr><th>Stage / run</th><th>Error / call</th><th>Kind</th><th class="num">Count</th><th>Last failed</th><th></th></tr></thead>
  ${f.groups.map(failureGroupRows)}
  </table>`;
}

function queueTable(queue: readonly QueueRow[]): Html {
  if (queue.length === 0) return h`<p class="empty">The queue is empty.</p>`;
  return h`<table class="queue"><thead><tr><th>Task</th><th class="num">Waiting</th><th class="num">Scheduled</th><th class="num">Running</th><th class="num">Failed</th><th>Next run</th></tr></thead><tbody>
  ${queue.map(
    (q) => h`<tr data-task="${q.task_identifier}"><td class="mono">${q.task_identifier}</td><td class="num">${q.waiting}</td><td class="num">${q.scheduled}</td><td class="num">${q.running}</td><td class="num">${q.failed}</td><td>${fmtTime(q.next_run_at)}</td></tr>`,
  )}
  </tbody></table>`;
}

function statsTable(stats: readonly StageStatRow[]): Html {
  if (stats.length === 0) return h`<p class="empty">No stage ended in the last 24 hours.</p>`;
  return h`<table class="stats"><thead><tr><th>Stage</th><th class="num">Ended</th><th class="num">Failed</th><th class="num">Skipped</th><th class="num">p50</th><th class="num">p95</th><th class="num">p50 wait</th></tr></thead><tbody>
  ${stats.map(
    (s) => h`<tr><td class="mono">${s.stage}</td><td class="num">${s.total}</td><td class="num">${s.failed}</td><td class="num">${s.skipped}</td><td class="num">${formatMs(s.p50_duration_ms)}</td><td class="num">${formatMs(s.p95_duration_ms)}</td><td class="num">${formatMs(s.p50_queue_wait_ms)}</td></tr>`,
  )}
  </tbody></table>`;
}

function alertsTable(alerts: readonly AlertRow[], channels: readonly string[] | undefined): Html {
  const notice = channels && channels.length === 0 ? h`<p class="muted">No alert channel is configured (ALERT_WEBHOOK_URL, SMTP_URL + ALERT_EMAIL_TO): alerts are recorded, not sent.</p>` : null;
  if (alerts.length === 0) return h`${notice}<p class="empty">No alerts.</p>`;
  return h`${notice}<table class="alerts"><thead><tr><th>When</th><th>What</th><th>Error</th><th>Sent</th></tr></thead><tbody>
  ${alerts.map(
    (a) => h`<tr><td class="when">${fmtTime(a.created_at)}</td><td>${a.kind === 'stage_failed' ? `stage ${a.stage}` : 'run failed'}${a.run_id ? h` · <a class="mono" href="/dashboard/runs/${a.run_id}">${shortId(a.run_id)}</a>` : null}</td><td class="error">${a.error ?? ''}</td><td class="when">${a.sent_at ? fmtTime(a.sent_at) : h`<span class="muted">${channels && channels.length === 0 ? 'no channel' : 'not yet'}</span>`}</td></tr>`,
  )}
  </tbody></table>`;
}

const DASH = h`<span class="muted">—</span>`;
const num = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? DASH : h`${digits ? v.toFixed(digits) : String(v)}`);
const pct = (v: number) => `${Math.round(v * 100)} %`;

function weeklySection(weekly: WeeklyData | null): Html {
  if (weekly === null) return h`<p class="empty">Weekly reports are not set up on this database yet.</p>`;
  if (weekly.reps.length === 0) return h`<p class="empty">No weekly report yet.</p>`;
  const latestWeek = weekly.weeks[weekly.weeks.length - 1];
  const series = (history: ReadonlyArray<RepWeekMetrics | null>, get: (m: RepWeekMetrics) => number | null) =>
    history.map((m, i) => ({ label: `week of ${weekly.weeks[i]}`, value: m ? get(m) : null }));
  const cell = (history: ReadonlyArray<RepWeekMetrics | null>, what: string, get: (m: RepWeekMetrics) => number | null, fmt: (v: number) => string, state = 'running') => {
    const last = history[history.length - 1];
    const v = last ? get(last) : null;
    return h`<td class="num" data-metric="${what}"><span class="v">${v === null ? DASH : fmt(v)}</span> ${history.length > 1 ? sparklineSvg(series(history, get), { what, format: fmt, state }) : null}</td>`;
  };
  const list = (items: ReadonlyArray<{ label: string; n: number }>) => (items.length === 0 ? DASH : h`${items.slice(0, 3).map((x, i) => h`${i ? ', ' : ''}${x.label} ×${x.n}`)}`);
  return h`<p class="muted">Week of ${latestWeek}${weekly.weeks.length > 1 ? ` · small charts: the last ${weekly.weeks.length} weeks (${weekly.weeks[0]} to ${latestWeek}), hover for values` : ''} · — means no data (e.g. no coached call)</p>
  <table class="weekly"><thead><tr><th>Rep</th><th class="num">Calls</th><th class="num">Coached</th><th>Seller talk share</th><th class="num">Questions / call</th><th class="num">Next steps set</th><th class="num">Stage failures</th><th>Top objections</th><th>Competitors</th></tr></thead><tbody>
  ${weekly.reps.map(({ rep, latest, history }) => {
    const m = latest;
    return h`<tr data-rep="${rep}"><td>${rep}</td>
      ${cell(history, 'calls', (x) => x.calls, String)}
      ${cell(history, 'coached calls', (x) => x.coachedCalls, String)}
      <td data-metric="seller talk share">${m && m.meanTalkRatio !== null ? h`${shareBarSvg(m.meanTalkRatio, 'seller talk share')} <span class="v">${pct(m.meanTalkRatio)}</span>` : DASH}
        ${history.length > 1 ? sparklineSvg(series(history, (x) => x.meanTalkRatio), { what: 'seller talk share', format: pct }) : null}</td>
      ${cell(history, 'questions per call', (x) => x.questionsPerCall, (v) => v.toFixed(1))}
      ${cell(history, 'next steps set', (x) => x.nextStepsSet, String, 'succeeded')}
      ${cell(history, 'stage failures', (x) => x.stageFailures?.total ?? null, String, 'failed')}
      <td>${m ? list((m.topObjections ?? []).map((o) => ({ label: o.type, n: o.count }))) : DASH}</td>
      <td>${m ? list((m.competitors ?? []).map((c) => ({ label: c.name, n: c.calls }))) : DASH}</td></tr>`;
  })}
  </tbody></table>`;
}

function stagesTable(runId: string, stages: readonly StageRow[]): Html {
  return h`<table class="stages"><thead><tr><th>Stage</th><th>Status</th><th class="num">Attempt</th><th>Queued</th><th class="num">Wait</th><th class="num">Ran</th><th>Model</th><th>Error</th><th></th></tr></thead><tbody>
  ${stages.map((s) => {
    const wait = s.started_at ? s.started_at.getTime() - s.queued_at.getTime() : null;
    return h`<tr data-stage="${s.stage}"><td class="mono">${s.stage}</td><td>${badge(s.status)}</td><td class="num">${s.attempt}</td><td class="when">${fmtTime(s.queued_at)}</td>
      <td class="num">${formatMs(wait)}</td><td class="num">${formatMs(s.duration_ms)}</td><td class="muted">${s.provider ? `${s.provider}/${s.model ?? ''}` : ''}</td>
      <td class="error">${s.error ?? ''}</td><td>${s.status === 'failed' ? (s.permanent === true ? noRetry() : retryButton(runId, s.stage)) : null}</td></tr>`;
  })}
  </tbody></table>`;
}

function runHeader(run: RunRow): Html {
  return h`<p><a class="mono" href="/dashboard/runs/${run.id}">${run.id}</a> · <a class="call-link" href="${callHref(run.transcript_id)}">${run.file_name ?? 'call'}</a> · trigger <b>${run.trigger}</b> · ${badge(run.status)}
    · created ${fmtTime(run.created_at)}${run.finished_at ? ` · finished ${fmtTime(run.finished_at)}` : ''}</p>
    ${run.error ? h`<p class="error">${run.error}</p>` : null}`;
}

/** A titled section whose body (`data-section`) the refresh redraws; `fixed` stays (forms). */
function section(id: string, title: string | Html, content: Html, opts: { wide?: boolean; fixed?: Html } = {}): Html {
  return h`<section${trusted(opts.wide ? ' class="wide"' : '')} id="${id}"><h2>${title}</h2>${opts.fixed ?? null}<div class="section-body" data-section="${id}">${content}</div></section>`;
}

/** The overview's redrawable sections, by id (the page and its JSON share them). */
export function dashboardSections(data: DashboardData, q: DashboardQuery, opts: PageOptions): Record<string, Html> {
  return {
    'per-hour': runsPerHourSvg(data.hours),
    failures: failuresTable(data.failures),
    queue: queueTable(data.queue),
    runs: runsTable(data.runs, q),
    timeline: data.latest ? h`${runHeader(data.latest.run)}${ganttSvg(data.latest.stages, data.now)}` : h`<p class="empty">No runs yet.</p>`,
    stats: statsTable(data.stats),
    alerts: alertsTable(data.alerts, opts.alertChannels),
    weekly: weeklySection(data.weekly),
  };
}

export function dashboardPage(data: DashboardData, q: DashboardQuery, opts: PageOptions): Html {
  const s = dashboardSections(data, q, opts);
  const windowProblems = q.problems.filter((p) => p.field === 'window');
  const runProblems = q.problems.filter((p) => p.field !== 'window');
  const body = h`<main>
  ${section('per-hour', 'Runs per hour (last 24 h)', s['per-hour'], { wide: true })}
  ${section('failures', 'Failures by stage and error', s.failures, { wide: true, fixed: h`${problemsBox(windowProblems)}${windowLinks(q)}` })}
  ${section('queue', 'Queue depth by task', s.queue)}
  ${section('runs', 'Recent runs', s.runs, { wide: true, fixed: h`${problemsBox(runProblems)}${runsFilterForm(q)}` })}
  ${section('timeline', 'Latest run: stage timeline', s.timeline, { wide: true })}
  ${section('stats', 'Stages, last 24 h', s.stats)}
  ${section('alerts', 'Recent alerts', s.alerts)}
  ${section('weekly', 'Weekly report by rep', s.weekly, { wide: true })}
  </main>`;
  // The refresh reads the page being shown: same filters, same page of runs.
  const jsonUrl = overviewHref(q, { format: 'json', before: q.runs.before && encodeCursor(q.runs.before), after: q.runs.after && encodeCursor(q.runs.after) });
  return layout('Stellar — pipeline dashboard', body, { ...opts, asOf: data.now, jsonUrl });
}

export function runSections(run: RunRow, stages: readonly StageRow[], now: Date): Record<string, Html> {
  return { run: runHeader(run), timeline: ganttSvg(stages, now), stages: stagesTable(run.id, stages) };
}

export function runPage(run: RunRow, stages: readonly StageRow[], now: Date, opts: PageOptions): Html {
  const s = runSections(run, stages, now);
  const body = h`<main>
  ${section('run', `Run ${shortId(run.id)}`, s.run, { wide: true })}
  ${section('timeline', 'Stage timeline', s.timeline, { wide: true })}
  ${section('stages', 'Stages', s.stages, { wide: true })}
  </main>`;
  return layout(`Stellar — run ${shortId(run.id)}`, body, { ...opts, asOf: now, jsonUrl: `/dashboard/runs/${run.id}?format=json` });
}

/** Sections as HTML strings, for the JSON the refresh redraws from. */
export function sectionsJson(sections: Record<string, Html>): Record<string, string> {
  return Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, v.value]));
}

export function loginPage(opts: { next: string; error?: string; noTokens?: boolean }): Html {
  const body = h`<form class="login" method="post" action="/dashboard/login">
    <h2>Stellar dashboard</h2>
    <p class="muted">Log in with one of the API tokens (STELLAR_API_TOKENS). The page keeps a session cookie (HttpOnly), not the token.</p>
    ${opts.noTokens ? h`<p class="error">No API token is configured on this server (STELLAR_API_TOKENS): nobody can log in.</p>` : null}
    ${opts.error ? h`<p class="error" role="alert">${opts.error}</p>` : null}
    <label for="token">API token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
    <input type="hidden" name="next" value="${opts.next}">
    <button type="submit">Log in</button>
  </form>`;
  return layout('Stellar — log in', body, { graphiql: false, refreshSeconds: 0, authed: false });
}
