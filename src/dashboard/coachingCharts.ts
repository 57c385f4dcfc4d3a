/**
 * The call page's coaching report as inline SVG (hand-written, like charts.ts:
 * no library to load, the server renders it, and the numbers are few):
 * talk-time share per speaker, who spoke when (from the turns) with the
 * longest monologue and the customer story marked, questions per side, and
 * one-line "bullet" scales for patience, monologue length, interactivity and
 * filler words — each against the benchmark bands of src/agents/coaching
 * (BENCHMARKS). Also the account page's per-call trend bars.
 * Every chart has a viewBox and no fixed width (it scales with the page),
 * labelled axes with gridlines, and a <title> with the exact value on each mark.
 * Owns: that markup. Must not: compute coaching metrics (metrics.ts does) or read the database.
 */
import { BENCHMARKS, formatClock, formatSpan } from '../agents/coaching/feedback.ts';
import { countWords, WORDS_PER_MINUTE, type CoachingMetrics, type Monologue, type Side } from '../agents/coaching/metrics.ts';
import { h, trusted, type Html } from './html.ts';

export const CHART_STYLE = trusted(`
svg.cchart { display:block; width:100%; height:auto; max-width: 960px; }
svg.cchart.per-call { max-width: 640px; } svg.cchart.bullet { max-width: 820px; }
svg.cchart text { font-size: 11px; fill: var(--fg); }
svg.cchart text.axis, svg.cchart text.note { fill: var(--muted); }
svg.cchart text.axis-title { fill: var(--muted); font-size: 11px; font-style: italic; }
svg.cchart .grid { stroke: var(--line); }
svg.cchart .baseline { stroke: #98a2b3; }
svg.cchart .side-seller { fill: #3b6fd8; } svg.cchart .side-buyer { fill: #e08a1e; } svg.cchart .side-unknown { fill: #8a94a6; }
svg.cchart .band-ok { fill: #dcefe0; } svg.cchart .band-flag { fill: #fbe1e1; }
svg.cchart .bench { stroke: #2e7d32; stroke-dasharray: 4 3; stroke-width: 1.5; }
svg.cchart .mark { fill: none; stroke-width: 2; }
svg.cchart .mark.monologue { stroke: #c62828; } svg.cchart .mark.story { stroke: #2e7d32; }
svg.cchart text.mark-label.monologue { fill: #c62828; } svg.cchart text.mark-label.story { fill: #2e7d32; }
svg.cchart .value-dot { fill: #111827; }
svg.cchart .lane-bg { fill: #f3f4f6; }
.chart-legend { font-size: 12px; color: var(--muted); margin: 4px 0 12px; }
.chart-legend .sw { display:inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin: 0 4px 0 10px; }
.sw.side-seller { background:#3b6fd8; } .sw.side-buyer { background:#e08a1e; } .sw.side-unknown { background:#8a94a6; }
.sw.band-ok { background:#dcefe0; } .sw.band-flag { background:#fbe1e1; }
`);

const pct = (x: number) => `${Math.round(x * 100)}%`;
const f1 = (x: number) => x.toFixed(1);
const sideName = (s: Side) => (s === 'seller' ? 'seller' : s === 'buyer' ? 'buyer' : 'side unknown');

function legend(items: Array<[string, string]>): Html {
  return h`<p class="chart-legend">${items.map(([cls, label]) => h`<span class="sw ${cls}"></span>${label}`)}</p>`;
}

/** Legend entries for the sides that occur, in a fixed order. */
function sideItems(sides: readonly Side[]): Array<[string, string]> {
  return (['seller', 'buyer', 'unknown'] as const).filter((s) => sides.includes(s)).map((s) => [`side-${s}`, sideName(s)]);
}
const sideLegend = (sides: readonly Side[]) => legend(sideItems(sides));

