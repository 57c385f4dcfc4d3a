/**
 * The `stellar` command line (commander). Each command lives in its own
 * module in this folder; this file only wires them up and turns errors into
 * a message and a non-zero exit. Its entry point is bin/cli.ts, which passes
 * in the task list (nothing in src/ imports tasks/).
 */
import '../processDefaults.ts';
import type { TaskSource } from '../pipeline/runtime.ts';
import { isUuid } from '../db/ids.ts';
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import { openApp, type App } from '../app.ts';
import { transcriptReport } from '../reports/transcriptReport.ts';
import { renderReport } from '../reports/render.ts';
import { startWorker } from '../worker/worker.ts';
import { superviseWorker } from '../worker/supervisor.ts';
import { followRuns, ingestFiles, summaryTable } from './ingest.ts';
import { showStatus } from './status.ts';
import { backfillListCommand, backfillStatusCommand, reprocessCommand, type ReprocessCliOptions } from './reprocess.ts';
import { STAGES } from '../pipeline/stages.ts';
import { runUntilSignal, serviceCommand } from './start.ts';
import { serverMounts } from '../server/mounts.ts';
import { addSearchCommand } from './search.ts';
import { graphResyncCommand, type GraphResyncCliOptions } from './graph.ts';
import { checkCrmAtStartup } from '../crm/startup.ts';

