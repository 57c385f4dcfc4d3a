/**
 * The contract between pipeline stages and whatever produces their content.
 * Owns: the zod schemas every provider's output must pass, and the Provider
 * interface. Must not: touch the database or know about graphile-worker.
 */
import { z } from 'zod';
import type { ParticipantHint, Turn } from '../parsing/types.ts';

export const OBJECTION_TYPES = ['price', 'timing', 'integration', 'security', 'authority', 'need', 'competitor'] as const;
export const objectionType = z.enum(OBJECTION_TYPES);
export type ObjectionType = z.infer<typeof objectionType>;

/** What kind of call it is: only sales calls get sides, deal facts, a follow-up e-mail and sales coaching. */
export const CALL_TYPES = ['discovery', 'demo', 'negotiation', 'renewal', 'support', 'internal', 'partner', 'earnings', 'other'] as const;
export const callTypeSchema = z.enum(CALL_TYPES);
export type CallType = z.infer<typeof callTypeSchema>;
/** Types that are not a seller talking to a buyer. */
// Calls with no seller and buyer. ('other' — a kickoff, a cold call — still has both: its sides and deal facts stay.)
export const NON_SALES_CALL_TYPES: readonly CallType[] = ['internal', 'earnings'];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const participantSchema = z.object({
  name: z.string().min(1),
  side: z.enum(['seller', 'buyer', 'unknown']),
  role: z.string().min(1).nullable(),
  company: z.string().min(1).nullable(),
  email: z.string().nullable().default(null),
  /** true: spoke in the call; false: only mentioned. */
  spoke: z.boolean(),
  /** true: never spoke but the call says they are in it ("Kim is on the line too"); a participant, not a mention. */
  present: z.boolean().optional(),
  /** The transcript's speaker label when it differs from the name ("Speaker 2", "SUNG-MI"); turns carry the label. */
  label: z.string().min(1).nullable().optional(),
});

export const amountSchema = z.object({
  /** As written in the transcript, e.g. "$45,000" or "€14 500". */
  text: z.string().min(1),
  value: z.number(),
  /** ISO 4217 code: USD, EUR, GBP, JPY, ... */
  currency: z.string().length(3),
  /** The sentence it came from. */
  context: z.string(),
});

export const timelineItemSchema = z.object({
  text: z.string().min(1),
  date: isoDate.nullable(),
  context: z.string(),
});

export const objectionSchema = z.object({
  type: objectionType,
  speaker: z.string().nullable(),
  quote: z.string().min(1),
});

export const nextStepSchema = z.object({
  owner: z.string().nullable(),
  action: z.string().min(1),
  dueDate: isoDate.nullable(),
  /** The words that gave the date, e.g. "next Tuesday". */
  dueText: z.string().nullable(),
});

export const callFactsSchema = z.object({
  /** null when a provider did not say (older outputs, models that leave it out). */
  callType: callTypeSchema.nullable().optional(),
  sellerCompany: z.string().nullable(),
  buyerCompany: z.string().nullable(),
  participants: z.array(participantSchema),
  pains: z.array(z.string()),
  amounts: z.array(amountSchema),
  budget: z.string().nullable(),
  timeline: z.array(timelineItemSchema),
  decisionProcess: z.array(z.string()),
  competitors: z.array(z.string()),
  objections: z.array(objectionSchema),
  nextSteps: z.array(nextStepSchema),
});
export type CallFacts = z.infer<typeof callFactsSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type NextStep = z.infer<typeof nextStepSchema>;

export const emailDraftSchema = z.object({
  subject: z.string().min(1).max(200),
  body: z.string().min(1),
});
export type EmailDraft = z.infer<typeof emailDraftSchema>;

export const socialPostSchema = z.object({
  body: z.string().min(1).max(1300),
});
export type SocialPost = z.infer<typeof socialPostSchema>;

export const coachingFeedbackSchema = z.object({
  headline: z.string().min(1),
  feedback: z.array(
    z.object({
      kind: z.enum(['strength', 'improvement', 'info']),
      metric: z.string().nullable(),
      text: z.string().min(1),
    }),
  ),
});
export type CoachingFeedback = z.infer<typeof coachingFeedbackSchema>;

/** Everything a provider may look at for one call. */
export interface CallInput {
  transcriptId: string;
  fileName: string;
  /** Meeting date for resolving "next Tuesday"; null when unknown. */
  meetingAt: Date | null;
  turns: Turn[];
  participants: ParticipantHint[];
  /** The meeting title the file stores (evidence for company names); absent or null when none. */
  title?: string | null;
}

/** Output plus who made it; recorded on the stage run and the output row. */
export interface AgentResult<T> {
  output: T;
  provider: string;
  model: string;
  agentVersion: string;
}

export interface EmbeddingBatch {
  /** 'builtin' vectors go to chunk_embeddings; 'ollama' to chunk_embeddings_ollama. Never mixed. */
  kind: 'builtin' | 'ollama';
  model: string;
  dims: number;
  vectors: number[][];
}

/** CoachingMetrics is computed exactly by code (src/agents/coaching/metrics.ts); providers only write the words. */
/** What a provider does, one version each: stages record the version of the role they use. */
export type AgentRole = 'facts' | 'email' | 'social' | 'coaching' | 'embed';

export interface Provider {
  readonly name: 'builtin' | 'ollama';
  /** The agent version recorded for a role's output (what `reprocess --only-changed` compares). */
  agentVersion(role: AgentRole): string;
  extractCallFacts(call: CallInput): Promise<AgentResult<CallFacts>>;
  draftFollowUpEmail(call: CallInput, facts: CallFacts): Promise<AgentResult<EmailDraft>>;
  draftSocialPost(call: CallInput, facts: CallFacts): Promise<AgentResult<SocialPost>>;
  writeCoachingFeedback(call: CallInput, metrics: import('./coaching/metrics.ts').CoachingMetrics, facts: CallFacts): Promise<AgentResult<CoachingFeedback>>;
  embed(texts: string[]): Promise<AgentResult<EmbeddingBatch>>;
}
