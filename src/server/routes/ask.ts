/**
 * POST /ask {question, threadId?} → {answer, citations[], threadId, steps[]}
 * (the reasoning engine, docs/ask.md). With `Accept: text/event-stream` each
 * step — plan, tool_call, tool_result, answer — is a server-sent event as it
 * happens, then `done` carries the whole answer (or `error` says what failed).
 * GET /dashboard/ask is the dashboard's Ask page, which uses the same route.
 * Auth: the bearer token, or the dashboard session cookie with the CSRF
 * header (src/server/session.ts). Bad bodies: 400 JSON errors.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Logger } from '../../log.ts';
import { askPage } from '../../dashboard/askPage.ts';
import type { AskEngine } from '../../reasoning/engine.ts';
import { AskInputError, THREAD_ID } from '../../reasoning/input.ts';
import type { AskStep } from '../../reasoning/types.ts';
import { HttpError } from '../errors.ts';
import type { SessionAuth } from '../session.ts';
import { valid } from '../validate.ts';

export const ASK_MAX_BODY_BYTES = 16_384;

export const askBody = z
  .object({
    question: z.string().trim().min(1, 'ask a question').max(2000),
    threadId: z.string().regex(THREAD_ID, 'expected 1–100 letters, digits, "-" or "_"').optional(),
  })
  .strict();

export interface AskRouteDeps {
  /** The engine, or a function that builds it on first use (keeps LangGraph off the start-up path). */
  engine: AskEngine | (() => Promise<AskEngine>);
  session: SessionAuth;
  log: Logger;
  graphiql?: boolean;
}

export function mountAsk(app: Hono<any>, deps: AskRouteDeps): void {
  const api = deps.session.require();
  const engine = (): Promise<AskEngine> => (typeof deps.engine === 'function' ? deps.engine() : Promise.resolve(deps.engine));
  const page = deps.session.require({ mode: 'page' });

  app.get('/dashboard/ask', page, (c) => c.html(askPage({ graphiql: deps.graphiql ?? false }).value));

  app.post(
    '/ask',
    api,
    bodyLimit({ maxSize: ASK_MAX_BODY_BYTES, onError: () => { throw new HttpError(413, 'body_too_large', `The body is over ${ASK_MAX_BODY_BYTES} bytes.`); } }),
    valid('json', askBody),
    async (c) => {
      const { question, threadId } = c.req.valid('json');
      const wantsStream = (c.req.header('accept') ?? '').includes('text/event-stream');
      if (!wantsStream) {
        try {
          return c.json(await (await engine()).ask(question, { threadId }));
        } catch (err) {
          if (err instanceof AskInputError) throw new HttpError(400, 'invalid_parameter', err.message, err.field);
          throw err;
        }
      }
      return streamSSE(c, async (stream) => {
        let writes = Promise.resolve();
        let n = 0;
        const onStep = (step: AskStep) => {
          const id = String(++n);
          writes = writes.then(() => stream.writeSSE({ event: step.kind, id, data: JSON.stringify(step) }));
        };
        try {
          const answer = await (await engine()).ask(question, { threadId, onStep });
          await writes;
          await stream.writeSSE({ event: 'done', id: String(++n), data: JSON.stringify(answer) });
        } catch (err) {
          await writes.catch(() => {});
          deps.log.error({ err }, 'ask failed');
          const message = err instanceof AskInputError ? err.message : 'The question could not be answered; try again, and tell the operators if it persists.';
          await stream.writeSSE({ event: 'error', id: String(++n), data: JSON.stringify({ error: { code: err instanceof AskInputError ? 'invalid_parameter' : 'internal_error', message } }) });
        }
      });
    },
  );
}
