/**
 * Coaching: exact conversation metrics (hand-built turns, the project's
 * samples against samples/expected, ../shared/samples and ../shared/realdata
 * when present) and the built-in feedback writer. No database needed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/paths.ts';
import type { Turn } from '../src/parsing/types.ts';
import { computeCoachingMetrics, countFillers, countQuestions, countWords, type CoachingMetrics, type Side } from '../src/agents/coaching/metrics.ts';
import { coachingHeadline, formatSpan, writeCoachingFeedback } from '../src/agents/coaching/feedback.ts';
import { coachingFeedbackSchema, type CallInput } from '../src/agents/types.ts';
import { describeWhen } from './support/optional.ts';
import { callFacts } from './support/facts.ts';

const sharedSamples = path.join(projectRoot, '..', 'shared', 'samples');
const sharedRealdata = path.join(projectRoot, '..', 'shared', 'realdata');
const projectSamples = path.join(projectRoot, 'samples');
const parserPath = path.join(projectRoot, 'src', 'parsing', 'index.ts');

type ParseFn = (text: string, fileName?: string) => { turns: Turn[] };
async function loadParser(): Promise<ParseFn | null> {
  if (!existsSync(parserPath)) return null;
  const mod = (await import(parserPath)) as { parseTranscript?: ParseFn };
  return mod.parseTranscript ?? null;
}

const t = (speaker: string, startMs: number | null, endMs: number | null, text: string): Turn => ({ speaker, startMs, endMs, text });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

const callOf = (turns: Turn[], fileName = 'call.vtt'): CallInput => ({ transcriptId: '1', fileName, meetingAt: null, turns, participants: [] });

describe('counting', () => {
  test('words are whitespace tokens with a letter or digit; markers are not words', () => {
    assert.equal(countWords('Hello, world — it’s 2026 … ok?'), 5);
    assert.equal(countWords('  '), 0);
    assert.equal(countWords('Okay {vocalsound} right {disfmarker} so'), 3);
  });
  test('questions are question marks', () => {
    assert.equal(countQuestions('Why? Really?? No.'), 3);
  });
  test('filler words from the documented list', () => {
    assert.equal(countFillers('Um, so, uh, we basically — you know — sort of did it. Hmm.'), 6);
    assert.equal(countFillers('Do you know the CFO? I mean it. Kind of blue, actually, literally.'), 4);
    assert.equal(countFillers('Ummm... uhh, erm'), 3);
    assert.equal(countFillers('The umbrella is here.'), 0);
  });
});

describe('computeCoachingMetrics with timestamps', () => {
  const sides: Record<string, Side> = { Rep: 'seller', SE: 'seller', Buyer: 'buyer' };
  const turns = [
    t('Rep', 0, 10_000, 'Hi there, how are you? Um, thanks for joining.'),
    t('Buyer', 11_000, 20_000, 'Fine. We have a problem with invoices.'),
    t('Rep', 20_500, 30_000, 'Tell me more?'),
    t('Rep', 30_000, 190_000, 'Well, let me explain our product in great detail.'),
    t('Buyer', 192_000, 250_000, 'OK so here is the long story of our approvals process and why it breaks.'),
    t('SE', 251_500, 260_000, 'Got it. What system do you use?'),
  ];
  const m = computeCoachingMetrics(turns, sides, { nextStepsSet: 2 });

  test('talk time, share, words, questions and turns per speaker are exact', () => {
    assert.equal(m.timeBasis, 'timestamps');
    const rep = m.speakers.find((s) => s.speaker === 'Rep')!;
    const buyer = m.speakers.find((s) => s.speaker === 'Buyer')!;
    const se = m.speakers.find((s) => s.speaker === 'SE')!;
    assert.deepEqual(m.speakers.map((s) => s.speaker), ['Rep', 'Buyer', 'SE']);
    assert.equal(rep.talkMs, 10_000 + 9_500 + 160_000);
    assert.equal(buyer.talkMs, 9_000 + 58_000);
    assert.equal(se.talkMs, 8_500);
    assert.equal(m.totalTalkMs, 179_500 + 67_000 + 8_500);
    near(sum(m.speakers.map((s) => s.share)), 1);
    near(rep.share, 179_500 / 255_000);
    assert.equal(rep.turns, 2, 'two consecutive Rep segments are one turn');
    assert.equal(buyer.turns, 2);
    assert.equal(rep.questions, 2);
    assert.equal(se.questions, 1);
    assert.equal(rep.words, 9 + 3 + 9);
    assert.equal(rep.fillerWords, 1);
    assert.equal(rep.side, 'seller');
  });

  test('per side totals and shares', () => {
    assert.equal(m.sides.seller.talkMs, 179_500 + 8_500);
    assert.equal(m.sides.buyer.talkMs, 67_000);
    assert.equal(m.sides.unknown.talkMs, 0);
    assert.equal(m.sides.seller.questions, 3);
    near(m.sides.seller.share + m.sides.buyer.share + m.sides.unknown.share, 1);
  });

  test('longest monologue spans consecutive segments of one speaker; customer story is buyer-only', () => {
    assert.deepEqual(m.longestMonologue, { speaker: 'Rep', side: 'seller', startMs: 20_500, endMs: 190_000, durationMs: 169_500, words: 12 });
    assert.equal(m.longestCustomerStory?.speaker, 'Buyer');
    assert.equal(m.longestCustomerStory?.durationMs, 58_000);
  });

  test('duration, interactivity, patience, fillers, next steps', () => {
    assert.equal(m.durationMs, 260_000);
    // 5 runs → 4 switches over 260 s.
    near(m.interactivity, 4 / (260_000 / 60_000));
    // Buyer→seller answers: 20 000→20 500 (500 ms) and 250 000→251 500 (1 500 ms).
    assert.equal(m.patienceMs, 1_000);
    // Seller fillers: "Um" and "Well"? — only "Um" is in the list.
    near(m.fillerWordsPerMinute, 1 / (188_000 / 60_000));
    assert.equal(m.nextStepsSet, 2);
  });

  test('overlapping answers count as zero pause, not negative', () => {
    const mm = computeCoachingMetrics([t('B', 0, 5_000, 'a'), t('S', 4_000, 6_000, 'b')], { B: 'buyer', S: 'seller' });
    assert.equal(mm.patienceMs, 0);
  });
});

describe('computeCoachingMetrics edge cases', () => {
  test('Otter-style start-only turns: a turn lasts until the next starts, the last counts 0', () => {
    const turns = [t('Greg', 3_000, null, 'Hello? Hi.'), t('Priya', 16_000, null, 'Fine.'), t('Greg', 22_000, null, 'So. Um.'), t('Greg', 37_000, null, 'More words here'), t('Priya', 274_000, null, 'Bye.')];
    const m = computeCoachingMetrics(turns, { Greg: 'seller', Priya: 'buyer' });
    assert.equal(m.timeBasis, 'timestamps');
    assert.equal(m.speakers[0].talkMs, 13_000 + 15_000 + 237_000);
    assert.equal(m.speakers[1].talkMs, 6_000 + 0);
    assert.equal(m.longestMonologue?.durationMs, 252_000);
    assert.equal(m.longestMonologue?.startMs, 22_000);
    assert.equal(m.durationMs, 271_000);
    assert.equal(m.patienceMs, null, 'no real end times → no pauses to measure');
    near(sum(m.speakers.map((s) => s.share)), 1);
  });

  test('ends filled in as the next start (Otter as parsed): no real pauses, patience null', () => {
    const turns = [t('Greg', 3_000, 16_000, 'Hello?'), t('Priya', 16_000, 22_000, 'Fine.'), t('Greg', 22_000, 35_000, 'So.'), t('Priya', 35_000, 35_000, 'Bye.')];
    const m = computeCoachingMetrics(turns, { Greg: 'seller', Priya: 'buyer' });
    assert.equal(m.patienceMs, null);
    assert.equal(m.speakers[0].talkMs, 26_000);
    const f = writeCoachingFeedback(callOf(turns), m, callFacts());
    assert.ok(!f.feedback.some((x) => x.metric === 'patienceMs'));
  });

  test('no timestamps: time from words at 150 wpm', () => {
    const turns = [t('A', null, null, 'one two three four five?'), t('B', null, null, 'six seven eight nine ten eleven twelve thirteen fourteen fifteen'), t('A', null, null, 'sixteen')];
    const m = computeCoachingMetrics(turns, { A: 'seller', B: 'buyer' });
    assert.equal(m.timeBasis, 'words');
    assert.equal(m.speakers[0].talkMs, 6 * 400);
    assert.equal(m.speakers[1].talkMs, 10 * 400);
    assert.equal(m.durationMs, 16 * 400);
    assert.equal(m.longestMonologue?.speaker, 'B');
    assert.equal(m.longestMonologue?.durationMs, 4_000);
    assert.equal(m.patienceMs, null);
    near(m.interactivity, 2 / (6_400 / 60_000));
  });

  test('partly timed turns fall back to words', () => {
    const m = computeCoachingMetrics([t('A', 0, 1_000, 'a b'), t('B', null, null, 'c')], {});
    assert.equal(m.timeBasis, 'words');
  });

  test('timestamps that add up to no talk fall back to words', () => {
    const m = computeCoachingMetrics([t('A', 5_000, null, 'just one paragraph of words')], {});
    assert.equal(m.timeBasis, 'words');
    assert.equal(m.totalTalkMs, 5 * 400);
    assert.equal(m.speakers[0].share, 1);
  });

  test('no turns: zeros, no NaN', () => {
    const m = computeCoachingMetrics([], {});
    assert.equal(m.totalTalkMs, 0);
    assert.equal(m.durationMs, 0);
    assert.equal(m.interactivity, 0);
    assert.equal(m.fillerWordsPerMinute, 0);
    assert.equal(m.longestMonologue, null);
    assert.equal(m.sides.seller.share, 0);
    assert.equal(m.longestCustomerStory, null);
    for (const side of Object.values(m.sides)) for (const v of Object.values(side)) assert.ok(Number.isFinite(v));
  });

  test('speakers missing from sides are unknown', () => {
    const m = computeCoachingMetrics([t('X', 0, 1_000, 'hi')], { Y: 'seller' });
    assert.equal(m.speakers[0].side, 'unknown');
    assert.equal(m.sides.unknown.talkMs, 1_000);
  });
});

describe('writeCoachingFeedback', () => {
  // A Hooli-like call: one 237 s rep monologue, rep 82% of the time, no next steps.
  const turns = [
    t('Greg Paulsen', 0, 37_000, 'Hey Priya, can you hear me? Great. So how is your week?'),
    t('Priya Natarajan', 37_000, 60_000, 'Fine, thanks. Busy.'),
    t('Greg Paulsen', 60_000, 297_000, 'So, um, let me tell you all about us, basically everything, you know.'),
    t('Priya Natarajan', 298_000, 330_000, 'We need SCIM. Do you have it?'),
    t('Greg Paulsen', 330_500, 400_000, 'It is on the roadmap for Q2.'),
  ];
  const sides: Record<string, Side> = { 'Greg Paulsen': 'seller', 'Priya Natarajan': 'buyer' };
  const metrics = computeCoachingMetrics(turns, sides, { nextStepsSet: 0 });
  const fb = writeCoachingFeedback(callOf(turns), metrics, callFacts());

  test('headline: rep share, questions, longest monologue with who', () => {
    assert.equal(fb.headline, `Rep talked ${Math.round(metrics.sides.seller.share * 100)}% · 2 questions · longest monologue 3m57s (Greg Paulsen)`);
    assert.equal(formatSpan(237_000), '3m57s');
    assert.equal(formatSpan(50_400), '50s');
    assert.ok(coachingFeedbackSchema.safeParse(fb).success);
  });

  test('flags talk share over 65%, a monologue over 2.5 minutes and no next steps, citing the benchmarks', () => {
    const by = (metric: string) => fb.feedback.find((f) => f.metric === metric);
    assert.equal(by('talkShare')?.kind, 'improvement');
    assert.match(by('talkShare')!.text, /43:57/);
    assert.match(by('talkShare')!.text, /Gong Labs/);
    assert.equal(by('longestMonologue')?.kind, 'improvement');
    assert.match(by('longestMonologue')!.text, /3m57s \(Greg Paulsen, 1:00–4:57/);
    assert.match(by('longestMonologue')!.text, /2\.5 minutes/);
    assert.equal(by('nextStepsSet')?.kind, 'improvement');
    assert.match(by('questions')!.text, /11–14/);
    assert.equal(by('patienceMs')?.kind, 'improvement', 'the rep answered after 0.25 s on average (0 and 0.5 s)');
    assert.match(by('patienceMs')!.text, /after a 0\.3 s pause/);
    assert.ok(!fb.feedback.some((f) => f.metric === 'timeBasis'));
  });

  test('a discovery call below 11 rep questions is an improvement; 11–14 a strength', () => {
    const low = writeCoachingFeedback(callOf(turns, 'discovery-acme.txt'), metrics, callFacts());
    assert.equal(low.feedback.find((f) => f.metric === 'questions')?.kind, 'improvement');
    const many = Array.from({ length: 12 }, (_, i) => t(i % 2 ? 'B' : 'S', i * 10_000, i * 10_000 + 9_000, i % 2 ? 'Answer.' : 'Question? Another?'));
    const mm = computeCoachingMetrics(many, { S: 'seller', B: 'buyer' });
    assert.equal(mm.sides.seller.questions, 12);
    const ok = writeCoachingFeedback(callOf(many, 'discovery-acme.txt'), mm, callFacts());
    assert.equal(ok.feedback.find((f) => f.metric === 'questions')?.kind, 'strength');
  });

  test('without timestamps the report says times are estimated from word counts at 150 wpm', () => {
    const untimed = turns.map((x) => ({ ...x, startMs: null, endMs: null }));
    const m = computeCoachingMetrics(untimed, sides);
    const f = writeCoachingFeedback(callOf(untimed), m, callFacts());
    assert.match(f.feedback[0].text, /estimated from word counts at 150 words per minute/);
    assert.match(f.headline, /≈/);
  });

  test('next steps set: counted, dated, buyer-owned', () => {
    const facts = callFacts({
      participants: [
        { name: 'Greg Paulsen', side: 'seller', role: null, company: null, email: null, spoke: true },
        { name: 'Priya Natarajan', side: 'buyer', role: null, company: null, email: null, spoke: true },
      ],
      nextSteps: [
        { owner: 'Greg Paulsen', action: 'send the deck', dueDate: '2026-11-13', dueText: 'Friday' },
        { owner: 'Priya Natarajan', action: 'share with Tom', dueDate: null, dueText: null },
      ],
      objections: [{ type: 'security', speaker: 'Priya Natarajan', quote: 'We need SCIM.' }],
    });
    const f = writeCoachingFeedback(callOf(turns), computeCoachingMetrics(turns, sides, { nextStepsSet: 2 }), facts);
    const ns = f.feedback.find((x) => x.metric === 'nextStepsSet')!;
    assert.equal(ns.kind, 'strength');
    assert.match(ns.text, /^2 next steps set \(1 with a date, 1 owned by the buyer\)/);
    assert.match(f.feedback.find((x) => x.metric === 'objections')!.text, /security/);
  });

  test('one speaker: benchmarks do not apply', () => {
    const one = [t('Colin Marsh', null, null, 'Hi Elliot, this is Colin. Call me back?')];
    const f = writeCoachingFeedback(callOf(one), computeCoachingMetrics(one, { 'Colin Marsh': 'seller' }), callFacts());
    assert.ok(f.feedback.some((x) => /voicemail/.test(x.text)));
    assert.ok(!f.feedback.some((x) => x.metric === 'talkShare'));
    assert.ok(coachingFeedbackSchema.safeParse(f).success);
  });

  test('unknown sides: per-speaker headline', () => {
    const m = computeCoachingMetrics(turns, {});
    assert.match(coachingHeadline(m), /^Greg Paulsen talked \d+% · 3 questions · longest monologue 3m57s \(Greg Paulsen\)$/);
    const f = writeCoachingFeedback(callOf(turns), m, callFacts());
    assert.ok(f.feedback.some((x) => x.metric === 'sides'));
  });

  test('deterministic', () => {
    assert.deepEqual(writeCoachingFeedback(callOf(turns), metrics, callFacts()), fb);
  });
});

// ---------------------------------------------------------------- samples

interface ExpectedSpeaker {
  name?: string;
  speaker?: string;
  side?: Side;
  words?: number;
  questions?: number;
  turns?: number;
  talkMs?: number | null;
}

/** samples/expected/<name>.json lists speakers as an array or as an object keyed by name. */
function expectedSpeakers(json: unknown): Map<string, ExpectedSpeaker> {
  const out = new Map<string, ExpectedSpeaker>();
  const raw = (json as { speakers?: unknown })?.speakers;
  if (Array.isArray(raw)) for (const s of raw as ExpectedSpeaker[]) out.set(s.name ?? s.speaker ?? '', s);
  else if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, ExpectedSpeaker>)) out.set(k, v);
  out.delete('');
  return out;
}

