/**
 * Periods in questions ("in November 2026", "next week", "between November 9
 * and November 13", "since October 20", "this month") → a half-open UTC range
 * [since, until). Weeks start on Monday. Dates come from chrono-node; week and
 * month words are resolved here so that "next week" means the whole week.
 * Must not: know about tools or SQL.
 */
// English only (issue 11, memory): the package's main entry loads every locale (~900 modules); its parse() is en.casual's.
import * as chrono from 'chrono-node/en';

export interface Period {
  since: Date | null;
  until: Date | null;
  /** As said in the question, e.g. "next week". */
  text: string;
  /** For answers: "the week of November 23, 2026", "November 2026", "from … to …". */
  label: string;
}

const DAY = 86_400_000;

function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function mondayOf(d: Date): Date {
  const day = utcDay(d);
  const dow = (day.getUTCDay() + 6) % 7; // Monday 0
  return new Date(day.getTime() - dow * DAY);
}

function monthStart(y: number, m: number): Date {
  return new Date(Date.UTC(y, m, 1));
}

export function formatDay(d: Date): string {
  return d.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'long', day: 'numeric', year: 'numeric' });
}

function formatMonth(d: Date): string {
  return d.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' });
}

function weekPeriod(start: Date, text: string): Period {
  return { since: start, until: new Date(start.getTime() + 7 * DAY), text, label: `the week of ${formatDay(start)}` };
}

function monthPeriod(y: number, m: number, text: string): Period {
  const since = monthStart(y, m);
  return { since, until: monthStart(y, m + 1), text, label: formatMonth(since) };
}

/** The period a question talks about, or null when it names none. */
export function parsePeriod(question: string, now: Date): Period | null {
  const q = question.toLowerCase();
  const thisWeek = mondayOf(now);
  const rel = /\b(this|next|last|past|previous|coming)\s+(week|month)\b/.exec(q);
  if (rel) {
    const [text, which, unit] = rel;
    const offset = which === 'this' ? 0 : which === 'next' || which === 'coming' ? 1 : -1;
    if (unit === 'week') return weekPeriod(new Date(thisWeek.getTime() + offset * 7 * DAY), text);
    return monthPeriod(now.getUTCFullYear(), now.getUTCMonth() + offset, text);
  }
  if (/\btoday\b/.test(q)) return { since: utcDay(now), until: new Date(utcDay(now).getTime() + DAY), text: 'today', label: `today (${formatDay(now)})` };
  if (/\btomorrow\b/.test(q)) {
    const d = new Date(utcDay(now).getTime() + DAY);
    return { since: d, until: new Date(d.getTime() + DAY), text: 'tomorrow', label: `tomorrow (${formatDay(d)})` };
  }

  const results = chrono.parse(question, now);
  if (results.length === 0) return null;
  // "the week of November 23": the Monday-to-Sunday week holding that day.
  const weekOf = /\bweek (of|starting|beginning)\s+$/i;
  const anchored = results.find((r) => weekOf.test(question.slice(Math.max(0, r.index - 20), r.index)) && r.start.isCertain('day'));
  if (anchored) return weekPeriod(mondayOf(anchored.start.date()), `week of ${anchored.text}`);
  const first = results[0]!;
  const last = results[results.length - 1]!;
  const startOf = (r: chrono.ParsedResult) => utcDay(r.start.date());
  const dayCertain = (r: chrono.ParsedResult) => r.start.isCertain('day');

  // A range: "between A and B", "from A to B", "A – B" (end day included).
  if ((results.length >= 2 && last.start.date() > first.start.date()) || (first.end && first.end.date() > first.start.date())) {
    const a = startOf(first);
    const endDate = first.end ? first.end.date() : last.start.date();
    const b = dayCertain(results.length >= 2 ? last : first) ? new Date(utcDay(endDate).getTime() + DAY) : monthStart(endDate.getUTCFullYear(), endDate.getUTCMonth() + 1);
    return { since: a, until: b, text: results.map((r) => r.text).join(' … '), label: `from ${formatDay(a)} to ${formatDay(new Date(b.getTime() - DAY))}` };
  }
  const before = question.slice(Math.max(0, first.index - 12), first.index).toLowerCase();
  const d = first.start.date();
  if (!dayCertain(first)) {
    if (/\b(since|after|from)\s+$/.test(before)) return { since: monthStart(d.getUTCFullYear(), d.getUTCMonth()), until: null, text: first.text, label: `since ${formatMonth(d)}` };
    if (/\b(before|until|by)\s+$/.test(before)) return { since: null, until: monthStart(d.getUTCFullYear(), d.getUTCMonth()), text: first.text, label: `before ${formatMonth(d)}` };
    return monthPeriod(d.getUTCFullYear(), d.getUTCMonth(), first.text);
  }
  const day = utcDay(d);
  if (/\b(since|after|from)\s+$/.test(before)) return { since: day, until: null, text: first.text, label: `since ${formatDay(day)}` };
  if (/\b(before|until|by)\s+$/.test(before)) return { since: null, until: /\bby\s+$/.test(before) ? new Date(day.getTime() + DAY) : day, text: first.text, label: `${before.trim().split(/\s+/).pop()} ${formatDay(day)}` };
  return { since: day, until: new Date(day.getTime() + DAY), text: first.text, label: formatDay(day) };
}

export function inPeriod(d: Date | string | null, p: Period | null): boolean {
  if (!p) return true;
  if (d === null) return false;
  const t = typeof d === 'string' ? new Date(d).getTime() : d.getTime();
  return (p.since === null || t >= p.since.getTime()) && (p.until === null || t < p.until.getTime());
}
