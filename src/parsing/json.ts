/**
 * JSON exports: an object with `participants` (id, name, e-mail, side, role, company)
 * and `turns` whose `speaker` is a participant id; or a bare array of turns with a
 * speaker name. Times: `start_ms`/`end_ms` (or camelCase) in ms, or `start`/`end` in
 * seconds (numbers, numeric strings or clock strings).
 * Owns: field-name tolerance for JSON exports. Must not: guess facts beyond what the
 * file states (a participant without a side stays side-less).
 */
import { TranscriptParseError } from './errors.ts';
import { mergeSegments } from './text.ts';
import { parseClock } from './timecode.ts';
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

/** Seconds as a number, numeric string or clock string → ms. */
function seconds(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v * 1000) : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  return parseClock(t);
}

function millis(v: unknown): number | null {
  const n = typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

function times(t: Obj): { startMs: number | null; endMs: number | null } {
  const msStart = pick(t, ['start_ms', 'startMs', 'start_time_ms', 'offset_ms']);
  if (msStart !== undefined) return { startMs: millis(msStart), endMs: millis(pick(t, ['end_ms', 'endMs', 'end_time_ms'])) };
  return {
    startMs: seconds(pick(t, ['start', 'start_time', 'startTime', 'from'])),
    endMs: seconds(pick(t, ['end', 'end_time', 'endTime', 'to'])),
  };
}

function meetingAt(o: Obj): string | null {
  const v = str(pick(o, MEETING_AT));
  if (!v || Number.isNaN(Date.parse(v))) return null;
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
  if (isObj(data)) {
    rawTurns = pick(data, TURN_LISTS);
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
  for (const t of rawTurns) {
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
    segments.push({ speaker, ...times(t), text });
  }

  const turns = mergeSegments(segments);
  const participants: ParticipantHint[] = [...byId.values()];
  for (const t of turns) if (!participants.some((p) => p.name === t.speaker)) participants.push({ name: t.speaker });

  return {
    format: isArray ? 'json-array' : 'json',
    turns,
    participants,
    meetingAt: isObj(data) ? meetingAt(data) : null,
  };
}