describe("project samples against samples/expected", async () => {
  const parse = await loadParser();
  const expectedDir = path.join(projectSamples, 'expected');
  const files = existsSync(expectedDir) ? readdirSync(expectedDir).filter((f) => f.endsWith('.json')) : [];
  test('samples/expected exists with the parser', () => {
    assert.ok(files.length > 0);
  });
  for (const exp of files) {
    const base = exp.replace(/\.json$/, '');
    const sample = readdirSync(projectSamples).find((f) => f !== 'expected' && f.replace(/\.[^.]+$/, '') === base);
    const expected = expectedSpeakers(JSON.parse(readFileSync(path.join(expectedDir, exp), 'utf8')));
    test(`${base}: talk time, words, questions and turns per speaker`, () => {
      const turns = parse!(readFileSync(path.join(projectSamples, sample!), 'utf8'), sample).turns;
      const sides = Object.fromEntries([...expected].map(([n, s]) => [n, s.side ?? 'unknown'])) as Record<string, Side>;
      const m = computeCoachingMetrics(turns, sides);
      for (const [name, e] of expected) {
        const got = m.speakers.find((s) => s.speaker === name);
        assert.ok(got, `speaker ${name} in ${sample}`);
        if (e.words != null) assert.equal(got.words, e.words, `${name} words`);
        if (e.questions != null) assert.equal(got.questions, e.questions, `${name} questions`);
        if (e.turns != null) assert.equal(got.turns, e.turns, `${name} turns`);
        if (typeof e.talkMs === 'number') {
          assert.equal(m.timeBasis, 'timestamps', sample);
          assert.ok(Math.abs(got.talkMs - e.talkMs) <= 1, `${name} talkMs ${got.talkMs} vs ${e.talkMs}`);
        } else if (e.talkMs === null) {
          assert.equal(m.timeBasis, 'words', sample);
          assert.equal(got.talkMs, got.words * 400, `${name} estimated talk`);
        }
      }
      near(sum(m.speakers.map((s) => s.share)), 1, 1e-9);
    });
  }
});

