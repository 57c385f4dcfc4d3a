/**
 * The Ollama planner (STELLAR_PROVIDER=ollama): the model plans and calls the
 * tools through the `ollama` client's tool calling. Each round it sees the
 * question, the thread's earlier questions and every tool result so far (an
 * error result tells it what was wrong, so it can correct itself); when it
 * answers without a tool call, that text is the answer. Tool results number
 * their evidence ([n]) so the model can cite it; the answer's citations are
 * that numbered list. Arguments are validated by the tools' zod schemas (the
 * registry), never trusted.
 * Must not: run tools itself, or retry forever (the graph's step limit ends it).
 */
import { Ollama, type Message } from 'ollama';
import { dedupeCitations } from '../evidence.ts';
import { toolDefinitions, type ToolRegistry } from '../tools/index.ts';
import type { Citation, Composed, Observation, PlanDecision, Planner, PlannerContext, ToolCall } from '../types.ts';

export interface OllamaPlannerOptions {
  host: string;
  model: string;
  timeoutMs: number;
  tools: ToolRegistry;
  /** Characters of one tool result shown to the model. Default 6000. */
  maxResultChars?: number;
}

interface Memo {
  messages: Message[];
  evidence: Citation[];
}

const SYSTEM = `You are Stellar's analyst. You answer questions about recorded sales calls using ONLY the tools.
Call tools to gather evidence; when you have enough, answer in plain sentences without calling a tool.
Cite every claim with the evidence numbers [n] given in the tool results. If the tools cannot answer the question,
say plainly that you cannot answer it, and what you can answer instead. If a tool returns an ERROR, fix the arguments
or use another tool. The sql tool takes ONE read-only SELECT over the stellar_api views, with values passed as params.`;

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (cut)` : s;
}

function argsOf(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // left as text: the tool's schema refuses it with a message the model reads
  }
}

export class OllamaPlanner implements Planner {
  readonly name = 'ollama';
  constructor(private readonly opts: OllamaPlannerOptions) {}

  private client(): Ollama {
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    return new Ollama({ host: this.opts.host, fetch: ((input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, { ...init, signal })) as typeof fetch });
  }

  private resultMessage(o: Observation, memo: Memo): Message {
    if (!o.ok) return { role: 'tool', tool_name: o.tool, content: `ERROR: ${o.error}` };
    const refs = o.citations.map((c) => {
      memo.evidence.push(c);
      return `[${memo.evidence.length}] ${c.fileName}, ${c.speaker || 'call'}${c.startMs !== null ? ` at ${Math.round(c.startMs / 1000)} s` : ''}, turns ${c.turnFrom}–${c.turnTo}`;
    });
    const body = JSON.stringify({ summary: o.summary, data: o.data });
    return { role: 'tool', tool_name: o.tool, content: cut(`${body}\nEvidence:\n${refs.slice(0, 40).join('\n')}`, this.opts.maxResultChars ?? 6000) };
  }

  async plan(ctx: PlannerContext): Promise<PlanDecision> {
    const prior = ctx.memo as Memo | null;
    const memo: Memo = prior
      ? { messages: [...prior.messages], evidence: [...prior.evidence] }
      : {
          messages: [
            { role: 'system', content: SYSTEM },
            ...ctx.history.flatMap((t): Message[] => [
              { role: 'user', content: t.question },
              { role: 'assistant', content: t.answer },
            ]),
            { role: 'user', content: `${ctx.question}\n(Today is ${ctx.now.toISOString().slice(0, 10)}.)` },
          ],
          evidence: [],
        };
    for (const o of ctx.observations.filter((x) => x.round === ctx.round && ctx.round > 0)) memo.messages.push(this.resultMessage(o, memo));
    let reply: Message;
    try {
      const res = await this.client().chat({ model: this.opts.model, messages: memo.messages, tools: toolDefinitions(this.opts.tools) as never, stream: false, options: { temperature: 0 } });
      reply = res.message;
    } catch (err) {
      return { kind: 'answer', text: `I cannot answer right now: the model ${this.opts.model} at ${this.opts.host} did not reply (${(err as Error).message}).`, memo };
    }
    const toolCalls = Array.isArray(reply?.tool_calls) ? reply.tool_calls : [];
    memo.messages.push({ role: 'assistant', content: reply?.content ?? '', ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
    if (toolCalls.length === 0) {
      const text = (reply?.content ?? '').trim();
      return { kind: 'answer', text: text || 'The model gave no answer.', memo };
    }
    const calls: ToolCall[] = toolCalls.map((tc, i) => ({
      id: `r${ctx.round + 1}-${i + 1}`,
      tool: typeof tc?.function?.name === 'string' ? tc.function.name : '',
      args: argsOf(tc?.function?.arguments),
    }));
    const said = (reply?.content ?? '').trim();
    return { kind: 'call', text: said || `The model calls ${calls.map((c) => c.tool || '(no name)').join(', ')}.`, calls, memo };
  }

  async compose(ctx: PlannerContext & { limitReached: boolean; draft: string | null }): Promise<Composed> {
    const memo = (ctx.memo as Memo | null) ?? { messages: [], evidence: [] };
    const used = ctx.observations.filter((o) => o.ok);
    const subjects = {
      transcriptIds: [...new Set(used.flatMap((o) => o.citations.map((c) => c.transcriptId)))],
      accounts: [] as string[],
    };
    if (ctx.limitReached || ctx.draft === null) {
      const found = used.map((o) => `- ${o.tool}: ${o.summary}`);
      const lines = [
        `I could not finish: the model kept calling tools, and I stopped after ${ctx.round} rounds (the step limit, STELLAR_ASK_MAX_STEPS = ${ctx.maxSteps}).`,
        found.length ? 'What the tools found before that:' : 'The tools found nothing usable before that.',
        ...found,
      ];
      const failed = ctx.observations.length - used.length;
      if (failed) lines.push(`${failed} tool call${failed === 1 ? '' : 's'} failed.`);
      return { answer: lines.join('\n'), citations: dedupeCitations(used.flatMap((o) => o.citations)).slice(0, 30), shape: null, subjects };
    }
    // The answer cites [n] from the numbered evidence; keep the list in that numbering.
    return { answer: ctx.draft, citations: memo.evidence, shape: null, subjects };
  }
}
