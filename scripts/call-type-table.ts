/**
 * `npx tsx scripts/call-type-table.ts <labelled folder> [...]`: one line per call — truth, the rules' call type, who asks,
 * the sides found and each type's cue score (XX marks a miss). For tuning facts/callType.ts on folders whose misses
 * may be read (never eval/blind2, blind4, blind5).
 * Owns: that table. Must not: change the rules.
 */
import { extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { loadCall, loadTruthFolder, withGivenDate } from '../src/eval/expected.ts';
const NOW = new Date('2026-01-15T12:00:00Z');
const folders = process.argv.slice(2);
for (const folder of folders) for (const t of loadTruthFolder(folder)) {
  if (!t.expected.callType) continue;
  const { call } = loadCall(t.path);
  const { callType } = extractCallFactsWithMeta(withGivenDate(call, t.expected), { now: NOW });
  const s = callType.scores;
  const mark = callType.type === t.expected.callType ? '  ' : 'XX';
  console.log(`${mark} ${folder.replace('eval/','').padEnd(8)} ${t.file.slice(0,38).padEnd(38)} ${t.expected.callType.padEnd(11)} ${callType.type.padEnd(11)} ` + `ask=${callType.ask?.toFixed(2)} s${callType.sides?.seller}b${callType.sides?.buyer} ` + ['other','earnings','internal','partner','support','renewal','negotiation','demo','discovery'].map(k=>`${k.slice(0,3)}=${s[k]}`).join(' '));
}