/** The `stellar` program, for the tasks its workers run (passed in by bin/cli.ts). */
export function buildProgram(tasks: TaskSource): Command {
  const program = new Command('stellar').description('Sales-call intelligence: transcripts in, deal facts, drafts and coaching out.');

  /** Opens the app, runs the action, closes the app; errors become one line on stderr and exit code 1. */
  function withApp<A extends unknown[]>(action: (app: App, ...args: A) => Promise<void | number>) {
    return async (...args: A) => {
      let app: App | undefined;
      try {
        app = openApp({}, { logLevel: process.env.LOG_LEVEL ?? 'warn', tasks });
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
    .option('--json', 'the report as JSON (shape documented in docs/http-api.md, GET /transcripts/:id)')
    .action(
      withApp(async (app, id: string, opts: { json?: boolean }) => {
        if (!isUuid(id)) throw new Error(`not a transcript id: ${id}`);
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
        if (await checkCrmAtStartup(app.config)) app.log.info('Baserow CRM field mapping checked');
        // Supervised (issue 11): a database outage restarts the pool with back-off instead of ending the process.
        const worker = await superviseWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList: tasks.createTaskList, concurrency: opts.concurrency ? Number(opts.concurrency) : undefined, captureUnhandled: true });
        app.log.info({ concurrency: opts.concurrency ?? app.config.STELLAR_WORKER_CONCURRENCY }, 'worker started');
        const stop = () => void worker.stop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await worker.done;
      }),
    );

  // Intake (issue 3): HTTP server, inbox watcher, and both with the worker in one process.
  const portOption = () => new Option('--port <n>', 'port (default PORT)').argParser((v) => Number(v));
  const hostOption = () => new Option('--host <address>', 'address to listen on (default HOST)');

  program
    .command('start')
    .description('HTTP server + worker pool + crontab (+ the STELLAR_INBOX folder when set) in one process, until SIGTERM/SIGINT')
    .addOption(portOption())
    .addOption(hostOption())
    .option('--concurrency <n>', 'worker jobs at once (default STELLAR_WORKER_CONCURRENCY)')
    .option('--inbox <dir>', 'watch this folder (default STELLAR_INBOX)')
    .action(
      serviceCommand(tasks, async (app, opts: { port?: number; host?: string; concurrency?: string; inbox?: string }) => {
        await runUntilSignal(app, {
          server: true,
          worker: true,
          inbox: opts.inbox ?? app.config.STELLAR_INBOX ?? null,
          port: opts.port,
          host: opts.host,
          concurrency: opts.concurrency ? Number(opts.concurrency) : undefined,
          mounts: await serverMounts(app),
        });
      }),
    );

  program
    .command('serve')
    .description('the HTTP server only (uploads, run status, health); work is left to `stellar worker` processes')
    .addOption(portOption())
    .addOption(hostOption())
    .action(
      serviceCommand(tasks, async (app, opts: { port?: number; host?: string }) => {
        await runUntilSignal(app, { server: true, port: opts.port, host: opts.host, mounts: await serverMounts(app) });
      }),
    );

  program
    .command('watch')
    .description('watch an inbox folder: complete files are ingested, then moved to processed/ or rejected/ (+ .error.json)')
    .argument('[dir]', 'the folder (default STELLAR_INBOX)')
    .option('--worker', 'also run the worker pool in this process')
    .action(
      serviceCommand(tasks, async (app, dir: string | undefined, opts: { worker?: boolean }) => {
        const inbox = dir ?? app.config.STELLAR_INBOX;
        if (!inbox) throw new Error('which folder? give it as an argument or set STELLAR_INBOX');
        await runUntilSignal(app, { inbox, worker: opts.worker ?? false });
      }),
    );

  // Operations (issue 5): reprocessing and backfills (docs/operations.md).
  program
    .command('reprocess')
    .description('re-run stages (and everything downstream) of the transcripts received in a window, as one backfill')
    .option('--since <when>', 'received at or after (ISO date/time, or an age: 36h, 30d, 12w, 3mo)')
    .option('--until <when>', 'received before (same forms)')
    .option('--stage <stage>', `a stage to re-run, repeatable (${STAGES.join(', ')}); default all`, (v: string, prev: string[] = []) => [...prev, v])
    .option('--only-changed', "only stages whose recorded agent version differs from the code's current one")
    .option('--dry-run', 'show what would be re-run; queue nothing')
    .option('--reason <text>', 'recorded on the backfill and its runs')
    .option('--json', 'machine-readable output')
    .action(withApp((app, opts: ReprocessCliOptions) => reprocessCommand(app, opts)));

  const backfill = program.command('backfill').description('backfills started by `stellar reprocess`');
  backfill
    .command('status')
    .description('done / failed / remaining transcripts of a backfill, and an ETA')
    .argument('<id>', 'backfill id')
    .option('--json', 'machine-readable output')
    .action(withApp((app, id: string, opts: { json?: boolean }) => backfillStatusCommand(app, id, opts)));
  backfill
    .command('list')
    .description('recent backfills')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'machine-readable output')
    .action(withApp((app, opts: { json?: boolean; limit: string }) => backfillListCommand(app, { json: opts.json, limit: Math.max(1, Number(opts.limit) || 20) })));

  addSearchCommand(program, withApp);

  // Ask (issue 9, docs/ask.md): the reasoning engine.
  program
    .command('ask')
    .description('ask a question about the calls; prints the steps as they happen, then the answer with citations')
    .argument('<question>', 'the question, in quotes')
    .option('--thread <id>', 'continue a thread (follow-up questions refer to its previous answers)')
    .option('--json', 'print only the answer object {answer, citations, threadId, steps}')
    // Loaded on use: LangGraph stays off the start-up path of the other commands.
    .action(withApp(async (app, question: string, opts: AskCliOptions) => (await import('./ask.ts')).askCommand(app, question, opts)));

  const graph = program.command('graph').description('the knowledge graph across calls (docs/graph.md)');
  graph
    .command('resync')
    .description('rebuild the Neo4j mirror from Postgres, with progress')
    .option('--since <date>', 'only entities and relations updated or seen since (YYYY-MM-DD or ISO 8601); default all')
    .option('--json', 'machine-readable summary')
    .action(withApp((app, opts: GraphResyncCliOptions) => graphResyncCommand(app, opts)));

  return program;
}

/** Parses argv and runs the command. */
export async function runCli(argv: readonly string[], tasks: TaskSource): Promise<void> {
  await buildProgram(tasks).parseAsync([...argv]);
}
import type { AskCliOptions } from './ask.ts';

// Run directly (`tsx src/cli/main.ts`): say where the entry point is rather than silently doing nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.error('stellar: the entry point is bin/cli.ts (`npm run stellar -- …`), which passes in the task list');
  process.exitCode = 2;
}
