/**
 * The contract of hybrid search: what a caller asks and what a hit carries.
 * Owns only types. Shared by the search module (src/search/), the HTTP route,
 * the CLI and the reasoning engine's `search` tool, which receives a
 * `SearchFn` as a dependency (never imports the SQL behind it).
 */

/** Which side of the call said it: what buyers said vs. what reps said. */
export type SpeakerSide = 'buyer' | 'seller';

export interface SearchFilters {
  /** Buyer account (company) name, matched case-insensitively. */
  account?: string;
  /** The rep (transcripts.rep, else the seller who spoke). */
  rep?: string;
  /** Meeting time (else received time) at or after this instant. */
  since?: Date;
  /** Meeting time (else received time) before this instant (exclusive). */
  until?: Date;
  /** One call. */
  transcriptId?: string;
  side?: SpeakerSide;
}

export interface SearchParams extends SearchFilters {
  /** The question or keywords, as typed (never concatenated into SQL). */
  q: string;
  /** Hits wanted (default 10, at most 50). */
  limit?: number;
}

/** Where a hit comes from: enough to open the call at the right place. */
export interface Citation {
  chunkId: string;
  transcriptId: string;
  fileName: string;
  /** Speaker(s) of the chunk's turns, as shown to people. */
  speaker: string;
  side: SpeakerSide | null;
  /** Start of the chunk's first turn, ms from the start of the call (null when the file has no times). */
  startMs: number | null;
  /** Turn indexes covered, inclusive. */
  turnFrom: number;
  turnTo: number;
}

export interface SearchHit extends Citation {
  /** Reciprocal-rank-fusion score (higher is better). */
  score: number;
  /** Highlighted snippet (ts_headline, matches wrapped in «…»). */
  snippet: string;
  text: string;
  account: string | null;
  meetingAt: string | null;
  /** The run whose chunk stage wrote this chunk (the dashboard links to it). Optional: added by the search module. */
  runId?: string;
}

export type SearchFn = (params: SearchParams) => Promise<SearchHit[]>;
