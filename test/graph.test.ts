/**
 * Knowledge graph builder of one call (the Neo4j mirror's statements are in
 * test/graph-neo4j.test.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKnowledgeGraph, companyKey, entityRef, normalizeKey, personKey, type KnowledgeGraph } from '../src/agents/graph.ts';
import { constraintStatements, toProperties } from '../src/graph/neo4j/cypher.ts';
import { callFactsSchema, type CallFacts } from '../src/agents/types.ts';
import { callFacts } from './support/facts.ts';
import { findProducts } from '../src/agents/products.ts';

const northwind: CallFacts = callFactsSchema.parse({
  sellerCompany: 'Quorvane',
  buyerCompany: 'Northwind Traders',
  participants: [
    { name: 'Dana Whitfield', side: 'seller', role: 'Account Executive', company: 'Quorvane', spoke: true },
    { name: 'Maria Delgado', side: 'buyer', role: 'Controller', company: null, email: 'maria@northwind.example', spoke: true },
    { name: 'Ben Hartley', side: 'buyer', role: 'AP Supervisor', company: 'Northwind Traders', spoke: true },
    { name: 'Gary Lindholm', side: 'buyer', role: 'CFO', company: 'Northwind Traders', spoke: false },
    { name: 'Kevin', side: 'unknown', role: 'NetSuite admin', company: null, spoke: false },
  ],
  pains: ['Missed early-pay discounts of about $60,000 a year', 'Duplicate payment of $11,000 from the nightly sync'],
  amounts: [],
  budget: '$30,000–45,000/yr',
  timeline: [{ text: 'budget locked Nov 20', date: '2026-11-20', context: 'The FY27 budget is locked on November 20.' }],
  decisionProcess: ['Gary Lindholm, the CFO, signs anything over $25,000 a year'],
  competitors: ['Paylance', 'NetSuite native approval routing'],
  objections: [
    { type: 'price', speaker: 'Maria Delgado', quote: 'That range is above our budget.' },
    { type: 'price', speaker: 'Ben Hartley', quote: 'Paylance came in cheaper.' },
    { type: 'integration', speaker: 'Ben Hartley', quote: 'The nightly sync caused a duplicate payment.' },
  ],
  nextSteps: [{ owner: 'Dana Whitfield', action: 'send recap', dueDate: '2026-10-09', dueText: 'Friday' }],
});

const initech: CallFacts = callFactsSchema.parse({
  sellerCompany: 'Quorvane Inc.',
  buyerCompany: 'Initech',
  participants: [
    { name: 'DANA WHITFIELD', side: 'seller', role: null, company: null, spoke: true },
    { name: 'Raymond Cho', side: 'buyer', role: 'VP of Finance', company: 'Initech', spoke: true },
    { name: 'Kevin', side: 'buyer', role: null, company: 'Initech', spoke: false },
  ],
  pains: [],
  amounts: [],
  budget: null,
  timeline: [],
  decisionProcess: [],
  competitors: [' Paylance '],
  objections: [{ type: 'price', speaker: 'Raymond Cho', quote: 'We need 20% off.' }],
  nextSteps: [],
});

const has = (g: KnowledgeGraph, source: string, kind: string, target: string) => g.relations.some((r) => r.source === source && r.kind === kind && r.target === target);

describe('key normalisation', () => {
  test('lowercase, trimmed, punctuation and legal suffixes dropped', () => {
    assert.equal(normalizeKey('  Northwind   Traders '), 'northwind traders');
    assert.equal(companyKey('Globex Corporation'), 'globex');
    assert.equal(companyKey('Quorvane, Inc.'), 'quorvane');
    assert.equal(companyKey('Umbrella Corp'), 'umbrella');
    assert.equal(companyKey('Fjällström Logistik AB'), 'fjällström logistik');
    assert.equal(companyKey('AB'), 'ab', 'a name that is only a suffix stays');
    assert.equal(personKey('DANA WHITFIELD', null, '7'), 'dana whitfield');
    assert.equal(personKey('Kevin', 'Northwind Traders', '7'), 'kevin@northwind traders');
    assert.equal(personKey('Kevin', null, '7'), 'kevin@call:7');
  });
});

describe('buildKnowledgeGraph', () => {
  const g = buildKnowledgeGraph('101', northwind);

  test('entities: call, companies, people, objections, competitors, topics — unique by kind+key', () => {
    const refs = g.entities.map((e) => entityRef(e.kind, e.key));
    assert.equal(new Set(refs).size, refs.length);
    for (const ref of [
      'call:101',
      'company:quorvane',
      'company:northwind traders',
      'person:dana whitfield',
      'person:maria delgado',
      'person:gary lindholm',
      'person:kevin@call:101',
      'objection:price',
      'objection:integration',
      'competitor:paylance',
      'competitor:netsuite native approval routing',
      'topic:pricing',
    ])
      assert.ok(refs.includes(ref), ref);
    const maria = g.entities.find((e) => e.key === 'maria delgado')!;
    assert.equal(maria.name, 'Maria Delgado');
    assert.deepEqual(maria.attrs, { role: 'Controller', side: 'buyer', email: 'maria@northwind.example' });
  });

  test('relations point at existing entities and are unique', () => {
    const refs = new Set(g.entities.map((e) => entityRef(e.kind, e.key)));
    for (const r of g.relations) {
      assert.ok(refs.has(r.source), r.source);
      assert.ok(refs.has(r.target), r.target);
    }
    const ids = g.relations.map((r) => `${r.source}|${r.kind}|${r.target}`);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('who works where, who spoke, what the call was about', () => {
    assert.ok(has(g, 'person:dana whitfield', 'WORKS_AT', 'company:quorvane'));
    assert.ok(has(g, 'person:maria delgado', 'WORKS_AT', 'company:northwind traders'), 'company from side when not stated');
    assert.ok(has(g, 'person:dana whitfield', 'PARTICIPATED_IN', 'call:101'));
    assert.ok(has(g, 'person:gary lindholm', 'MENTIONED_IN', 'call:101'));
    assert.ok(!g.relations.some((r) => r.source === 'person:kevin@call:101' && r.kind === 'WORKS_AT'), 'unknown side: no company guessed');
    assert.ok(has(g, 'call:101', 'WITH_ACCOUNT', 'company:northwind traders'));
    assert.ok(has(g, 'call:101', 'WITH_VENDOR', 'company:quorvane'));
    assert.ok(has(g, 'company:quorvane', 'SELLS_TO', 'company:northwind traders'));
    assert.ok(has(g, 'call:101', 'MENTIONS', 'competitor:paylance'));
    assert.ok(has(g, 'company:northwind traders', 'EVALUATES', 'competitor:paylance'));
    assert.ok(has(g, 'call:101', 'ABOUT', 'topic:pricing'));
    assert.ok(has(g, 'call:101', 'ABOUT', 'topic:integration'));
  });

  test('one RAISED relation per objection type, quotes and speakers collected', () => {
    const raised = g.relations.filter((r) => r.source === 'call:101' && r.kind === 'RAISED');
    assert.equal(raised.length, 2);
    const price = raised.find((r) => r.target === 'objection:price')!;
    assert.deepEqual(price.attrs.quotes, ['That range is above our budget.', 'Paylance came in cheaper.']);
    assert.deepEqual(price.attrs.speakers, ['Maria Delgado', 'Ben Hartley']);
    assert.ok(has(g, 'person:ben hartley', 'RAISED', 'objection:integration'));
  });

  test('the same company, person and competitor get the same key across calls; lone first names do not collide', () => {
    const h = buildKnowledgeGraph('202', initech);
    const keys = (x: KnowledgeGraph) => new Set(x.entities.map((e) => entityRef(e.kind, e.key)));
    const a = keys(g);
    const b = keys(h);
    for (const ref of ['company:quorvane', 'person:dana whitfield', 'competitor:paylance', 'objection:price']) {
      assert.ok(a.has(ref) && b.has(ref), ref);
    }
    assert.ok(b.has('person:kevin@initech'));
    assert.ok(!a.has('person:kevin@initech'));
  });

  test('deterministic, JSON-safe, and empty facts give just the call', () => {
    assert.deepEqual(buildKnowledgeGraph('101', northwind), g);
    assert.deepEqual(JSON.parse(JSON.stringify(g)), g);
    const empty = buildKnowledgeGraph('9', callFactsSchema.parse(callFacts()));
    assert.deepEqual(empty.entities.map((e) => e.kind), ['call']);
    assert.deepEqual(empty.relations, []);
  });
});

describe('products (findProducts + product entities)', () => {
  const turns = [
    { speaker: 'Dana Whitfield', text: 'With the Payments module and our OCR add-on you can pay Canadian vendors. The Enterprise plans include SSO.' },
    { speaker: 'Dana Whitfield', text: 'Honestly the Q3 plan is tight. The Quorvane platform syncs every few minutes, unlike the Paylance app.' },
    { speaker: 'Maria Delgado', text: 'Our NetSuite module and the Zephyr portal are what we use today.' },
    { speaker: 'DANA', text: 'the payments Module again, and the Analytics Pro suite.' },
  ];
  const ctx = { sellerSpeakers: ['Dana Whitfield', 'DANA'], sellerCompany: 'Quorvane', exclude: ['Paylance', 'Northwind Traders'] };

  test('the seller\'s named modules, add-ons and plans, in order, without duplicates', () => {
    assert.deepEqual(findProducts(turns, ctx), ['Payments module', 'OCR add-on', 'Enterprise plan', 'Analytics Pro suite']);
  });

  test('not the buyer\'s tools, not schedules, not the seller itself, not competitors', () => {
    const names = findProducts(turns, ctx).map((n) => n.toLowerCase());
    for (const wrong of ['netsuite module', 'zephyr portal', 'q3 plan', 'quorvane platform', 'paylance app']) assert.ok(!names.includes(wrong), wrong);
    assert.deepEqual(findProducts(turns, { ...ctx, sellerSpeakers: [] }), []);
  });

  test('products become entities offered by the seller and mentioned in the call', () => {
    const g = buildKnowledgeGraph('t-1', northwind, { products: ['Payments module'] });
    const prod = g.entities.find((e) => e.kind === 'product');
    assert.deepEqual(prod && { key: prod.key, name: prod.name }, { key: 'quorvane/payments module', name: 'Payments module' });
    assert.ok(g.relations.some((r) => r.source === entityRef('company', 'quorvane') && r.kind === 'OFFERS' && r.target === entityRef('product', 'quorvane/payments module')));
    assert.ok(g.relations.some((r) => r.source === entityRef('call', 't-1') && r.kind === 'MENTIONS' && r.target === entityRef('product', 'quorvane/payments module')));
  });
});

describe('Neo4j properties', () => {
  test('properties: nulls dropped, primitive arrays kept, objects as JSON', () => {
    assert.deepEqual(toProperties({ a: null, b: 1, c: 'x', d: ['q1', 'q2'], e: [], f: { x: 1 }, g: [1, 'mixed'], h: undefined }), {
      b: 1,
      c: 'x',
      d: ['q1', 'q2'],
      f: '{"x":1}',
      g: '[1,"mixed"]',
    });
  });

  test('constraints per label', () => {
    const c = constraintStatements();
    assert.equal(c.length, 7);
    assert.ok(c.every((s) => /^CREATE CONSTRAINT stellar_\w+_key IF NOT EXISTS FOR \(n:\w+\) REQUIRE n\.key IS UNIQUE$/.test(s.query)));
  });
});

describe('graphs of the project samples (facts from the built-in extractor)', async () => {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs');
  const path = (await import('node:path')).default;
  const { projectRoot } = await import('../src/paths.ts');
  const samples = path.join(projectRoot, 'samples');
  const extractor = path.join(projectRoot, 'src', 'agents', 'builtin', 'callFacts.ts');
  const parser = path.join(projectRoot, 'src', 'parsing', 'index.ts');
  test('every sample: valid references, call linked to its account, shared keys across calls', async () => {
    const { parseTranscript } = await import(parser);
    const { extractCallFacts } = await import(extractor);
    const files = readdirSync(samples).filter((f) => /\.(txt|vtt|srt|json)$/.test(f)).sort();
    assert.ok(files.length > 0);
    const sellerKeys = new Set<string>();
    for (const [i, f] of files.entries()) {
      const parsed = parseTranscript(readFileSync(path.join(samples, f), 'utf8'), f);
      const facts: CallFacts = extractCallFacts({ transcriptId: String(i + 1), fileName: f, meetingAt: null, turns: parsed.turns, participants: parsed.participants });
      const g = buildKnowledgeGraph(String(i + 1), facts);
      const refs = new Set(g.entities.map((e) => entityRef(e.kind, e.key)));
      assert.equal(refs.size, g.entities.length, f);
      for (const r of g.relations) assert.ok(refs.has(r.source) && refs.has(r.target), `${f}: ${r.source} -${r.kind}-> ${r.target}`);
      if (facts.buyerCompany) assert.ok(has(g, `call:${i + 1}`, 'WITH_ACCOUNT', `company:${companyKey(facts.buyerCompany)}`), f);
      for (const p of facts.participants.filter((x) => x.spoke)) assert.ok(g.relations.some((r) => r.kind === 'PARTICIPATED_IN' && r.target === `call:${i + 1}` && g.entities.some((e) => e.kind === 'person' && entityRef('person', e.key) === r.source && e.name === p.name)), `${f}: ${p.name}`);
      if (facts.sellerCompany) sellerKeys.add(companyKey(facts.sellerCompany));
    }
    // The project's samples are sold by one or two vendors: their company key repeats across calls.
    assert.ok(sellerKeys.size >= 1 && sellerKeys.size < files.length, [...sellerKeys].join(', '));
  });
});