/** Talk-time share per speaker (and the seller side's total) against the 43% ideal and the 65% flag. */
export function talkShareSvg(metrics: CoachingMetrics): Html {
  const speakers = metrics.speakers;
  const hasSeller = speakers.some((s) => s.side === 'seller');
  const labelW = 130;
  const plotW = 300;
  const rightW = 50;
  const rowH = 24;
  const top = 22;
  const rows = speakers.length + (hasSeller ? 1 : 0);
  const width = labelW + plotW + rightW;
  const height = top + rows * rowH + 40;
  const x = (share: number) => labelW + Math.max(0, Math.min(1, share)) * plotW;
  const approx = metrics.timeBasis === 'words' ? '≈' : '';
  const plotBottom = top + rows * rowH;

  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (f) => h`<line class="grid" x1="${x(f)}" x2="${x(f)}" y1="${top}" y2="${plotBottom}"></line><text class="axis" x="${x(f)}" y="${plotBottom + 14}" text-anchor="middle">${pct(f)}</text>`,
  );
  const bands = hasSeller
    ? h`<rect class="band-flag" x="${x(BENCHMARKS.maxRepShare)}" y="${top}" width="${x(1) - x(BENCHMARKS.maxRepShare)}" height="${plotBottom - top}"><title>Rep side above ${pct(BENCHMARKS.maxRepShare)} of the talk is flagged</title></rect>
      <line class="bench" x1="${x(BENCHMARKS.idealRepShare)}" x2="${x(BENCHMARKS.idealRepShare)}" y1="${top - 4}" y2="${plotBottom}"><title>Gong Labs: top performers talk ${pct(BENCHMARKS.idealRepShare)} (43:57 talk-to-listen)</title></line>
      <text class="note" x="${x(BENCHMARKS.idealRepShare)}" y="${top - 8}" text-anchor="middle">${pct(BENCHMARKS.idealRepShare)} ideal</text>
      <text class="note" x="${(x(BENCHMARKS.maxRepShare) + x(1)) / 2}" y="${top - 8}" text-anchor="middle">flag &gt; ${pct(BENCHMARKS.maxRepShare)}</text>`
    : null;
  const bar = (i: number, cls: string, label: string, share: number, tip: string, attrs: Html) => {
    const y = top + i * rowH;
    return h`<g ${attrs}><title>${tip}</title>
      <text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${label.length > 19 ? `${label.slice(0, 18)}…` : label}</text>
      <rect class="${cls}" x="${labelW}" y="${y + 4}" width="${Math.max(1, x(share) - labelW).toFixed(1)}" height="${rowH - 8}"></rect>
      <text x="${(x(share) + 6).toFixed(1)}" y="${y + 16}">${approx}${pct(share)}</text></g>`;
  };
  const rowsOut: Html[] = [];
  if (hasSeller) {
    const s = metrics.sides.seller;
    rowsOut.push(
      bar(0, 'side-seller', 'Seller side (rep)', s.share, `Seller side: ${approx}${(s.share * 100).toFixed(1)}% of talk time (${formatSpan(s.talkMs)}, ${s.words} words)`, trusted('class="side-total" data-side="seller"')),
    );
  }
  speakers.forEach((s, i) => {
    rowsOut.push(
      bar(
        i + (hasSeller ? 1 : 0),
        `side-${s.side}`,
        s.speaker,
        s.share,
        `${s.speaker} (${sideName(s.side)}): ${approx}${(s.share * 100).toFixed(1)}% of talk time — ${formatSpan(s.talkMs)}, ${s.words} words, ${s.turns} turns`,
        h`class="speaker" data-speaker="${s.speaker}" data-side="${s.side}" data-share="${s.share.toFixed(4)}"`,
      ),
    );
  });
  return h`<svg class="cchart talk-share" role="img" aria-label="Talk-time share per speaker" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    ${bands}${grid}
    <line class="baseline" x1="${labelW}" x2="${labelW}" y1="${top}" y2="${plotBottom}"></line>
    ${rowsOut}
    <text class="axis-title" x="${labelW + plotW / 2}" y="${height - 6}" text-anchor="middle">share of talk time${metrics.timeBasis === 'words' ? ' (estimated from words)' : ''}</text>
  </svg>
  ${legend([
    ...sideItems(speakers.map((s) => s.side)),
    ...(hasSeller ? ([['band-flag', `rep side above ${pct(BENCHMARKS.maxRepShare)}: flagged`]] as Array<[string, string]>) : []),
  ])}`;
}

export interface TimelineTurn {
  speaker: string;
  startMs: number | null;
  endMs: number | null;
  text: string;
}

export interface Segment {
  speaker: string;
  start: number;
  end: number;
}

/**
 * Turns laid on a time axis the way metrics.ts does: with timestamps a turn
 * without an end lasts until the next starts; without them (or when they add
 * up to nothing) every word is 60000/150 ms and turns are laid end to end.
 */
