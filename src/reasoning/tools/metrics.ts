/**
 * The `metrics` tool: coaching metrics (talk share, talk time, words,
 * questions) by rep and period, from the current coaching report of each call
 * (stellar_api.speaker_metrics, sql/045_reasoning.sql). Per rep: the calls and
 * the totals; each call cites the rep's first turn in it.
 * Must not: write, or recompute metrics (they are exact in the reports).
 */
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { Citation } from '../types.ts';
import { dateArg, isoDay, likeContains, nameArg, type Tool } from './types.ts';

export interface MetricsToolOptions {
  db: Db;
}

export const metricsArgs = z.object({
  rep: nameArg.optional(),
  since: dateArg.optional(),
  until: dateArg.optional(),
  /** Default seller (reps); buyer to ask about customers' side. */
  side: z.enum(['seller', 'buyer', 'any']).optional(),
}).strict();

export interface RepCallMetrics {
  transcriptId: string;
  fileName: string;
  account: string | null;
  meetingAt: string | null;
  share: number;
  talkMs: number;
  words: number;
  questions: number;
  timeBasis: string;
  citation: Citation;
}

export interface RepMetrics {
  rep: string;
  calls: RepCallMetrics[];
  totalQuestions: number;
  totalWords: number;
  /** Mean talk share over the rep's calls, 0..1. */
  meanShare: number;
  questionsPerCall: number;
}

export function metricsTool(opts: MetricsToolOptions): Tool<typeof metricsArgs> {
  return {
    name: 'metrics',
    description: 'Coaching metrics per rep (speaker) and period: talk share (talk ratio), talk time, words and questions asked, per call and in total. Filter by rep name, since/until (meeting date), side (seller by default).',
    schema: metricsArgs,
    async run(args, { evidence }) {
      let q = opts.db
        .selectFrom('stellar_api.speaker_metrics')
        .select(['transcript_id', 'file_name', 'account', 'meeting_at', 'speaker', 'share', 'talk_ms', 'words', 'questions', 'time_basis']);
      const side = args.side ?? 'seller';
      if (side !== 'any') q = q.where('side', '=', side);
      if (args.rep) q = q.where('speaker', 'ilike', likeContains(args.rep));
      if (args.since) q = q.where('meeting_at', '>=', args.since);
      if (args.until) q = q.where('meeting_at', '<', args.until);
      const rows = await q.orderBy('meeting_at', 'asc').orderBy('file_name').execute();
      await evidence.preload(rows.map((r) => r.transcript_id));
      const byRep = new Map<string, RepMetrics>();
      for (const r of rows) {
        const key = r.speaker.toLowerCase();
        let m = byRep.get(key);
        if (!m) {
          m = { rep: r.speaker, calls: [], totalQuestions: 0, totalWords: 0, meanShare: 0, questionsPerCall: 0 };
          byRep.set(key, m);
        }
        m.calls.push({
          transcriptId: r.transcript_id,
          fileName: r.file_name,
          account: r.account,
          meetingAt: isoDay(r.meeting_at),
          share: r.share,
          talkMs: Number(r.talk_ms),
          words: r.words,
          questions: r.questions,
          timeBasis: r.time_basis,
          citation: await evidence.cite({ transcriptId: r.transcript_id, fileName: r.file_name }, null, r.speaker),
        });
      }
      const reps = [...byRep.values()].map((m) => {
        m.totalQuestions = m.calls.reduce((n, c) => n + c.questions, 0);
        m.totalWords = m.calls.reduce((n, c) => n + c.words, 0);
        m.meanShare = m.calls.reduce((n, c) => n + c.share, 0) / m.calls.length;
        m.questionsPerCall = m.totalQuestions / m.calls.length;
        return m;
      });
      return {
        summary: `${reps.length} ${side === 'buyer' ? 'buyer speaker' : 'rep'}${reps.length === 1 ? '' : 's'} over ${rows.length} call appearance${rows.length === 1 ? '' : 's'}`,
        data: { reps },
        citations: reps.flatMap((m) => m.calls.map((c) => c.citation)),
      };
    },
  };
}
