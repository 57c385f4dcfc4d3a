/**
 * The Ollama provider: every model-backed step through the `ollama` npm client
 * against OLLAMA_HOST, one model name per role (structure, writing, coaching,
 * embed). Replies are JSON (the zod-derived JSON Schema is sent as `format`)
 * and are validated with the SAME zod schemas as the built-in provider.
 *
 * Each HTTP attempt: wrapped by `beforeCall` (the pipeline's cross-process
 * concurrency limit), bounded by OLLAMA_TIMEOUT_MS (AbortController via a
 * custom fetch, because the client passes no signal for non-streaming calls),
 * and retried up to OLLAMA_RETRIES times with a short back-off on HTTP 5xx /
 * 408 / 429, network errors, timeouts, malformed JSON and schema failures.
 * After that an OllamaError names the role, the model and the last cause; the
 * pipeline's graphile-worker retry takes it from there.
 *
 * Owns: talking to Ollama and checking what comes back.
 * Must not: touch the database, queue jobs, compute coaching metrics (they
 * come exact from src/agents/coaching/metrics.ts), or edit prompts' wording
 * (src/agents/ollama/prompts.ts).
 */
import { Ollama } from 'ollama';
import type { z } from 'zod';
import type { Config } from '../../config/index.ts';
import type { CoachingMetrics } from '../coaching/metrics.ts';
import {
  callFactsSchema,
  coachingFeedbackSchema,
  emailDraftSchema,
  socialPostSchema,
  type AgentResult,
  type AgentRole,
  type CallFacts,
  type CallInput,
  type CoachingFeedback,
  type EmailDraft,
  type EmbeddingBatch,
  type Provider,
  type SocialPost,
} from '../types.ts';
import {
  DEFAULT_PROMPT_LIMITS,
  coachingPrompt,
  confidentialTerms,
  emailPrompt,
  factsPrompt,
  socialPrompt,
  type PromptLimits,
  type PromptSpec,
} from './prompts.ts';

export type OllamaConfig = Pick<
  Config,
  | 'OLLAMA_HOST'
  | 'OLLAMA_MODEL_STRUCTURE'
  | 'OLLAMA_MODEL_WRITING'
  | 'OLLAMA_MODEL_COACHING'
  | 'OLLAMA_MODEL_EMBED'
  | 'OLLAMA_TIMEOUT_MS'
  | 'OLLAMA_RETRIES'
>;

export type OllamaRole = AgentRole;

/** Bumped when a role's prompt or checks change in a way that changes output. */
export const AGENT_VERSIONS: Record<OllamaRole, number> = { facts: 1, email: 1, social: 1, coaching: 1, embed: 1 };

export interface OllamaProviderOptions {
  /**
   * Wraps every HTTP attempt (each retry and each embedding batch separately),
   * e.g. with a cross-process concurrency limit. The timeout starts inside it,
   * so time spent waiting for a slot does not count. Default: identity.
   */
  beforeCall?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** First back-off in ms; doubles per retry, capped at 8x, with ±20% jitter. Default 250. */
  backoffMs?: number;
  /** Texts per /api/embed request. Default 32. */
  embedBatchSize?: number;
  /** Context window requested from Ollama for chat calls (its default is small and silently cuts prompts). Default 16384. */
  numCtx?: number;
  /** Transcript character budgets for prompts. */
  promptLimits?: Partial<PromptLimits>;
}

/** A model call that failed for good (after retries, or a non-retryable HTTP status). */
export class OllamaError extends Error {
  override readonly name = 'OllamaError';
  constructor(
    message: string,
    readonly role: OllamaRole,
    readonly model: string,
    readonly attempts: number,
    /** One line per failed attempt, oldest first. */
    readonly attemptErrors: string[],
    /** HTTP status of the last attempt when it got one. */
    readonly status: number | null,
    /** True when retrying cannot help (e.g. 404 model not found, 400 bad request). */
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Why one attempt failed; `retryable` decides whether another attempt is made. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

const identity = <T>(fn: () => Promise<T>): Promise<T> => fn();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
    return causeText && !err.message.includes(causeText) ? `${err.message} (${causeText})` : err.message;
  }
  return String(err);
}

/** Turns whatever the client threw into an AttemptError. */
function classify(err: unknown, timedOut: boolean, timeoutMs: number): AttemptError {
  if (err instanceof AttemptError) return err;
  if (timedOut) return new AttemptError(`timed out after ${timeoutMs} ms`, true, null, { cause: err });
  const status = (err as { status_code?: unknown })?.status_code;
  if (typeof status === 'number') {
    const retryable = status >= 500 || RETRYABLE_STATUS.has(status);
    return new AttemptError(`HTTP ${status}: ${errorText(err)}`, retryable, status, { cause: err });
  }
  if (err instanceof SyntaxError) return new AttemptError(`response body is not JSON: ${err.message}`, true, null, { cause: err });
  return new AttemptError(`network error: ${errorText(err)}`, true, null, { cause: err });
}

