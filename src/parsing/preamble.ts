/**
 * Meeting date from a text file's preamble (the lines before the first speaker, or
 * a VTT file's header and NOTE lines before the first cue), e.g. "Date: 2026-10-06",
 * "Recorded 2026-10-06 14:00" or a title line "Meeting notes recorded Thursday,
 * January 14, 2027". Only dates that carry their year are taken: relative or
 * year-less prose dates are the structure stage's job, not the parser's.
 * Must not: look inside speaker turns.
 */
const ISO = /\b(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?)?\b/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
// A title line's prose date with its year: "January 14, 2027", "Jan 14th 2027", "14 January 2027".
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, 'i');

function prose(line: string): string | null {
  let y: number, m: number, d: number;
  const a = MONTH_DAY_YEAR.exec(line);
  const b = a ? null : DAY_MONTH_YEAR.exec(line);
  if (a) [m, d, y] = [MONTHS.indexOf(a[1]!.slice(0, 3).toLowerCase()) + 1, Number(a[2]), Number(a[3])];
  else if (b) [d, m, y] = [Number(b[1]), MONTHS.indexOf(b[2]!.slice(0, 3).toLowerCase()) + 1, Number(b[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1990 || y > 2100 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * The title a preamble gives ("NOTE Fenwick Labs / Acme demo, recorded 2027-06-09", "Title: Acme renewal"): its
 * lines without the VTT keywords and a leading "Title:"-style key, spaces collapsed, joined with " | ", at most 300
 * characters. The one form of a stored title (a JSON title field passes through it as a one-line preamble).
 */
export function titleFromPreamble(lines: readonly string[]): string | null {
  const parts = lines
    .map((l) => l.replace(/\s+/g, ' ').replace(/^\s*(?:WEBVTT|NOTE)\b\s*[-:]?\s*/, '').replace(/^\s*(?:title|subject|topic|meeting|call)\s*:\s*/i, '').trim())
    .filter((l) => l && !/^(?:Kind|Language)\s*:/i.test(l));
  const title = parts.join(' | ').slice(0, 300).trim();
  return title || null;
}

export function meetingAtFromPreamble(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = ISO.exec(line);
    if (m) {
      const candidate = m[2] ? `${m[1]}T${m[2]}${m[3] ?? ''}` : m[1];
      if (!Number.isNaN(Date.parse(m[1]))) return candidate;
    }
    const p = prose(line);
    if (p) return p;
  }
  return null;
}