/** ../shared/samples/README.md's metric table: [file, speaker, talk s (null: no timestamps), words, ?, turns]. */
const SHARED_TABLE: [string, string, number | null, number, number, number][] = [
  ['discovery-northwind.txt', 'Dana Whitfield', null, 1240, 48, 48],
  ['discovery-northwind.txt', 'Maria Delgado', null, 739, 1, 33],
  ['discovery-northwind.txt', 'Ben Hartley', null, 484, 1, 22],
  ['demo-globex.vtt', 'Keisha Okafor', 210.446, 545, 15, 19],
  ['demo-globex.vtt', 'Nadia Petrova', 224.819, 536, 4, 31],
  ['demo-globex.vtt', 'Theo Marchetti', 359.684, 926, 2, 17],
  ['negotiation-initech.srt', 'DANA WHITFIELD', 344.343, 886, 15, 29],
  ['negotiation-initech.srt', 'RAYMOND CHO', 236.772, 555, 5, 29],
  ['renewal-umbrella.json', 'Lauren Pryce', 210.31, 540, 7, 18],
  ['renewal-umbrella.json', 'Helen Vasquez', 234.194, 553, 3, 26],
  ['renewal-umbrella.json', 'Marcus Feld', 132.989, 348, 3, 12],
  ['otter-hooli.txt', 'Greg Paulsen', 608, 1646, 10, 16],
  ['otter-hooli.txt', 'Priya Natarajan', 136, 300, 5, 16],
  ['voicemail-pied-piper.txt', 'Colin Marsh', null, 125, 1, 1],
  ['multi-party-vandelay.vtt', 'Gloria Tran', 208.468, 555, 0, 19],
  ['multi-party-vandelay.vtt', 'Keisha Okafor', 247.354, 629, 15, 22],
  ['multi-party-vandelay.vtt', 'Theo Marchetti', 297.425, 747, 1, 21],
  ['multi-party-vandelay.vtt', 'Ruth Kaminski', 260.875, 623, 14, 35],
  ['multi-party-vandelay.vtt', 'Victor Osei', 157.875, 366, 10, 22],
  ['unicode-zoe.txt', 'José Núñez', null, 428, 8, 14],
  ['unicode-zoe.txt', 'Zoë Bergström', null, 228, 0, 10],
  ['unicode-zoe.txt', 'Björn Åkesson', null, 102, 3, 6],
];
/** Longest monologue per file from the README: [speaker, seconds]. */
const SHARED_MONOLOGUES: Record<string, [string, number]> = {
  'demo-globex.vtt': ['Theo Marchetti', 71.6],
  'negotiation-initech.srt': ['DANA WHITFIELD', 33.6],
  'renewal-umbrella.json': ['Lauren Pryce', 27.2],
  'otter-hooli.txt': ['Greg Paulsen', 237],
  'multi-party-vandelay.vtt': ['Theo Marchetti', 46.7],
};