/** Parses a model reply as JSON; tolerates Markdown fences or prose around one object. */
export function parseJsonReply(content: string): unknown {
  const trimmed = content.trim();
  try {
    return JSON.parse(trimmed);
  } catch (first) {
    const start = trimmed.indexOf('{');
    const end = trimmed.lastIndexOf('}');
    if (start >= 0 && end > start) {
      try {
        return JSON.parse(trimmed.slice(start, end + 1));
      } catch {
        /* fall through to the first error */
      }
    }
    const preview = trimmed.length > 120 ? `${trimmed.slice(0, 120)}…` : trimmed;
    throw new AttemptError(`reply is not valid JSON (${(first as Error).message}): ${JSON.stringify(preview)}`, true);
  }
}

/** "participants.0.side: Invalid option…; nextSteps.1.dueDate: expected YYYY-MM-DD" */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return shown.join('; ') + more;
}

function validate<S extends z.ZodType>(schema: S, schemaName: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AttemptError(`reply does not match the ${schemaName} schema: ${describeIssues(parsed.error)}`, true);
  return parsed.data;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Terms from `terms` that occur in `text` as whole words (case-insensitive). */
export function leakedTerms(text: string, terms: string[]): string[] {
  return terms.filter((t) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(t)}($|[^\\p{L}\\p{N}])`, 'iu').test(text));
}

export class OllamaProvider implements Provider {
  readonly name = 'ollama' as const;
  private readonly beforeCall: <T>(fn: () => Promise<T>) => Promise<T>;
  private readonly backoffMs: number;
  private readonly embedBatchSize: number;
  private readonly numCtx: number;
  private readonly limits: PromptLimits;

  constructor(
    private readonly cfg: OllamaConfig,
    opts: OllamaProviderOptions = {},
  ) {
    this.beforeCall = opts.beforeCall ?? identity;
    this.backoffMs = opts.backoffMs ?? 250;
    this.embedBatchSize = Math.max(1, opts.embedBatchSize ?? 32);
    this.numCtx = opts.numCtx ?? 16_384;
    this.limits = { ...DEFAULT_PROMPT_LIMITS, ...opts.promptLimits };
  }

  modelFor(role: OllamaRole): string {
    switch (role) {
      case 'facts':
        return this.cfg.OLLAMA_MODEL_STRUCTURE;
      case 'email':
      case 'social':
        return this.cfg.OLLAMA_MODEL_WRITING;
      case 'coaching':
        return this.cfg.OLLAMA_MODEL_COACHING;
      case 'embed':
        return this.cfg.OLLAMA_MODEL_EMBED;
    }
  }

  agentVersion(role: OllamaRole): string {
    return `ollama-${role}/${AGENT_VERSIONS[role]}+${this.modelFor(role)}`;
  }

  private result<T>(role: OllamaRole, output: T): AgentResult<T> {
    return { output, provider: 'ollama', model: this.modelFor(role), agentVersion: this.agentVersion(role) };
  }

  async extractCallFacts(call: CallInput): Promise<AgentResult<CallFacts>> {
    const output = await this.chatJson('facts', factsPrompt(call, this.limits), 0, (v) => validate(callFactsSchema, 'CallFacts', v));
    return this.result('facts', output);
  }

  async draftFollowUpEmail(call: CallInput, facts: CallFacts): Promise<AgentResult<EmailDraft>> {
    const output = await this.chatJson('email', emailPrompt(call, facts, this.limits), 0.3, (v) => {
      const draft = validate(emailDraftSchema, 'EmailDraft', v);
      return { subject: draft.subject.trim(), body: draft.body.trim() };
    });
    return this.result('email', output);
  }

  async draftSocialPost(call: CallInput, facts: CallFacts): Promise<AgentResult<SocialPost>> {
    const forbidden = [...confidentialTerms(facts, call), ...facts.competitors.filter((c) => c.trim().length >= 2)];
    const output = await this.chatJson('social', socialPrompt(call, facts), 0.5, (v) => {
      const post = validate(socialPostSchema, 'SocialPost', v);
      const leaks = leakedTerms(post.body, forbidden);
      if (leaks.length) throw new AttemptError(`social post names confidential terms from the call: ${leaks.map((t) => JSON.stringify(t)).join(', ')}`, true);
      return { body: post.body.trim() };
    });
    return this.result('social', output);
  }

  async writeCoachingFeedback(call: CallInput, metrics: CoachingMetrics, facts: CallFacts): Promise<AgentResult<CoachingFeedback>> {
    const output = await this.chatJson('coaching', coachingPrompt(call, metrics, facts), 0.2, (v) =>
      validate(coachingFeedbackSchema, 'CoachingFeedback', v),
    );
    return this.result('coaching', output);
  }

  async embed(texts: string[]): Promise<AgentResult<EmbeddingBatch>> {
    const model = this.modelFor('embed');
    const vectors: number[][] = [];
    let dims: number | null = null;
    for (let start = 0; start < texts.length; start += this.embedBatchSize) {
      const batch = texts.slice(start, start + this.embedBatchSize);
      const got = await this.withRetries('embed', async (client) => {
        const res = await client.embed({ model, input: batch, truncate: true });
        return checkEmbeddings(res?.embeddings, batch.length, dims, start);
      });
      dims ??= got[0]?.length ?? null;
      vectors.push(...got);
    }
    // No texts, no request: dims 0 says "unknown" (there is nothing to store).
    return this.result('embed', { kind: 'ollama', model, dims: dims ?? 0, vectors });
  }

  /** One chat call with JSON output, validated by `check` (which throws AttemptError to retry). */
  private chatJson<T>(role: OllamaRole, prompt: PromptSpec, temperature: number, check: (value: unknown) => T): Promise<T> {
    const model = this.modelFor(role);
    return this.withRetries(role, async (client) => {
      const res = await client.chat({
        model,
        messages: prompt.messages,
        format: prompt.format,
        stream: false,
        options: { temperature, num_ctx: this.numCtx },
      });
      const content = res?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') throw new AttemptError('reply has no message content', true);
      return check(parseJsonReply(content));
    });
  }

  /**
   * Runs `attempt` with a fresh client whose fetch carries this attempt's
   * AbortSignal; retries retryable failures with back-off.
   */
  private async withRetries<T>(role: OllamaRole, attempt: (client: Ollama) => Promise<T>): Promise<T> {
    const model = this.modelFor(role);
    const maxAttempts = this.cfg.OLLAMA_RETRIES + 1;
    const errors: string[] = [];
    let last: AttemptError | null = null;
    for (let n = 1; n <= maxAttempts; n++) {
      try {
        return await this.beforeCall(() => this.once(attempt));
      } catch (err) {
        last = err instanceof AttemptError ? err : classify(err, false, this.cfg.OLLAMA_TIMEOUT_MS);
        errors.push(`attempt ${n}: ${last.message}`);
        if (!last.retryable || n === maxAttempts) break;
        const base = this.backoffMs * 2 ** Math.min(n - 1, 3);
        await sleep(Math.round(base * (0.8 + Math.random() * 0.4)));
      }
    }
    const attempts = errors.length;
    const permanent = last !== null && !last.retryable;
    const what = permanent ? `failed (not retryable)` : `failed after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
    throw new OllamaError(
      `Ollama ${role} call to model "${model}" at ${this.cfg.OLLAMA_HOST} ${what}: ${last?.message ?? 'unknown error'}`,
      role,
      model,
      attempts,
      errors,
      last?.status ?? null,
      permanent,
      { cause: last ?? undefined },
    );
  }

  /** One HTTP attempt bounded by the timeout (the signal aborts both the request and the body read). */
  private async once<T>(attempt: (client: Ollama) => Promise<T>): Promise<T> {
    const timeoutMs = this.cfg.OLLAMA_TIMEOUT_MS;
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        reject(new AttemptError(`timed out after ${timeoutMs} ms`, true));
      }, timeoutMs);
    });
    const signal = controller.signal;
    const client = new Ollama({
      host: this.cfg.OLLAMA_HOST,
      fetch: ((input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, { ...init, signal })) as typeof fetch,
    });
    const work = attempt(client);
    work.catch(() => {}); // a late rejection after the timeout won the race is expected
    try {
      return await Promise.race([work, timeout]);
    } catch (err) {
      throw classify(err, timedOut, timeoutMs);
    } finally {
      clearTimeout(timer);
      if (!timedOut) controller.abort(); // release the connection if anything is still open
    }
  }
}

/** Checks one /api/embed answer: one finite vector per input, all of the same dimension (also across batches). */
function checkEmbeddings(embeddings: unknown, expected: number, dims: number | null, offset: number): number[][] {
  if (!Array.isArray(embeddings)) throw new AttemptError('embed reply has no "embeddings" array', true);
  if (embeddings.length !== expected) throw new AttemptError(`embed reply has ${embeddings.length} vectors for ${expected} texts`, true);
  let want = dims;
  embeddings.forEach((v: unknown, i) => {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new AttemptError(`embed reply vector ${offset + i} is not a non-empty array of finite numbers`, true);
    }
    if (want === null) want = v.length;
    else if (v.length !== want) {
      throw new AttemptError(`embedding dimensions are inconsistent: vector ${offset + i} has ${v.length} dims, expected ${want}`, true);
    }
  });
  return embeddings as number[][];
}
