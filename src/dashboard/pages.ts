/**
 * The dashboard's pages, rendered on the server as plain HTML (no front-end
 * build): the overview (GET /), one run (GET /dashboard/runs/:id) and the
 * log-in form. A little vanilla JS handles the retry buttons (a POST with
 * the session cookie and the CSRF header) and the optional auto-refresh.
 */
import { ganttSvg, formatMs, runsPerHourSvg } from './charts.ts';
import type { AlertRow, DashboardData, FailureRow, QueueRow, RunRow, StageRow, StageStatRow, WeeklyRow } from './data.ts';
import { h, trusted, type Html } from './html.ts';

const STYLE = trusted(`
:root { --ok:#2e7d32; --warn:#ef8f00; --bad:#c62828; --run:#1565c0; --wait:#b8bec6; --fg:#1d2330; --muted:#667085; --line:#e4e7ec; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; background: #f6f7f9; }
header { display:flex; gap:16px; align-items:center; padding: 10px 20px; background:#111827; color:#fff; }
header h1 { font-size: 18px; margin: 0 12px 0 0; }
header a { color:#c7d2fe; }
header .spacer { flex: 1; }
header form { margin: 0; }
main { padding: 16px 20px; display:grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding: 12px 16px; overflow-x:auto; }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 15px; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align:left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display:inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; color:#fff; background: var(--muted); }
.badge.s-succeeded { background: var(--ok); } .badge.s-failed { background: var(--bad); } .badge.s-partial { background: var(--warn); }
.badge.s-running, .badge.s-retrying { background: var(--run); } .badge.s-queued { background: #7a8699; } .badge.s-skipped { background: #98a2b3; }
.error { color: var(--bad); white-space: pre-wrap; word-break: break-word; max-width: 60ch; }
td.error { min-width: 22ch; }
td.when { white-space: nowrap; }
.muted, .empty { color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
svg text { font-size: 11px; fill: var(--fg); } svg text.axis { fill: var(--muted); }
svg .tick { stroke: var(--line); }
svg .bar.wait, .key.wait { fill: var(--wait); background: var(--wait); }
svg .s-succeeded, .key.s-succeeded { fill: var(--ok); background: var(--ok); }
svg .s-failed, .key.s-failed { fill: var(--bad); background: var(--bad); }
svg .s-partial, .key.s-partial, svg .s-skipped { fill: var(--warn); background: var(--warn); }
svg .s-running, svg .s-retrying, svg .s-queued, .key.s-running { fill: var(--run); background: var(--run); }
svg .hit { fill: transparent; }
.key { display:inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-left: 8px; }
button { font: inherit; padding: 2px 10px; border-radius: 6px; border: 1px solid #98a2b3; background: #fff; cursor: pointer; }
button.retry { border-color: var(--bad); color: var(--bad); }
button:disabled { opacity: .6; cursor: default; }
.retry-status { margin-left: 6px; font-size: 12px; }
.login { max-width: 420px; margin: 80px auto; background:#fff; border:1px solid var(--line); border-radius: 8px; padding: 24px; }
.login input { width: 100%; padding: 6px 8px; margin: 8px 0 12px; font: inherit; }
`);

const SCRIPT = trusted(`
(() => {
  for (const b of document.querySelectorAll('button.retry')) {
    b.addEventListener('click', async () => {
      const out = b.parentElement.querySelector('.retry-status');
      b.disabled = true;
      b.textContent = 'Re-queuing…';
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
      }
    });
  }
  const refresh = Number(document.body.dataset.refresh || 0);
  if (refresh > 0) {
    setInterval(() => {
      if (!document.hidden && !document.querySelector('button.retry:disabled')) location.reload();
    }, refresh * 1000);
  }
})();
`);

export interface PageOptions {
  graphiql: boolean;
  refreshSeconds: number;
  /** Alert channels configured (webhook, email): none means alerts are recorded only. */
  alertChannels?: readonly string[];
}