describeWhen(existsSync(sharedSamples))('../shared/samples (when present)', async () => {
  const parse = await loadParser();
  const metricsOf = (file: string, sides: Record<string, Side> = {}) =>
    computeCoachingMetrics(parse!(readFileSync(path.join(sharedSamples, file), 'utf8'), file).turns, sides);

  test('talk time, words, questions and turns match the README table', () => {
    for (const file of new Set(SHARED_TABLE.map((r) => r[0]))) {
      const m = metricsOf(file);
      assert.equal(m.timeBasis, SHARED_TABLE.find((r) => r[0] === file)![2] === null ? 'words' : 'timestamps', file);
      for (const [, speaker, talkS, words, q, turns] of SHARED_TABLE.filter((r) => r[0] === file)) {
        const s = m.speakers.find((x) => x.speaker === speaker);
        assert.ok(s, `${speaker} in ${file}`);
        assert.equal(s.words, words, `${file} ${speaker} words`);
        assert.equal(s.questions, q, `${file} ${speaker} ?`);
        assert.equal(s.turns, turns, `${file} ${speaker} turns`);
        if (talkS !== null) assert.equal(s.talkMs, Math.round(talkS * 1000), `${file} ${speaker} talk`);
        else assert.equal(s.talkMs, words * 400, `${file} ${speaker} estimated talk`);
      }
      near(sum(m.speakers.map((s) => s.share)), 1, 1e-9);
    }
  });

  test('longest monologues match the README', () => {
    for (const [file, [speaker, secs]] of Object.entries(SHARED_MONOLOGUES)) {
      const m = metricsOf(file);
      assert.equal(m.longestMonologue?.speaker, speaker, file);
      assert.ok(Math.abs(m.longestMonologue!.durationMs / 1000 - secs) <= 0.051, `${file}: ${m.longestMonologue!.durationMs / 1000} s vs ${secs} s`);
    }
  });

  test('Hooli: Greg Paulsen 237 s monologue (0:37–4:34, 645 words), seller 82% of talk, flagged', () => {
    const sides: Record<string, Side> = { 'Greg Paulsen': 'seller', 'Priya Natarajan': 'buyer' };
    const turns = parse!(readFileSync(path.join(sharedSamples, 'otter-hooli.txt'), 'utf8'), 'otter-hooli.txt').turns;
    const m = computeCoachingMetrics(turns, sides);
    assert.deepEqual(m.longestMonologue, { speaker: 'Greg Paulsen', side: 'seller', startMs: 37_000, endMs: 274_000, durationMs: 237_000, words: 645 });
    assert.equal(Math.round(m.sides.seller.share * 100), 82);
    const fb = writeCoachingFeedback(callOf(turns, 'otter-hooli.txt'), m, callFacts());
    assert.match(fb.headline, /^Rep talked 82% · 10 questions · longest monologue 3m57s \(Greg Paulsen\)$/);
    assert.equal(fb.feedback.find((f) => f.metric === 'talkShare')?.kind, 'improvement');
    assert.equal(fb.feedback.find((f) => f.metric === 'longestMonologue')?.kind, 'improvement');
    assert.equal(m.patienceMs, null, 'Otter has start times only: pauses are not measurable');
  });

  test('Globex with sides: patience measured from cue ends', () => {
    const m = metricsOf('demo-globex.vtt', { 'Keisha Okafor': 'seller', 'Theo Marchetti': 'seller', 'Nadia Petrova': 'buyer' });
    assert.ok(m.patienceMs !== null && m.patienceMs >= 0 && m.patienceMs < 5_000, `patience ${m.patienceMs}`);
    near(m.sides.seller.share + m.sides.buyer.share, 1, 1e-9);
    assert.equal(m.sides.seller.questions, 17);
  });
});

