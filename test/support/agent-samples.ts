/**
 * Loads the project's own samples (samples/ + samples/expected/) and, when the
 * folder exists, ../shared/samples, as CallInput for the built-in agents.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
export { loadCall } from '../../src/eval/expected.ts';

export const SAMPLES_DIR = resolve(import.meta.dirname, '../../samples');
/** Tests pin "now" so that a date said without a year always resolves the same way. */
export const NOW = new Date('2026-11-25T12:00:00Z');

export interface ExpectedSample {
  format: string;
  speakers: { name: string; side: 'seller' | 'buyer'; role: string | null }[];
  sellerCompany: string | null;
  buyerCompany: string | null;
  meetingDate: string | null;
  amounts: { value: number; currency: string }[];
  competitors: string[];
  objections: string[];
  nextSteps: { owner: string; dueDate: string | null; keyword: string }[];
}

export function projectSamples(): { file: string; path: string; expected: ExpectedSample }[] {
  if (!existsSync(SAMPLES_DIR)) return [];
  return readdirSync(SAMPLES_DIR)
    .filter((f) => /\.(txt|vtt|srt|json)$/.test(f))
    .map((file) => {
      const exp = resolve(SAMPLES_DIR, 'expected', file.replace(/\.\w+$/, '.json'));
      return { file, path: resolve(SAMPLES_DIR, file), expected: existsSync(exp) ? (JSON.parse(readFileSync(exp, 'utf8')) as ExpectedSample) : null };
    })
    .filter((x): x is { file: string; path: string; expected: ExpectedSample } => x.expected !== null);
}