export function turnSegments(turns: readonly TimelineTurn[], basis?: 'timestamps' | 'words'): { basis: 'timestamps' | 'words'; segments: Segment[] } {
  const msPerWord = 60_000 / WORDS_PER_MINUTE;
  const byWords = (): Segment[] => {
    let cursor = 0;
    return turns.map((t) => {
      const start = cursor;
      cursor += countWords(t.text) * msPerWord;
      return { speaker: t.speaker, start, end: cursor };
    });
  };
  const stamped = turns.length > 0 && turns.every((t) => typeof t.startMs === 'number');
  if ((basis ?? (stamped ? 'timestamps' : 'words')) === 'words' || !stamped) return { basis: 'words', segments: byWords() };
  const segments = turns.map((t, i) => {
    const start = t.startMs as number;
    const next = turns[i + 1];
    const end = typeof t.endMs === 'number' ? t.endMs : next && typeof next.startMs === 'number' ? next.startMs : start;
    return { speaker: t.speaker, start, end: Math.max(start, end) };
  });
  if (segments.every((s) => s.end === s.start)) return { basis: 'words', segments: byWords() };
  return { basis: 'timestamps', segments };
}

/** Who spoke when: one lane per speaker, a bar per turn; the longest monologue and customer story outlined and labelled. */
export function speakerTimelineSvg(
  turns: readonly TimelineTurn[],
  opts: { basis?: 'timestamps' | 'words'; sides?: Record<string, Side>; monologue?: Monologue | null; story?: Monologue | null },
): Html {
  const { basis, segments } = turnSegments(turns, opts.basis);
  if (segments.length === 0) return h`<p class="empty">No turns to draw.</p>`;
  const speakers: string[] = [];
  for (const s of segments) if (!speakers.includes(s.speaker)) speakers.push(s.speaker);
  const sideOf = (sp: string): Side => opts.sides?.[sp] ?? 'unknown';
  const marks = [opts.monologue ? { m: opts.monologue, cls: 'monologue', label: 'longest monologue' } : null, opts.story ? { m: opts.story, cls: 'story', label: 'customer story' } : null].filter(
    (x): x is { m: Monologue; cls: string; label: string } => x !== null,
  );
  const t0 = Math.min(...segments.map((s) => s.start), ...marks.map((k) => k.m.startMs));
  const t1 = Math.max(t0 + 1, ...segments.map((s) => s.end), ...marks.map((k) => k.m.endMs));
  const labelW = 150;
  const plotW = 600;
  const rightW = 20;
  const laneH = 20;
  const marksH = marks.length ? 18 * marks.length + 4 : 0;
  const top = 8 + marksH;
  const width = labelW + plotW + rightW;
  const plotBottom = top + speakers.length * laneH;
  const height = plotBottom + 38;
  const x = (ms: number) => labelW + ((ms - t0) / (t1 - t0)) * plotW;
  const approx = basis === 'words' ? '≈' : '';
  const clock = (ms: number) => `${approx}${formatClock(ms)}`;

  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) => {
    const ms = t0 + f * (t1 - t0);
    return h`<line class="grid" x1="${x(ms).toFixed(1)}" x2="${x(ms).toFixed(1)}" y1="${top}" y2="${plotBottom}"></line><text class="axis" x="${x(ms).toFixed(1)}" y="${plotBottom + 14}" text-anchor="middle">${clock(ms)}</text>`;
  });
  const lanes = speakers.map((sp, i) => {
    const y = top + i * laneH;
    const mine = segments.filter((s) => s.speaker === sp);
    const total = mine.reduce((a, s) => a + (s.end - s.start), 0);
    return h`<g class="lane" data-speaker="${sp}" data-side="${sideOf(sp)}" data-turns="${mine.length}"><title>${sp} (${sideName(sideOf(sp))}): ${mine.length} turns, ${approx}${formatSpan(total)}</title>
      <rect class="lane-bg" x="${labelW}" y="${y + 2}" width="${plotW}" height="${laneH - 4}"></rect>
      <text x="${labelW - 8}" y="${y + 14}" text-anchor="end">${sp.length > 22 ? `${sp.slice(0, 21)}…` : sp}</text>
      ${mine.map(
        (s) =>
          h`<rect class="turn side-${sideOf(sp)}" x="${x(s.start).toFixed(2)}" y="${y + 3}" width="${Math.max(0.8, x(s.end) - x(s.start)).toFixed(2)}" height="${laneH - 6}"><title>${sp}: ${clock(s.start)}–${clock(s.end)} (${formatSpan(s.end - s.start)})</title></rect>`,
      )}</g>`;
  });
  const markOut = marks.map((k, j) => {
    const lane = speakers.indexOf(k.m.speaker);
    const x0 = x(k.m.startMs);
    const x1 = Math.max(x0 + 2, x(k.m.endMs));
    const ly = 8 + j * 18;
    const tip = `${k.label}: ${k.m.speaker}, ${clock(k.m.startMs)}–${clock(k.m.endMs)} (${approx}${formatSpan(k.m.durationMs)}, ${k.m.words} words)`;
    const anchor = x0 > labelW + plotW * 0.6 ? 'end' : 'start';
    return h`<g class="mark-group ${k.cls}" data-speaker="${k.m.speaker}" data-start-ms="${k.m.startMs}" data-end-ms="${k.m.endMs}"><title>${tip}</title>
      <line class="mark ${k.cls}" x1="${x0.toFixed(1)}" x2="${x1.toFixed(1)}" y1="${ly + 8}" y2="${ly + 8}"></line>
      <text class="mark-label ${k.cls}" x="${(anchor === 'end' ? x1 : x0).toFixed(1)}" y="${ly + 4}" text-anchor="${anchor}">${k.label} · ${approx}${formatSpan(k.m.durationMs)}</text>
      ${lane >= 0 ? h`<rect class="mark ${k.cls}" x="${(x0 - 1).toFixed(1)}" y="${top + lane * laneH + 1}" width="${(x1 - x0 + 2).toFixed(1)}" height="${laneH - 2}"></rect>` : null}</g>`;
  });
  return h`<svg class="cchart speaker-timeline" role="img" aria-label="Who spoke when: ${speakers.length} speakers, ${segments.length} turns" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    ${ticks}${lanes}${markOut}
    <text class="axis-title" x="${labelW + plotW / 2}" y="${height - 6}" text-anchor="middle">${basis === 'words' ? 'time into the call, estimated from words (m:ss)' : 'time into the call (m:ss)'}</text>
  </svg>
  ${speakers.some((sp) => sideOf(sp) !== 'unknown') ? sideLegend(speakers.map(sideOf)) : null}`;
}

