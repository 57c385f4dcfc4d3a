/**
 * Dates in calls: finding them, resolving them against the meeting date, and
 * inferring the meeting date when the file does not carry one.
 *
 * chrono-node does most of the parsing ("Friday, October twenty-third",
 * "December fifteenth", "end of the month", "tomorrow"). Spoken forms it does
 * not know are handled here first: a day of the month without its month
 * ("Monday the twelfth", "by the twentieth"), US holidays ("the week after
 * Thanksgiving"), "next week" as the Monday of next week, and vague periods
 * ("early December", "Q2 next year") that keep their words but get no date.
 *
 * Every hit has a kind that says what it needs to be resolved:
 *  - absolute: month and day are said (the year is inferred);
 *  - dom: only the day of the month (the month comes from the reference date);
 *  - relative: "tomorrow", "Friday", "next week" — needs the exact meeting date;
 *  - vague: a period, never a single date.
 * With only an approximate reference (inferred from "this Friday, October
 * ninth"), relative phrases stay unresolved rather than guessed.
 */
// English only (issue 11, memory): the package's main entry loads every locale (~900 modules); its parse() is en.casual's.
import * as chrono from 'chrono-node/en';
import type { ParsedComponents } from 'chrono-node';
import { ORDINAL_RE, ordinalValue } from './numbers.ts';
import { rx } from './regex.ts';
import type { Sentence } from './text.ts';

export type DateKind = 'absolute' | 'dom' | 'relative' | 'vague';

export interface DateHit {
  start: number;
  end: number;
  /** Words as in the sentence (original text). */
  text: string;
  kind: DateKind;
  weekday?: number; // 0 = Sunday
  day?: number;
  month?: number; // 1..12
  year?: number;
  /** For relative hits: how to compute from the reference date. */
  rel?: { type: 'days'; days: number } | { type: 'weekday'; weekday: number; next: boolean; plusDays?: number; weekOf?: boolean } | { type: 'monthday'; day: number; monthsAhead: number } | { type: 'nextweek' } | { type: 'thisweek' } | { type: 'endweek' } | { type: 'endnextweek' } | { type: 'endmonth' } | { type: 'endyear' } | { type: 'endquarter' } | { type: 'anchorweek'; offsetDays: number } | { type: 'chrono'; offsetDays: number };
  holiday?: { name: string; shift: 'on' | 'week-after' | 'week-before' | 'week-of' };
  /** "the second week of March": resolve to the Monday of the week holding `day`. */
  weekStart?: boolean;
  /** "the week of the 14th", "the week of March 2": a named week, resolved to its Monday (as "next week" is). */
  weekOf?: boolean;
  /** Preceded by "this" / "next" (used by meeting-date inference). */
  qualifier?: 'this' | 'next' | 'last' | null;
}

export interface Reference {
  /** Meeting day (UTC midnight), or null. */
  date: Date | null;
  /** True when the meeting date is known, not merely bracketed. */
  exact: boolean;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_RE = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)';

export const DAY_MS = 86_400_000;
export const utcDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
export const iso = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);
export const startOfDay = (d: Date): Date => utcDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
const mondayOf = (d: Date): Date => addDays(d, -((d.getUTCDay() + 6) % 7));
const validDay = (y: number, m: number, d: number): boolean => {
  const x = utcDay(y, m, d);
  return x.getUTCMonth() === m - 1 && x.getUTCDate() === d;
};

function monthIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(w)) + 1;
}

/** Words that may follow "the twelfth" when it is a date ("by the twelfth at noon", "the twentieth as well"). */
const AFTER_DOM_OK = new Set(
  'at and or as so for with in then if would will works work is to before after ideally morning afternoon evening latest still too also either which that please i we you they he she okay ok right'.split(' '),
);

function holidayDate(name: string, year: number): Date | null {
  const nthWeekday = (month: number, weekday: number, n: number): Date => {
    const first = utcDay(year, month, 1);
    const offset = (weekday - first.getUTCDay() + 7) % 7;
    return utcDay(year, month, 1 + offset + (n - 1) * 7);
  };
  const lastWeekday = (month: number, weekday: number): Date => {
    const last = utcDay(year, month + 1, 0);
    return addDays(last, -((last.getUTCDay() - weekday + 7) % 7));
  };
  switch (name) {
    case 'thanksgiving':
      return nthWeekday(11, 4, 4);
    case 'christmas':
      return utcDay(year, 12, 25);
    case 'christmas eve':
      return utcDay(year, 12, 24);
    case "new year's eve":
    case 'new years eve':
      return utcDay(year, 12, 31);
    case "new year's":
    case 'new years':
    case "new year's day":
    case 'new year':
      return utcDay(year + 1, 1, 1);
    case 'labor day':
      return nthWeekday(9, 1, 1);
    case 'memorial day':
      return lastWeekday(5, 1);
    case 'independence day':
    case 'the fourth of july':
    case 'july fourth':
      return utcDay(year, 7, 4);
    default:
      return null;
  }
}

