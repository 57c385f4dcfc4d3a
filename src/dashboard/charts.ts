/**
 * Inline SVG charts for the dashboard: a run's stage timeline as Gantt bars
 * (grey: waiting in the queue, coloured: running, by outcome) and runs per
 * hour as stacked bars. Pure functions of the data, escaped through `h`.
 */
import { STAGES } from '../pipeline/stages.ts';
import type { HourRow, StageRow } from './data.ts';
import { h, type Html } from './html.ts';

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
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

export function ganttSvg(stages: readonly StageRow[], now: Date): Html {
  if (stages.length === 0) return h`<p class="empty">No stage has been queued yet.</p>`;
  const rows = ordered(stages);
  const nowMs = now.getTime();
  const start = Math.min(...rows.map((s) => s.queued_at.getTime()));
  const end = Math.max(
    ...rows.map((s) => t(s.finished_at) ?? (s.status === 'queued' || s.status === 'running' || s.status === 'retrying' ? nowMs : t(s.started_at) ?? s.queued_at.getTime())),
    start + 1,
  );
  const span = end - start;
  const labelW = 120;
  const barW = 600;
  const rightW = 190;
  const rowH = 24;
  const top = 8;
  const width = labelW + barW + rightW;
  const height = top + rows.length * rowH + 26;
  const x = (ms: number) => labelW + ((ms - start) / span) * barW;

  const bars = rows.map((s, i) => {
    const y = top + i * rowH;
    const q = s.queued_at.getTime();
    const open = s.status === 'queued' || s.status === 'running' || s.status === 'retrying';
    const started = t(s.started_at);
    const finished = t(s.finished_at) ?? (open ? nowMs : null);
    const waitEnd = started ?? finished ?? q;
    const waitMs = Math.max(0, waitEnd - q);
    const runMs = started !== null && finished !== null ? Math.max(0, finished - started) : null;
    const waitX = x(q);
    const waitW = Math.max(1, x(waitEnd) - waitX);
    const runX = started !== null ? x(started) : 0;
    const runW = started !== null && finished !== null ? Math.max(2, x(finished) - runX) : 0;
    const tip = `${s.stage}: waited ${formatMs(waitMs)}${runMs !== null ? `, ran ${formatMs(runMs)}` : ''} — ${s.status}${s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}${s.error ? `: ${s.error}` : ''}`;
    return h`<g class="gantt-row" data-stage="${s.stage}" data-status="${s.status}">
      <title>${tip}</title>
      <text class="label" x="${labelW - 8}" y="${y + 16}" text-anchor="end">${s.stage}</text>
      <rect class="bar wait" x="${waitX.toFixed(1)}" y="${y + 5}" width="${waitW.toFixed(1)}" height="${rowH - 10}" data-ms="${waitMs}"></rect>
      ${started !== null ? h`<rect class="bar run s-${s.status}" x="${runX.toFixed(1)}" y="${y + 3}" width="${runW.toFixed(1)}" height="${rowH - 6}" data-ms="${runMs ?? ''}"></rect>` : null}
      <text class="value" x="${labelW + barW + 8}" y="${y + 16}">${s.status}${runMs !== null ? ` · ${formatMs(runMs)}` : ''}${waitMs > 0 ? ` · wait ${formatMs(waitMs)}` : ''}</text>
    </g>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const tx = labelW + f * barW;
    const y = top + rows.length * rowH;
    return h`<line class="tick" x1="${tx}" x2="${tx}" y1="${top}" y2="${y + 4}"></line><text class="axis" x="${tx}" y="${y + 18}" text-anchor="middle">${formatMs(f * span)}</text>`;
  });
  return h`<svg class="gantt" role="img" aria-label="Stage timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
    ${ticks}
    ${bars}
  </svg>
  <p class="legend"><span class="key wait"></span> waiting in the queue <span class="key run s-succeeded"></span> running (colour: outcome)</p>`;
}

function hourLabel(d: Date): string {
  return `${String(d.getUTCHours()).padStart(2, '0')}:00`;
}

export function runsPerHourSvg(hours: readonly HourRow[]): Html {
  const width = 760;
  const height = 190;
  const left = 36;
  const bottom = 24;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...hours.map((r) => r.total));
  const bw = plotW / Math.max(1, hours.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: Array<[keyof HourRow, string]> = [
    ['succeeded', 's-succeeded'],
    ['partial', 's-partial'],
    ['failed', 's-failed'],
    ['open', 's-running'],
  ];
  const bars = hours.map((r, i) => {
    let acc = 0;
    const bx = left + i * bw + 1;
    const rects = parts.map(([key, cls]) => {
      const v = r[key] as number;
      if (!v) return null;
      const y0 = y(acc + v);
      const hgt = y(acc) - y0;
      acc += v;
      return h`<rect class="${cls}" x="${bx.toFixed(1)}" y="${y0.toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${Math.max(1, hgt).toFixed(1)}"></rect>`;
    });
    const tip = `${hourLabel(r.hour)} UTC: ${r.total} runs (${r.succeeded} succeeded, ${r.partial} partial, ${r.failed} failed, ${r.open} open)`;
    return h`<g class="hour" data-hour="${r.hour.toISOString()}" data-total="${r.total}"><title>${tip}</title>
      <rect class="hit" x="${bx.toFixed(1)}" y="${top}" width="${(bw - 2).toFixed(1)}" height="${plotH}"></rect>${rects}
      ${i % 3 === 0 ? h`<text class="axis" x="${(bx + bw / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle">${hourLabel(r.hour)}</text>` : null}</g>`;
  });
  const total = hours.reduce((n, r) => n + r.total, 0);
  return h`<svg class="per-hour" role="img" aria-label="Runs per hour, last ${hours.length} hours: ${total} runs" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
    <line class="tick" x1="${left}" x2="${width - 8}" y1="${top + plotH}" y2="${top + plotH}"></line>
    <text class="axis" x="${left - 6}" y="${top + 8}" text-anchor="end">${max}</text>
    <text class="axis" x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>
    ${bars}
  </svg>
  <p class="legend"><span class="key s-succeeded"></span> succeeded <span class="key s-partial"></span> partial <span class="key s-failed"></span> failed <span class="key s-running"></span> open · hours in UTC · ${total} runs</p>`;
}
