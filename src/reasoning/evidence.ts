/**
 * Evidence: turning a phrase said in a call (an objection's words, a next
 * step's action, a competitor's name) into a Citation — the turn that says it,
 * its speaker and start time, and the search chunk that holds it.
 * Owns: loading calls' current turns and chunks (in batches: one query per
 * table for all the calls a tool touches) and matching phrases against them.
 * A call's text is keyed by the runs that produced it, so it never goes stale
 * and an engine may keep a CallTextCache across questions.
 * Must not: write anything.
 */
import type { Db } from '../db/index.ts';
import type { Citation, SpeakerSide } from '../search/types.ts';

interface CallText {
  turns: { idx: number; speaker: string; startMs: number | null; norm: string; speakerNorm: string }[];
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

/** Call texts by the runs that produced them (immutable), least recently used dropped first. */
export class CallTextCache {
  private readonly map = new Map<string, CallText>();
  constructor(private readonly maxCalls = 500) {}
  get(key: string): CallText | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: CallText): void {
    this.map.set(key, v);
    while (this.map.size > this.maxCalls) this.map.delete(this.map.keys().next().value!);
  }
}

interface Runs {
  parse: string | null;
  chunk: string | null;
  structure: string | null;
}

const runsKey = (r: Runs) => `${r.parse}|${r.chunk}|${r.structure}`;

/** Finds citations for one question; loads what it needs on demand, in batches. */
export class EvidenceLocator {
  private readonly texts = new Map<string, CallText | null>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly cache: CallTextCache = new CallTextCache(50),
  ) {}

  /** Loads the current text of these calls (one query per table for all that are not loaded yet). */
  preload(transcriptIds: readonly string[]): Promise<void> {
    const missing = [...new Set(transcriptIds)].filter((id) => !this.texts.has(id));
    if (missing.length === 0) return this.pending;
    for (const id of missing) this.texts.set(id, null); // claimed: a concurrent preload waits on `pending`
    this.pending = this.pending.then(() => this.fetch(missing));
    return this.pending;
  }

  private async fetch(ids: string[]): Promise<void> {
    const rows = await this.db
      .selectFrom('stellar.current_stage_run')
      .select(['transcript_id', 'stage', 'run_id'])
      .where('transcript_id', 'in', ids)
      .where('stage', 'in', ['parse', 'chunk', 'structure'])
      .execute();
    const runs = new Map<string, Runs>(ids.map((id) => [id, { parse: null, chunk: null, structure: null }]));
    for (const r of rows) (runs.get(r.transcript_id)! as unknown as Record<string, string>)[r.stage] = r.run_id;
    const need = ids.filter((id) => runs.get(id)!.parse && !this.cache.get(runsKey(runs.get(id)!)));
    if (need.length) {
      const parseRuns = need.map((id) => runs.get(id)!.parse!);
      const chunkRuns = need.map((id) => runs.get(id)!.chunk).filter((r): r is string => !!r);
      const factRuns = need.map((id) => runs.get(id)!.structure).filter((r): r is string => !!r);
      const [turns, chunks, facts] = await Promise.all([
        this.db.selectFrom('stellar.turns').select(['run_id', 'idx', 'speaker', 'start_ms', 'text']).where('run_id', 'in', parseRuns).orderBy('run_id').orderBy('idx').execute(),
        chunkRuns.length
          ? this.db.selectFrom('stellar.chunks').select(['run_id', 'id', 'start_ms', 'end_ms', 'text']).where('run_id', 'in', chunkRuns).orderBy('run_id').orderBy('idx').execute()
          : Promise.resolve([]),
        factRuns.length ? this.db.selectFrom('stellar.call_facts').select(['run_id', 'facts']).where('run_id', 'in', factRuns).execute() : Promise.resolve([]),
      ]);
      for (const id of need) {
        const r = runs.get(id)!;
        const sides = new Map<string, SpeakerSide>();
        const f = facts.find((x) => x.run_id === r.structure);
        for (const p of (f?.facts as { participants?: { name: string; side: string }[] } | undefined)?.participants ?? []) {
          if (p.side === 'buyer' || p.side === 'seller') sides.set(normText(p.name), p.side);
        }
        this.cache.set(runsKey(r), {
          turns: turns.filter((t) => t.run_id === r.parse).map((t) => ({ idx: t.idx, speaker: t.speaker, startMs: t.start_ms, norm: normText(t.text), speakerNorm: normText(t.speaker) })),
          chunks: chunks.filter((c) => c.run_id === r.chunk).map((c) => ({ id: String(c.id), startMs: c.start_ms, endMs: c.end_ms, norm: normText(c.text) })),
          sides,
        });
      }
    }
    for (const id of ids) {
      const r = runs.get(id)!;
      this.texts.set(id, r.parse ? (this.cache.get(runsKey(r)) ?? null) : null);
    }
  }

  /**
   * The turn that says `phrase` (preferring one by `speaker`), as a citation;
   * falls back to the speaker's first turn, then the call's first turn, when
   * the words cannot be found verbatim (the citation then still names the call).
   */
  async cite(call: { transcriptId: string; fileName: string }, phrase: string | null, speaker?: string | null): Promise<Citation> {
    await this.preload([call.transcriptId]);
    const text = this.texts.get(call.transcriptId) ?? null;
    const fallback: Citation = { chunkId: '', transcriptId: call.transcriptId, fileName: call.fileName, speaker: speaker ?? '', side: null, startMs: null, turnFrom: 0, turnTo: 0 };
    if (!text || text.turns.length === 0) return fallback;
    const want = phrase ? normText(phrase) : '';
    const probes = want ? [want, want.slice(0, 60), ...want.split(/[.,;:!?]/).map((s) => s.trim()).filter((s) => s.length >= 8)] : [];
    const who = speaker ? normText(speaker) : null;
    let turn: CallText['turns'][number] | null = null;
    for (const probe of probes) {
      const hits = text.turns.filter((t) => t.norm.includes(probe));
      turn = hits.find((t) => who && t.speakerNorm === who) ?? hits[0] ?? null;
      if (turn) break;
    }
    if (!turn && who) turn = text.turns.find((t) => t.speakerNorm === who) ?? null;
    turn ??= text.turns[0]!;
    const at = turn;
    const probe = probes.find((p) => at.norm.includes(p)) ?? at.norm.slice(0, 40);
    const chunk = text.chunks.find((c) => c.norm.includes(probe)) ?? text.chunks.find((c) => c.startMs !== null && at.startMs !== null && c.startMs <= at.startMs && (c.endMs ?? Infinity) >= at.startMs);
    return {
      chunkId: chunk?.id ?? '',
      transcriptId: call.transcriptId,
      fileName: call.fileName,
      speaker: at.speaker,
      side: text.sides.get(at.speakerNorm) ?? null,
      startMs: at.startMs,
      turnFrom: at.idx,
      turnTo: at.idx,
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