describeWhen(existsSync(sharedRealdata))('../shared/realdata (when present)', async () => {
  const parse = await loadParser();
  const files = existsSync(sharedRealdata) ? readdirSync(sharedRealdata).filter((f) => /\.(txt|vtt)$/.test(f)).sort() : [];

  test('AMI meetings: metrics without timestamps (words at 150 wpm), consistent totals', () => {
    for (const f of files.filter((x) => x.startsWith('ami-'))) {
      const text = readFileSync(path.join(sharedRealdata, f), 'utf8');
      const m: CoachingMetrics = computeCoachingMetrics(parse!(text, f).turns, {});
      assert.equal(m.timeBasis, 'words', f);
      assert.ok(m.speakers.length >= 3, `${f}: ${m.speakers.length} speakers`);
      const words = sum(m.speakers.map((s) => s.words));
      assert.equal(m.totalTalkMs, words * 400, f);
      assert.equal(m.durationMs, words * 400, f);
      near(sum(m.speakers.map((s) => s.share)), 1, 1e-9);
      assert.ok(m.interactivity > 0 && Number.isFinite(m.interactivity), f);
      assert.ok(m.fillerWordsPerMinute > 0, `${f}: AMI speech is full of um/uh`);
      assert.equal(m.patienceMs, null);
      // The marker {vocalsound} is not a word: total words never exceed the file's non-marker tokens.
      const rawTokens = text.replace(/\{[^{}\s]*\}/g, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      assert.ok(words <= rawTokens, f);
      const fb = writeCoachingFeedback(callOf([], f), m, callFacts());
      assert.ok(coachingFeedbackSchema.safeParse(fb).success, f);
      assert.match(fb.feedback[0].text, /150 words per minute/);
    }
  });

  test('earnings calls: timestamped metrics, shares sum to 1', () => {
    for (const f of files.filter((x) => x.endsWith('.vtt'))) {
      const m = computeCoachingMetrics(parse!(readFileSync(path.join(sharedRealdata, f), 'utf8'), f).turns, {});
      assert.equal(m.timeBasis, 'timestamps', f);
      assert.ok(m.durationMs > 60_000, f);
      near(sum(m.speakers.map((s) => s.share)), 1, 1e-9);
      assert.ok(m.longestMonologue && m.longestMonologue.durationMs > 0, f);
    }
  });
});
