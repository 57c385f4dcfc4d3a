/**
 * Meeting date from a text file's preamble (the lines before the first speaker),
 * e.g. "Date: 2026-10-06" or "Recorded 2026-10-06 14:00". Only ISO-style dates are
 * taken: prose dates are the structure stage's job, not the parser's.
 * Must not: look inside speaker turns.
 */
const ISO = /\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?)?\b/;

export function meetingAtFromPreamble(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = ISO.exec(line);
    if (!m) continue;
    const candidate = m[2] ? `${m[1]}T${m[2]}${m[3] ?? ''}` : m[1];
    if (!Number.isNaN(Date.parse(m[1]))) return candidate;
  }
  return null;
}
