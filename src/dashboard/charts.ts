/**
 * Inline SVG charts for the dashboard, hand-written (no charting library; see
 * docs/monitoring.md for why): a run's stage timeline as Gantt bars (grey:
 * waiting in the queue, coloured: running, by outcome), runs per hour as
 * stacked bars, and the weekly report's small charts (sparklines, a share bar).
 * Every chart has a viewBox and no pixel width (CSS makes it as wide as its
 * box), labelled axes with gridlines, and a <title> with the exact values on
 * every mark (the browser shows it on hover). Colours come from palette.ts
 * through the `s-<state>` classes.
 * Owns: that markup. Must not: read data or decide what a page shows.
 */
import { STAGES } from '../pipeline/stages.ts';
import type { HourRow, StageRow } from './data.ts';
import { h, type Html } from './html.ts';

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

/** An axis label for a time offset: short, in one unit. */
function axisMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

/** "Nice" tick step (1, 2 or 5 × 10^n) giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/** Approximate width of a text in the chart font (11px system-ui): for laying out labels so none is clipped. */
function textWidth(s: string, px = 11): number {
  return s.length * px * 0.62;
}

const t = (d: Date | null | undefined) => (d ? d.getTime() : null);

/** Pipeline order, then by queue time for anything unknown. */
function ordered(stages: readonly StageRow[]): StageRow[] {
  const idx = (s: string) => {
    const i = (STAGES as readonly string[]).indexOf(s);
    return i < 0 ? STAGES.length : i;
  };
  return [...stages].sort((a, b) => idx(a.stage) - idx(b.stage) || a.queued_at.getTime() - b.queued_at.getTime());
}

const OPEN = new Set(['queued', 'running', 'retrying']);

export function ganttSvg(stages: readonly StageRow[], now: Date): Html {
  if (stages.length === 0) return h`<p class="empty">No stage has been queued yet.</p>`;
  const rows = ordered(stages);
  const nowMs = now.getTime();
  const start = Math.min(...rows.map((s) => s.queued_at.getTime()));
  const facts = rows.map((s) => {
    const q = s.queued_at.getTime();
    const open = OPEN.has(s.status);
    const started = t(s.started_at);
    const finished = t(s.finished_at) ?? (open ? nowMs : null);
    const waitEnd = started ?? finished ?? q;
    const waitMs = Math.max(0, waitEnd - q);
    const runMs = started !== null && finished !== null ? Math.max(0, finished - started) : null;
    const value = `${s.status}${runMs !== null ? ` · ran ${formatMs(runMs)}` : ''}${waitMs > 0 ? ` · waited ${formatMs(waitMs)}` : ''}`;
    return { s, q, started, finished, waitEnd, waitMs, runMs, value };
  });
  const end = Math.max(start + 1, ...facts.map((f) => f.finished ?? f.started ?? f.q));
  const step = niceStep(end - start, 5);
  const span = Math.ceil((end - start) / step) * step;

  // Columns sized from their longest text, so no label is ever cut off.
  const labelW = Math.ceil(Math.max(...rows.map((s) => textWidth(s.stage)), 40)) + 14;
  const rightW = Math.ceil(Math.max(...facts.map((f) => textWidth(f.value)))) + 16;
  const barW = Math.max(420, 1000 - labelW - rightW);
  const rowH = 24;
  const top = 8;
  const plotBottom = top + rows.length * rowH;
  const width = labelW + barW + rightW;
  const height = plotBottom + 40;
  const x = (ms: number) => labelW + ((ms - start) / span) * barW;

  const grid = [];
  for (let v = 0; v <= span + 1e-9; v += step) {
    const tx = labelW + (v / span) * barW;
    grid.push(h`<line class="grid" x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${top}" y2="${plotBottom + 4}"></line><text class="axis" x="${tx.toFixed(1)}" y="${plotBottom + 17}" text-anchor="middle">${axisMs(v)}</text>`);
  }
  const bars = facts.map((f, i) => {
    const { s } = f;
    const y = top + i * rowH;
    const waitX = x(f.q);
    const waitW = Math.max(1, x(f.waitEnd) - waitX);
    const runX = f.started !== null ? x(f.started) : 0;
    const runW = f.started !== null && f.finished !== null ? Math.max(2, x(f.finished) - runX) : 0;
    const tip = `${s.stage}: waited ${formatMs(f.waitMs)}${f.runMs !== null ? `, ran ${formatMs(f.runMs)}` : ''} — ${s.status}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}${s.error ? `: ${s.error}` : ''}`;
    return h`<g class="gantt-row" data-stage="${s.stage}" data-status="${s.status}">
      <title>${tip}</title>
      <rect class="hit" x="0" y="${y}" width="${width}" height="${rowH}"></rect>
      <text class="label" x="${labelW - 8}" y="${y + 16}" text-anchor="end">${s.stage}</text>
      <rect class="bar wait s-wait" x="${waitX.toFixed(1)}" y="${y + 5}" width="${waitW.toFixed(1)}" height="${rowH - 10}" data-ms="${f.waitMs}"></rect>
      ${f.started !== null ? h`<rect class="bar run s-${s.status}" x="${runX.toFixed(1)}" y="${y + 3}" width="${runW.toFixed(1)}" height="${rowH - 6}" data-ms="${f.runMs ?? ''}"></rect>` : null}
      <text class="value" x="${labelW + barW + 8}" y="${y + 16}">${f.value}</text>
    </g>`;
  });
  return h`<svg class="chart gantt" role="img" aria-label="Stage timeline: ${rows.length} stages over ${formatMs(end - start)}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    ${grid}
    <line class="axis-line" x1="${labelW}" x2="${labelW + barW}" y1="${plotBottom + 4}" y2="${plotBottom + 4}"></line>
    <text class="axis title" x="${labelW + barW / 2}" y="${plotBottom + 34}" text-anchor="middle">time since the first stage was queued</text>
    ${bars}
  </svg>
  <p class="legend"><span class="key s-wait"></span> waiting in the queue <span class="key s-succeeded"></span> succeeded <span class="key s-failed"></span> failed <span class="key s-running"></span> running <span class="key s-retrying"></span> retrying · hover a row for exact times</p>`;
}

