/**
 * Shapes shared by every transcript parser.
 */

/** One speaker turn. Times are milliseconds from the start of the call, or null when the format has none. */
export interface Turn {
  speaker: string;
  startMs: number | null;
  endMs: number | null;
  text: string;
  /**
   * Speech time when it is less than endMs − startMs: a turn merged from cues with
   * silence between them (the silence is not talk). Absent when the two agree.
   */
  talkMs?: number;
}

export type TranscriptFormat =
  | 'plain' // "Name: text" lines
  | 'otter' // "Name  0:03" header, paragraph below
  | 'vtt' // WebVTT, "Name: text" cues or <v Name> voice tags
  | 'srt' // SubRip
  | 'json' // { participants, turns }
  | 'json-array'; // [ { speaker, start/end | start_ms/end_ms, text } ]

/** What a file says about a participant beyond their name (JSON exports carry side and e-mail). */
export interface ParticipantHint {
  name: string;
  email?: string | null;
  side?: 'seller' | 'buyer' | null;
  role?: string | null;
  company?: string | null;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  turns: Turn[];
  participants: ParticipantHint[];
  /** Meeting start when the file stores one (ISO 8601). */
  meetingAt: string | null;
  /**
   * The meeting's title as the file stores it (a JSON title/subject/topic, a VTT header or NOTE line, the lines
   * before the first speaker), at most 300 characters; null when none. Evidence for names, never a turn.
   */
  title: string | null;
}
