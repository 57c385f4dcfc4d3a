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
