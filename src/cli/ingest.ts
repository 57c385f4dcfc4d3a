/** `stellar ingest <files or folders> [--wait] [--force]`: store transcripts, queue their runs, optionally follow them (and exit 1 when one failed). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { requireTasks, type App } from '../app.ts';
import { ingestTranscript, IntakeError, type IngestResult } from '../intake/ingest.ts';
import { listRuns, runDetail, waitForRuns, type RunProgress } from '../db/queries/runs.ts';
import { startWorker } from '../worker/worker.ts';
import { formatDuration, table } from '../reports/render.ts';
import { expandInputs } from './files.ts';
import type { TranscriptSource } from '../db/schema.ts';

export interface IngestOptions {
  wait?: boolean;
  force?: boolean;
  meetingAt?: string;
  rep?: string;
  account?: string;
  /** With --wait: run a worker in this process too (default), so waiting never depends on another process. */
  worker?: boolean;
  source?: TranscriptSource;
  quiet?: boolean;
}

export interface IngestedFile extends IngestResult {
  file: string;
}

export async function ingestFiles(app: App, inputs: string[], opts: IngestOptions): Promise<{ ingested: IngestedFile[]; failed: { file: string; error: string }[] }> {
  const files = expandInputs(inputs);
  if (files.length === 0) throw new Error('no transcript files found (.txt, .vtt, .srt, .json)');
  const meetingAt = opts.meetingAt ? new Date(opts.meetingAt) : null;
  if (meetingAt && Number.isNaN(meetingAt.getTime())) throw new Error(`--meeting-at: not a date: ${opts.meetingAt}`);
  const ingested: IngestedFile[] = [];
  const failed: { file: string; error: string }[] = [];
  for (const file of files) {
    try {
      const result = await ingestTranscript(app.handle.db, {
        bytes: readFileSync(file),
        fileName: path.basename(file),
        source: opts.source ?? 'cli',
        meetingAt,
        rep: opts.rep ?? null,
        account: opts.account ?? null,
        force: opts.force,
        maxAttempts: app.config.STELLAR_MAX_ATTEMPTS,
      });
      ingested.push({ file, ...result });
      if (!opts.quiet) {
        const what = result.duplicate ? (opts.force ? 'same bytes as before; new run (forced)' : 'already ingested (same bytes); no new run') : 'queued';
        console.log(`${path.basename(file)}: transcript ${result.transcriptId}, run ${result.runId ?? '—'} — ${what}`);
      }
    } catch (err) {
      const message = err instanceof IntakeError ? `${err.code}: ${err.message}` : (err as Error).message;
      failed.push({ file, error: message });
      console.error(`${path.basename(file)}: rejected — ${message}`);
    }
  }
  return { ingested, failed };
}

/** Follows runs with a progress bar (TTY) or periodic lines, and prints a summary table. */
export async function followRuns(app: App, runs: { file: string; runId: string }[], opts: { worker?: boolean; quiet?: boolean } = {}): Promise<RunProgress[]> {
  const runner = opts.worker === false ? null : await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList: requireTasks(app).createTaskList, crontab: false });
  const bar = process.stderr.isTTY && !opts.quiet ? new cliProgress.SingleBar({ format: 'processing |{bar}| {value}/{total} stages · {done}/{runs} runs' }, cliProgress.Presets.shades_classic) : null;
  let lastLine = 0;
  try {
    const ids = runs.map((r) => r.runId);
    const final = await waitForRuns(app.handle.db, ids, {
      listen: app.handle.pool, // progress on each run change (NOTIFY), not on a timer
      onTick(progress) {
        const total = progress.reduce((a, p) => a + p.stagesTotal, 0);
        const ended = progress.reduce((a, p) => a + p.stagesEnded, 0);
        const done = progress.filter((p) => ['succeeded', 'failed', 'partial'].includes(p.status)).length;
        if (bar) {
          if (!bar.isActive) bar.start(total, 0, { done, runs: runs.length });
          bar.update(ended, { done, runs: runs.length });
        } else if (!opts.quiet && Date.now() - lastLine > 2000) {
          lastLine = Date.now();
          console.error(`processing: ${ended}/${total} stages, ${done}/${runs.length} runs ended`);
        }
      },
    });
    bar?.stop();
    return final;
  } finally {
    bar?.stop();
    await runner?.stop();
  }
}

export async function summaryTable(app: App, runIds: string[], fileOf: Map<string, string>): Promise<string> {
  const rows = await listRuns(app.handle.db, { limit: runIds.length, ids: runIds });
  return table(
    ['file', 'run', 'status', 'took', 'note'],
    rows.map((r) => [
      path.basename(fileOf.get(r.id) ?? ''),
      r.id.slice(0, 8),
      r.status,
      formatDuration(r.finished_at ? new Date(r.finished_at).getTime() - new Date(r.created_at).getTime() : null),
      (r.error ?? '').slice(0, 80),
    ]),
  );
}

/** What went wrong in each run that did not succeed: the stages that failed, with their errors. */
export async function failedRunLines(app: App, runs: readonly RunProgress[], fileOf: Map<string, string>): Promise<string[]> {
  const lines: string[] = [];
  for (const p of runs) {
    if (p.status === 'succeeded') continue;
    const detail = await runDetail(app.handle.db, p.runId);
    const failed = (detail?.stages ?? []).filter((s) => s.status === 'failed');
    const file = path.basename(fileOf.get(p.runId) ?? detail?.run.file_name ?? '');
    const where = failed.length ? failed.map((s) => `${s.stage}: ${s.error ?? 'failed'}`).join('; ') : (detail?.run.error ?? 'no stage error recorded');
    lines.push(`run ${p.runId} (${file}) ${p.status} — ${where}`);
  }
  return lines;
}

/**
 * `stellar ingest`: stores the files, and with --wait follows the runs and prints a summary.
 * Exit code 1 when a file was refused, or (with --wait) when a run failed or ended partial —
 * each such run is named on stderr with the stage that failed and its error.
 */
export async function ingestCommand(app: App, paths: string[], opts: IngestOptions & { worker: boolean }): Promise<number> {
  const { ingested, failed } = await ingestFiles(app, paths, opts);
  const runs = ingested.filter((i) => i.runId && (!i.duplicate || opts.force)).map((i) => ({ file: i.file, runId: i.runId! }));
  let runFailures: string[] = [];
  if (opts.wait && runs.length) {
    const fileOf = new Map(runs.map((r) => [r.runId, r.file]));
    const final = await followRuns(app, runs, { worker: opts.worker });
    console.log('\n' + (await summaryTable(app, runs.map((r) => r.runId), fileOf)));
    runFailures = await failedRunLines(app, final, fileOf);
    for (const line of runFailures) console.error(`stellar: ${line}`);
  }
  return failed.length || runFailures.length ? 1 : 0;
}