interface RawHit extends DateHit {}

/**
 * Every chrono result findDates keeps (the branches after chrono.parse below) has in its words a
 * digit, a month name or abbreviation, a weekday (all end in "day"), or "day"/"week"/"month"; so a
 * sentence without any of these substrings cannot gain a hit from chrono, and chrono is not run on
 * it. A new branch that keeps other chrono results must widen this pattern.
 */
const CHRONO_CAN_CONTRIBUTE = /\d|day|week|month|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/;

/**
 * The last findDates answer per sentence (issue 11): inferMeetingDate and
 * resolveAllDates ask for the same sentences, with the same reference when no
 * meeting date could be inferred. Weak: it goes with the call's sentences.
 */
const lastFound = new WeakMap<Sentence, { ref: number; hits: DateHit[] }>();

/** Finds date phrases in a sentence (offsets into sentence.norm / sentence.text). The answer is shared: do not change it. */
export function findDates(sentence: Sentence, chronoRef: Date): DateHit[] {
  const memo = lastFound.get(sentence);
  if (memo && memo.ref === chronoRef.getTime()) return memo.hits;
  const hits = findDatesUncached(sentence, chronoRef);
  lastFound.set(sentence, { ref: chronoRef.getTime(), hits });
  return hits;
}

function findDatesUncached(sentence: Sentence, chronoRef: Date): DateHit[] {
  const s = sentence.norm;
  const lower = sentence.lower;
  const hits: RawHit[] = [];
  const overlaps = (a: number, b: number) => hits.some((h) => a < h.end && b > h.start);
  /** Round 13: whether the words just before `at` are "week of" ("the week of the 14th", "the week of March 18"). */
  const afterWeekOf = (at: number) => /\bweek\s+of\s+(?:the\s+)?$/.test(lower.slice(Math.max(0, at - 16), at));
  const add = (h: Omit<RawHit, 'text'>) => {
    if (overlaps(h.start, h.end)) return;
    hits.push({ ...h, text: sentence.text.slice(h.start, h.end) });
  };

  // Holidays: "the week after Thanksgiving", "before Christmas".
  {
    const re = rx('gi')`\\b(?:(?:the\\s+)?(week|day|monday|${WEEKDAY_RE.slice(3, -1)})\\s+(after|before|of)\\s+)?(thanksgiving|christmas eve|christmas|new year'?s(?: eve| day)?|labor day|memorial day|independence day|the fourth of july|july fourth)\\b`;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const unit = m[1]?.toLowerCase();
      const rel = m[2]?.toLowerCase();
      const shift: NonNullable<DateHit['holiday']>['shift'] =
        unit === 'week' && rel === 'after' ? 'week-after' : unit === 'week' && rel === 'before' ? 'week-before' : unit === 'week' ? 'week-of' : 'on';
      const name = m[3]!.toLowerCase().replace(/'/g, "'");
      // "before Christmas" without a unit is a deadline-ish vague period; keep as holiday 'on'.
      // "after Thanksgiving" without a unit opens a range with no end: no day.
      if (!unit && /\bafter\s+$/.test(lower.slice(Math.max(0, m.index - 8), m.index))) {
        add({ start: m.index, end: m.index + m[0].length, kind: 'vague' });
        continue;
      }
      add({ start: m.index, end: m.index + m[0].length, kind: 'absolute', holiday: { name, shift } });
    }
  }

  // Day of the month without a month: "Monday the twelfth", "Thursday, the twenty-ninth", "by the twentieth".
  {
    const re = rx('gi')`\\b(?:(this|next|last|on|by|until|before|from|for)\\s+)?(?:(${WEEKDAY_RE}),?\\s+(?:the\\s+)?|the\\s+)(${ORDINAL_RE})\\b`;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const after = lower.slice(m.index + m[0].length);
      // A month right after belongs to chrono ("the twelfth of October", "Monday the 12th October").
      if (rx('')`^\\s*(?:of\\s+)?${MONTH_RE}\\b`.test(after)) continue;
      // "the fifteenth of next month" is read below, counted from the meeting's month.
      if (/^\s+of\s+(?:next|this|the)\s+month\b/.test(after)) continue;
      const weekday = m[2] ? WEEKDAYS.indexOf(m[2].toLowerCase()) : undefined;
      const nextWord = /^\s*([a-z']+)/.exec(after)?.[1];
      const punctOrEnd = /^\s*(?:[.,;:!?)"-]|$)/.test(after);
      if (weekday === undefined && !punctOrEnd && !(nextWord && AFTER_DOM_OK.has(nextWord))) continue;
      const day = ordinalValue(m[3]!.replace(/-?\s+/, '-'));
      if (!day || day > 31) continue;
      // "the first" / "the second" alone are too often not dates.
      // Round 13: but a day written in digits ("the 2nd") or named as a week ("the week of the second") is one.
      if (weekday === undefined && day <= 3 && !/^(?:on|by|until|before|from)$/.test(m[1]?.toLowerCase() ?? '') && !/^\d/.test(m[3]!) && !afterWeekOf(m.index)) continue;
      const q = m[1]?.toLowerCase();
      add({ start: m.index + (q && !['this', 'next', 'last'].includes(q) ? q.length + 1 : 0), end: m.index + m[0].length, kind: 'dom', day, weekday, qualifier: q === 'this' || q === 'next' || q === 'last' ? q : null });
    }
  }

  // "the second week of March": the Monday of that week (the month's second Monday).
  {
    const re = rx('gi')`\\b(?:the\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\\s+week\\s+(?:of|in)\\s+(${MONTH_RE})\\b`;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const n = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 }[m[1]!.toLowerCase() as 'first']!;
      add({ start: m.index, end: m.index + m[0].length, kind: 'absolute', month: monthIndex(m[2]!), day: 1 + 7 * (n - 1), weekStart: true });
    }
  }

  // "two weeks from today", "a week from Friday", "the fifteenth of next month", "month end": counted from the meeting.
  {
    const re = rx('gi')`\\b(?:(a|one|two|three|four|five|six)\\s+weeks?\\s+from\\s+(?:today|now)|a\\s+week\\s+from\\s+(?:this\\s+|next\\s+)?(${WEEKDAY_RE})|(?:the\\s+)?(${ORDINAL_RE})\\s+of\\s+(next|this|the)\\s+month|(?:the\\s+)?month[- ]end|(?:the\\s+)?last\\s+day\\s+of\\s+(?:the|this)\\s+month|(this time next week)|(${WEEKDAY_RE})\\s+(?:of\\s+)?next\\s+week|next\\s+week\\s+(?:on\\s+)?(${WEEKDAY_RE}))\\b`;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const n = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 } as Record<string, number>;
      let rel: DateHit['rel'];
      if (m[1]) rel = { type: 'days', days: 7 * n[m[1].toLowerCase()]! };
      else if (m[5]) rel = { type: 'days', days: 7 };
      // "Wednesday next week", "next week on Thursday": that day of the week after the meeting's.
      else if (m[6] || m[7]) rel = { type: 'weekday', weekday: WEEKDAYS.indexOf((m[6] ?? m[7])!.toLowerCase()), next: false, plusDays: 0, weekOf: true };
      else if (m[2]) rel = { type: 'weekday', weekday: WEEKDAYS.indexOf(m[2].toLowerCase()), next: false, plusDays: 7 };
      else if (m[3]) {
        const day = ordinalValue(m[3].replace(/-?\s+/, '-'));
        if (!day || day > 31) continue;
        rel = { type: 'monthday', day, monthsAhead: m[4]!.toLowerCase() === 'next' ? 1 : m[4]!.toLowerCase() === 'the' ? -1 : 0 };
      } else rel = { type: 'endmonth' };
      add({ start: m.index, end: m.index + m[0].length, kind: 'relative', rel });
    }
  }

  // Ranges of a week: "early next week", "sometime next week" name no day (unlike "next week" = its Monday, or "end of next week").
  {
    const re = /\b(?:early|late|later|sometime|some time|during|over the course of|(?:the )?middle of|mid)[\s-]+(?:next|this|the following)\s+week\b/gi;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) add({ start: m.index, end: m.index + m[0].length, kind: 'vague' });
  }

  // Vague periods: "early December", "mid-February", "Q2 next year", "the second quarter of next year", "next spring".
  {
    const re = rx('gi')`\\b(?:(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)[- ]${MONTH_RE}\\b(?:\\s+\\d{4})?|q[1-4](?:\\s+(?:of\\s+)?(?:next year|this year|\\d{4}))?|(?:the\\s+)?(?:first|second|third|fourth|last)\\s+quarter(?:\\s+of\\s+(?:next year|this year|\\d{4}))?|(?:this|next|the)\\s+(?:spring|summer|fall|autumn|winter)|next\\s+(?:year|quarter|month)|fy\\s?'?\\d{2,4})`;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const text = m[0];
      // "end of February" resolves to a day with chrono; "mid-December" stays vague.
      if (/^(?:the )?end of /.test(text)) continue;
      add({ start: m.index, end: m.index + text.length, kind: 'vague' });
    }
  }

  // "the following week", "that week", "the same week": a week counted from a date said just before (resolveAllDates).
  // "the end of the year / quarter": its last day.
  {
    const re = /\b(?:(the following week|the week after(?! next)|the same week|that same week|that week)|(?:the )?end of (?:the |this )?(year|quarter)|(year|quarter)[- ]end)\b/gi;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const unit = m[2] ?? m[3];
      const rel: DateHit['rel'] = unit ? { type: unit === 'year' ? 'endyear' : 'endquarter' } : { type: 'anchorweek', offsetDays: /following|after/.test(m[1]!) ? 7 : 0 };
      add({ start: m.index, end: m.index + m[0].length, kind: 'relative', rel });
    }
  }

  // Relative weeks chrono gets wrong: "next week" = Monday of next week.
  {
    const re = /\b((?:the )?end of next week|by the end of next week|give me (?:an|a couple of|a few|two|three) hours?|within the hour|in an hour|next week|this week|later this week|(?:the )?end of (?:the |this )?week|the week after next|end of day|eod|end of business|by close of business|close of business|cob|today|tonight|this afternoon|this morning|tomorrow|right now|right away|straight away|(?:right )?after (?:this|the|our) (?:call|meeting)|the day after tomorrow)\b/gi;
    let m: RegExpExecArray | null;
    while ((m = re.exec(lower))) {
      const w = m[1]!.toLowerCase();
      // "by close of business tomorrow, Thursday": the day named after it is the date, not today.
      if (/^(?:end of day|eod|end of business|by close of business|close of business|cob)$/.test(w) && /^,?\s+(?:on\s+)?(?:tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the \w+)/.test(lower.slice(m.index + m[0].length))) continue;
      let rel: DateHit['rel'];
      if (/end of next week$/.test(w)) rel = { type: 'endnextweek' };
      else if (/hours?$|^within the hour$/.test(w)) rel = { type: 'days', days: 0 };
      else if (w === 'next week') rel = { type: 'nextweek' };
      else if (w === 'this week' || w === 'later this week') rel = { type: 'thisweek' };
      else if (/end of (?:the |this )?week/.test(w)) rel = { type: 'endweek' };
      // A week named is its Monday (the week of the range), as for "next week".
      else if (w === 'the week after next') rel = { type: 'weekday', weekday: 1, next: false, plusDays: 7, weekOf: true };
      else if (w === 'tomorrow') rel = { type: 'days', days: 1 };
      else if (w === 'the day after tomorrow') rel = { type: 'days', days: 2 };
      else rel = { type: 'days', days: 0 };
      if (w === 'right now' && !/\b(?:send|sending|email|call)/.test(lower)) continue;
      add({ start: m.index, end: m.index + m[0].length, kind: 'relative', rel });
    }
  }

  // Everything else: chrono — asked only when it can contribute (issue 11: it is the costliest step).
  let results: chrono.ParsedResult[] = [];
  if (CHRONO_CAN_CONTRIBUTE.test(lower)) {
    try {
      results = chrono.parse(s, chronoRef, { forwardDate: true });
    } catch {
      results = [];
    }
  }
  const monthWord = rx('i')`\\b${MONTH_RE}\\b`;
  for (const r of results) {
    const start = r.index;
    const end = r.index + r.text.length;
    const kv = certain(r.start);
    const text = r.text.trim();
    if (!text || overlaps(start, end)) continue;
    const tl = text.toLowerCase();
    const hasMonth = monthWord.test(tl) || /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b/.test(tl);
    if (hasMonth && kv.month !== undefined && kv.day !== undefined) {
      // chrono reads the modal "may" and the verb "march" as months; insist on a day said with it.
      if (/^(?:may|march)\b/.test(tl) && !/\d|first|second|third|th\b|st\b|nd\b|rd\b/.test(tl)) continue;
      const weekday = kv.weekday;
      const qualifier = /^this\b/.test(tl) ? 'this' : /^next\b/.test(tl) ? 'next' : /^last\b/.test(tl) ? 'last' : null;
      add({ start, end, kind: 'absolute', month: kv.month, day: kv.day, year: kv.year, weekday, qualifier });
      continue;
    }
    if (hasMonth && kv.month !== undefined) {
      // "in September", "January": a month on its own is a period.
      if (/^(?:may|march)$/.test(tl)) continue;
      add({ start, end, kind: 'vague', month: kv.month, year: kv.year });
      continue;
    }
    if (!hasMonth && kv.weekday !== undefined && kv.day === undefined && rx('i')`\\b${WEEKDAY_RE}\\b`.test(tl)) {
      if (/\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s\b/.test(tl) || /-/.test(tl)) continue; // "on Fridays", "Tuesday-Wednesday"
      const qualifier = /\bnext\b/.test(tl) ? 'next' : /\blast\b/.test(tl) ? 'last' : /\bthis\b/.test(tl) ? 'this' : null;
      if (qualifier === 'last') continue;
      add({ start, end, kind: 'relative', weekday: kv.weekday, rel: { type: 'weekday', weekday: kv.weekday, next: qualifier === 'next' }, qualifier });
      continue;
    }
    if (/\bend of (?:the |this )?month\b/.test(tl)) {
      add({ start, end, kind: 'relative', rel: { type: 'endmonth' } });
      continue;
    }
    // "in two weeks", "within 30 days": a duration from the meeting.
    if (/^(?:in|within)\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:days?|weeks?|months?)$/.test(tl)) {
      const offsetDays = Math.round((startOfDay(r.start.date()).getTime() - startOfDay(chronoRef).getTime()) / DAY_MS);
      add({ start, end, kind: 'relative', rel: { type: 'chrono', offsetDays } });
      continue;
    }
    if (kv.year !== undefined && kv.month === undefined && /\b(?:19|20)\d{2}\b/.test(tl)) add({ start, end, kind: 'vague', year: kv.year });
  }
  hits.sort((a, b) => a.start - b.start);
  // Round 13: a day said as "the week of" it names that week, whose Monday is the date (the truth's dueDate convention).
  for (const h of hits) if ((h.kind === 'dom' || h.kind === 'absolute') && h.day && !h.weekStart && !h.holiday && afterWeekOf(h.start)) h.weekOf = true;
  return hits;
}