function fmtTime(d: Date | null | undefined): string {
  if (!d) return '–';
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function badge(status: string): Html {
  return h`<span class="badge s-${status}">${status}</span>`;
}

function shortId(id: string): string {
  return id.slice(0, 8);
}

export function layout(title: string, body: Html, opts: PageOptions & { authed?: boolean; q?: string }): Html {
  return h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body data-refresh="${opts.refreshSeconds}">
<header><h1>Stellar</h1><a href="/">Dashboard</a><a href="/dashboard/ask">Ask</a><a href="/dashboard/graph">Graph</a>${opts.graphiql ? h`<a href="/graphiql">GraphiQL</a>` : null}
${opts.authed === false ? null : h`<form class="search" method="get" action="/dashboard/search" role="search"><input type="search" name="q" value="${opts.q ?? ''}" placeholder="Search calls…" aria-label="Search calls"></form>`}
<span class="spacer"></span>
${opts.authed === false ? null : h`<span class="muted">${opts.refreshSeconds > 0 ? `refreshes every ${opts.refreshSeconds} s` : 'no auto-refresh'}</span><form method="post" action="/dashboard/logout"><button type="submit">Log out</button></form>`}
</header>
${body}
<script>${SCRIPT}</script>
</body></html>`;
}

function retryButton(runId: string, stage: string): Html {
  return h`<button type="button" class="retry" data-run="${runId}" data-stage="${stage}">Retry</button><span class="retry-status" role="status"></span>`;
}

function runsTable(runs: readonly RunRow[]): Html {
  if (runs.length === 0) return h`<p class="empty">No runs yet.</p>`;
  return h`<table class="runs"><thead><tr><th>Run</th><th>File</th><th>Trigger</th><th>Status</th><th class="num">Stages</th><th>Created</th><th class="num">Duration</th></tr></thead><tbody>
  ${runs.map((r) => {
    const dur = r.finished_at ? r.finished_at.getTime() - (r.started_at ?? r.created_at).getTime() : null;
    return h`<tr data-run="${r.id}"><td><a class="mono" href="/dashboard/runs/${r.id}">${shortId(r.id)}</a></td><td><a class="call-link" href="/dashboard/calls/${r.transcript_id}">${r.file_name ?? '–'}</a></td><td>${r.trigger}</td><td>${badge(r.status)}</td>
      <td class="num">${r.stages_done}/${r.stages_total}${r.stages_failed ? h` <span class="error">(${r.stages_failed} failed)</span>` : null}</td><td class="when">${fmtTime(r.created_at)}</td><td class="num">${dur === null ? '–' : formatMs(dur)}</td></tr>`;
  })}
  </tbody></table>`;
}

function failuresTable(failures: readonly FailureRow[]): Html {
  if (failures.length === 0) return h`<p class="empty">No failed stages.</p>`;
  return h`<table class="failures"><thead><tr><th>Run</th><th>Stage</th><th>Status</th><th>Error</th><th>Failed at</th><th></th></tr></thead><tbody>
  ${failures.map(
    (f) => h`<tr data-run="${f.run_id}" data-stage="${f.stage}"><td><a class="mono" href="/dashboard/runs/${f.run_id}">${shortId(f.run_id)}</a><div class="muted">${f.file_name ?? ''}</div></td>
      <td>${f.stage}</td><td>${badge('failed')}</td><td class="error">${f.error ?? ''}</td><td class="when">${fmtTime(f.finished_at)}<div class="muted">attempt ${f.attempt}</div></td><td>${retryButton(f.run_id, f.stage)}</td></tr>`,
  )}
  </tbody></table>`;
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

/** A metrics object as a short "key: value" list (numbers rounded). */
function metricsSummary(metrics: object): string {
  return Object.entries(metrics)
    .filter(([, v]) => v === null || ['number', 'string', 'boolean'].includes(typeof v))
    .slice(0, 8)
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(2)) : v}`)
    .join(' · ');
}