/** Questions asked per side; the seller's bar against Gong's 11–14 band for discovery calls. */
export function questionsSvg(metrics: CoachingMetrics): Html {
  const sides = (['seller', 'buyer', 'unknown'] as const).filter((s) => s !== 'unknown' || metrics.sides.unknown.talkMs > 0 || metrics.sides.unknown.questions > 0);
  const [lo, hi] = BENCHMARKS.discoveryQuestions;
  const max = Math.max(hi + 4, ...sides.map((s) => metrics.sides[s].questions + 2));
  const labelW = 90;
  const plotW = 320;
  const rowH = 26;
  const top = 20;
  const width = labelW + plotW + 40;
  const plotBottom = top + sides.length * rowH;
  const height = plotBottom + 38;
  const x = (v: number) => labelW + (v / max) * plotW;
  const step = max <= 20 ? 2 : max <= 50 ? 5 : 10;
  const ticks: Html[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(h`<line class="grid" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top}" y2="${plotBottom}"></line><text class="axis" x="${x(v).toFixed(1)}" y="${plotBottom + 14}" text-anchor="middle">${v}</text>`);
  const hasSeller = metrics.speakers.some((s) => s.side === 'seller');
  const band = hasSeller
    ? h`<rect class="band-ok" x="${x(lo).toFixed(1)}" y="${top}" width="${(x(hi) - x(lo)).toFixed(1)}" height="${rowH}"><title>Gong Labs: ${lo}–${hi} questions by the rep on a discovery call go with success</title></rect>
       <text class="note" x="${((x(lo) + x(hi)) / 2).toFixed(1)}" y="${top - 6}" text-anchor="middle">${lo}–${hi} on discovery calls</text>`
    : null;
  const rows = sides.map((s, i) => {
    const y = top + i * rowH;
    const q = metrics.sides[s].questions;
    return h`<g class="side-questions" data-side="${s}" data-questions="${q}"><title>${s === 'unknown' ? 'Side unknown' : s === 'seller' ? 'Seller side' : 'Buyer side'}: ${q} question${q === 1 ? '' : 's'}</title>
      <text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${s === 'unknown' ? 'side unknown' : `${s} side`}</text>
      <rect class="side-${s}" x="${labelW}" y="${y + 6}" width="${Math.max(1, x(q) - labelW).toFixed(1)}" height="${rowH - 12}"></rect>
      <text x="${(x(q) + 6).toFixed(1)}" y="${y + 17}">${q}</text></g>`;
  });
  return h`<svg class="cchart questions" role="img" aria-label="Questions per side" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    ${band}${ticks}<line class="baseline" x1="${labelW}" x2="${labelW}" y1="${top}" y2="${plotBottom}"></line>${rows}
    <text class="axis-title" x="${labelW + plotW / 2}" y="${height - 6}" text-anchor="middle">questions asked (question marks in the side's turns)</text>
  </svg>`;
}

export interface Bullet {
  key: string;
  label: string;
  /** null: not measured (the note says why). */
  value: number | null;
  format: (v: number) => string;
  axisTitle: string;
  /** [from, to, 'ok' | 'flag', what the band means] on the value scale. */
  bands: Array<[number, number, 'ok' | 'flag', string]>;
  min?: number;
  max: number;
  note?: string;
}

/** One value on a scale with its benchmark bands (patience, monologue length, interactivity, fillers). */
export function bulletSvg(b: Bullet): Html {
  const labelW = 150;
  const plotW = 440;
  const width = labelW + plotW + 120;
  const top = 6;
  const barH = 22;
  const plotBottom = top + barH;
  const height = plotBottom + 34;
  const lo = b.min ?? 0;
  const hi = Math.max(b.max, b.value !== null ? b.value * 1.1 : 0, lo + 1e-9);
  const x = (v: number) => labelW + ((Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo)) * plotW;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = lo + f * (hi - lo);
    return h`<line class="grid" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top}" y2="${plotBottom + 3}"></line><text class="axis" x="${x(v).toFixed(1)}" y="${plotBottom + 14}" text-anchor="middle">${b.format(v)}</text>`;
  });
  const bands = b.bands.map(
    ([from, to, cls, what]) => h`<rect class="band-${cls}" x="${x(from).toFixed(1)}" y="${top}" width="${Math.max(0, x(to) - x(from)).toFixed(1)}" height="${barH}"><title>${what}</title></rect>`,
  );
  const value =
    b.value === null
      ? h`<text class="note" x="${labelW + 8}" y="${top + 15}">not measured${b.note ? ` — ${b.note}` : ''}</text>`
      : h`<g class="value" data-value="${b.value}"><title>${b.label}: ${b.format(b.value)}${b.note ? ` (${b.note})` : ''}</title>
        <rect class="value-dot" x="${(x(b.value) - 2).toFixed(1)}" y="${top - 2}" width="4" height="${barH + 4}"></rect>
        <text x="${(x(b.value) + 6).toFixed(1)}" y="${top + 15}" ${x(b.value) > labelW + plotW - 40 ? trusted('text-anchor="end" dx="-12"') : null}>${b.format(b.value)}</text></g>`;
  return h`<svg class="cchart bullet" data-metric="${b.key}" role="img" aria-label="${b.label}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    <text x="${labelW - 8}" y="${top + 15}" text-anchor="end">${b.label}</text>
    ${b.value === null ? h`<g opacity="0.35">${bands}</g>` : bands}${ticks}${value}
    <text class="axis-title" x="${labelW + plotW / 2}" y="${height - 4}" text-anchor="middle">${b.axisTitle}</text>
  </svg>`;
}

