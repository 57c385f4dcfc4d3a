/**
 * src/intake — getting transcripts in: the gate every upload passes
 * (accept.ts), storing them with their runs (ingest.ts, one writer for every
 * path; store.ts batches HTTP uploads), and the inbox watcher (inbox.ts).
 * Owns: stellar.transcripts writes and the decision to open a run for them.
 * Must not: write runs or stages itself (it calls the run ledger), or parse
 * beyond checking there are speaker turns. Only re-exports.
 */
export { decodeTranscript, ingestTranscript, insertTranscripts, IntakeError, sha256, type IngestRequest, type IngestResult } from './ingest.ts';
export { storeTranscript } from './store.ts';
export { startInbox, type Inbox } from './inbox.ts';