function weeklySection(weekly: readonly WeeklyRow[] | null): Html {
  if (weekly === null) return h`<p class="empty">Weekly reports are not set up on this database yet.</p>`;
  if (weekly.length === 0) return h`<p class="empty">No weekly report yet.</p>`;
  return h`<p class="muted">Week of ${weekly[0].week_start}</p><table class="weekly"><thead><tr><th>Rep</th><th>Metrics</th></tr></thead><tbody>
  ${weekly.map((w) => h`<tr><td>${w.rep}</td><td>${metricsSummary(w.metrics)}</td></tr>`)}
  </tbody></table>`;
}

function stagesTable(runId: string, stages: readonly StageRow[]): Html {
  return h`<table class="stages"><thead><tr><th>Stage</th><th>Status</th><th class="num">Attempt</th><th>Queued</th><th class="num">Wait</th><th class="num">Ran</th><th>Model</th><th>Error</th><th></th></tr></thead><tbody>
  ${stages.map((s) => {
    const wait = s.started_at ? s.started_at.getTime() - s.queued_at.getTime() : null;
    return h`<tr data-stage="${s.stage}"><td class="mono">${s.stage}</td><td>${badge(s.status)}</td><td class="num">${s.attempt}</td><td>${fmtTime(s.queued_at)}</td>
      <td class="num">${formatMs(wait)}</td><td class="num">${formatMs(s.duration_ms)}</td><td class="muted">${s.provider ? `${s.provider}/${s.model ?? ''}` : ''}</td>
      <td class="error">${s.error ?? ''}</td><td>${s.status === 'failed' ? retryButton(runId, s.stage) : null}</td></tr>`;
  })}
  </tbody></table>`;
}

function runHeader(run: RunRow): Html {
  return h`<p><a class="mono" href="/dashboard/runs/${run.id}">${run.id}</a> · <a class="call-link" href="/dashboard/calls/${run.transcript_id}">${run.file_name ?? 'call'}</a> · trigger <b>${run.trigger}</b> · ${badge(run.status)}
    · created ${fmtTime(run.created_at)}${run.finished_at ? ` · finished ${fmtTime(run.finished_at)}` : ''}</p>
    ${run.error ? h`<p class="error">${run.error}</p>` : null}`;
}

export function dashboardPage(data: DashboardData, opts: PageOptions): Html {
  const body = h`<main>
  <section class="wide" id="per-hour"><h2>Runs per hour (last 24 h)</h2>${runsPerHourSvg(data.hours)}</section>
  <section id="failures"><h2>Failures</h2>${failuresTable(data.failures)}</section>
  <section id="queue"><h2>Queue depth by task</h2>${queueTable(data.queue)}</section>
  <section class="wide" id="runs"><h2>Recent runs</h2>${runsTable(data.runs)}</section>
  <section class="wide" id="timeline"><h2>Latest run: stage timeline</h2>${data.latest ? h`${runHeader(data.latest.run)}${ganttSvg(data.latest.stages, data.now)}` : h`<p class="empty">No runs yet.</p>`}</section>
  <section id="stats"><h2>Stages, last 24 h</h2>${statsTable(data.stats)}</section>
  <section id="alerts"><h2>Recent alerts</h2>${alertsTable(data.alerts, opts.alertChannels)}</section>
  <section class="wide" id="weekly"><h2>Latest weekly report</h2>${weeklySection(data.weekly)}</section>
  </main>`;
  return layout('Stellar — pipeline dashboard', body, opts);
}

export function runPage(run: RunRow, stages: readonly StageRow[], now: Date, opts: PageOptions): Html {
  const body = h`<main>
  <section class="wide" id="run"><h2>Run ${shortId(run.id)}</h2>${runHeader(run)}</section>
  <section class="wide" id="timeline"><h2>Stage timeline</h2>${ganttSvg(stages, now)}</section>
  <section class="wide" id="stages"><h2>Stages</h2>${stagesTable(run.id, stages)}</section>
  </main>`;
  return layout(`Stellar — run ${shortId(run.id)}`, body, opts);
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
