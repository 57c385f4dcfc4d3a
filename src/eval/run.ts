/**
 * Runs the built-in structure extraction over a folder with truth and scores it.
 * Owns: the two runs per call (meeting date given; only what the file says) and
 * the report table. Must not: touch the database or tune anything — it measures.
 */
import { extractCallFacts } from '../agents/builtin/callFacts.ts';
import type { CallFacts } from '../agents/types.ts';
import { loadCall, loadTruthFolder, withGivenDate, type TruthFile } from './expected.ts';
import { ACCURACY_FACTS, FACTS, accuracy, prf, scoreCall, sumScores, type CallScore, type FactCount, type FactName } from './score.ts';

export interface EvalOptions {
  /** "Now" for years said without a year; default: the current time. */
  now?: Date;
}

export interface CallResult {
  file: string;
  given: CallScore;
  without: CallScore;
  facts: CallFacts;
}

export interface EvalReport {
  folder: string;
  calls: number;
  given: Record<FactName, FactCount>;
  /** Next steps when the meeting date is not given (only what the file stores). */
  withoutDate: Record<FactName, FactCount>;
  perCall: CallResult[];
}

export function evaluateTruth(folder: string, truth: TruthFile[], options: EvalOptions = {}): EvalReport {
  const now = options.now ?? new Date();
  const perCall: CallResult[] = [];
  for (const t of truth) {
    const { call } = loadCall(t.path);
    const facts = extractCallFacts(withGivenDate(call, t.expected), { now });
    const bare = extractCallFacts(call, { now });
    perCall.push({ file: t.file, given: scoreCall(facts, t.expected), without: scoreCall(bare, t.expected), facts });
  }
  return { folder, calls: truth.length, given: sumScores(perCall.map((c) => c.given)), withoutDate: sumScores(perCall.map((c) => c.without)), perCall };
}

export function evaluateFolder(folder: string, options: EvalOptions = {}): EvalReport {
  return evaluateTruth(folder, loadTruthFolder(folder), options);
}

const LABELS: Record<FactName, string> = {
  participants: 'participants (name+side)',
  buyerCompany: 'buyer company (accuracy)',
  sellerCompany: 'seller company (accuracy)',
  competitors: 'competitors',
  objections: 'objection labels',
  amounts: 'amounts',
  nextSteps: 'next steps (owner+date), date given',
  callType: 'call type (accuracy)',
};

export interface ReportRow {
  fact: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  accuracy: number | null;
  counts: string;
}

/** One row per fact, plus next steps without the meeting date. */
export function reportRows(r: EvalReport): ReportRow[] {
  const rows: ReportRow[] = [];
  const row = (label: string, f: FactName, c: FactCount) => {
    if (ACCURACY_FACTS.has(f)) rows.push({ fact: label, precision: null, recall: null, f1: null, accuracy: accuracy(c), counts: `${c.right}/${c.total} calls` });
    else rows.push({ fact: label, ...prf(c), accuracy: null, counts: `tp ${c.tp} fp ${c.fp} fn ${c.fn}` });
  };
  for (const f of FACTS) {
    row(LABELS[f], f, r.given[f]);
    if (f === 'nextSteps') row('next steps (owner+date), no date given', f, r.withoutDate[f]);
  }
  return rows;
}

const num = (x: number | null) => (x === null ? '  —  ' : x.toFixed(2));

export function formatReport(r: EvalReport): string {
  const rows = reportRows(r);
  const w = Math.max(...rows.map((x) => x.fact.length));
  const lines = [`${r.folder}: ${r.calls} calls`, `${'fact'.padEnd(w)}  prec  rec   F1    acc   counts`];
  for (const x of rows) lines.push(`${x.fact.padEnd(w)}  ${num(x.precision)}  ${num(x.recall)}  ${num(x.f1)}  ${num(x.accuracy)}  ${x.counts}`);
  return lines.join('\n');
}
