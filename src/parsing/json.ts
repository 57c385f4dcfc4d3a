/**
 * JSON exports: an object with `participants` (id, name, e-mail, side, role, company)
 * and `turns` whose `speaker` is a participant id; or a bare array of turns with a
 * speaker name. Times: `start_ms`/`end_ms` (or camelCase) in ms, or `start`/`end` in
 * seconds (numbers, numeric strings or clock strings). A time that is given but
 * is not a time, is negative, lies past MAX_TIME_MS, or an end before its start
 * is refused (TranscriptParseError 'invalid_time' naming the turn and field,
 * e.g. `turns[2].start`), never dropped or stored.
 * The meeting date comes from a date field, else from a title that states a date with its year.
 * Owns: field-name tolerance for JSON exports. Must not: guess facts beyond what the
 * file states (a participant without a side stays side-less).
 */
import { TranscriptParseError } from './errors.ts';
import { meetingAtFromPreamble, titleFromPreamble } from './preamble.ts';
import { mergeSegments } from './text.ts';
import { MAX_TIME_MS, parseClock } from './timecode.ts';
import type { ParsedTranscript, ParticipantHint, Turn } from './types.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** First own property among `keys` that is present (own: "__proto__" tricks stay inert). */
function pick(o: Obj, keys: readonly string[]): unknown {
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== null && o[k] !== undefined) return o[k];
  return undefined;
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

const TURN_LISTS = ['turns', 'segments', 'utterances', 'transcript', 'entries', 'results'];
const PARTICIPANT_LISTS = ['participants', 'speakers', 'attendees'];
const MEETING_AT = ['meeting_at', 'meetingAt', 'started_at', 'startedAt', 'start_time', 'startTime', 'meeting_date', 'date', 'created_at'];
const SPEAKER = ['speaker', 'speaker_id', 'speakerId', 'speaker_name', 'speakerName', 'participant', 'participant_id', 'name'];
const TEXT = ['text', 'content', 'transcript', 'utterance', 'body'];

function normaliseSide(v: unknown): 'seller' | 'buyer' | null {
  const s = str(v)?.toLowerCase();
  if (!s) return null;
  if (['seller', 'rep', 'vendor', 'internal', 'host', 'sales'].includes(s)) return 'seller';
  if (['buyer', 'prospect', 'customer', 'client', 'external'].includes(s)) return 'buyer';
  return null;
}

function toParticipant(v: unknown, fallbackId: string): { id: string; hint: ParticipantHint } | null {
  if (typeof v === 'string' && v.trim()) return { id: v.trim(), hint: { name: v.trim() } };
  if (!isObj(v)) return null;
  const id = str(pick(v, ['id', 'speaker_id', 'speakerId', 'key'])) ?? fallbackId;
  const name = str(pick(v, ['name', 'display_name', 'displayName', 'full_name'])) ?? id;
  const hint: ParticipantHint = { name };
  const email = str(pick(v, ['email', 'e-mail', 'mail']));
  const side = normaliseSide(pick(v, ['side', 'affiliation', 'type']));
  const role = str(pick(v, ['role', 'title', 'job_title', 'jobTitle']));
  const company = str(pick(v, ['company', 'organization', 'organisation', 'org', 'account']));
  if (email) hint.email = email;
  if (side) hint.side = side;
  if (role) hint.role = role;
  if (company) hint.company = company;
  return { id, hint };
}

/** The first present key among `keys`, with its value. */
function pickKey(o: Obj, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== null && o[k] !== undefined) return { key: k, value: o[k] };
  return undefined;
}

/** Seconds as a number, numeric string or clock string → ms (NaN when it is none of those). */
function seconds(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return NaN;
  const t = v.trim();
  if (/^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(t)) return Number(t) * 1000;
  return parseClock(t) ?? NaN;
}

function millis(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*$/i.test(v)) return Number(v);
  return NaN;
}

type TimeField = { key: string; value: unknown; ms: number } | undefined;

function timeField(t: Obj, keys: readonly string[], toMs: (v: unknown) => number): TimeField {
  const found = pickKey(t, keys);
  return found ? { ...found, ms: toMs(found.value) } : undefined;
}

/**
 * A turn's times in ms (null when the file gives none). Throws invalid_time naming
 * `<list>[i].<key>` for a value that is not a time, negative, past MAX_TIME_MS, or
 * an end before the start.
 */
