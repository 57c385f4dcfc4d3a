/**
 * `npm run eval -- <folder> [<folder> …] [--json] [--misses] [--now YYYY-MM-DD]`
 *
 * Scores the built-in structure extraction on any folder of transcripts that has
 * an `expected/` subfolder (the shape of samples/expected/*.json): precision,
 * recall and F1 per fact, company and call-type accuracy, next steps with the
 * meeting date given and without. In-process, no database.
 * --misses lists what each call missed or added (for tuning sets only: never
 * read the misses of a blind set).
 */
import { evaluateFolder, formatReport, reportRows } from '../src/eval/run.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const misses = args.includes('--misses');
const nowAt = args.indexOf('--now');
const now = nowAt >= 0 ? new Date(`${args[nowAt + 1]}T12:00:00Z`) : undefined;
if (now && Number.isNaN(now.getTime())) {
  console.error(`--now: not a date: ${args[nowAt + 1]}`);
  process.exit(2);
}
const folders = args.filter((a, i) => !a.startsWith('--') && !(nowAt >= 0 && i === nowAt + 1));
if (!folders.length) {
  console.error('usage: npm run eval -- <folder with expected/> [...] [--json] [--misses] [--now YYYY-MM-DD]');
  process.exit(2);
}
try {
  const out = [];
  for (const folder of folders) {
    const report = evaluateFolder(folder, { now });
    if (json) out.push({ folder, calls: report.calls, rows: reportRows(report), given: report.given, withoutDate: report.withoutDate });
    else {
      console.log(formatReport(report));
      if (misses) for (const c of report.perCall) if (c.given.misses.length) console.log(`\n${c.file}\n  ${c.given.misses.join('\n  ')}`);
      console.log('');
    }
  }
  if (json) console.log(JSON.stringify(out.length === 1 ? out[0] : out, null, 2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
