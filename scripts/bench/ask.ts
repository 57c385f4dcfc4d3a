/**
 * `npm run bench -- ask`: latency of `ask` with the built-in planner over the
 * nine samples/ calls (run through the pipeline on a fresh test database),
 * end to end through the LangGraph engine with PostgresSaver threads: every
 * question of eval/ask/questions.json, several passes after a warm-up; p50 and
 * p95 in ms. Target: p95 ≤ 150 ms. Search is the full-text stand-in
 * (test/support/ftsSearch.ts) until hybrid search is wired in.
 */
import os from 'node:os';
import { createAskCorpus } from '../../test/support/askCorpus.ts';
import { testAskEngine } from '../../test/support/askEngine.ts';
import { loadEvalFile } from '../../test/support/askEval.ts';

const PASSES = 5;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export async function benchAsk() {
  const corpus = await createAskCorpus('bench_ask');
  try {
    const engine = await testAskEngine({ db: corpus.app.handle.db, pool: corpus.app.handle.pool });
    const file = loadEvalFile();
    const now = new Date(file.now);
    const questions = file.questions.filter((q) => !q.follows);
    for (const q of questions) await engine.ask(q.question, { now }); // warm-up
    const times: number[] = [];
    const byShape = new Map<string, number[]>();
    for (let pass = 0; pass < PASSES; pass++) {
      for (const q of questions) {
        const t0 = performance.now();
        await engine.ask(q.question, { now });
        const ms = performance.now() - t0;
        times.push(ms);
        byShape.set(q.shape, [...(byShape.get(q.shape) ?? []), ms]);
      }
    }
    // The engine's fixed cost on this machine right now: the same graph and PostgresSaver with a planner
    // that does nothing (one failing tool call, then an empty answer), so the figures above can be read
    // against the machine's load.
    const idle = await testAskEngine({
      db: corpus.app.handle.db,
      pool: corpus.app.handle.pool,
      planner: {
        name: 'idle',
        plan: async (ctx) => (ctx.round === 0 ? { kind: 'call', text: 'x', calls: [{ id: 'x', tool: 'none', args: {} }] } : { kind: 'answer', text: 'x' }),
        compose: async () => ({ answer: 'x', citations: [], shape: null, subjects: { transcriptIds: [], accounts: [] } }),
      },
    });
    const base: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await idle.ask('x', { now });
      if (i >= 10) base.push(performance.now() - t0);
    }
    base.sort((a, b) => a - b);
    const load = os.loadavg().map((x) => x.toFixed(1)).join(', ');
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    const rows = [...byShape.entries()].map(([shape, ts]) => {
      const s = [...ts].sort((a, b) => a - b);
      return `| ${shape} | ${s.length} | ${percentile(s, 50).toFixed(1)} | ${percentile(s, 95).toFixed(1)} |`;
    });
    const markdown = [
      `${times.length} questions (${questions.length} of eval/ask/questions.json × ${PASSES} passes, after a warm-up), built-in planner, threads in PostgresSaver, full-text stand-in search, the nine samples/ calls.`,
      '',
      `**ask p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms** (target p95 ≤ 150 ms: ${p95 <= 150 ? 'met' : 'NOT met'})`,
      '',
      `Load average during the run: ${load} (${os.cpus().length} cores). The engine's fixed cost at that moment — the same graph and PostgresSaver with a planner that does no work — was p50 ${percentile(base, 50).toFixed(1)} ms, p95 ${percentile(base, 95).toFixed(1)} ms.`,
      '',
      '| shape | asks | p50 ms | p95 ms |',
      '| --- | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
    return { title: 'Ask (reasoning engine, built-in planner)', markdown, metrics: { p50Ms: p50, p95Ms: p95, asks: times.length, idleP50Ms: percentile(base, 50), loadAverage: os.loadavg()[0] } };
  } finally {
    await corpus.close();
  }
}
