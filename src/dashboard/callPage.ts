/**
 * The call page (GET /dashboard/calls/:transcriptId) for reps and managers:
 * the call type, the deal facts (participants by side, companies, amounts,
 * timeline, competitors, objections with quotes, next steps), the follow-up
 * e-mail and social post with copy buttons, the coaching report as charts
 * (coachingCharts.ts), and every stored version of each output one click away
 * (`?structure=1`, `?draft_email=2`, …; the current one by default, saying
 * which version and run it came from). Non-sales calls (internal, earnings,
 * other) show no seller/buyer sides or deal facts.
 * Owns: that markup and its small copy script. Must not: read the database (callData.ts composes).
 */
import { NON_SALES_CALL_TYPES, type CallFacts, type CallType, type Participant } from '../agents/types.ts';
import type { Side } from '../agents/coaching/metrics.ts';
import type { CallPageData, CallOutputStage, OutputVersion, StageOutput } from './callData.ts';
import { CHART_STYLE, coachingBullets, questionsSvg, speakerTimelineSvg, talkShareSvg } from './coachingCharts.ts';
import { h, trusted, type Html } from './html.ts';
import { layout, type PageOptions } from './pages.ts';

export const CALL_STYLE = trusted(`
header { flex-wrap: wrap; row-gap: 6px; }
main.callpage { display:block; padding: 16px 20px; max-width: 1180px; }
main.callpage section { margin-bottom: 16px; min-width: 0; }
main.callpage .cols { display:grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr)); gap: 16px; }
main.callpage .cols > section { margin-bottom: 0; }
.calltype { display:inline-block; font-size: 15px; font-weight: 600; padding: 2px 12px; border-radius: 14px; background:#e0e7ff; color:#1e3a8a; margin-right: 8px; }
.calltype.nonsales { background:#f1f5f9; color:#334155; }
h1.callname { font-size: 20px; margin: 0 0 6px; overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0 0 6px; overflow-wrap: anywhere; }
.meta b { color: var(--fg); font-weight: 600; }
nav.versions { font-size: 12px; color: var(--muted); margin: 0 0 8px; overflow-wrap: anywhere; }
nav.versions a, nav.versions b { margin-right: 6px; }
nav.versions b { color: var(--fg); }
.chips { display:flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0; list-style: none; }
.chips li { background:#fef3c7; border-radius: 12px; padding: 1px 10px; }
blockquote { margin: 4px 0 8px; padding: 4px 10px; border-left: 3px solid var(--line); color: #344054; overflow-wrap: anywhere; }
pre.draft { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; background:#f9fafb; border:1px solid var(--line); border-radius:6px; padding: 10px 12px; margin: 6px 0; }
.copyrow { display:flex; gap: 8px; align-items: center; flex-wrap: wrap; }
button.copy[data-copied="1"] { border-color: var(--ok); color: var(--ok); }
.feedback li { margin-bottom: 4px; }
.feedback .k-strength::before { content: '✓ '; color: var(--ok); }
.feedback .k-improvement::before { content: '▲ '; color: var(--bad); }
.feedback .k-info::before { content: 'i '; color: var(--muted); font-style: italic; }
.side-h { margin: 10px 0 4px; font-size: 13px; }
td, th { overflow-wrap: break-word; }
table.amounts td:first-child, table.amounts td.num { white-space: nowrap; }
.notice { background:#f8fafc; border:1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
`);

const COPY_SCRIPT = trusted(`
(() => {
  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
    } catch (e) { /* fall back below */ }
    const ta = document.createElement('textarea');
    ta.value = text; ta.setAttribute('readonly', ''); ta.style.position = 'fixed'; ta.style.top = '0'; ta.style.left = '0'; ta.style.opacity = '0';
    document.body.appendChild(ta); ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    ta.remove();
    return ok;
  }
  for (const b of document.querySelectorAll('button.copy')) {
    b.addEventListener('click', async () => {
      const el = document.getElementById(b.dataset.target);
      const text = (b.dataset.prefix || '') + (el ? el.textContent : '');
      const out = b.parentElement.querySelector('.copy-status');
      const ok = await copyText(text);
      b.dataset.copied = ok ? '1' : '0';
      b.textContent = ok ? 'Copied' : 'Copy';
      if (out) out.textContent = ok ? 'copied to the clipboard' : 'could not copy: select the text and copy it';
    });
  }
})();
`);

