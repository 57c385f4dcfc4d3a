/**
 * The dashboard's one palette: one colour per run/stage state, used by every
 * chart (runs per hour, the Gantt timeline, the weekly sparklines), the status
 * badges and the legends, so "failed" is the same red everywhere.
 * Owns: those colours and the CSS that applies them (class `s-<state>`).
 * Must not: render pages or read data.
 */
import { trusted, type Html } from './html.ts';

/** Every state a run or a stage can be in, plus `wait` (a stage waiting in the queue). */
export const STATE_COLOURS = {
  succeeded: '#2e7d32',
  partial: '#e08600',
  failed: '#c62828',
  running: '#1565c0',
  retrying: '#7b1fa2',
  queued: '#5f6b7a',
  skipped: '#98a2b3',
  wait: '#cfd5dd',
} as const;

export type PaletteState = keyof typeof STATE_COLOURS;

/** The colour of a state (unknown states are drawn grey). */
export function stateColour(state: string): string {
  return (STATE_COLOURS as Record<string, string>)[state] ?? '#667085';
}

/** Text colour readable on a state's background. */
function onColour(state: string): string {
  return state === 'wait' || state === 'skipped' ? '#1d2330' : '#fff';
}

/** CSS for `.badge.s-<state>`, `.key.s-<state>` (legend swatches) and SVG shapes with class `s-<state>`. */
export function paletteCss(): Html {
  const rules = Object.entries(STATE_COLOURS).map(
    ([s, c]) => `.badge.s-${s}, .key.s-${s} { background: ${c}; color: ${onColour(s)}; }\nsvg .s-${s} { fill: ${c}; }\nsvg .line.s-${s} { stroke: ${c}; fill: none; }`,
  );
  return trusted(`:root { ${Object.entries(STATE_COLOURS).map(([s, c]) => `--state-${s}: ${c};`).join(' ')} }\n${rules.join('\n')}\n`);
}

/** The favicon (a white star on the running blue), served at /favicon.svg and /favicon.ico. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${STATE_COLOURS.running}"/><path d="M16 5l3.2 7.1 7.8.8-5.8 5.2 1.7 7.6L16 21.8l-6.9 3.9 1.7-7.6L5 12.9l7.8-.8z" fill="#fff"/></svg>`;
