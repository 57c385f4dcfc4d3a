/**
 * `stellar status [run-id]`: recent runs with their stage states, or one run in detail.
 * `--json` prints the same objects as GET /runs and GET /runs/:id (src/reports/runJson.ts: camelCase).
 */
import type { App } from '../app.ts';
import { runSummary, stageDetail } from '../reports/runJson.ts';
import { formatDuration, table } from '../reports/render.ts';
import { STAGES } from '../pipeline/stages.ts';
import { listRuns, runDetail } from '../db/queries/runs.ts';

const SHORT: Record<string, string> = { queued: '·', running: '>', retrying: 'R', succeeded: '✓', failed: '✗', skipped: '-' };

export async function showStatus(app: App, runId: string | undefined, opts: { limit: number; json?: boolean }): Promise<void> {
  const db = app.handle.db;
  if (runId) {
    const detail = await runDetail(db, runId);
    if (!detail) throw new Error(`no run ${runId}`);
    const { run, stages } = detail;
    if (opts.json) return void console.log(JSON.stringify({ ...runSummary(run), plannedStages: run.stages, transcriptUrl: `/transcripts/${run.transcript_id}`, stages: stages.map(stageDetail) }, null, 2));
    console.log(`Run ${run.id} (${run.trigger}) of ${run.file_name} [transcript ${run.transcript_id}]`);
    console.log(`Status: ${run.status}${run.error ? ` — ${run.error}` : ''}`);
    console.log(`Created ${new Date(run.created_at).toISOString()}${run.finished_at ? `, finished ${new Date(run.finished_at).toISOString()}` : ''}\n`);
    console.log(
      table(
        ['stage', 'status', 'attempt', 'queued→start', 'duration', 'provider/model', 'agent', 'error'],
        stages.map((s) => [
          s.stage,
          s.status,
          String(s.attempt),
          formatDuration(s.started_at ? new Date(s.started_at).getTime() - new Date(s.queued_at).getTime() : null),
          formatDuration(s.duration_ms),
          s.provider ? `${s.provider}/${s.model}` : '',
          s.agent_version ?? '',
          s.error ?? '',
        ]),
      ),
    );
    return;
  }
  const list = await listRuns(db, { limit: opts.limit });
  const runs = list.map((r) => ({ id: r.id, status: r.status, trigger: r.trigger, created_at: r.created_at, finished_at: r.finished_at, error: r.error, file_name: r.file_name }));
  const stages = list.flatMap((r) => Object.entries(r.stageStatus).map(([stage, status]) => ({ run_id: r.id, stage, status })));
  if (opts.json) return void console.log(JSON.stringify({ runs: list.map((r) => ({ ...runSummary(r), stages: Object.fromEntries(STAGES.filter((st) => r.stageStatus[st]).map((st) => [st, r.stageStatus[st]])) })) }, null, 2));
  if (runs.length === 0) return void console.log('No runs yet. Ingest a transcript: stellar ingest samples/');
  console.log(
    table(
      ['run', 'file', 'trigger', 'status', 'stages ' + STAGES.map((s) => s[0]).join(''), 'took', 'error'],
      runs.map((r) => [
        r.id.slice(0, 8),
        r.file_name,
        r.trigger,
        r.status,
        STAGES.map((st) => SHORT[stages.find((s) => s.run_id === r.id && s.stage === st)?.status ?? ''] ?? ' ').join(''),
        formatDuration(r.finished_at ? new Date(r.finished_at).getTime() - new Date(r.created_at).getTime() : null),
        (r.error ?? '').slice(0, 60),
      ]),
    ),
  );
  console.log(`\nstages: ${STAGES.join(' ')} — ✓ succeeded ✗ failed - skipped > running R retrying · queued`);
}
