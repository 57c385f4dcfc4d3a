/**
 * The reasoning engine (LangGraph) over the nine samples/ calls run through
 * the pipeline: steps and citations of the built-in planner, plain refusals,
 * follow-ups in a thread that survive a restart (PostgresSaver), the step
 * limit, and the Ollama planner's tool calling against a scripted fake model
 * server (a normal run, a malformed tool call, a forbidden SQL statement, a
 * model that never stops calling tools).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { connect } from '../src/db/index.ts';
import { OllamaPlanner } from '../src/reasoning/planners/ollama.ts';
import type { AskStep, Planner } from '../src/reasoning/types.ts';
import { createAskCorpus, type AskCorpus } from './support/askCorpus.ts';
import { testAskEngine } from './support/askEngine.ts';
import { startFakeOllama, type FakeOllama, type RecordedRequest } from './support/fakeOllama.ts';

const NOW = new Date('2026-11-16T12:00:00Z');

describe('reasoning engine', () => {
  let corpus: AskCorpus;
  before(async () => {
    corpus = await createAskCorpus('reasoning');
  });
  after(async () => corpus?.close());
  const deps = () => ({ db: corpus.app.handle.db, pool: corpus.app.handle.pool });

  test('plans, calls tools, observes and answers, citing every claim; steps stream as they happen', async () => {
    const engine = await testAskEngine(deps());
    const heard: AskStep[] = [];
    const a = await engine.ask('What did Halden Foods say about pricing?', { now: NOW, onStep: (s) => heard.push(s) });
    assert.deepEqual(heard, a.steps, 'every step was reported as it happened, in order');
    assert.deepEqual([...new Set(a.steps.map((s) => s.kind))], ['plan', 'tool_call', 'tool_result', 'answer']);
    assert.deepEqual(a.steps.filter((s) => s.kind === 'tool_call').map((s) => (s as { tool: string }).tool), ['deal_facts', 'search']);
    assert.match(a.answer, /more than we budgeted/);
    // Every claim line carries a [n] that points into the citations.
    const claims = a.answer.split('\n').filter((l) => l.startsWith('- '));
    assert.ok(claims.length >= 3);
    for (const line of claims) {
      const refs = [...line.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
      assert.ok(refs.length > 0, `uncited claim: ${line}`);
      for (const n of refs) assert.ok(n >= 1 && n <= a.citations.length, `[${n}] points nowhere`);
    }
    const c = a.citations.find((x) => x.fileName === 'discovery-halden-foods.txt');
    assert.ok(c, 'cites the discovery call');
    assert.equal(c.transcriptId, corpus.transcripts.get('discovery-halden-foods.txt'));
    assert.ok(c.speaker.length > 0 && c.turnTo >= c.turnFrom);
    const turn = await corpus.app.handle.db.selectFrom('stellar.turns').select(['speaker', 'text']).where('transcript_id', '=', c.transcriptId).where('idx', '=', c.turnFrom).executeTakeFirstOrThrow();
    assert.equal(turn.speaker, c.speaker, 'the citation names the speaker of that turn');
  });

  test('says plainly what it cannot answer, and what it can', async () => {
    const engine = await testAskEngine(deps());
    const a = await engine.ask('What will the weather be in Oslo tomorrow?', { now: NOW });
    assert.match(a.answer, /I cannot answer that/);
    assert.match(a.answer, /I can answer questions like/);
    assert.equal(a.citations.length, 0);
  });

  test('a follow-up refers to the previous answer, and the thread survives a restart', async () => {
    const engine = await testAskEngine(deps());
    const first = await engine.ask('Which accounts mention Mapquill?', { now: NOW });
    assert.match(first.answer, /Halden Foods/);
    assert.match(first.answer, /Pemberton Medical Supply/);
    const stored = await sql<{ n: number }>`select count(*)::int as n from stellar_threads.checkpoints where thread_id = ${first.threadId}`.execute(corpus.app.handle.db);
    assert.ok(stored.rows[0]!.n > 0, 'checkpoints are in the stellar_threads schema');

    // "Restart": a new connection pool, a new checkpointer and a new graph; only the thread id is kept.
    const handle = connect(corpus.app.config.DATABASE_URL, { max: 3 });
    try {
      const restarted = await testAskEngine({ db: handle.db, pool: handle.pool });
      const follow = await restarted.ask('and which of those have next steps due next week?', { threadId: first.threadId, now: NOW });
      assert.equal(follow.threadId, first.threadId);
      assert.match(follow.answer, /among those calls/);
      assert.match(follow.answer, /Rafael Ostrowski/);
      assert.ok(!/Inès Moreau/.test(follow.answer), 'the Nørrelund step (not one of "those") is left out');
      assert.deepEqual([...new Set(follow.citations.map((c) => c.fileName))], ['renewal-pemberton.json']);
      // Without the thread, the same words are not restricted to those calls.
      const fresh = await restarted.ask('and which of those have next steps due next week?', { now: NOW });
      assert.match(fresh.answer, /Inès Moreau/);
    } finally {
      await handle.close();
    }
  });

  test('the step limit ends a planner that never stops calling tools, with a clear answer', async () => {
    let plans = 0;
    const endless: Planner = {
      name: 'endless',
      async plan(ctx) {
        plans++;
        return { kind: 'call', text: 'one more search', calls: [{ id: `r${ctx.round + 1}`, tool: 'search', args: { q: 'pricing' } }] };
      },
      async compose(ctx) {
        return { answer: ctx.limitReached ? `stopped after ${ctx.round} rounds` : 'done', citations: [], shape: null, subjects: { transcriptIds: [], accounts: [] } };
      },
    };
    const engine = await testAskEngine({ ...deps(), planner: endless, maxSteps: 3 });
    const a = await engine.ask('anything', { now: NOW });
    assert.equal(plans, 3);
    assert.equal(a.answer, 'stopped after 3 rounds');
    assert.equal(a.steps.filter((s) => s.kind === 'tool_call').length, 3);
  });

  describe('Ollama planner (tool calling against a scripted model server)', () => {
    let fake: FakeOllama;
    before(async () => {
      fake = await startFakeOllama();
    });
    after(async () => fake?.close());

    const ollamaEngine = (maxSteps = 6) =>
      testAskEngine({ ...deps(), maxSteps, planner: (tools) => new OllamaPlanner({ host: fake.url, model: 'fake-planner', timeoutMs: 10_000, tools }) });
    const toolMessages = (req: RecordedRequest) => (req.body.messages as { role: string; content: string; tool_name?: string }[]).filter((m) => m.role === 'tool');

    test('a normal run: the model calls tools, reads the results and answers with citations', async () => {
      fake.reset();
      fake.setScript({
        chat: [
          { toolCalls: [{ name: 'deal_facts', arguments: { account: 'Ridgeback' } }] },
          { content: 'Ridgeback Aggregates has a budget of $45,000 a year [1].' },
        ],
      });
      const engine = await ollamaEngine();
      const a = await engine.ask('What is the budget at Ridgeback?', { now: NOW });
      assert.equal(a.answer, 'Ridgeback Aggregates has a budget of $45,000 a year [1].');
      const reqs = fake.requests('chat');
      assert.equal(reqs.length, 2);
      assert.equal(reqs[0]!.model, 'fake-planner');
      assert.deepEqual(reqs[0]!.body.tools.map((t: { function: { name: string } }) => t.function.name).sort(), ['deal_facts', 'graph_neighbors', 'metrics', 'search', 'sql']);
      const result = toolMessages(reqs[1]!);
      assert.equal(result.length, 1);
      assert.equal(result[0]!.tool_name, 'deal_facts');
      assert.match(result[0]!.content, /\$45,000/);
      assert.match(result[0]!.content, /\[1\] otter-ridgeback\.txt/);
      assert.ok(a.citations.length > 0);
      assert.equal(a.citations[0]!.fileName, 'otter-ridgeback.txt');
    });

    test('a malformed tool call becomes an error result; the model corrects itself', async () => {
      fake.reset();
      fake.setScript({
        chat: [
          { toolCalls: [{ name: 'deal_facts', arguments: '{"account": "Halden' }, { name: 'no_such_tool', arguments: {} }] },
          { toolCalls: [{ name: 'metrics', arguments: { rep: 'Owen', since: 'last tuesday' } }] },
          { toolCalls: [{ name: 'metrics', arguments: { rep: 'Owen Castellano' } }] },
          { content: 'Owen Castellano asked 17 questions [1].' },
        ],
      });
      const engine = await ollamaEngine();
      const a = await engine.ask('How many questions did Owen ask?', { now: NOW });
      const results = a.steps.filter((s) => s.kind === 'tool_result') as Extract<AskStep, { kind: 'tool_result' }>[];
      assert.deepEqual(results.map((r) => r.ok), [false, false, false, true]);
      assert.match(results[0]!.summary, /invalid arguments for deal_facts/);
      assert.match(results[1]!.summary, /unknown tool "no_such_tool"/);
      assert.match(results[2]!.summary, /since/);
      const second = toolMessages(fake.requests('chat')[1]!);
      assert.ok(second.every((m) => m.content.startsWith('ERROR:')), 'the model is told what was wrong');
      assert.equal(a.answer, 'Owen Castellano asked 17 questions [1].');
    });

    test('a forbidden SQL statement is refused; the engine recovers and still answers', async () => {
      fake.reset();
      const before = await sql<{ n: number }>`select count(*)::int as n from stellar.transcripts`.execute(corpus.app.handle.db);
      fake.setScript({
        chat: [
          { toolCalls: [{ name: 'sql', arguments: { query: 'delete from stellar.transcripts' } }] },
          { toolCalls: [{ name: 'sql', arguments: { query: 'select count(*)::int as calls from stellar_api.calls where account ilike $1', params: ['%halden%'] } }] },
          { content: 'There are 2 calls with Halden Foods.' },
        ],
      });
      const engine = await ollamaEngine();
      const a = await engine.ask('How many calls with Halden?', { now: NOW });
      const results = a.steps.filter((s) => s.kind === 'tool_result') as Extract<AskStep, { kind: 'tool_result' }>[];
      assert.deepEqual(results.map((r) => r.ok), [false, true]);
      assert.match(results[0]!.summary, /not a single SELECT|not allowed/);
      assert.match(toolMessages(fake.requests('chat')[2]!)[1]!.content, /"calls":2/);
      assert.equal(a.answer, 'There are 2 calls with Halden Foods.');
      const after = await sql<{ n: number }>`select count(*)::int as n from stellar.transcripts`.execute(corpus.app.handle.db);
      assert.equal(after.rows[0]!.n, before.rows[0]!.n);
    });

    test('a model that never stops calling tools is ended by the step limit with a clear answer', async () => {
      fake.reset();
      fake.setScript({ chat: () => ({ toolCalls: [{ name: 'search', arguments: { q: 'pricing' } }] }) });
      const engine = await ollamaEngine(4);
      const a = await engine.ask('Tell me everything about pricing', { now: NOW });
      assert.equal(fake.calls('chat'), 4);
      assert.match(a.answer, /I could not finish/);
      assert.match(a.answer, /step limit, STELLAR_ASK_MAX_STEPS = 4/);
      assert.match(a.answer, /search: \d+ passages?/);
      assert.ok(a.citations.length > 0, 'what was found is still cited');
    });
  });
});
