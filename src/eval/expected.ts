/**
 * Ground truth for extraction quality: a folder of transcripts with an
 * `expected/<name>.json` beside them (the shape of samples/expected/*.json).
 * Owns: reading and validating that truth, and turning a transcript file into
 * the CallInput the agents take (parse only, no database).
 * Must not: score anything (score.ts) or run the extraction (run.ts).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { parseTranscript } from '../parsing/index.ts';
import { CALL_TYPES, type CallInput } from '../agents/types.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One call's truth. Unknown extra fields are kept; only what is scored is checked. */
export const expectedCallSchema = z
  .object({
    format: z.string().optional(),
    speakers: z.array(z.object({ name: z.string().min(1), side: z.enum(['seller', 'buyer', 'unknown']), role: z.string().nullable().optional() }).passthrough()),
    sellerCompany: z.string().nullable(),
    buyerCompany: z.string().nullable(),
    meetingDate: isoDate.nullable(),
    amounts: z.array(z.object({ value: z.number(), currency: z.string() })).default([]),
    competitors: z.array(z.string()).default([]),
    objections: z.array(z.string()).default([]),
    nextSteps: z.array(z.object({ owner: z.string(), dueDate: isoDate.nullable(), keyword: z.string().optional().default('') })).default([]),
    callType: z.enum(CALL_TYPES).nullable().optional(),
  })
  .passthrough();
export type ExpectedCall = z.infer<typeof expectedCallSchema>;

export interface TruthFile {
  file: string;
  path: string;
  expected: ExpectedCall;
}

const TRANSCRIPT = /\.(txt|vtt|srt|json)$/i;

/** Every transcript in `folder` that has `expected/<stem>.json`; a malformed truth file is an error naming the file. */
/**
 * The folders of fresh calls written for training (eval/train1, eval/train2, …: the rules never saw them), in
 * number order — every trainer's list, so a new set is picked up by all of them at once.
 */
export function trainingFolders(root = '.'): string[] {
  const evalDir = resolve(root, 'eval');
  if (!existsSync(evalDir)) return [];
  return readdirSync(evalDir)
    .filter((d) => /^train\d+$/.test(d) && existsSync(resolve(evalDir, d, 'expected')))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((d) => `eval/${d}`);
}

export function loadTruthFolder(folder: string): TruthFile[] {
  const dir = resolve(folder);
  if (!existsSync(dir)) throw new Error(`no such folder: ${folder}`);
  const expDir = resolve(dir, 'expected');
  if (!existsSync(expDir)) throw new Error(`${folder} has no expected/ subfolder with the truth`);
  const out: TruthFile[] = [];
  for (const file of readdirSync(dir).filter((f) => TRANSCRIPT.test(f)).sort()) {
    const exp = resolve(expDir, file.replace(/\.\w+$/, '.json'));
    if (!existsSync(exp)) continue;
    const parsed = expectedCallSchema.safeParse(JSON.parse(readFileSync(exp, 'utf8')));
    if (!parsed.success) throw new Error(`${exp}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.push({ file, path: resolve(dir, file), expected: parsed.data });
  }
  return out;
}

/** Parses a transcript file into what the agents take; meetingAt is what the file itself stores (or null). */
export function loadCall(path: string): { call: CallInput; raw: string } {
  const raw = readFileSync(path, 'utf8');
  const parsed = parseTranscript(raw, basename(path));
  return {
    raw,
    call: {
      transcriptId: basename(path),
      fileName: basename(path),
      meetingAt: parsed.meetingAt ? new Date(parsed.meetingAt) : null,
      turns: parsed.turns,
      participants: parsed.participants,
      title: parsed.title,
    },
  };
}

/** The call with the meeting date its truth states, as `ingest --meeting-at` would give it ("date given"); else as stored. */
export function withGivenDate(call: CallInput, expected: ExpectedCall): CallInput {
  return { ...call, meetingAt: expected.meetingDate ? new Date(`${expected.meetingDate}T12:00:00Z`) : call.meetingAt };
}
