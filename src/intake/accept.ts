/**
 * The one gate every transcript from outside passes — HTTP upload and inbox
 * alike — so both accept and refuse exactly the same things:
 *   - the declared type (media type, or for the inbox the file extension) must be
 *     a transcript type                                    → else 415 unsupported_media_type
 *   - no binary content: known binary signatures (PDF, ZIP/DOCX, audio, video,
 *     images…), NUL bytes, or mostly control characters    → 415 binary_content
 *   - UTF-8 only (a UTF-16 byte-order mark is named)       → 422 not_utf8
 *   - not empty / not only white space                     → 422 empty_file
 *   - at least one speaker turn                            → 422 no_turns
 * and one file-name policy (judgeFileName) for raw uploads (?name=), multipart
 * parts and inbox files alike:
 *   - the name is cleaned or refused by src/server/fileName.ts (422 invalid_file_name);
 *   - a name with an extension must have a transcript's (.txt .vtt .srt .json),
 *     whatever type was declared ("invoice.exe" typed text/plain)  → 415 unsupported_media_type
 *   - a name without one takes the declared transcript type; with no declared
 *     transcript type (inbox, application/octet-stream parts) it is refused (415);
 * then it is stored once by sha256 and its run opened, atomically (store.ts: one
 * statement; ingestTranscript for forced re-ingests). A refusal throws
 * IntakeError and stores nothing.
 * Owns: those rules and the transcript types. Must not: know HTTP or paths.
 */
import type { Db } from '../db/index.ts';
import type { TranscriptSource } from '../db/schema.ts';
import { decodeTranscript, IntakeError, type IngestRequest, type IngestResult } from './ingest.ts';
import { storeTranscript } from './store.ts';
import { cleanFileName, extensionOf } from '../server/fileName.ts';

/** Media types a raw upload may declare, and the extension used for a default file name. */
export const TRANSCRIPT_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'text/plain': 'txt',
  'text/vtt': 'vtt',
  'application/x-subrip': 'srt',
  'application/json': 'json',
};

/** File extensions taken as transcripts (inbox files, multipart parts sent as application/octet-stream). */
export const TRANSCRIPT_EXTENSIONS: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
};

export interface MediaType {
  type: string;
  charset: string | null;
}

/** "Text/Plain; charset=UTF-8" → { type: 'text/plain', charset: 'utf-8' }; null when absent or malformed. */
export function parseMediaType(header: string | null | undefined): MediaType | null {
  if (!header) return null;
  const [head, ...params] = header.split(';');
  const type = head.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return null;
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p);
    if (m) charset = m[1].toLowerCase();
  }
  return { type, charset };
}

const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/** Refuses a declared type that is not a transcript type, or a charset other than UTF-8. */
export function checkDeclaredType(mt: MediaType | null, field = 'content-type'): void {
  if (!mt) {
    throw new IntakeError(415, 'unsupported_media_type', `Send the transcript as multipart/form-data (field "file") or as a raw body typed ${Object.keys(TRANSCRIPT_MEDIA_TYPES).join(', ')}.`, field);
  }
  if (!(mt.type in TRANSCRIPT_MEDIA_TYPES)) {
    throw new IntakeError(415, 'unsupported_media_type', `${mt.type} is not a transcript type; accepted: ${Object.keys(TRANSCRIPT_MEDIA_TYPES).join(', ')} (or multipart/form-data).`, field);
  }
  if (mt.charset && !UTF8_CHARSETS.has(mt.charset)) {
    throw new IntakeError(415, 'unsupported_charset', `Only UTF-8 transcripts are accepted (declared charset: ${mt.charset}).`, field);
  }
}

/** The media type for a file name's extension, or a 415 when the extension is not a transcript's. */
export function mediaTypeForExtension(ext: string, field = 'file'): string {
  const type = TRANSCRIPT_EXTENSIONS[ext];
  if (!type) {
    throw new IntakeError(415, 'unsupported_media_type', `".${ext || '(none)'}" is not a transcript file; accepted: ${Object.keys(TRANSCRIPT_EXTENSIONS).map((e) => '.' + e).join(' ')}.`, field);
  }
  return type;
}

export interface JudgedFileName {
  fileName: string;
  /** true when the name differs from what was sent (path dropped, trimmed, normalised). */
  sanitised: boolean;
  /** The media type the transcript is taken as. */
  mediaType: string;
}

export interface JudgeFileNameOptions {
  /** The name as sent (?name=, the multipart filename, the inbox file's name); empty/absent → the fallback. */
  name: string | null | undefined;
  /** The declared type: a raw body's Content-Type or a part's type (already checked); null or application/octet-stream when nothing useful was declared. */
  declared: MediaType | null;
  /** Used when no name was sent: `upload.<ext of the declared type>`. */
  fallback?: string;
  /** The request field the name came from, for the error (name, file). */
  field: string;
}

