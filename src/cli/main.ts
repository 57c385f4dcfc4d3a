/**
 * The `stellar` command line (commander). Each command lives in its own
 * module in this folder; this file only wires them up and turns errors into
 * a message and a non-zero exit.
 */
import { Command, Option } from 'commander';
import { openApp, type App } from '../app.ts';
import { transcriptReport } from '../reports/transcriptReport.ts';
import { renderReport } from '../reports/render.ts';
import { startWorker } from '../pipeline/worker.ts';
import { followRuns, ingestFiles, summaryTable } from './ingest.ts';
import { showStatus } from './status.ts';

const program = new Command('stellar').description('Sales-call intelligence: transcripts in, deal facts, drafts and coaching out.');

/** Opens the app, runs the action, closes the app; errors become one line on stderr and exit code 1. */
function withApp<A extends unknown[]>(action: (app: App, ...args: A) => Promise<void | number>) {
  return async (...args: A) => {
    let app: App | undefined;
    try {
      app = openApp({}, { logLevel: process.env.LOG_LEVEL ?? 'warn' });
      const code = await action(app, ...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      console.error(`stellar: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 1;
    } finally {
      await app?.close();
    }
  };
}

program
  .command('ingest')
  .description('store transcripts (files or folders) and queue their runs')
  .argument('<paths...>', 'transcript files or folders')
  .option('--wait', 'follow the runs to the end (runs a worker in this process) and print a summary')
  .option('--no-worker', 'with --wait: only wait, leave the work to running `stellar worker` processes')
  .option('--force', 'start a new run even when the same bytes were ingested before')
  .option('--meeting-at <date>', 'meeting date, for resolving "next Tuesday" (ISO 8601)')
  .option('--rep <name>', 'sales rep')
  .option('--account <name>', 'account')
  .action(
    withApp(async (app, paths: string[], opts: { wait?: boolean; worker: boolean; force?: boolean; meetingAt?: string; rep?: string; account?: string }) => {
      const { ingested, failed } = await ingestFiles(app, paths, opts);
      const runs = ingested.filter((i) => i.runId && (!i.duplicate || opts.force)).map((i) => ({ file: i.file, runId: i.runId! }));
      if (opts.wait && runs.length) {
        await followRuns(app, runs, { worker: opts.worker });
        console.log('\n' + (await summaryTable(app, runs.map((r) => r.runId), new Map(runs.map((r) => [r.runId, r.file])))));
      }
      return failed.length ? 1 : 0;
    }),
  );

program
  .command('status')
  .description('recent runs with stage states and durations, or one run in detail')
  .argument('[run-id]')
  .addOption(new Option('--limit <n>', 'how many runs').default('20'))
  .option('--json', 'machine-readable output')
  .action(
    withApp(async (app, runId: string | undefined, opts: { limit: string; json?: boolean }) => {
      await showStatus(app, runId, { limit: Math.max(1, Number(opts.limit) || 20), json: opts.json });
    }),
  );

program
  .command('show')
  .description('everything produced for one transcript')
  .argument('<transcript-id>')
  .option('--json', 'the report as JSON (shape documented in README)')
  .action(
    withApp(async (app, id: string, opts: { json?: boolean }) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a transcript id: ${id}`);
      const report = await transcriptReport(app.handle.db, id);
      if (!report) throw new Error(`no transcript ${id}`);
      console.log(opts.json ? JSON.stringify(report, null, 2) : renderReport(report));
    }),
  );

program
  .command('worker')
  .description('run the worker pool (pipeline tasks and the crontab) until SIGINT/SIGTERM')
  .option('--concurrency <n>', 'jobs at once (default STELLAR_WORKER_CONCURRENCY)')
  .action(
    withApp(async (app, opts: { concurrency?: string }) => {
      const runner = await startWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, concurrency: opts.concurrency ? Number(opts.concurrency) : undefined });
      app.log.info({ concurrency: opts.concurrency ?? app.config.STELLAR_WORKER_CONCURRENCY }, 'worker started');
      const stop = () => void runner.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await runner.promise;
    }),
  );

export { program };

await program.parseAsync(process.argv);