/** The bullets of a coaching report, each with the band coaching/feedback.ts judges it by. */
export function coachingBullets(metrics: CoachingMetrics): Html {
  const sec = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const mono = metrics.longestMonologue;
  const patienceNote =
    metrics.patienceMs !== null ? 'mean pause before the seller answers the buyer' : metrics.timeBasis === 'words' ? 'the file has no timestamps' : 'no measured pause before a seller answered a buyer';
  return h`${bulletSvg({
    key: 'patience',
    label: 'Patience',
    value: metrics.patienceMs,
    format: sec,
    axisTitle: 'mean pause before the seller answers (seconds)',
    bands: [
      [0, BENCHMARKS.minPatienceMs, 'flag', `Under ${sec(BENCHMARKS.minPatienceMs)}: rushed (Gong Labs: top reps pause ~0.6–1 s longer)`],
      [BENCHMARKS.minPatienceMs, Math.max(3000, (metrics.patienceMs ?? 0) * 1.1), 'ok', `${sec(BENCHMARKS.minPatienceMs)} or more`],
    ],
    max: 3000,
    note: patienceNote,
  })}${bulletSvg({
    key: 'monologue',
    label: 'Longest monologue',
    value: mono ? mono.durationMs : null,
    format: (v) => formatSpan(v),
    axisTitle: `longest run by one speaker (m:ss)${metrics.timeBasis === 'words' ? ', estimated from words' : ''}`,
    bands: [
      [0, BENCHMARKS.maxMonologueMs, 'ok', `Up to ${formatSpan(BENCHMARKS.maxMonologueMs)}`],
      [BENCHMARKS.maxMonologueMs, Math.max(300_000, (mono?.durationMs ?? 0) * 1.1), 'flag', `A rep monologue over ${formatSpan(BENCHMARKS.maxMonologueMs)} is flagged`],
    ],
    max: 300_000,
    note: mono ? `${mono.speaker}` : 'no turns',
  })}${bulletSvg({
    key: 'interactivity',
    label: 'Interactivity',
    value: metrics.interactivity,
    format: (v) => `${f1(v)}/min`,
    axisTitle: 'speaker switches per minute',
    bands: [
      [0, BENCHMARKS.minInteractivity, 'flag', `Fewer than ${BENCHMARKS.minInteractivity} switches a minute reads as a lecture (our threshold)`],
      [BENCHMARKS.minInteractivity, Math.max(10, metrics.interactivity * 1.1), 'ok', `${BENCHMARKS.minInteractivity} or more switches a minute`],
    ],
    max: 10,
  })}${bulletSvg({
    key: 'fillers',
    label: 'Filler words',
    value: metrics.fillerWordsPerMinute,
    format: (v) => `${f1(v)}/min`,
    axisTitle: 'seller filler words per minute of seller talk',
    bands: [
      [0, BENCHMARKS.maxFillersPerMinute, 'ok', `Up to ${BENCHMARKS.maxFillersPerMinute} a minute`],
      [BENCHMARKS.maxFillersPerMinute, Math.max(10, metrics.fillerWordsPerMinute * 1.1), 'flag', `Over ${BENCHMARKS.maxFillersPerMinute} a minute is mentioned (our threshold)`],
    ],
    max: 10,
  })}${legend([
    ['band-ok', 'within the benchmark'],
    ['band-flag', 'flagged'],
  ])}`;
}