/**
 * The one file-name policy (see the header): every way in — raw upload,
 * multipart part, inbox file — calls this and nothing else to judge a name.
 */
export function judgeFileName(opts: JudgeFileNameOptions): JudgedFileName {
  const declaredTranscript = opts.declared && opts.declared.type in TRANSCRIPT_MEDIA_TYPES ? opts.declared : null;
  if (opts.declared && !declaredTranscript && opts.declared.type !== 'application/octet-stream') {
    throw new IntakeError(415, 'unsupported_media_type', `${opts.declared.type} is not a transcript type; accepted: ${Object.keys(TRANSCRIPT_MEDIA_TYPES).join(', ')}.`, opts.field);
  }
  if (declaredTranscript) checkDeclaredType(declaredTranscript, opts.field);
  const fallback = opts.fallback ?? `upload.${declaredTranscript ? TRANSCRIPT_MEDIA_TYPES[declaredTranscript.type] : 'txt'}`;
  const clean = cleanFileName(opts.name, { fallback, field: opts.field });
  const ext = extensionOf(clean.name);
  if (ext !== '' && !(ext in TRANSCRIPT_EXTENSIONS)) mediaTypeForExtension(ext, opts.field); // throws 415
  const mediaType = declaredTranscript ? declaredTranscript.type : mediaTypeForExtension(ext, opts.field);
  return { fileName: clean.name, sanitised: clean.sanitised, mediaType };
}

// Leading bytes of common binary files a rep might send instead of a transcript.
const SIGNATURES: { name: string; bytes: number[]; at?: number }[] = [
  { name: 'PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'ZIP (docx/xlsx/pptx/zip)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip', bytes: [0x1f, 0x8b] },
  { name: 'OLE (doc/xls/msg)', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'RIFF (wav/avi/webp)', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'MP3', bytes: [0x49, 0x44, 0x33, 0x03] },
  { name: 'MP3', bytes: [0x49, 0x44, 0x33, 0x04] },
  { name: 'Ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { name: 'FLAC', bytes: [0x66, 0x4c, 0x61, 0x43] },
  { name: 'MP4/M4A/MOV', bytes: [0x66, 0x74, 0x79, 0x70], at: 4 },
  { name: 'Matroska/WebM', bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { name: 'ELF', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

/**
 * Content checks that need no parsing: binary signatures, UTF-16/32 byte-order
 * marks, control characters. (NUL bytes, UTF-8 validity, emptiness and turns are
 * checked by decodeTranscript inside ingestTranscript.)
 */
export function checkContent(bytes: Uint8Array): void {
  for (const sig of SIGNATURES) {
    if (startsWith(bytes, sig.bytes, sig.at)) {
      throw new IntakeError(415, 'binary_content', `This is a ${sig.name} file, not a text transcript. Upload the transcript (.txt, .vtt, .srt or .json), not the recording or document.`, 'file');
    }
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new IntakeError(422, 'not_utf8', 'The file is UTF-16 text; save it as UTF-8 and upload again.', 'file');
  }
  // Mostly control characters (other than tab, new line, carriage return, form feed): binary.
  const n = Math.min(bytes.length, 4096);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) throw new IntakeError(415, 'binary_content', 'The file contains NUL bytes: binary content is not a transcript.', 'file');
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) controls++;
  }
  if (n > 0 && controls / n > 0.1) throw new IntakeError(415, 'binary_content', 'The file is mostly control characters: binary content is not a transcript.', 'file');
}

export interface AcceptRequest {
  bytes: Uint8Array;
  /** Already cleaned (src/server/fileName.ts). */
  fileName: string;
  mediaType: string;
  source: TranscriptSource;
  meetingAt?: Date | null;
  rep?: string | null;
  account?: string | null;
  force?: boolean;
  maxAttempts: number;
  maxBytes: number;
}

/** Validates and ingests; throws IntakeError for input that is refused (nothing stored). */
export async function acceptTranscript(db: Db, req: AcceptRequest): Promise<IngestResult> {
  if (req.bytes.length > req.maxBytes) {
    throw new IntakeError(413, 'body_too_large', `The transcript is ${req.bytes.length} bytes; the limit is ${req.maxBytes}.`, 'file');
  }
  checkContent(req.bytes);
  const ingest: IngestRequest = {
    bytes: req.bytes,
    fileName: req.fileName,
    source: req.source,
    mediaType: req.mediaType,
    meetingAt: req.meetingAt ?? null,
    rep: req.rep ?? null,
    account: req.account ?? null,
    force: req.force,
    requireTurns: true,
    maxAttempts: req.maxAttempts,
  };
  // The same checks ingestTranscript makes (NUL, UTF-8, empty, speaker turns), then the one-statement store.
  const text = decodeTranscript(req.bytes, { requireTurns: true, fileName: req.fileName });
  return storeTranscript(db, ingest, text);
}