function hourLabel(d: Date): string {
  return `${String(d.getUTCHours()).padStart(2, '0')}:00`;
}

/** The parts of an hour's bar, bottom to top, each with the state colour it is drawn in. */
const HOUR_PARTS: ReadonlyArray<{ key: 'succeeded' | 'partial' | 'failed' | 'open'; cls: string; label: string }> = [
  { key: 'succeeded', cls: 's-succeeded', label: 'succeeded' },
  { key: 'partial', cls: 's-partial', label: 'partial' },
  { key: 'failed', cls: 's-failed', label: 'failed' },
  { key: 'open', cls: 's-running', label: 'open' },
];

export function runsPerHourSvg(hours: readonly HourRow[]): Html {
  const width = 1000;
  const height = 220;
  const left = 48;
  const right = 10;
  const bottom = 44;
  const top = 10;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const peak = Math.max(0, ...hours.map((r) => r.total));
  const step = Math.max(1, niceStep(peak, 4));
  const max = Math.max(step, Math.ceil(peak / step) * step);
  const bw = plotW / Math.max(1, hours.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const grid = [];
  for (let v = 0; v <= max; v += step) {
    grid.push(h`<line class="grid" x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"></line><text class="axis" x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  }
  const every = hours.length > 12 ? 3 : 1;
  const bars = hours.map((r, i) => {
    let acc = 0;
    const bx = left + i * bw + 1;
    const rects = HOUR_PARTS.map(({ key, cls, label }) => {
      const v = Number(r[key]);
      if (!v) return null;
      const y0 = y(acc + v);
      const hgt = y(acc) - y0;
      acc += v;
      return h`<rect class="${cls}" x="${bx.toFixed(1)}" y="${y0.toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${Math.max(1, hgt).toFixed(1)}"><title>${hourLabel(r.hour)} UTC: ${v} ${label}</title></rect>`;
    });
    const tip = `${hourLabel(r.hour)}–${hourLabel(new Date(r.hour.getTime() + 3_600_000))} UTC: ${r.total} runs (${r.succeeded} succeeded, ${r.partial} partial, ${r.failed} failed, ${r.open} open)`;
    return h`<g class="hour" data-hour="${r.hour.toISOString()}" data-total="${r.total}"><title>${tip}</title>
      <rect class="hit" x="${bx.toFixed(1)}" y="${top}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${plotH}"></rect>${rects}
      ${i % every === 0 ? h`<text class="axis" x="${(bx + bw / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${hourLabel(r.hour)}</text>` : null}</g>`;
  });
  const total = hours.reduce((n, r) => n + r.total, 0);
  return h`<svg class="chart per-hour" role="img" aria-label="Runs per hour, last ${hours.length} hours: ${total} runs" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    ${grid}
    <line class="axis-line" x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}"></line>
    <text class="axis title" transform="translate(12 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">runs</text>
    <text class="axis title" x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">hour created (UTC)</text>
    ${bars}
  </svg>
  <p class="legend">${HOUR_PARTS.map((p) => h`<span class="key ${p.cls}"></span> ${p.label} `)}· ${total} runs · hover a bar for exact counts</p>`;
}

/**
 * A sparkline of one value over weeks (null weeks leave a gap), ending in a
 * dot on the latest value; each point has a <title> with its exact value.
 */
export function sparklineSvg(points: ReadonlyArray<{ label: string; value: number | null }>, opts: { what: string; format?: (v: number) => string; state?: string } ): Html {
  const fmt = opts.format ?? ((v: number) => String(v));
  const known = points.filter((p) => p.value !== null) as Array<{ label: string; value: number }>;
  if (known.length === 0) return h`<span class="muted">—</span>`;
  const width = 100;
  const height = 28;
  const pad = 4;
  const lo = Math.min(0, ...known.map((p) => p.value));
  const hi = Math.max(...known.map((p) => p.value), lo + 1e-9);
  const x = (i: number) => (points.length === 1 ? width / 2 : pad + (i / (points.length - 1)) * (width - 2 * pad));
  const y = (v: number) => height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad);
  const segs: string[] = [];
  let cur = '';
  points.forEach((p, i) => {
    if (p.value === null) {
      if (cur) segs.push(cur);
      cur = '';
      return;
    }
    cur += `${cur ? 'L' : 'M'}${x(i).toFixed(1)} ${y(p.value).toFixed(1)}`;
  });
  if (cur) segs.push(cur);
  const state = opts.state ?? 'running';
  const lastIdx = points.map((p) => p.value !== null).lastIndexOf(true);
  const summary = points.map((p) => `${p.label}: ${p.value === null ? '—' : fmt(p.value)}`).join(', ');
  return h`<svg class="chart spark" role="img" aria-label="${opts.what} by week: ${summary}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">
    <title>${opts.what} by week — ${summary}</title>
    <line class="grid" x1="0" x2="${width}" y1="${y(lo).toFixed(1)}" y2="${y(lo).toFixed(1)}"></line>
    ${segs.map((d) => h`<path class="line s-${state}" d="${d}" vector-effect="non-scaling-stroke"></path>`)}
    ${points.map((p, i) => (p.value === null ? null : h`<circle class="s-${state}${i === lastIdx ? ' last' : ''}" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${i === lastIdx ? 2.6 : 1.6}"><title>${p.label}: ${fmt(p.value)}</title></circle>`))}
  </svg>`;
}

/** A horizontal bar of a share (0–1) with a 50 % gridline; "—" when unknown. */
export function shareBarSvg(share: number | null, what: string): Html {
  if (share === null || !Number.isFinite(share)) return h`<span class="muted">—</span>`;
  const v = Math.min(1, Math.max(0, share));
  const pct = `${Math.round(share * 100)} %`;
  return h`<svg class="chart share" role="img" aria-label="${what}: ${pct}" viewBox="0 0 100 12" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">
    <title>${what}: ${pct}</title>
    <rect class="s-wait" x="0" y="2" width="100" height="8"></rect>
    <rect class="s-running" x="0" y="2" width="${(v * 100).toFixed(1)}" height="8"></rect>
    <line class="grid mid" x1="50" x2="50" y1="0" y2="12" vector-effect="non-scaling-stroke"></line>
  </svg>`;
}
