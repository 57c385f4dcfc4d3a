/**
 * The ask evaluation: runs eval/ask/questions.json through an engine and
 * scores each answer — exact when every expected fact appears in it and every
 * required transcript file is among its citations; citation precision is the
 * share of cited files that are required ones. Used by `npm run eval:ask` and
 * test/reasoning-eval.test.ts.
 * Must not: tune anything to the questions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths.ts';
import type { AskEngine } from '../../src/reasoning/engine.ts';
import type { AskAnswer } from '../../src/reasoning/types.ts';

export interface EvalQuestion {
  id: string;
  shape: string;
  question: string;
  facts: string[];
  citations: string[];
  follows?: string;
}

export interface EvalFile {
  now: string;
  questions: EvalQuestion[];
}

export interface EvalResult {
  id: string;
  question: string;
  exact: boolean;
  missingFacts: string[];
  missingCitations: string[];
  citedFiles: string[];
  /** null when nothing was cited and nothing had to be. */
  precision: number | null;
  answer: string;
}

export interface EvalReport {
  total: number;
  exact: number;
  exactRate: number;
  citationPrecision: number;
  results: EvalResult[];
}

export function loadEvalFile(file = path.join(projectRoot, 'eval/ask/questions.json')): EvalFile {
  return JSON.parse(readFileSync(file, 'utf8')) as EvalFile;
}

export function score(q: EvalQuestion, a: AskAnswer): EvalResult {
  const text = a.answer.toLowerCase();
  const missingFacts = q.facts.filter((f) => !text.includes(f.toLowerCase()));
  const citedFiles = [...new Set(a.citations.map((c) => c.fileName))];
  const missingCitations = q.citations.filter((f) => !citedFiles.includes(f));
  const precision = citedFiles.length === 0 ? (q.citations.length === 0 ? null : 0) : citedFiles.filter((f) => q.citations.includes(f)).length / citedFiles.length;
  return { id: q.id, question: q.question, exact: missingFacts.length === 0 && missingCitations.length === 0, missingFacts, missingCitations, citedFiles, precision, answer: a.answer };
}

export async function evaluateAsk(engine: AskEngine, file: EvalFile = loadEvalFile()): Promise<EvalReport> {
  const now = new Date(file.now);
  const threads = new Map<string, string>();
  const results: EvalResult[] = [];
  for (const q of file.questions) {
    const threadId = q.follows ? threads.get(q.follows) : undefined;
    if (q.follows && !threadId) throw new Error(`${q.id} follows ${q.follows}, which was not asked before it`);
    const a = await engine.ask(q.question, { threadId, now });
    threads.set(q.id, a.threadId);
    results.push(score(q, a));
  }
  const exact = results.filter((r) => r.exact).length;
  const withPrecision = results.filter((r) => r.precision !== null);
  return {
    total: results.length,
    exact,
    exactRate: exact / results.length,
    citationPrecision: withPrecision.reduce((s, r) => s + (r.precision ?? 0), 0) / Math.max(1, withPrecision.length),
    results,
  };
}