/** The components chrono read from the words (not the ones it filled in from the reference). */
function certain(c: ParsedComponents): { day?: number; month?: number; year?: number; weekday?: number } {
  const get = (k: 'day' | 'month' | 'year' | 'weekday') => (c.isCertain(k) ? c.get(k) ?? undefined : undefined);
  return { day: get('day'), month: get('month'), year: get('year'), weekday: get('weekday') };
}

// ---------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------

const PAST_CUE = /\b(?:was|did|had|happened|stopped|went down|sent|closed|started|last (?:year|month|week|quarter)|ago|lost|paid|quit|put us|found|fixed|joined|launched)\b/;
const FUTURE_CUE = /\b(?:will|'ll|by|next|going to|plan|planned|aim|before|until|could|would|can|should|if|runs? (?:out|until)|ends?|renews?|starts?|due)\b/;

/** Picks the year for month/day (and weekday when said) nearest to `around`; past-tense sentences look backwards. */
export function chooseYear(month: number, day: number, weekday: number | undefined, around: Date, past: boolean, forward: boolean): number | null {
  const y0 = around.getUTCFullYear();
  let best: { y: number; score: number } | null = null;
  for (let y = y0 - 7; y <= y0 + 7; y++) {
    if (!validDay(y, month, day)) continue;
    const d = utcDay(y, month, day);
    if (weekday !== undefined && d.getUTCDay() !== weekday) continue;
    const diff = (d.getTime() - around.getTime()) / DAY_MS;
    let score = Math.abs(diff);
    if (weekday === undefined) {
      // Without a weekday only the nearest year in the right direction makes sense.
      if (past && diff > 7) continue;
      if (!past && forward && diff < -7) continue;
    } else if (past && diff > 7) score *= 3;
    if (!best || score < best.score) best = { y, score };
  }
  return best?.y ?? null;
}

/** Resolves a hit against the reference. Returns an ISO date or null. */
export function resolveHit(hit: DateHit, ref: Reference, sentenceLower: string, now: Date = new Date()): string | null {
  const past = PAST_CUE.test(sentenceLower) && !FUTURE_CUE.test(sentenceLower);
  const base = ref.date;
  if (hit.kind === 'vague') return null;
  if (hit.holiday) {
    if (!base) return null;
    for (const y of [base.getUTCFullYear() - 1, base.getUTCFullYear(), base.getUTCFullYear() + 1]) {
      const h = holidayDate(hit.holiday.name, y);
      if (!h) continue;
      let d = h;
      if (hit.holiday.shift === 'week-after') d = addDays(mondayOf(h), 7);
      else if (hit.holiday.shift === 'week-before') d = addDays(mondayOf(h), -7);
      else if (hit.holiday.shift === 'week-of') d = mondayOf(h);
      if (d.getTime() >= base.getTime() - 7 * DAY_MS || past) {
        if (past && d.getTime() > base.getTime()) continue;
        return iso(d);
      }
    }
    return null;
  }
  if (hit.kind === 'absolute' && hit.month && hit.day) {
    const toWeek = (d: Date): Date => {
      if (hit.weekOf) return mondayOf(d);
      if (!hit.weekStart) return d;
      // Round 14: the nth week of a month starts on its nth Monday (March 2026, whose 1st is a Sunday: the second week is the
      // 9th–13th), as every writer of the training sets counts it; `d` is day 1 + 7(n − 1).
      const first = utcDay(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      return new Date(d.getTime() + ((1 - first.getUTCDay() + 7) % 7) * 86_400_000);
    };
    if (hit.year && validDay(hit.year, hit.month, hit.day)) return iso(toWeek(utcDay(hit.year, hit.month, hit.day)));
    // With no meeting date at all, a date said without its year has no year to take (never the machine clock's).
    if (!base) return null;
    const around = base;
    const y = chooseYear(hit.month, hit.day, hit.weekday, around, past, true);
    return y === null ? null : iso(toWeek(utcDay(y, hit.month, hit.day)));
  }
  if (hit.kind === 'dom' && hit.day) {
    if (!base) return null;
    // The first date on or after the reference with that day (and weekday, when said).
    const startFrom = past ? addDays(base, -120) : addDays(base, hit.weekday !== undefined ? -3 : 0);
    let best: Date | null = null;
    for (let k = 0; k < 9; k++) {
      const y = startFrom.getUTCFullYear();
      const m0 = startFrom.getUTCMonth() + 1 + k;
      const yy = y + Math.floor((m0 - 1) / 12);
      const mm = ((m0 - 1) % 12) + 1;
      if (!validDay(yy, mm, hit.day)) continue;
      const d = utcDay(yy, mm, hit.day);
      if (d.getTime() < startFrom.getTime()) continue;
      if (hit.weekday !== undefined && d.getUTCDay() !== hit.weekday) continue;
      if (past && d.getTime() > base.getTime()) break;
      best = d;
      if (!past) break;
    }
    return best ? iso(hit.weekOf ? mondayOf(best) : best) : null;
  }
  if (hit.kind === 'relative' && hit.rel) {
    if (!base || !ref.exact) return null;
    switch (hit.rel.type) {
      case 'days':
        return iso(addDays(base, hit.rel.days));
      case 'nextweek':
        return iso(addDays(mondayOf(base), 7));
      case 'thisweek':
        return iso(base);
      case 'endweek':
        return iso(addDays(mondayOf(base), 4));
      // "by the end of next week": the Friday of the week after the meeting's.
      case 'endnextweek':
        return iso(addDays(mondayOf(base), 11));
      case 'endmonth':
        return iso(utcDay(base.getUTCFullYear(), base.getUTCMonth() + 2, 0));
      case 'endyear':
        return iso(utcDay(base.getUTCFullYear(), 12, 31));
      case 'endquarter':
        return iso(utcDay(base.getUTCFullYear(), Math.floor(base.getUTCMonth() / 3) * 3 + 4, 0));
      // With no date said before it, "the following week" is the week after the meeting's; "that week" is unknown.
      case 'anchorweek':
        return hit.rel.offsetDays ? iso(addDays(mondayOf(base), 7)) : null;
      case 'chrono':
        return iso(addDays(base, hit.rel.offsetDays));
      case 'weekday': {
        // "Wednesday next week": counted from the Monday of next week (plusDays more weeks on).
        if (hit.rel.weekOf) return iso(addDays(mondayOf(base), 7 + ((hit.rel.weekday + 6) % 7) + (hit.rel.plusDays ?? 0)));
        const cur = base.getUTCDay();
        let diff = (hit.rel.weekday - cur + 7) % 7;
        if (diff === 0) diff = 7;
        // "next Tuesday" said on a Monday: people usually mean the one after this week's.
        if (hit.rel.next && diff < 7 && hit.rel.weekday > cur && cur !== 0 && diff <= 2) diff += 7;
        return iso(addDays(base, diff + (hit.rel.plusDays ?? 0)));
      }
      case 'monthday': {
        const y = base.getUTCFullYear();
        // "the first of the month": the next one on or after the meeting (-1 marks "the month").
        const ahead = hit.rel.monthsAhead >= 0 ? hit.rel.monthsAhead : hit.rel.day < base.getUTCDate() ? 1 : 0;
        const mo = base.getUTCMonth() + 1 + ahead;
        const d = utcDay(y + Math.floor((mo - 1) / 12), ((mo - 1) % 12) + 1, hit.rel.day);
        return d.getUTCDate() === hit.rel.day ? iso(d) : null;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Meeting date inference
// ---------------------------------------------------------------------------

export interface MeetingInference extends Reference {
  /** How it was found, for logs and tests. */
  basis: 'given' | 'today' | 'stated' | 'tomorrow' | 'weekday-bracket' | 'this-week' | 'next-week' | 'upper-bound' | 'none';
}

/**
 * The meeting date. Given: use it. Otherwise, dates said with their weekday
 * ("this Friday, October ninth", "Monday the twelfth") pin the calendar; "tomorrow,
 * Wednesday" / "today, Tuesday" pin the meeting's own weekday, which makes the
 * date exact; "this Friday, <date>" brackets the meeting week.
 */
export function inferMeetingDate(sentences: Sentence[], given: Date | null, now: Date = new Date()): MeetingInference {
  if (given && !Number.isNaN(given.getTime())) return { date: startOfDay(given), exact: true, basis: 'given' };

  // 1. Anchors with month, day and weekday.
  interface Anchor { hit: DateHit; date: Date | null; sentence: Sentence }
  const anchors: Anchor[] = [];
  const domAnchors: Anchor[] = [];
  let todayWeekday: number | undefined;
  let tomorrowWeekday: number | undefined;
  let todayDate: Date | null = null;
  const nowDay = startOfDay(now);
  for (const s of sentences) {
    const hits = findDates(s, nowDay);
    for (const h of hits) {
      if (h.qualifier === 'last') continue;
      if (h.kind === 'absolute' && h.month && h.day && h.weekday !== undefined) anchors.push({ hit: h, date: null, sentence: s });
      else if (h.kind === 'dom' && h.day && h.weekday !== undefined) domAnchors.push({ hit: h, date: null, sentence: s });
    }
    // "today is Tuesday, October 27" / "today, Tuesday" / "tomorrow, Wednesday"
    const t = /\b(today|tomorrow)(?: is|,)\s+(?:the\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/.exec(s.lower);
    if (t) {
      const wd = WEEKDAYS.indexOf(t[2]!);
      if (t[1] === 'today') todayWeekday = wd;
      else tomorrowWeekday = wd;
      const full = hits.find((h) => h.start >= t.index && h.start <= t.index + t[0].length + 2 && h.kind === 'absolute' && h.month && h.day);
      if (full && t[1] === 'today') {
        const y = chooseYear(full.month!, full.day!, full.weekday, nowDay, true, false);
        if (y !== null) todayDate = utcDay(y, full.month!, full.day!);
      }
    }
    // "For my notes, it's Tuesday, November 10th." / "For the record, it is …": the date stated after a short lead-in.
    const d = /\btoday(?:'s| is|,) (?:date is )?(?:the )?|^(?:[^.]{0,40}[.,]\s+)?(?:it's|it is) (?=(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),)/.exec(s.lower);
    if (d && !todayDate) {
      const at = d.index + d[0].length;
      const h = hits.find((x) => x.kind === 'absolute' && x.start >= at && x.start <= at + 12);
      if (h?.month && h.day) {
        const y = h.year ?? chooseYear(h.month, h.day, h.weekday, nowDay, true, false);
        if (y !== null) todayDate = utcDay(y, h.month, h.day);
      }
    }
  }
  if (todayDate) return { date: todayDate, exact: true, basis: 'today' };
  const opening = statedInOpening(sentences, nowDay);
  if (opening) return { date: opening, exact: true, basis: 'stated' };

  for (const a of anchors) {
    const y = a.hit.year ?? chooseYear(a.hit.month!, a.hit.day!, a.hit.weekday, nowDay, false, false);
    a.date = y === null ? null : utcDay(y, a.hit.month!, a.hit.day!);
  }
  const dated = anchors.filter((a) => a.date);
  const centre = dated.length ? median(dated.map((a) => a.date!.getTime())) : nowDay.getTime();
  for (const a of domAnchors) {
    // the month where that day falls on that weekday, nearest the other anchors
    let best: Date | null = null;
    const c = new Date(centre);
    for (let k = -8; k <= 8; k++) {
      const m0 = c.getUTCMonth() + k;
      const y = c.getUTCFullYear() + Math.floor(m0 / 12);
      const m = ((m0 % 12) + 12) % 12 + 1;
      if (!validDay(y, m, a.hit.day!)) continue;
      const d = utcDay(y, m, a.hit.day!);
      if (d.getUTCDay() !== a.hit.weekday) continue;
      if (!best || Math.abs(d.getTime() - centre) < Math.abs(best.getTime() - centre)) best = d;
    }
    a.date = best;
  }
  const all = [...dated, ...domAnchors.filter((a) => a.date)];
  if (!all.length) return { date: null, exact: false, basis: 'none' };
  // Anchors far from the cluster (a past event, another year) do not bound the meeting.
  const mid = median(all.map((a) => a.date!.getTime()));
  const near = all.filter((a) => Math.abs(a.date!.getTime() - mid) <= 75 * DAY_MS);
  const earliest = near.reduce((m, a) => (a.date!.getTime() < m.date!.getTime() ? a : m), near[0]!);
  const E = earliest.date!;

  const wd = tomorrowWeekday !== undefined ? (tomorrowWeekday + 6) % 7 : todayWeekday;
  if (wd !== undefined) {
    // the latest such weekday before the earliest upcoming anchor
    let d = addDays(E, tomorrowWeekday !== undefined ? -1 : 0);
    while (d.getUTCDay() !== wd) d = addDays(d, -1);
    return { date: d, exact: true, basis: tomorrowWeekday !== undefined ? 'tomorrow' : 'today' };
  }
  const thisAnchor = near.find((a) => a.hit.qualifier === 'this');
  if (thisAnchor) return { date: mondayOf(thisAnchor.date!), exact: false, basis: 'this-week' };
  const nextAnchor = near.find((a) => a.hit.qualifier === 'next');
  if (nextAnchor) return { date: addDays(mondayOf(nextAnchor.date!), -7), exact: false, basis: 'next-week' };
  return { date: addDays(E, -7), exact: false, basis: 'upper-bound' };
}

/** Words before a date that make it a deadline, a term or a past event rather than the day of the call. */
const NOT_THE_MEETING = /\b(?:by|until|till|before|after|due|since|from|through|ends?|ending|ended|renews?|renewal|expires?|expiry|starts?|started|starting|begins?|signed|effective|deadline|live|launch(?:ed|es)?|last|next|was|were|back|ago|closes?|closing|cutover|kick-?off|deliver(?:y|ed)?|scheduled|planned|booked|set for|meets|(?:board|committee|council|steering) meeting|follow-?up|again)\b[^,.;]{0,25}$/;

/** What may precede a weekday date said as the label of the day: nothing, "so", "okay", "it's", "for the notes", "on this". */
const DAY_LABEL = /(?:^|(?:^|[.!?]\s+)(?:so|okay|ok|right|alright|well|and)[,]?\s+|\b(?:it's|it is|today's|today is|this is|on this|here on|for (?:the|my|our) (?:notes|record|minutes|recording)[,:]?(?:\s+(?:it's|it is))?)\s+)$/;

/**
 * A full date with its year said in the opening of the call ("So, Monday, June 28,
 * 2027, demo for …", "I've got us on the calendar for Monday, May 3rd, 2027",
 * "… Ferries on the twelfth of May, 2027.") is the meeting day: people state it for
 * the notes. Not when the words before it make it a deadline, term or past event.
 */
function statedInOpening(sentences: Sentence[], nowDay: Date): Date | null {
  const opening = sentences.slice(0, Math.max(20, Math.min(40, Math.ceil(sentences.length * 0.2))));
  for (const s of opening) {
    for (const h of findDates(s, nowDay)) {
      if (h.kind !== 'absolute' || h.holiday || h.weekStart || !h.month || !h.day) continue;
      const before = s.lower.slice(Math.max(0, h.start - 60), h.start);
      if (NOT_THE_MEETING.test(before)) continue;
      // Without its year, only a weekday date said as the day's label: "So, Tuesday, March 2nd, …", "for the notes, it's Friday, May 7".
      if (!h.year && (h.weekday === undefined || !DAY_LABEL.test(before))) continue;
      const year = h.year ?? chooseYear(h.month, h.day, h.weekday, nowDay, false, false);
      if (year === null || !validDay(year, h.month, h.day)) continue;
      const d = utcDay(year, h.month, h.day);
      if (h.weekday !== undefined && d.getUTCDay() !== h.weekday) continue;
      return d;
    }
  }
  return null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

export interface ResolvedHit extends DateHit {
  date: string | null;
}

/**
 * Finds and resolves the dates of every sentence, in order, so a bare day of the
 * month can borrow the month of a date said just before it ("December fifteenth
 * is realistic. Gordon goes on leave around the eighteenth" → December 18).
 */
export function resolveAllDates(sentences: Sentence[], ref: Reference, now: Date = new Date()): Map<number, ResolvedHit[]> {
  const out = new Map<number, ResolvedHit[]>();
  let last: { date: Date; index: number } | null = null;
  // The last day said (any kind), for "the following week" / "that week".
  let anchor: { date: Date; index: number } | null = null;
  const chronoRef = ref.date ?? startOfDay(now);
  for (const s of sentences) {
    const res: ResolvedHit[] = [];
    for (const h of findDates(s, chronoRef)) {
      let date = resolveHit(h, ref, s.lower, now);
      if (h.kind === 'dom' && h.weekday === undefined && h.day && last && s.index - last.index <= 3) {
        const y = last.date.getUTCFullYear();
        const m = last.date.getUTCMonth() + 1;
        if (h.day > last.date.getUTCDate() && validDay(y, m, h.day)) {
          const alt = utcDay(y, m, h.day);
          if (!ref.date || alt.getTime() >= ref.date.getTime()) date = iso(alt);
        }
      }
      if (h.rel?.type === 'anchorweek' && anchor && s.index - anchor.index <= 3) date = iso(addDays(mondayOf(anchor.date), h.rel.offsetDays));
      res.push({ ...h, date });
      if (date && h.kind === 'absolute' && !h.holiday) last = { date: new Date(date + 'T00:00:00Z'), index: s.index };
      if (date && h.kind !== 'vague' && h.rel?.type !== 'anchorweek') anchor = { date: new Date(date + 'T00:00:00Z'), index: s.index };
    }
    out.set(s.index, res);
  }
  return out;
}
