/**
 * Evidence: turning a phrase said in a call (an objection's words, a next
 * step's action, a competitor's name) into a Citation — the turn that says it,
 * its speaker and start time, and the search chunk that holds it.
 * Owns: loading a call's current turns and chunks once per question and
 * matching phrases against them. Must not: write anything.
 */
import type { Db } from '../db/index.ts';
import type { Citation, SpeakerSide } from '../search/types.ts';

interface CallText {
  transcriptId: string;
  fileName: string;
  turns: { idx: number; speaker: string; startMs: number | null; norm: string }[];
  chunks: { id: string; startMs: number | null; endMs: number | null; norm: string }[];
  sides: Map<string, SpeakerSide>;
}

export function normText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Loads calls' text on demand and remembers it for the life of one question. */
export class EvidenceLocator {
  private readonly calls = new Map<string, Promise<CallText | null>>();
  constructor(private readonly db: Db) {}

  private load(transcriptId: string, fileName: string): Promise<CallText | null> {
    let p = this.calls.get(transcriptId);
    if (!p) {
      p = this.fetch(transcriptId, fileName);
      this.calls.set(transcriptId, p);
    }
    return p;
  }

  private async fetch(transcriptId: string, fileName: string): Promise<CallText | null> {
    const runs = await this.db
      .selectFrom('stellar.current_stage_run')
      .select(['stage', 'run_id'])
      .where('transcript_id', '=', transcriptId)
      .where('stage', 'in', ['parse', 'chunk', 'structure'])
      .execute();
    const runOf = (stage: string) => runs.find((r) => r.stage === stage)?.run_id ?? null;
    const parseRun = runOf('parse');
    if (!parseRun) return null;
    const chunkRun = runOf('chunk');
    const factsRun = runOf('structure');
    const [turns, chunks, facts] = await Promise.all([
      this.db.selectFrom('stellar.turns').select(['idx', 'speaker', 'start_ms', 'text']).where('run_id', '=', parseRun).orderBy('idx').execute(),
      chunkRun
        ? this.db.selectFrom('stellar.chunks').select(['id', 'start_ms', 'end_ms', 'text']).where('run_id', '=', chunkRun).orderBy('idx').execute()
        : Promise.resolve([]),
      factsRun ? this.db.selectFrom('stellar.call_facts').select('facts').where('run_id', '=', factsRun).executeTakeFirst() : Promise.resolve(undefined),
    ]);
    const sides = new Map<string, SpeakerSide>();
    const participants = ((facts?.facts as { participants?: { name: string; side: string }[] } | undefined)?.participants ?? []);
    for (const p of participants) if (p.side === 'buyer' || p.side === 'seller') sides.set(normText(p.name), p.side);
    return {
      transcriptId,
      fileName,
      turns: turns.map((t) => ({ idx: t.idx, speaker: t.speaker, startMs: t.start_ms, norm: normText(t.text) })),
      chunks: chunks.map((c) => ({ id: String(c.id), startMs: c.start_ms, endMs: c.end_ms, norm: normText(c.text) })),
      sides,
    };
  }

  /**
   * The turn that says `phrase` (preferring one by `speaker`), as a citation;
   * falls back to the call's first turn when the words cannot be found
   * verbatim (the citation then still names the call).
   */
  async cite(call: { transcriptId: string; fileName: string }, phrase: string | null, speaker?: string | null): Promise<Citation> {
    const text = await this.load(call.transcriptId, call.fileName);
    const fallback: Citation = { chunkId: '', transcriptId: call.transcriptId, fileName: call.fileName, speaker: speaker ?? '', side: null, startMs: null, turnFrom: 0, turnTo: 0 };
    if (!text || text.turns.length === 0) return fallback;
    const want = phrase ? normText(phrase) : '';
    const probes = want ? [want, want.slice(0, 60), ...want.split(/[.,;:!?]/).map((s) => s.trim()).filter((s) => s.length >= 8)] : [];
    const who = speaker ? normText(speaker) : null;
    let turn = null as CallText['turns'][number] | null;
    for (const probe of probes) {
      const hits = text.turns.filter((t) => t.norm.includes(probe));
      turn = hits.find((t) => who && normText(t.speaker) === who) ?? hits[0] ?? null;
      if (turn) break;
    }
    if (!turn && who) turn = text.turns.find((t) => normText(t.speaker) === who) ?? null;
    turn ??= text.turns[0];
    const probe = probes.find((p) => turn!.norm.includes(p)) ?? turn.norm.slice(0, 40);
    const chunk = text.chunks.find((c) => c.norm.includes(probe)) ?? text.chunks.find((c) => c.startMs !== null && turn!.startMs !== null && c.startMs <= turn!.startMs && (c.endMs ?? Infinity) >= turn!.startMs);
    return {
      chunkId: chunk?.id ?? '',
      transcriptId: call.transcriptId,
      fileName: call.fileName,
      speaker: turn.speaker,
      side: text.sides.get(normText(turn.speaker)) ?? null,
      startMs: turn.startMs,
      turnFrom: turn.idx,
      turnTo: turn.idx,
    };
  }
}

/** One citation per (call, turn range), in first-seen order. */
export function dedupeCitations(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const c of citations) {
    const key = `${c.transcriptId}|${c.turnFrom}|${c.turnTo}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(c);
  }
  return out;
}
