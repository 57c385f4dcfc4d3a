/**
 * POST /transcripts — upload one transcript; GET /transcripts/:id — what was made of it.
 *
 * Upload forms:
 *   - multipart/form-data: field `file` (required), optional `meetingAt`, `rep`, `account`;
 *   - raw body typed text/plain, text/vtt, application/x-subrip or application/json,
 *     file name in `?name=` (or `?filename=`), the other fields as query parameters.
 * Answers 202 {transcriptId, runId, status: "queued", statusUrl, …} for new bytes;
 * 200 {…, status: "duplicate"} with the existing ids when the same bytes (sha256)
 * came before, unless `?force=true` (then 202 with a new run of the same transcript).
 * Order of checks: auth (app.ts) → declared type (415) → Content-Length (413) →
 * body read with a byte counter (413) → fields (400/422) → file name (422/415,
 * judgeFileName: one policy for raw and multipart uploads and the inbox) → content
 * (415/422, src/intake/accept.ts) → store + run in one transaction.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { acceptTranscript, checkDeclaredType, judgeFileName, parseMediaType } from '../../intake/accept.ts';
import { IntakeError, type IngestResult } from '../../intake/ingest.ts';
import { transcriptReport } from '../../reports/transcriptReport.ts';
import type { ServerDeps } from '../deps.ts';
import { checkContentLength, readBodyLimited } from '../body.ts';
import { HttpError } from '../errors.ts';
import { flag, isoDate, label, valid, zodFailure } from '../validate.ts';
import { isUuid } from '../../db/ids.ts';

/** Room for the multipart envelope (boundaries, part headers, small fields) around a file of the maximum size. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const uploadQuery = z.object({
  name: z.string().max(4096).optional(),
  filename: z.string().max(4096).optional(),
  force: flag.optional(),
  meetingAt: isoDate.optional(),
  rep: label.optional(),
  account: label.optional(),
});

const formFields = z.object({
  meetingAt: isoDate.optional(),
  rep: label.optional(),
  account: label.optional(),
});

interface Upload {
  bytes: Uint8Array;
  fileName: string;
  fileNameSanitised: boolean;
  mediaType: string;
  meetingAt?: Date;
  rep?: string;
  account?: string;
}

function formString(v: ReturnType<FormData['get']>): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function readMultipart(contentType: string, bytes: Uint8Array, limit: number, query: z.infer<typeof uploadQuery>): Promise<Upload> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch (err) {
    throw new HttpError(400, 'invalid_multipart', `The multipart body could not be read: ${(err as Error).message}`);
  }
  const file = form.get('file');
  if (!(file instanceof File)) {
    throw new IntakeError(422, 'missing_file', 'Send the transcript as a file in the multipart field "file".', 'file');
  }
  if (file.size > limit) throw new IntakeError(413, 'body_too_large', `The file is ${file.size} bytes; the limit is ${limit} (STELLAR_MAX_UPLOAD_BYTES).`, 'file');
  const fields = formFields.safeParse({
    meetingAt: formString(form.get('meetingAt')) ?? query.meetingAt?.toISOString(),
    rep: formString(form.get('rep')) ?? query.rep,
    account: formString(form.get('account')) ?? query.account,
  });
  if (!fields.success) throw zodFailure(fields.error);
  // The part's own type when it is a transcript type; otherwise (browsers and curl send
  // application/octet-stream for .vtt/.srt) the extension decides — the same policy as raw uploads.
  const named = judgeFileName({ name: file.name, declared: parseMediaType(file.type), fallback: 'upload.txt', field: 'file' });
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: named.fileName,
    fileNameSanitised: named.sanitised,
    mediaType: named.mediaType,
    ...fields.data,
  };
}

function answer(result: IngestResult, upload: Upload, forced: boolean) {
  const base = {
    transcriptId: result.transcriptId,
    runId: result.runId,
    fileName: upload.fileName,
    ...(upload.fileNameSanitised ? { fileNameSanitised: true } : {}),
    duplicate: result.duplicate,
    transcriptUrl: `/transcripts/${result.transcriptId}`,
    statusUrl: result.runId ? `/runs/${result.runId}` : null,
  };
  if (result.duplicate && !forced) return { status: 200 as const, body: { ...base, status: 'duplicate' as const } };
  return { status: 202 as const, body: { ...base, status: 'queued' as const, ...(forced && result.duplicate ? { forced: true } : {}) } };
}

export function transcriptRoutes(deps: ServerDeps): Hono {
  const routes = new Hono();
  const limit = deps.config.STELLAR_MAX_UPLOAD_BYTES;

  routes.post('/', valid('query', uploadQuery), async (c) => {
    const query = c.req.valid('query') as z.infer<typeof uploadQuery>;
    const header = c.req.header('content-type');
    const declared = parseMediaType(header);
    const multipart = declared?.type === 'multipart/form-data';
    if (!multipart) checkDeclaredType(declared);
    const bodyLimit = multipart ? limit + MULTIPART_OVERHEAD_BYTES : limit;
    checkContentLength(c.req.header('content-length'), bodyLimit);
    const body = await readBodyLimited(c.req.raw.body, bodyLimit);

    let upload: Upload;
    if (multipart) {
      upload = await readMultipart(header!, body, limit, query);
    } else {
      const named = judgeFileName({ name: query.name ?? query.filename, declared, field: 'name' });
      upload = { bytes: body, fileName: named.fileName, fileNameSanitised: named.sanitised, mediaType: named.mediaType, meetingAt: query.meetingAt, rep: query.rep, account: query.account };
    }
    const forced = query.force === true;
    const result = await acceptTranscript(deps.db, {
      bytes: upload.bytes,
      fileName: upload.fileName,
      mediaType: upload.mediaType,
      source: 'upload',
      meetingAt: upload.meetingAt ?? null,
      rep: upload.rep ?? null,
      account: upload.account ?? null,
      force: forced,
      maxAttempts: deps.config.STELLAR_MAX_ATTEMPTS,
      maxBytes: limit,
    });
    const { status, body: out } = answer(result, upload, forced);
    deps.log.debug({ transcriptId: result.transcriptId, runId: result.runId, duplicate: result.duplicate, fileName: upload.fileName }, 'upload accepted');
    return c.json(out, status, out.statusUrl ? { Location: out.statusUrl } : undefined);
  });

  routes.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw new HttpError(400, 'invalid_parameter', 'id: not a transcript id (a UUID).', 'id');
    const report = await transcriptReport(deps.db, id);
    if (!report) throw new HttpError(404, 'not_found', `No transcript ${id}.`, 'id');
    return c.json(report);
  });

  return routes;
}
