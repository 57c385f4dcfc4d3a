/**
 * Timestamp parsing for the timed formats (VTT, SRT, Otter headers, JSON strings).
 * Owns: "hh:mm:ss.mmm"-style strings → milliseconds. Must not: know cue layout.
 */

/** "01:02:03.456", "02:03.456", "00:00:01,000" (SRT comma), "0:03" / "1:02:03" (Otter). */
const CLOCK = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/;

export function parseClock(value: string): number | null {
  const m = CLOCK.exec(value.trim());
  if (!m) return null;
  const h = m[1] ? Number(m[1]) : 0;
  const min = Number(m[2]);
  const s = Number(m[3]);
  if (min > 59 && m[1]) return null;
  if (s > 59) return null;
  // A fraction of "5" means 500 ms, not 5 ms.
  const ms = m[4] ? Number(m[4].padEnd(3, '0')) : 0;
  return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** A cue timing line: "start --> end [settings]". Settings are ignored. */
const TIMING = /^[ \t]*((?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3})[ \t]*-->[ \t]*((?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3})(?:[ \t][\s\S]*)?$/;

export function parseTiming(line: string): { startMs: number; endMs: number } | null {
  const m = TIMING.exec(line);
  if (!m) return null;
  const startMs = parseClock(m[1]);
  const endMs = parseClock(m[2]);
  if (startMs === null || endMs === null) return null;
  return { startMs, endMs };
}

/** Latest time a turn or cue may carry: a call longer than a day is a mistake in the file (and the turns table holds int ms). */
export const MAX_TIME_MS = 24 * 3_600_000;

const CLOCK_LIKE = /^(?:\d+:)?\d+:\d+(?:[.,]\d+)?$/;
const TWO_CLOCKS = /^[ \t]*(?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3}[ \t]+(?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3}(?:[ \t]|$)/;

function clockProblem(token: string, format: 'vtt' | 'srt'): string | null {
  if (!CLOCK_LIKE.test(token) || !/[.,]\d{1,3}$/.test(token)) return `"${token}" is not a timestamp (hh:mm:ss${format === 'srt' ? ',' : '.'}mmm)`;
  const parts = token.split(/[.,]/)[0].split(':').map(Number);
  const [s, min] = [parts[parts.length - 1], parts[parts.length - 2]];
  if (s > 59) return `"${token}": the seconds must be 00-59`;
  if (parts.length === 3 && min > 59) return `"${token}": the minutes must be 00-59`;
  if (parseClock(token) === null) return `"${token}" is not a timestamp (hh:mm:ss${format === 'srt' ? ',' : '.'}mmm)`;
  if (format === 'vtt' && token.includes(',')) return `"${token}": WebVTT writes a full stop before the milliseconds (00:00:01.000), not a comma`;
  return null;
}

/**
 * Why a line that is meant as a cue timing is not a valid one, or null (a valid
 * timing, or a line of cue text). A line is meant as a timing when it has "-->"
 * after something made only of digits, ":", "." and ",", or when it starts with
 * two timestamps and no arrow between them.
 */
export function timingProblem(line: string, format: 'vtt' | 'srt'): string | null {
  const arrow = line.indexOf('-->');
  if (arrow < 0) return TWO_CLOCKS.test(line) ? 'the "-->" between the start and end times is missing' : null;
  const left = line.slice(0, arrow).trim();
  if (!/^[\d:.,]+$/.test(left)) return null; // cue text that happens to contain an arrow
  const right = line.slice(arrow + 3).trim().split(/[ \t]+/)[0] ?? '';
  if (right === '') return 'the end time after "-->" is missing';
  return clockProblem(left, format) ?? clockProblem(right, format);
}

/** Render ms as "hh:mm:ss.mmm" (VTT) or "hh:mm:ss,mmm" (SRT). Used by tests and tools. */
export function formatClock(ms: number, sep: '.' | ',' = '.'): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  const f = total % 1000;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(h)}:${p(m)}:${p(s)}${sep}${p(f, 3)}`;
}