const STAGE_LABEL: Record<CallOutputStage, string> = {
  parse: 'turns',
  structure: 'facts',
  draft_email: 'e-mail',
  draft_social: 'social post',
  coach_call: 'coaching',
};

function fmtTime(d: Date | null | undefined): string {
  if (!d) return '–';
  return new Date(d).toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
const fmtDay = (d: Date | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : '–');
const shortId = (id: string) => id.slice(0, 8);

export function accountHref(account: string): string {
  return `/dashboard/accounts/${encodeURIComponent(account)}`;
}
export function callHref(transcriptId: string, selection: Partial<Record<CallOutputStage, number>> = {}): string {
  const q = new URLSearchParams(Object.entries(selection).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `/dashboard/calls/${encodeURIComponent(transcriptId)}${q ? `?${q}` : ''}`;
}

export function isSalesCallType(t: CallType | null | undefined): boolean {
  return !t || !NON_SALES_CALL_TYPES.includes(t);
}

/** "v2 of 3 (current) · run 1a2b3c4d (reprocess) · finished … · builtin/… agent x" */
function versionNav(data: CallPageData, out: StageOutput<unknown>): Html {
  const { versions, selected, stage } = out;
  if (versions.length === 0) return h``;
  const link = (v: OutputVersion) => {
    const sel = { ...data.selection };
    if (v.current) delete sel[stage];
    else sel[stage] = v.n;
    return callHref(data.call.id, sel);
  };
  const items = versions.map((v) =>
    v === selected
      ? h`<b aria-current="true" data-version="${v.n}">v${v.n}${v.current ? ' (current)' : ''}</b>`
      : h`<a class="version" data-stage="${stage}" data-version="${v.n}" href="${link(v)}">v${v.n}${v.current ? ' (current)' : ''}</a>`,
  );
  const s = selected!;
  return h`<nav class="versions" data-stage="${stage}" aria-label="Versions of the ${STAGE_LABEL[stage]}">
    ${versions.length > 1 ? h`Versions: ${items} · ` : null}Showing v${s.n} of ${versions.length}${s.current ? ' (current)' : ' (older version)'} · from run <a class="mono" href="/dashboard/runs/${s.runId}">${shortId(s.runId)}</a>
    (${s.trigger}) · finished ${fmtTime(s.finishedAt)}${s.agentVersion ? ` · ${s.agentVersion}` : ''}${s.model ? ` · ${s.provider ?? ''}/${s.model}` : ''}</nav>`;
}

/** Why an output is missing: skipped with a reason, failed, or not yet made. */
function missing(out: StageOutput<unknown>, what: string): Html {
  if (out.problem) return h`<p class="error">${out.problem}</p>`;
  const l = out.latest;
  if (!l) return h`<p class="empty">No ${what} yet: the stage has not run for this call.</p>`;
  if (l.status === 'skipped') return h`<p class="empty">No ${what}: ${l.error ?? 'the stage was skipped'}.</p>`;
  if (l.status === 'failed') return h`<p class="error">No ${what}: the stage failed — ${l.error ?? 'no error recorded'} (run <a class="mono" href="/dashboard/runs/${l.run_id}">${shortId(l.run_id)}</a>).</p>`;
  return h`<p class="empty">No ${what} yet: the stage is ${l.status} (run <a class="mono" href="/dashboard/runs/${l.run_id}">${shortId(l.run_id)}</a>).</p>`;
}

function participantRows(ps: readonly Participant[]): Html {
  return h`<table class="participants"><thead><tr><th>Name</th><th>Role</th><th>Company</th><th>In the call</th></tr></thead><tbody>
  ${ps.map(
    (p) => h`<tr data-participant="${p.name}" data-side="${p.side}"><td>${p.name}${p.email ? h`<div class="muted">${p.email}</div>` : null}</td><td>${p.role ?? '–'}</td><td>${p.company ?? '–'}</td><td>${p.spoke ? 'spoke' : p.present ? 'present' : 'mentioned'}</td></tr>`,
  )}</tbody></table>`;
}

function participantsBlock(f: CallFacts, sales: boolean): Html {
  if (f.participants.length === 0) return h`<p class="empty">No participants found.</p>`;
  if (!sales) return h`<h3 class="side-h">Participants</h3>${participantRows(f.participants)}`;
  const groups: Array<[Side, string]> = [
    ['seller', `Seller side${f.sellerCompany ? ` — ${f.sellerCompany}` : ''}`],
    ['buyer', `Buyer side${f.buyerCompany ? ` — ${f.buyerCompany}` : ''}`],
    ['unknown', 'Side unknown'],
  ];
  return h`<div class="cols">${groups.map(([side, title]) => {
    const ps = f.participants.filter((p) => p.side === side);
    return ps.length ? h`<div class="side-group" data-side="${side}"><h3 class="side-h">${title}</h3>${participantRows(ps)}</div>` : null;
  })}</div>`;
}

function factsSection(data: CallPageData): Html {
  const out = data.facts;
  const f = out.output;
  const sales = isSalesCallType(f?.callType);
  const title = sales ? 'Deal facts' : 'Call facts';
  if (!f) return h`<section class="wide" id="facts"><h2>${title}</h2>${missing(out, 'facts')}</section>`;
  const list = (items: readonly string[]) => h`<ul>${items.map((s) => h`<li>${s}</li>`)}</ul>`;
  return h`<section class="wide" id="facts"><h2>${title}</h2>${versionNav(data, out)}
  ${sales ? null : h`<p class="notice" id="nonsales">Not a sales call (${f.callType}): no seller or buyer sides, deal facts, follow-up e-mail or sales coaching.</p>`}
  ${sales && (f.sellerCompany || f.buyerCompany) ? h`<p class="companies">Seller <b>${f.sellerCompany ?? '–'}</b> · buyer ${f.buyerCompany ? h`<a href="${accountHref(f.buyerCompany)}"><b>${f.buyerCompany}</b></a>` : '–'}</p>` : null}
  <div id="participants">${participantsBlock(f, sales)}</div>
  <div>
    ${f.amounts.length ? h`<h3 class="side-h">Amounts</h3><table class="amounts"><thead><tr><th>As said</th><th class="num">Value</th><th>Context</th></tr></thead><tbody>${f.amounts.map((a) => h`<tr><td>${a.text}</td><td class="num">${a.value.toLocaleString('en-US')} ${a.currency}</td><td class="muted">${a.context}</td></tr>`)}</tbody></table>` : null}
    ${sales && f.budget ? h`<p><b>Budget:</b> ${f.budget}</p>` : null}
    ${f.timeline.length ? h`<h3 class="side-h">Timeline</h3><table class="timeline"><thead><tr><th>When</th><th>What</th></tr></thead><tbody>${f.timeline.map((t) => h`<tr><td class="when">${t.date ?? '–'}</td><td>${t.text}${t.context && t.context !== t.text ? h`<div class="muted">${t.context}</div>` : null}</td></tr>`)}</tbody></table>` : null}
  </div>
  ${sales ? h`<h3 class="side-h">Competitors</h3>${f.competitors.length ? h`<ul class="chips" id="competitors">${f.competitors.map((c) => h`<li>${c}</li>`)}</ul>` : h`<p class="empty">None named.</p>`}` : null}
  ${sales && f.pains.length ? h`<h3 class="side-h">Pains</h3>${list(f.pains)}` : null}
  ${sales && f.decisionProcess.length ? h`<h3 class="side-h">Decision process</h3>${list(f.decisionProcess)}` : null}
  ${sales ? h`<h3 class="side-h">Objections</h3>${f.objections.length ? h`<ul id="objections">${f.objections.map((o) => h`<li data-type="${o.type}"><b>${o.type}</b>${o.speaker ? h` — ${o.speaker}` : null}<blockquote>“${o.quote}”</blockquote></li>`)}</ul>` : h`<p class="empty">No objections.</p>`}` : null}
  ${sales || f.nextSteps.length ? h`<h3 class="side-h">${sales ? 'Next steps' : 'Action items'}</h3>${f.nextSteps.length ? h`<table id="next-steps"><thead><tr><th>Action</th><th>Owner</th><th>Due</th></tr></thead><tbody>${f.nextSteps.map((s) => h`<tr><td>${s.action}</td><td>${s.owner ?? '–'}</td><td class="when">${s.dueDate ?? '–'}${s.dueText ? h`<div class="muted">${s.dueText}</div>` : null}</td></tr>`)}</tbody></table>` : h`<p class="empty">None agreed.</p>`}` : null}
  </section>`;
}

function copyButton(target: string, prefix?: string): Html {
  return h`<span class="copyrow"><button type="button" class="copy" data-target="${target}" ${prefix ? h`data-prefix="${prefix}"` : null}>Copy</button><span class="copy-status muted" role="status"></span></span>`;
}

function emailSection(data: CallPageData): Html {
  const e = data.email.output;
  return h`<section id="email"><h2>Follow-up e-mail</h2>${versionNav(data, data.email)}
  ${e ? h`${e.subject ? h`<p><b>Subject:</b> <span id="email-subject">${e.subject}</span></p>` : null}<pre class="draft" id="email-body">${e.body}</pre>${copyButton('email-body', e.subject ? `Subject: ${e.subject}\n\n` : undefined)}` : missing(data.email, 'follow-up e-mail')}
  </section>`;
}

function socialSection(data: CallPageData): Html {
  const s = data.social.output;
  return h`<section id="social"><h2>Social post</h2>${versionNav(data, data.social)}
  ${s ? h`<pre class="draft" id="social-body">${s.body}</pre>${copyButton('social-body')}` : missing(data.social, 'social post')}
  </section>`;
}

function coachingSection(data: CallPageData): Html {
  const c = data.coaching.output;
  const turns = data.turns.output ?? [];
  const sidesFromFacts: Record<string, Side> = Object.fromEntries(
    (data.facts.output?.participants ?? []).filter((p) => isSalesCallType(data.facts.output?.callType)).map((p) => [p.label ?? p.name, p.side]),
  );
  if (!c) {
    return h`<section class="wide" id="coaching"><h2>Coaching</h2>${missing(data.coaching, 'coaching report')}
      ${turns.length ? h`<h3 class="side-h">Who spoke when</h3><div id="chart-timeline">${speakerTimelineSvg(turns, { sides: sidesFromFacts })}</div>` : null}</section>`;
  }
  const m = c.metrics;
  const sides: Record<string, Side> = Object.fromEntries(m.speakers.map((s) => [s.speaker, s.side]));
  return h`<section class="wide" id="coaching"><h2>Coaching</h2>${versionNav(data, data.coaching)}
  <p class="headline"><b>${c.headline}</b></p>
  <div class="cols">
    <div id="chart-talk"><h3 class="side-h">Talk-time share</h3>${talkShareSvg(m)}</div>
    <div id="chart-questions"><h3 class="side-h">Questions per side</h3>${questionsSvg(m)}</div>
  </div>
  <h3 class="side-h">Who spoke when</h3>
  <div id="chart-timeline">${turns.length ? speakerTimelineSvg(turns, { basis: m.timeBasis, sides, monologue: m.longestMonologue, story: m.longestCustomerStory }) : missing(data.turns, 'turns')}</div>
  <h3 class="side-h">Against the benchmarks</h3>
  <div id="chart-bullets">${coachingBullets(m)}</div>
  <h3 class="side-h">Feedback</h3>
  <ul class="feedback">${c.feedback.map((x) => h`<li class="k-${x.kind}">${x.text}</li>`)}</ul>
  </section>`;
}

function versionsSection(data: CallPageData): Html {
  const outs = [data.facts, data.email, data.social, data.coaching, data.turns];
  return h`<section class="wide" id="versions"><h2>All versions</h2>
  <p class="muted">Reprocessing a call keeps every earlier output. Pick a version to see it on this page; the current one is the latest succeeded run of its stage.</p>
  <table><thead><tr><th>Output</th><th>Version</th><th>Run</th><th>Trigger</th><th>Finished</th><th>Agent</th></tr></thead><tbody>
  ${outs.flatMap((o) =>
    o.versions.map((v) => {
      const sel = { ...data.selection };
      if (v.current) delete sel[o.stage];
      else sel[o.stage] = v.n;
      return h`<tr data-stage="${o.stage}" data-version="${v.n}"><td>${STAGE_LABEL[o.stage]}</td><td><a href="${callHref(data.call.id, sel)}">v${v.n}${v.current ? ' (current)' : ''}</a>${o.selected === v ? ' ◂ shown' : ''}</td>
        <td><a class="mono" href="/dashboard/runs/${v.runId}">${shortId(v.runId)}</a></td><td>${v.trigger}</td><td class="when">${fmtTime(v.finishedAt)}</td><td class="muted">${v.agentVersion ?? ''}</td></tr>`;
    }),
  )}
  </tbody></table></section>`;
}

export function callPage(data: CallPageData, opts: PageOptions): Html {
  const f = data.facts.output;
  const type = f?.callType ?? null;
  const sales = isSalesCallType(type);
  const call = data.call;
  const runs = data.runs;
  const body = h`<style>${CHART_STYLE}${CALL_STYLE}</style><main class="callpage">
  <section class="wide" id="call">
    <h1 class="callname">${type ? h`<span class="calltype${sales ? '' : ' nonsales'}" id="call-type" data-call-type="${type}">${type.charAt(0).toUpperCase() + type.slice(1)} call</span>` : h`<span class="calltype nonsales" id="call-type" data-call-type="">Call type unknown</span>`}${call.file_name}</h1>
    <p class="meta">${fmtDay(call.happened_at ?? call.meeting_at ?? call.received_at)}
      ${call.account ? h` · account <a id="account-link" href="${accountHref(call.account)}"><b>${call.account}</b></a>` : null}
      ${call.rep ? h` · rep <b>${call.rep}</b>` : null} · ${call.format ?? 'format unknown'} · received ${fmtTime(call.received_at)} via ${call.source}</p>
    <p class="meta">Runs: ${runs.length === 0 ? 'none' : runs.slice(0, 8).map((r, i) => h`${i ? ' · ' : ''}<a class="mono" href="/dashboard/runs/${r.id}">${shortId(r.id)}</a> ${r.trigger} <span class="badge s-${r.status}">${r.status}</span>`)}${runs.length > 8 ? ` · ${runs.length - 8} more` : ''}</p>
  </section>
  ${factsSection(data)}
  ${sales || data.email.output || data.social.output ? h`<div class="cols">${emailSection(data)}${socialSection(data)}</div>` : null}
  ${sales || data.coaching.output ? coachingSection(data) : data.turns.output?.length ? h`<section class="wide" id="coaching"><h2>Who spoke when</h2>${speakerTimelineSvg(data.turns.output, {})}</section>` : null}
  ${versionsSection(data)}
  </main><script>${COPY_SCRIPT}</script>`;
  return layout(`Stellar — ${call.file_name}`, body, { ...opts, refreshSeconds: 0 });
}

/** The 404 (or 400) page: what was asked for and why it is not there, escaped. */
export function notFoundPage(title: string, message: string, opts: PageOptions): Html {
  const body = h`<style>${CALL_STYLE}</style><main class="callpage"><section class="wide" id="not-found"><h2>${title}</h2><p class="error" role="alert">${message}</p><p><a href="/">Back to the dashboard</a></p></section></main>`;
  return layout(`Stellar — ${title}`, body, { ...opts, refreshSeconds: 0 });
}