export interface TrendColumn {
  /** Link target and label of one call. */
  href: string;
  label: string;
  /** Stacked parts: [css class, name, count]. */
  parts: Array<[string, string, number]>;
}

/** Stacked bars, one per call in time order (the account page's trends). */
export function perCallBarsSvg(title: string, columns: readonly TrendColumn[], yTitle: string): Html {
  if (columns.length === 0) return h`<p class="empty">No calls.</p>`;
  const left = 48;
  const plotW = 560;
  const width = left + plotW + 12;
  const colW = plotW / columns.length;
  const barW = Math.max(2, Math.min(56, colW - 6));
  const top = 12;
  const plotH = 150;
  const height = top + plotH + 42;
  const max = Math.max(1, ...columns.map((c) => c.parts.reduce((a, p) => a + p[2], 0)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const step = max <= 5 ? 1 : max <= 10 ? 2 : Math.ceil(max / 5);
  const grid: Html[] = [];
  for (let v = 0; v <= max; v += step) grid.push(h`<line class="grid" x1="${left}" x2="${left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"></line><text class="axis" x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  const labelEvery = Math.max(1, Math.ceil(columns.length / 20));
  const bars = columns.map((c, i) => {
    const bx = left + i * colW + (colW - barW) / 2;
    const total = c.parts.reduce((a, p) => a + p[2], 0);
    let acc = 0;
    const rects = c.parts
      .filter((p) => p[2] > 0)
      .map(([cls, name, n]) => {
        const y0 = y(acc + n);
        const hgt = y(acc) - y0;
        acc += n;
        return h`<rect class="${cls}" x="${bx.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(1, hgt).toFixed(1)}"><title>${c.label}: ${name} ${n}</title></rect>`;
      });
    const detail = c.parts.filter((p) => p[2] > 0).map((p) => `${p[1]} ${p[2]}`).join(', ');
    return h`<a href="${c.href}"><g class="call-col" data-total="${total}"><title>${c.label}: ${total}${detail ? ` (${detail})` : ''}</title>
      <rect class="hit" x="${(left + i * colW).toFixed(1)}" y="${top}" width="${colW.toFixed(1)}" height="${plotH}" fill="transparent"></rect>${rects}
      ${i % labelEvery === 0 ? h`<text class="axis" x="${(bx + barW / 2).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle">${i + 1}</text>` : null}</g></a>`;
  });
  return h`<svg class="cchart per-call" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
    ${grid}<line class="baseline" x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}"></line>${bars}
    <text class="axis-title" x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">call # (as in the table), oldest first</text>
    <text class="axis-title" x="14" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})">${yTitle}</text>
  </svg>`;
}
