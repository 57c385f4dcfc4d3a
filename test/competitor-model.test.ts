/**
 * The learned competitor filter (issue 10): the rules' trace of proposed names, the candidates and their features
 * (competitorFeatures.ts), the logistic model and its fit (competitorModel.ts), the generated weights' shape
 * (competitorWeights.ts) and the callFacts option that picks rules or model. Invented vendors and people only.
 * Must not: test the phrase rules themselves (competitor-rules.test.ts) or score eval folders.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPETITOR_DEFAULT, extractCallFactsWithMeta } from '../src/agents/builtin/callFacts.ts';
import { findCompetitors, type CompetitorTrace } from '../src/agents/builtin/facts/competitors.ts';
import { COMPETITOR_FEATURES, type CompetitorCandidate } from '../src/agents/builtin/facts/competitorFeatures.ts';
import { chooseCompetitors, competitorProbability } from '../src/agents/builtin/facts/competitorModel.ts';
import { fitLogistic } from '../src/agents/builtin/facts/logistic.ts';
import { COMPETITOR_MODEL } from '../src/agents/builtin/facts/competitorWeights.ts';
import { sentencesOf } from '../src/agents/builtin/facts/text.ts';
import type { CallInput } from '../src/agents/types.ts';
import type { Turn } from '../src/parsing/types.ts';

const turns = (...lines: string[]): Turn[] =>
  lines.map((l) => {
    const i = l.indexOf(': ');
    return { speaker: l.slice(0, i), startMs: null, endMs: null, text: l.slice(i + 2) };
  });
const callOf = (...lines: string[]): CallInput => ({ transcriptId: 't', fileName: 't.txt', meetingAt: null, participants: [], turns: turns(...lines) }) as unknown as CallInput;
const NOW = new Date('2026-01-15T12:00:00Z');

const call = callOf(
  'Dana Pike: Hi, this is Dana Pike from Lintel, thanks for making time.',
  'Koji Mori: Thanks Dana. I run dispatch at Orrin Farms.',
  'Dana Pike: How do you plan the routes today?',
  'Koji Mori: We are also looking at Quorbit, and they quoted us forty thousand dollars a year.',
  'Koji Mori: Our drivers sync everything into Tallybook at night.',
  'Dana Pike: Understood. What would make this a win for Orrin Farms?',
  'Koji Mori: Cheaper than Quorbit and less typing.',
);

describe('competitors: the rules\' trace', () => {
  it('records each proposed name with the filter that dropped it, or null when kept', () => {
    const trace: CompetitorTrace[] = [];
    const kept = findCompetitors(sentencesOf(turns('B: We looked at Quorbit and Sandra.', 'B: Thanks, Sandra.')), ['Lintel'], new Set(), { kindOf: () => null, trace });
    assert.deepEqual(kept, ['Quorbit']);
    assert.ok(trace.some((t) => t.name === 'Quorbit' && t.dropped === null && t.source === 'phrase'));
    assert.ok(trace.some((t) => t.name === 'Sandra' && t.dropped === 'person'));
  });
  it('leaves the rules\' answer unchanged', () => {
    const s = sentencesOf(turns('B: We looked at Quorbit.'));
    assert.deepEqual(findCompetitors(s, [], new Set(), { kindOf: () => null, trace: [] }), findCompetitors(s, [], new Set()));
  });
});

describe('competitors: candidates and features', () => {
  const { competitors, facts } = extractCallFactsWithMeta(call, { now: NOW, competitorChooser: 'rules' });
  const get = (name: string) => competitors.candidates.find((c) => c.name === name);
  const f = (c: CompetitorCandidate | undefined, name: string) => c!.x[COMPETITOR_FEATURES.indexOf(name)];
  it('has one value per feature for every candidate', () => {
    for (const c of competitors.candidates) assert.equal(c.x.length, COMPETITOR_FEATURES.length, c.name);
  });
  it('never offers the seller, the buyer or a speaker as a candidate', () => {
    assert.equal(facts.sellerCompany, 'Lintel');
    for (const n of ['Lintel', 'Orrin Farms', 'Dana Pike', 'Koji Mori', 'Dana', 'Koji']) assert.equal(get(n), undefined, n);
  });
  it('describes a vendor the buyer weighs: the rules kept it, money words on the buyer side, a comparison', () => {
    const q = get('Quorbit');
    assert.ok(q);
    assert.equal(f(q, 'rules kept it'), 1);
    assert.ok(f(q, 'money words near it, said by buyer side')! > 0);
    assert.ok(f(q, 'comparison just before (instead of, than, versus)')! > 0);
    assert.equal(f(q, 'share said by buyer side'), 1);
  });
  it('marks a tool the call syncs into as an integration target', () => {
    const t = get('Tallybook');
    assert.ok(t, JSON.stringify(competitors.candidates.map((c) => c.name)));
    assert.equal(f(t, 'integration context'), 1);
    assert.equal(f(t, 'rules kept it'), 0);
  });
});

describe('competitors: the model', () => {
  it('fits a positive weight to a feature that marks competitors, and L2 shrinks it', () => {
    const X = [[1, 1], [1, 1], [1, 0], [1, 0], [1, 0], [1, 1]];
    const y = [1, 1, 0, 0, 0, 0];
    const loose = fitLogistic(X, y, { l2: 0.001 });
    const tight = fitLogistic(X, y, { l2: 1 });
    assert.ok(loose[1]! > 1);
    assert.ok(tight[1]! > 0 && tight[1]! < loose[1]!);
    assert.ok(competitorProbability({ weights: loose }, [1, 1]) > competitorProbability({ weights: loose }, [1, 0]));
  });
  it('keeps names over the threshold, the shorter of two spellings, and a native name as the rules wrote it', () => {
    const model = { features: ['bias', 'a'], weights: [0, 4], threshold: 0.5, pool: 'all' as const };
    const c = (name: string, a: number, native = false, rulesKept = true): CompetitorCandidate => (native ? { name, x: [1, a], native, rulesKept } : { name, x: [1, a], rulesKept });
    const cands = [c('Quorbit', 1), c('Quorbit Pro', 1), c('Sandra', -1), c('Ledgerix', -1, true), c('Tallyra', 1, false, false)];
    assert.deepEqual(chooseCompetitors(model, cands), ['Quorbit', 'Ledgerix (native)', 'Tallyra']);
    // Pool `rules`: only names the rules kept are judged, so the model can drop names but never add one.
    assert.deepEqual(chooseCompetitors({ ...model, pool: 'rules' }, cands), ['Quorbit', 'Ledgerix (native)']);
  });
  it('has weights for exactly the features extracted (regenerate with scripts/train-competitors.ts --write)', () => {
    assert.deepEqual([...COMPETITOR_MODEL.features], [...COMPETITOR_FEATURES]);
    assert.equal(COMPETITOR_MODEL.weights.length, COMPETITOR_FEATURES.length);
    assert.ok(COMPETITOR_MODEL.threshold > 0 && COMPETITOR_MODEL.threshold < 1);
  });
});

describe('competitors: the chooser option', () => {
  it('rules gives the rules\' list; learned gives candidates only; the default is COMPETITOR_DEFAULT', () => {
    const rules = extractCallFactsWithMeta(call, { now: NOW, competitorChooser: 'rules' });
    const learned = extractCallFactsWithMeta(call, { now: NOW, competitorChooser: 'learned' });
    const plain = extractCallFactsWithMeta(call, { now: NOW });
    assert.deepEqual(rules.facts.competitors, rules.competitors.rules);
    for (const n of learned.facts.competitors) assert.ok(learned.competitors.candidates.some((c) => n.startsWith(c.name)), n);
    assert.ok(learned.facts.competitors.includes('Quorbit'));
    assert.deepEqual(plain.facts.competitors, (COMPETITOR_DEFAULT === 'rules' ? rules : learned).facts.competitors);
    // Objections read the rules' list whichever chooser decides the competitors.
    assert.deepEqual(learned.facts.objections, rules.facts.objections);
  });
});
