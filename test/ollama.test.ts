/**
 * The Ollama provider against the scripted fake server (test/support/fakeOllama.ts):
 * every role, retries on HTTP 500 / timeouts / malformed or schema-failing JSON,
 * the final OllamaError, embeddings batching and dimension checks, model names
 * per role, and the beforeCall hook. No database, no real Ollama.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OllamaError, OllamaProvider, type OllamaConfig } from '../src/agents/ollama/index.ts';
import { renderTranscript } from '../src/agents/ollama/prompts.ts';
import { callFactsSchema, type CallFacts, type CallInput } from '../src/agents/types.ts';
import type { CoachingMetrics } from '../src/agents/coaching/metrics.ts';
import { startFakeOllama, type FakeOllama } from './support/fakeOllama.ts';

const call: CallInput = {
  transcriptId: '00000000-0000-0000-0000-000000000001',
  fileName: 'acme-discovery.txt',
  meetingAt: new Date('2025-03-04T15:00:00Z'),
  participants: [{ name: 'Dana Reyes', side: 'seller', company: 'Stellar' }],
  turns: [
    { speaker: 'Dana Reyes', startMs: 0, endMs: 4000, text: 'Thanks for joining, Priya. What made you look at new tooling?' },
    { speaker: 'Priya Shah', startMs: 4500, endMs: 15000, text: 'Our reps spend hours on CRM notes. We have a budget of $45,000 this year.' },
    { speaker: 'Dana Reyes', startMs: 15500, endMs: 19000, text: 'I will send the security questionnaire by next Tuesday.' },
  ],
};

const facts: CallFacts = {
  sellerCompany: 'Stellar',
  buyerCompany: 'Acme Corp',
  participants: [
    { name: 'Dana Reyes', side: 'seller', role: 'Account Executive', company: 'Stellar', email: null, spoke: true },
    { name: 'Priya Shah', side: 'buyer', role: 'VP Sales', company: 'Acme Corp', email: null, spoke: true },
  ],
  pains: ['reps spend hours on CRM notes'],
  amounts: [{ text: '$45,000', value: 45000, currency: 'USD', context: 'We have a budget of $45,000 this year.' }],
  budget: 'A budget of $45,000 this year.',
  timeline: [],
  decisionProcess: [],
  competitors: ['Gong'],
  objections: [{ type: 'security', speaker: 'Priya Shah', quote: 'security questionnaire' }],
  nextSteps: [{ owner: 'Dana Reyes', action: 'Send the security questionnaire', dueDate: '2025-03-11', dueText: 'next Tuesday' }],
};

const metrics: CoachingMetrics = {
  timeBasis: 'timestamps',
  durationMs: 19000,
  totalTalkMs: 18000,
  speakers: [
    { speaker: 'Dana Reyes', side: 'seller', talkMs: 7500, share: 7500 / 18000, words: 22, questions: 1, turns: 2, fillerWords: 0 },
    { speaker: 'Priya Shah', side: 'buyer', talkMs: 10500, share: 10500 / 18000, words: 15, questions: 0, turns: 1, fillerWords: 0 },
  ],
  sides: {
    seller: { talkMs: 7500, share: 7500 / 18000, words: 22, questions: 1 },
    buyer: { talkMs: 10500, share: 10500 / 18000, words: 15, questions: 0 },
    unknown: { talkMs: 0, share: 0, words: 0, questions: 0 },
  },
  longestMonologue: { speaker: 'Priya Shah', side: 'buyer', startMs: 4500, endMs: 15000, durationMs: 10500, words: 15 },
  longestCustomerStory: { speaker: 'Priya Shah', side: 'buyer', startMs: 4500, endMs: 15000, durationMs: 10500, words: 15 },
  interactivity: 6.3,
  patienceMs: 500,
  fillerWordsPerMinute: 0,
  nextStepsSet: 1,
};

const email = { subject: 'Follow-up: CRM notes and the security questionnaire', body: 'Hi Priya,\n\nThanks for your time...\n\nDana' };
const social = { body: 'Sales teams lose hours to note-taking. The best calls I had this week were about giving that time back.' };
const feedback = { headline: 'Balanced call: the buyer talked 58% of the time.', feedback: [{ kind: 'strength', metric: 'talkRatio', text: 'You let the buyer talk.' }] };

const MODELS = {
  OLLAMA_MODEL_STRUCTURE: 'struct-model:1b',
  OLLAMA_MODEL_WRITING: 'writer-model:3b',
  OLLAMA_MODEL_COACHING: 'coach-model:2b',
  OLLAMA_MODEL_EMBED: 'embed-model:v1',
};

let fake: FakeOllama;

function provider(over: Partial<OllamaConfig> = {}, opts: ConstructorParameters<typeof OllamaProvider>[1] = {}): OllamaProvider {
  return new OllamaProvider(
    { OLLAMA_HOST: fake.url, ...MODELS, OLLAMA_TIMEOUT_MS: 2000, OLLAMA_RETRIES: 2, ...over },
    { backoffMs: 5, ...opts },
  );
}

before(async () => {
  fake = await startFakeOllama();
});
after(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.setScript({});
  fake.reset();
});

describe('OllamaProvider: every role succeeds', () => {
  test('extractCallFacts: validated facts, structure model, schema sent as format, transcript as Speaker: text', async () => {
    fake.setScript({ chat: [{ json: facts }] });
    const res = await provider().extractCallFacts(call);
    assert.deepEqual(res.output, callFactsSchema.parse(facts));
    assert.equal(res.provider, 'ollama');
    assert.equal(res.model, 'struct-model:1b');
    assert.equal(res.agentVersion, 'ollama-facts/1+struct-model:1b');

    const [req] = fake.requests('chat');
    assert.equal(req!.model, 'struct-model:1b');
    assert.equal(req!.body.stream, false);
    assert.equal(req!.body.format.type, 'object');
    assert.ok(req!.body.format.properties.nextSteps, 'the CallFacts JSON Schema is the format');
    assert.equal(req!.body.messages[0].role, 'system');
    const user = req!.body.messages[1].content as string;
    assert.match(user, /^Priya Shah: Our reps spend hours on CRM notes\./m);
    assert.match(user, /^Dana Reyes: I will send the security questionnaire by next Tuesday\.$/m);
    assert.match(user, /Meeting date: 2025-03-04 \(Tuesday\)/);
  });

  test('extractCallFacts: fills email default (null) when the model leaves it out', async () => {
    const noEmail = { ...facts, participants: facts.participants.map(({ email: _e, ...p }) => p) };
    fake.setScript({ chat: [{ json: noEmail }] });
    const res = await provider().extractCallFacts(call);
    assert.equal(res.output.participants[0]!.email, null);
  });

  test('draftFollowUpEmail: writing model, facts in the prompt', async () => {
    fake.setScript({ chat: [{ json: email }] });
    const res = await provider().draftFollowUpEmail(call, facts);
    assert.deepEqual(res.output, email);
    assert.equal(res.model, 'writer-model:3b');
    assert.equal(res.agentVersion, 'ollama-email/1+writer-model:3b');
    const req = fake.requests('chat')[0]!;
    assert.equal(req.model, 'writer-model:3b');
    assert.match(req.body.messages[1].content, /Send the security questionnaire/);
    assert.deepEqual(Object.keys(req.body.format.properties).sort(), ['body', 'subject']);
  });

  test('draftSocialPost: writing model', async () => {
    fake.setScript({ chat: [{ json: social }] });
    const res = await provider().draftSocialPost(call, facts);
    assert.deepEqual(res.output, social);
    assert.equal(res.model, 'writer-model:3b');
    assert.equal(res.agentVersion, 'ollama-social/1+writer-model:3b');
  });

  test('draftSocialPost: a post naming the customer is retried, then refused', async () => {
    fake.setScript({ chat: [{ json: { body: 'Great call with Acme Corp today!' } }, { json: social }] });
    const res = await provider().draftSocialPost(call, facts);
    assert.deepEqual(res.output, social);
    assert.equal(fake.calls('chat'), 2);

    fake.setScript({ chat: () => ({ json: { body: 'Priya Shah has a budget of $45,000.' } }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 1 }).draftSocialPost(call, facts), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.match(err.message, /confidential terms.*"Priya Shah".*"\$45,000"/);
      return true;
    });
  });

  test('writeCoachingFeedback: coaching model, exact metrics in the prompt', async () => {
    fake.setScript({ chat: [{ json: feedback }] });
    const res = await provider().writeCoachingFeedback(call, metrics, facts);
    assert.deepEqual(res.output, feedback);
    assert.equal(res.model, 'coach-model:2b');
    assert.equal(res.agentVersion, 'ollama-coaching/1+coach-model:2b');
    const req = fake.requests('chat')[0]!;
    assert.equal(req.model, 'coach-model:2b');
    const user = req.body.messages[1].content as string;
    assert.ok(user.includes(JSON.stringify(metrics)), 'metrics passed verbatim as JSON');
    assert.match(user, /Talk share: seller 42%, buyer 58%/);
  });

  test('embed: vectors, dims, embed model, batches of 32', async () => {
    fake.setScript({ embedDims: 12 });
    const texts = Array.from({ length: 70 }, (_, i) => `chunk number ${i}`);
    const res = await provider().embed(texts);
    assert.equal(res.output.kind, 'ollama');
    assert.equal(res.output.model, 'embed-model:v1');
    assert.equal(res.output.dims, 12);
    assert.equal(res.output.vectors.length, 70);
    assert.ok(res.output.vectors.every((v) => v.length === 12));
    assert.equal(res.model, 'embed-model:v1');
    assert.equal(res.agentVersion, 'ollama-embed/1+embed-model:v1');
    const reqs = fake.requests('embed');
    assert.deepEqual(reqs.map((r) => r.body.input.length), [32, 32, 6]);
    assert.ok(reqs.every((r) => r.model === 'embed-model:v1'));
    assert.deepEqual(reqs[2]!.body.input, texts.slice(64));
  });

  test('embed: no texts, no request', async () => {
    const res = await provider().embed([]);
    assert.deepEqual(res.output, { kind: 'ollama', model: 'embed-model:v1', dims: 0, vectors: [] });
    assert.equal(fake.calls('embed'), 0);
  });

  test('every role asks its own model', async () => {
    const p = provider();
    await p.extractCallFacts(call);
    await p.draftFollowUpEmail(call, facts);
    await p.draftSocialPost(call, facts);
    await p.writeCoachingFeedback(call, metrics, facts);
    await p.embed(['a', 'b']);
    assert.deepEqual(
      fake.requests().map((r) => `${r.endpoint}:${r.model}`),
      ['chat:struct-model:1b', 'chat:writer-model:3b', 'chat:writer-model:3b', 'chat:coach-model:2b', 'embed:embed-model:v1'],
    );
  });
});

describe('OllamaProvider: retries and errors', () => {
  test('HTTP 500 then success: retried', async () => {
    fake.setScript({ chat: [{ status: 500, error: 'model runner crashed' }, { json: email }] });
    const res = await provider().draftFollowUpEmail(call, facts);
    assert.deepEqual(res.output, email);
    assert.equal(fake.calls('chat'), 2);
  });

  test('persistent HTTP 500: OllamaError after OLLAMA_RETRIES + 1 attempts', async () => {
    fake.setScript({ chat: () => ({ status: 500, error: 'model runner crashed' }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 2 }).extractCallFacts(call), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.equal(err.role, 'facts');
      assert.equal(err.model, 'struct-model:1b');
      assert.equal(err.attempts, 3);
      assert.equal(err.status, 500);
      assert.equal(err.permanent, false);
      assert.match(err.message, /Ollama facts call to model "struct-model:1b" .* failed after 3 attempts: HTTP 500: model runner crashed/);
      assert.equal(err.attemptErrors.length, 3);
      return true;
    });
    assert.equal(fake.calls('chat'), 3);
  });

  test('HTTP 404 (model not found) is not retried', async () => {
    fake.setScript({ chat: () => ({ status: 404, error: 'model "writer-model:3b" not found, try pulling it first' }) });
    await assert.rejects(provider().draftFollowUpEmail(call, facts), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.equal(err.permanent, true);
      assert.equal(err.status, 404);
      assert.match(err.message, /not found, try pulling it first/);
      return true;
    });
    assert.equal(fake.calls('chat'), 1);
  });

  test('slow answer past the timeout then a fast one: retried, succeeds', async () => {
    // The slow answer would come long after the test ends; the client must give up on it at its timeout.
    fake.setScript({ chat: [{ delayMs: 60_000, json: feedback }, { json: feedback }] });
    const res = await provider({ OLLAMA_TIMEOUT_MS: 1000 }).writeCoachingFeedback(call, metrics, facts);
    assert.deepEqual(res.output, feedback);
    assert.equal(fake.calls('chat'), 2);
    assert.equal(fake.requests('chat')[0]!.answeredAt, null, 'did not wait for the slow answer');
    assert.equal(typeof fake.requests('chat')[1]!.answeredAt, 'number', 'the retry was answered');
    await waitUntil(() => fake.requests('chat')[0]!.aborted);
  });

  test('always slow: OllamaError naming the timeout after retries', async () => {
    fake.setScript({ chat: () => ({ delayMs: 60_000, json: email }) });
    await assert.rejects(provider({ OLLAMA_TIMEOUT_MS: 300, OLLAMA_RETRIES: 1 }).draftFollowUpEmail(call, facts), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.equal(err.attempts, 2);
      assert.match(err.message, /Ollama email call to model "writer-model:3b" .*failed after 2 attempts: timed out after 300 ms/);
      return true;
    });
    assert.equal(fake.calls('chat'), 2);
    assert.deepEqual(
      fake.requests('chat').map((r) => r.answeredAt),
      [null, null],
      'both attempts were given up before an answer came',
    );
    await waitUntil(() => fake.inFlight === 0);
    assert.deepEqual(
      fake.requests('chat').map((r) => r.aborted),
      [true, true],
    );
  });

  test('a hung request is abandoned at the timeout', async () => {
    fake.setScript({ chat: [{ hang: true }, { json: social }] });
    const res = await provider({ OLLAMA_TIMEOUT_MS: 1000 }).draftSocialPost(call, facts);
    assert.deepEqual(res.output, social);
    assert.equal(fake.calls('chat'), 2);
    await waitUntil(() => fake.requests('chat')[0]!.aborted);
  });

  test('malformed JSON content then valid: retried', async () => {
    fake.setScript({ chat: [{ content: '{"subject": "Follow-up", "body": ' }, { json: email }] });
    const res = await provider().draftFollowUpEmail(call, facts);
    assert.deepEqual(res.output, email);
    assert.equal(fake.calls('chat'), 2);
  });

  test('malformed HTTP body then valid: retried', async () => {
    fake.setScript({ chat: [{ rawBody: '{"model": "x", "message": {' }, { json: email }] });
    const res = await provider().draftFollowUpEmail(call, facts);
    assert.deepEqual(res.output, email);
    assert.equal(fake.calls('chat'), 2);
  });

  test('always malformed JSON: error says so', async () => {
    fake.setScript({ chat: () => ({ content: 'Sure! Here is the e-mail: Dear Priya' }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 1 }).draftFollowUpEmail(call, facts), /failed after 2 attempts: reply is not valid JSON/);
  });

  test('JSON wrapped in Markdown fences is accepted', async () => {
    fake.setScript({ chat: [{ content: '```json\n' + JSON.stringify(email) + '\n```' }] });
    const res = await provider().draftFollowUpEmail(call, facts);
    assert.deepEqual(res.output, email);
    assert.equal(fake.calls('chat'), 1);
  });

  test('schema-failing JSON then valid: retried', async () => {
    const bad = { ...facts, nextSteps: [{ owner: 'Dana', action: 'Send it', dueDate: 'next Tuesday', dueText: null }] };
    fake.setScript({ chat: [{ json: bad }, { json: facts }] });
    const res = await provider().extractCallFacts(call);
    assert.equal(res.output.nextSteps[0]!.dueDate, '2025-03-11');
    assert.equal(fake.calls('chat'), 2);
  });

  test('always schema-failing JSON: OllamaError naming the schema problem', async () => {
    const bad = { ...facts, participants: [{ ...facts.participants[0], side: 'vendor' }], nextSteps: [{ owner: 'Dana', action: 'Send it', dueDate: 'next Tuesday', dueText: null }] };
    fake.setScript({ chat: () => ({ json: bad }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 2 }).extractCallFacts(call), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.equal(err.attempts, 3);
      assert.match(err.message, /reply does not match the CallFacts schema/);
      assert.match(err.message, /participants\.0\.side/);
      assert.match(err.message, /nextSteps\.0\.dueDate: expected YYYY-MM-DD/);
      return true;
    });
    assert.equal(fake.calls('chat'), 3);
  });

  test('OLLAMA_RETRIES 0: one attempt only', async () => {
    fake.setScript({ chat: () => ({ status: 503 }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 0 }).draftSocialPost(call, facts), /failed after 1 attempt: HTTP 503/);
    assert.equal(fake.calls('chat'), 1);
  });

  test('server down: network error after retries', async () => {
    const gone = await startFakeOllama();
    const url = gone.url;
    await gone.close();
    await assert.rejects(provider({ OLLAMA_HOST: url, OLLAMA_RETRIES: 1 }).embed(['x']), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.equal(err.role, 'embed');
      assert.match(err.message, /failed after 2 attempts: network error/);
      return true;
    });
  });

  test('embeddings of inconsistent dimensions in one reply: error', async () => {
    fake.setScript({ embed: () => ({ embeddings: [[0.1, 0.2, 0.3], [0.1, 0.2]] }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 1 }).embed(['a', 'b']), (err: unknown) => {
      assert.ok(err instanceof OllamaError);
      assert.match(err.message, /embedding dimensions are inconsistent: vector 1 has 2 dims, expected 3/);
      return true;
    });
    assert.equal(fake.calls('embed'), 2);
  });

  test('embeddings whose dimension changes between batches: error', async () => {
    fake.setScript({ embed: (req) => ({ embeddings: (req.body.input as string[]).map(() => new Array(req.n === 0 ? 4 : 6).fill(0.5)) }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 1 }, { embedBatchSize: 2 }).embed(['a', 'b', 'c']), /vector 2 has 6 dims, expected 4/);
  });

  test('embed reply with the wrong number of vectors: error', async () => {
    fake.setScript({ embed: () => ({ embeddings: [[1, 0]] }) });
    await assert.rejects(provider({ OLLAMA_RETRIES: 0 }).embed(['a', 'b']), /1 vectors for 2 texts/);
  });
});

describe('OllamaProvider: beforeCall', () => {
  test('wraps every HTTP attempt, retries and embedding batches included', async () => {
    let wrapped = 0;
    const p = provider({}, {
      embedBatchSize: 2,
      beforeCall: async (fn) => {
        wrapped++;
        return fn();
      },
    });
    fake.setScript({ chat: [{ status: 500 }, { json: facts }, { json: email }, { json: social }, { json: feedback }] });
    await p.extractCallFacts(call);
    await p.draftFollowUpEmail(call, facts);
    await p.draftSocialPost(call, facts);
    await p.writeCoachingFeedback(call, metrics, facts);
    await p.embed(['a', 'b', 'c', 'd', 'e']);
    assert.equal(fake.calls(), 5 + 3);
    assert.equal(wrapped, fake.calls());
  });

  test('a limiting beforeCall bounds the calls in flight', async () => {
    // A one-slot limiter that hands its slot straight to the next waiter (never
    // free in between, so a late caller cannot slip past a woken one), and
    // counts the calls running inside it.
    let held = false;
    let inside = 0;
    let maxInside = 0;
    const waiting: (() => void)[] = [];
    const limit1 = async <T,>(fn: () => Promise<T>): Promise<T> => {
      if (held) await new Promise<void>((r) => waiting.push(r));
      else held = true;
      inside++;
      maxInside = Math.max(maxInside, inside);
      try {
        return await fn();
      } finally {
        inside--;
        const next = waiting.shift();
        if (next) next();
        else held = false;
      }
    };
    fake.setScript({ delayMs: 20 });
    const p = provider({}, { beforeCall: limit1 });
    await Promise.all([
      p.extractCallFacts(call),
      p.draftFollowUpEmail(call, facts),
      p.draftSocialPost(call, facts),
      p.writeCoachingFeedback(call, metrics, facts),
      p.embed(['a']),
      p.embed(['b']),
    ]);
    assert.equal(maxInside, 1, 'one call at a time inside beforeCall');
    assert.equal(fake.maxInFlight, 1, 'one request at a time at the server');
    assert.equal(fake.calls(), 6);
  });

  test('the timeout starts inside beforeCall: time spent waiting there does not count', async () => {
    // beforeCall holds the call for 2.5 timeouts before letting it run; a
    // timer started before beforeCall would have fired long before.
    const timeoutMs = 1000;
    const holdThenRun = async <T,>(fn: () => Promise<T>): Promise<T> => {
      await new Promise((r) => setTimeout(r, timeoutMs * 2.5));
      return fn();
    };
    fake.setScript({ chat: [{ json: email }] });
    const res = await provider({ OLLAMA_TIMEOUT_MS: timeoutMs, OLLAMA_RETRIES: 0 }, { beforeCall: holdThenRun }).draftFollowUpEmail(call, facts);
    assert.deepEqual(res.output, email);
    assert.equal(fake.calls('chat'), 1);
    assert.equal(fake.requests('chat')[0]!.aborted, false);
  });

  test('without a limit, calls run concurrently', async () => {
    // Each embed request is answered only once all three have arrived: they can only succeed together.
    let arrived = 0;
    let allArrived!: () => void;
    const together = new Promise<void>((r) => (allArrived = r));
    fake.setScript({
      embed: async () => {
        if (++arrived === 3) allArrived();
        await together;
        return {};
      },
    });
    const p = provider({ OLLAMA_TIMEOUT_MS: 30_000, OLLAMA_RETRIES: 0 });
    await Promise.all([p.embed(['a']), p.embed(['b']), p.embed(['c'])]);
    assert.equal(fake.maxInFlight, 3);
    assert.equal(fake.calls('embed'), 3);
  });
});

describe('prompts: transcript rendering', () => {
  test('a long call keeps its opening and its close, with a marker', () => {
    const turns = Array.from({ length: 2000 }, (_, i) => ({
      speaker: i % 2 ? 'Buyer' : 'Rep',
      startMs: i * 3000,
      endMs: i * 3000 + 2500,
      text: `turn ${i} with some words in it`,
    }));
    const r = renderTranscript(turns, 10_000);
    assert.ok(r.text.length <= 10_000);
    assert.ok(r.omittedTurns > 0);
    assert.match(r.text, /^Rep: turn 0 with/);
    assert.match(r.text, /Buyer: turn 1999 with some words in it$/);
    assert.match(r.text, /\[… \d+ turns, about \d+ min omitted for length …\]/);
  });

  test('a giant single turn is cut', () => {
    const r = renderTranscript([{ speaker: 'CEO', startMs: null, endMs: null, text: 'word '.repeat(5000) }], 50_000, 500);
    assert.ok(r.text.length < 520);
    assert.ok(r.text.endsWith('…'));
  });
});

describe('fake Ollama server', () => {
  test('serves /api/tags and /api/version, records requests', async () => {
    fake.setScript({ models: ['struct-model:1b'] });
    const tags = (await (await fetch(`${fake.url}/api/tags`)).json()) as { models: { name: string }[] };
    assert.deepEqual(tags.models.map((m) => m.name), ['struct-model:1b']);
    const version = (await (await fetch(`${fake.url}/api/version`)).json()) as { version: string };
    assert.equal(version.version, '0.0.0-fake');
    assert.deepEqual(fake.requests().map((r) => r.endpoint), ['tags', 'version']);
    assert.equal(fake.calls(), 0);
  });

  test('default answers are valid for the requested schema', async () => {
    const p = provider();
    const f = await p.extractCallFacts(call);
    assert.deepEqual(f.output.participants, []);
    const e = await p.draftFollowUpEmail(call, facts);
    assert.ok(e.output.subject.length > 0);
    const c = await p.writeCoachingFeedback(call, metrics, facts);
    assert.ok(c.output.headline.length > 0);
    const v = await p.embed(['same', 'same']);
    assert.deepEqual(v.output.vectors[0], v.output.vectors[1]);
    assert.equal(v.output.dims, 8);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