function times(t: Obj, path: string, turnNo: number): { startMs: number | null; endMs: number | null } {
  const msStart = pickKey(t, ['start_ms', 'startMs', 'start_time_ms', 'offset_ms']);
  const inMs = msStart !== undefined;
  const start = inMs ? timeField(t, ['start_ms', 'startMs', 'start_time_ms', 'offset_ms'], millis) : timeField(t, ['start', 'start_time', 'startTime', 'from'], seconds);
  const end = inMs ? timeField(t, ['end_ms', 'endMs', 'end_time_ms'], millis) : timeField(t, ['end', 'end_time', 'endTime', 'to'], seconds);
  const unit = inMs ? 'ms' : 's';
  const check = (f: TimeField): number | null => {
    if (!f) return null;
    const where = `${path}.${f.key}`;
    const shown = typeof f.value === 'string' ? JSON.stringify(f.value) : String(f.value);
    if (!Number.isFinite(f.ms)) throw new TranscriptParseError('invalid_time', `turn ${turnNo} (${where}): ${shown} is not a time (${inMs ? 'milliseconds' : 'seconds or hh:mm:ss.mmm'})`, where);
    if (f.ms < 0) throw new TranscriptParseError('invalid_time', `turn ${turnNo} (${where}): ${shown} ${unit} is negative`, where);
    if (f.ms > MAX_TIME_MS) throw new TranscriptParseError('invalid_time', `turn ${turnNo} (${where}): ${shown} ${unit} is past ${MAX_TIME_MS / 3_600_000} hours, out of range for a call`, where);
    return Math.round(f.ms);
  };
  const startMs = check(start);
  const endMs = check(end);
  if (startMs !== null && endMs !== null && endMs < startMs) {
    const where = `${path}.${end!.key}`;
    throw new TranscriptParseError('invalid_time', `turn ${turnNo} (${where}): it ends (${String(end!.value)} ${unit}) before it starts (${String(start!.value)} ${unit})`, where);
  }
  return { startMs, endMs };
}

// The meeting's title; a title with its date ("Discovery call, Acme, March 4, 2027") is the meeting date when no date field is given.
const TITLE = ['title', 'meeting_title', 'meetingTitle', 'subject', 'topic', 'name'];

function meetingAt(o: Obj, title: string | null): string | null {
  const v = str(pick(o, MEETING_AT));
  if (!v) return title ? meetingAtFromPreamble([title]) : null;
  if (Number.isNaN(Date.parse(v))) return null;
  // Keep an ISO string as written; reformat anything else Date understands.
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? v : new Date(v).toISOString();
}

export function parseJson(text: string): ParsedTranscript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new TranscriptParseError('invalid_json', `not valid JSON: ${(err as Error).message}`);
  }

  const isArray = Array.isArray(data);
  let rawTurns: unknown = isArray ? data : undefined;
  const byId = new Map<string, ParticipantHint>();
  let listPath = 'turns';
  if (isObj(data)) {
    const list = pickKey(data, TURN_LISTS);
    rawTurns = list?.value;
    listPath = list?.key ?? 'turns';
    const rawParticipants = pick(data, PARTICIPANT_LISTS);
    if (Array.isArray(rawParticipants)) {
      rawParticipants.forEach((p, i) => {
        const r = toParticipant(p, String(i));
        if (r && !byId.has(r.id)) byId.set(r.id, r.hint);
      });
    } else if (isObj(rawParticipants)) {
      // { "spk_1": "Name" } or { "spk_1": { name, ... } }
      for (const [id, p] of Object.entries(rawParticipants)) {
        const r = toParticipant(typeof p === 'string' ? { id, name: p } : isObj(p) ? { id, ...p } : null, id);
        if (r && !byId.has(r.id)) byId.set(r.id, r.hint);
      }
    }
  }
  if (!Array.isArray(rawTurns)) {
    throw new TranscriptParseError('no_turns', isArray ? 'empty JSON array' : 'JSON has no array of turns (expected "turns")');
  }

  const segments: Turn[] = [];
  for (const [i, t] of rawTurns.entries()) {
    if (!isObj(t)) continue;
    const text = str(pick(t, TEXT));
    if (!text) continue;
    let who = pick(t, SPEAKER);
    if (isObj(who)) who = pick(who, ['name', 'id']);
    const id = str(who);
    if (!id) continue;
    const known = byId.get(id);
    // Bare numeric ids with no participant list read better as "Speaker 2".
    const speaker = known?.name ?? (typeof who === 'number' ? `Speaker ${id}` : id);
    segments.push({ speaker, ...times(t, `${listPath}[${i}]`, i + 1), text });
  }

  const turns = mergeSegments(segments);
  const participants: ParticipantHint[] = [...byId.values()];
  for (const t of turns) if (!participants.some((p) => p.name === t.speaker)) participants.push({ name: t.speaker });

  const title = isObj(data) ? str(pick(data, TITLE)) : null;
  return {
    format: isArray ? 'json-array' : 'json',
    turns,
    participants,
    meetingAt: isObj(data) ? meetingAt(data, title) : null,
    title: title ? titleFromPreamble([title]) : null,
  };
}
