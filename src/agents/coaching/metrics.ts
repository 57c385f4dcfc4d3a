/**
 * Conversation metrics computed exactly from the turns (no model involved).
 * Owns: talk time, questions, monologues, interactivity, patience, fillers.
 * Must not: call a provider or touch the database.
 */

export type Side = 'seller' | 'buyer' | 'unknown';

export interface SpeakerMetrics {
  speaker: string;
  side: Side;
  talkMs: number;
  /** talkMs / total talk, 0..1 */
  share: number;
  words: number;
  questions: number;
  turns: number;
  fillerWords: number;
}

export interface SideMetrics {
  talkMs: number;
  share: number;
  words: number;
  questions: number;
}

export interface Monologue {
  speaker: string;
  side: Side;
  startMs: number;
  endMs: number;
  durationMs: number;
  words: number;
}

export interface CoachingMetrics {
  /** 'timestamps' when the file had times; 'words' when time is estimated at 150 words/minute. */
  timeBasis: 'timestamps' | 'words';
  durationMs: number;
  totalTalkMs: number;
  speakers: SpeakerMetrics[];
  sides: Record<Side, SideMetrics>;
  /** Longest run of consecutive segments by one speaker. */
  longestMonologue: Monologue | null;
  /** Longest such run by a buyer-side speaker. */
  longestCustomerStory: Monologue | null;
  /** Speaker switches per minute of call. */
  interactivity: number;
  /** Mean pause (ms) before a seller answers a buyer; null without timestamps or such answers. */
  patienceMs: number | null;
  fillerWordsPerMinute: number;
  nextStepsSet: number;
}
