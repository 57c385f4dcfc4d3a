/**
 * `stellar ask "<question>" [--thread ID] [--json]`: asks the reasoning engine
 * and prints each step as it happens (plan, tool calls, their results), then
 * the answer with its numbered citations and the thread id to follow up with.
 * --json prints only the answer object {answer, citations, threadId, steps}.
 */
import type { App } from '../app.ts';
import { createAskEngine } from '../reasoning/engine.ts';
import { createSearch } from '../search/index.ts';
import type { AskAnswer, AskStep, Citation } from '../reasoning/types.ts';

export interface AskCliOptions {
  thread?: string;
  json?: boolean;
}

function time(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.floor(ms / 1000);
  return ` at ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatCitation(c: Citation, n: number): string {
  const turns = c.turnFrom === c.turnTo ? `turn ${c.turnFrom}` : `turns ${c.turnFrom}–${c.turnTo}`;
  return `[${n}] ${c.fileName} — ${c.speaker || 'call'}${time(c.startMs)}, ${turns} (transcript ${c.transcriptId})`;
}

export function formatStep(s: AskStep): string | null {
  switch (s.kind) {
    case 'plan':
      return `· plan: ${s.text}`;
    case 'tool_call':
      return `· ${s.tool} ${JSON.stringify(s.args)}`;
    case 'tool_result':
      return `  ${s.ok ? '→' : '✗'} ${s.summary}`;
    case 'answer':
      return null;
  }
}

export function renderAnswer(a: AskAnswer): string {
  const lines = ['', a.answer];
  if (a.citations.length) lines.push('', 'Citations:', ...a.citations.map((c, i) => formatCitation(c, i + 1)));
  lines.push('', `Thread: ${a.threadId} (follow up with --thread ${a.threadId})`);
  return lines.join('\n');
}

export async function askCommand(app: App, question: string, opts: AskCliOptions): Promise<number> {
  if (!question.trim()) throw new Error('ask what? give the question as an argument, e.g. stellar ask "Which calls mention pricing?"');
  const engine = await createAskEngine({ db: app.handle.db, pool: app.handle.pool, config: app.config, search: createSearch({ db: app.handle.db, embedder: app.provider }) });
  const onStep = opts.json
    ? undefined
    : (s: AskStep) => {
        const line = formatStep(s);
        if (line) console.log(line);
      };
  const answer = await engine.ask(question, { threadId: opts.thread, onStep });
  console.log(opts.json ? JSON.stringify(answer, null, 2) : renderAnswer(answer));
  return 0;
}
