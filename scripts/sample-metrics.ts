/**
 * Recomputes the speaker metrics in samples/expected/*.json from the raw sample files.
 *
 * Owns: the ground-truth numbers for the project's samples. Deliberately does NOT use
 * src/parsing: it reads each well-formed sample with the speaker names already listed
 * in the expected file, so the parser tests compare against an independent count.
 * Must not: change the hand-written facts (companies, amounts, next steps).
 *
 *   npx tsx scripts/sample-metrics.ts          # report differences, exit 1 if any
 *   npx tsx scripts/sample-metrics.ts --write  # fill in words/questions/turns/talkMs
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Seg { speaker: string; start: number | null; end: number | null; text: string }
interface ExpectedSpeaker { name: string; words: number; questions: number; turns: number; talkMs: number | null }

const root = path.resolve(import.meta.dirname, '..');
const samplesDir = path.join(root, 'samples');

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const clock = (s: string) => {
  const p = s.replace(',', '.').split(':').map(Number);
  return Math.round(p.reduce((acc, x) => acc * 60 + x, 0) * 1000);
};

function readSegments(file: string, format: string, names: string[]): Seg[] {
  const raw = readFileSync(path.join(samplesDir, file), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const segs: Seg[] = [];
  if (format === 'json' || format === 'json-array') {
    const doc = JSON.parse(raw);
    const ids = new Map<string, string>((doc.participants ?? []).map((p: { id: string; name: string }) => [p.id, p.name]));
    for (const t of Array.isArray(doc) ? doc : doc.turns) {
      const start = t.start_ms ?? (t.start === undefined ? null : Math.round(t.start * 1000));
      const end = t.end_ms ?? (t.end === undefined ? null : Math.round(t.end * 1000));
      segs.push({ speaker: ids.get(t.speaker) ?? t.speaker, start, end, text: t.text });
    }
  } else if (format === 'plain') {
    for (const line of raw.split('\n')) {
      const who = names.find((n) => line.startsWith(`${n}: `));
      if (who) segs.push({ speaker: who, start: null, end: null, text: line.slice(who.length + 2) });
      else if (line.trim()) segs[segs.length - 1].text += ` ${line}`;
    }
  } else if (format === 'otter') {
    for (const line of raw.split('\n')) {
      const who = names.find((n) => new RegExp(`^${esc(n)}\\s+\\d+:\\d\\d(:\\d\\d)?$`).test(line));
      if (who) {
        const start = clock(line.slice(who.length).trim());
        if (segs.length) segs[segs.length - 1].end = start; // a paragraph lasts until the next starts
        segs.push({ speaker: who, start, end: start, text: '' });
      } else if (line.trim() && !line.startsWith('Transcribed by')) segs[segs.length - 1].text += ` ${line}`;
    }
  } else {
    // vtt / srt: blocks separated by blank lines; the timing line, then the payload.
    for (const block of raw.split(/\n\s*\n/)) {
      const lines = block.split('\n');
      const i = lines.findIndex((l) => l.includes('-->'));
      if (i < 0) continue;
      const [a, b] = lines[i].split('-->').map((s) => s.trim().split(/\s+/)[0]);
      let text = lines.slice(i + 1).join(' ');
      let who = /^<v ([^>]+)>/.exec(text)?.[1];
      if (who) text = text.replace(/<[^>]+>/g, '');
      else {
        who = names.find((n) => text.startsWith(`${n}: `));
        if (who) text = text.slice(who.length + 2);
      }
      segs.push({ speaker: who ?? segs[segs.length - 1].speaker, start: clock(a), end: clock(b), text });
    }
  }
  return segs;
}

function metrics(segs: Seg[], name: string) {
  let words = 0, questions = 0, turns = 0, talk: number | null = null;
  segs.forEach((s, i) => {
    if (s.speaker !== name) return;
    words += s.text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
    questions += [...s.text].filter((c) => c === '?').length;
    if (i === 0 || segs[i - 1].speaker !== name) turns++;
    if (s.start !== null && s.end !== null) talk = (talk ?? 0) + (s.end - s.start);
  });
  return { words, questions, turns, talkMs: talk };
}

const write = process.argv.includes('--write');
let diffs = 0;
const sampleFiles = readdirSync(samplesDir).filter((f) => /\.(txt|vtt|srt|json)$/.test(f));
for (const f of readdirSync(path.join(samplesDir, 'expected')).filter((x) => x.endsWith('.json'))) {
  const expPath = path.join(samplesDir, 'expected', f);
  const exp = JSON.parse(readFileSync(expPath, 'utf8'));
  const file = sampleFiles.find((s) => s.replace(/\.[^.]+$/, '') === f.replace(/\.json$/, ''));
  if (!file) throw new Error(`no sample for ${f}`);
  const segs = readSegments(file, exp.format, exp.speakers.map((s: ExpectedSpeaker) => s.name));
  const unknown = [...new Set(segs.map((s) => s.speaker))].filter((n) => !exp.speakers.some((s: ExpectedSpeaker) => s.name === n));
  if (unknown.length) throw new Error(`${file}: speakers not in expected: ${unknown.join(', ')}`);
  for (const s of exp.speakers as ExpectedSpeaker[]) {
    const m = metrics(segs, s.name);
    const now = JSON.stringify({ words: s.words, questions: s.questions, turns: s.turns, talkMs: s.talkMs });
    if (now !== JSON.stringify(m)) {
      diffs++;
      console.log(`${file} ${s.name}: expected file has ${now}, raw file gives ${JSON.stringify(m)}`);
      Object.assign(s, m);
    }
  }
  const words = exp.speakers.reduce((n: number, s: ExpectedSpeaker) => n + s.words, 0);
  console.log(`${file.padEnd(32)} ${exp.format.padEnd(10)} speakers ${exp.speakers.length}  words ${words}`);
  if (write) writeFileSync(expPath, `${JSON.stringify(exp, null, 2)}\n`);
}
if (diffs && !write) process.exit(1);
