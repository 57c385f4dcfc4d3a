/**
 * The `stellar` command line (commander). Each command lives in its own
 * module in this folder; this file only wires them up and turns errors into
 * a message and a non-zero exit. Its entry point is bin/cli.ts, which passes
 * in where the task list is (nothing in src/ imports tasks/).
 *
 * Start-up (issue 13): this file imports only commander and a few small
 * modules; every action loads what it needs with a dynamic import, so
 * `stellar --help` loads no database driver, and `stellar status` no worker,
 * server or LangGraph. Keep it that way: a static import of anything heavy
 * here slows every command (scripts/bench/cli.ts measures it).
 * Owns: the commands' options and wiring. Must not: hold command logic.
 */
import '../processDefaults.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import type { App } from '../app.ts';
import type { TaskSource } from '../pipeline/runtime.ts';
import { STAGES } from '../pipeline/stages.ts';
import { projectRoot } from '../paths.ts';
import { intOption } from './options.ts';
import { explainError } from './errors.ts';
import type { ReprocessCliOptions } from './reprocess.ts';
import type { GraphResyncCliOptions } from './graph.ts';
import type { SearchCliOptions } from './search.ts';
import type { AskCliOptions } from './ask.ts';

/** Where the task list is: loaded only by the commands that run a worker. */
export interface CliTasks {
  /** The module exporting createTaskList (the worker thread of `stellar start` imports it). */
  moduleUrl: string;
  load(): Promise<TaskSource>;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The `stellar` program (the task list is passed in by bin/cli.ts). */
export function buildProgram(tasks: CliTasks): Command {
  const program = new Command('stellar')
    .description('Sales-call intelligence: transcripts in, deal facts, drafts and coaching out.')
    .version(version(), '-V, --version', 'print the version');

  /**
   * Opens the app, runs the action, closes the app; errors become a message on stderr
   * (explainError: unreachable or unmigrated database say what to do) and exit code 1.
   * `needsTasks`: whether this invocation runs a worker (then the task list is loaded);
   * `provider: false`: the command never calls a model (the provider is not loaded: faster start).
   */
  function withApp<A extends unknown[]>(action: (app: App, ...args: A) => Promise<void | number>, needsTasks: (...args: NoInfer<A>) => boolean = () => false, opts: { provider?: boolean } = {}) {
    return async (...args: A) => {
      let app: App | undefined;
      try {
        const { openCliApp } = await import('./cliApp.ts');
        const taskSource = needsTasks(...args) ? await tasks.load() : null;
        app = await openCliApp({ logLevel: process.env.LOG_LEVEL ?? 'warn', tasks: taskSource, provider: opts.provider ?? true });
        const code = await action(app, ...args);
        if (typeof code === 'number') process.exitCode = code;
      } catch (err) {
        console.error(`stellar: ${explainError(err, app?.config.DATABASE_URL ?? process.env.DATABASE_URL)}`);
        process.exitCode = 1;
      } finally {
        await app?.close();
      }
    };
  }

  /** The long-running commands (start.ts's serviceCommand: logs at LOG_LEVEL, refuses an unmigrated database). */
  function service<A extends unknown[]>(action: (app: App, ...args: A) => Promise<void>, needsTasks: (...args: NoInfer<A>) => boolean) {
    return async (...args: A) => {
      const { serviceCommand } = await import('./start.ts');
      const taskSource = needsTasks(...args) ? await tasks.load() : null;
      await serviceCommand(taskSource, action)(...args);
    };
  }

  program
    .command('ingest')
    .description('store transcripts (files or folders) and queue their runs')
    .argument('<paths...>', 'transcript files or folders')
    .option('--wait', 'follow the runs to the end (runs a worker in this process), print a summary; exit 1 when a run failed')
    .option('--no-worker', 'with --wait: only wait, leave the work to running `stellar worker` processes')
    .option('--force', 'start a new run even when the same bytes were ingested before')
    .option('--meeting-at <date>', 'meeting date, for resolving "next Tuesday" (ISO 8601)')
    .option('--rep <name>', 'sales rep')
    .option('--account <name>', 'account')
    .action(
      withApp(
        async (app, paths: string[], opts: { wait?: boolean; worker: boolean; force?: boolean; meetingAt?: string; rep?: string; account?: string }) =>
          (await import('./ingest.ts')).ingestCommand(app, paths, opts),
        (_paths, opts) => Boolean(opts.wait && opts.worker),
      ),
    );

  program
    .command('status')
    .description('recent runs with stage states and durations, or one run in detail')
    .argument('[run-id]', 'a run id, or its first 4+ characters')
    .addOption(new Option('--limit <n>', 'how many runs (1–1000)').argParser(intOption(1, 1000)).default(20))
    .option('--json', 'machine-readable output (the same shape as GET /runs and GET /runs/:id)')
    .action(
      withApp(async (app, runId: string | undefined, opts: { limit: number; json?: boolean }) => {
        const { showStatus } = await import('./status.ts');
        const id = runId === undefined ? undefined : await (await import('./resolve.ts')).resolveId(app, 'run', runId);
        await showStatus(app, id, { limit: opts.limit, json: opts.json });
      }, undefined, { provider: false }),
    );

  program
    .command('show')
    .description('everything produced for one transcript (the current version of each stage\'s output)')
    .argument('<transcript-id>', 'a transcript id, or its first 4+ characters')
    .option('--json', 'the report as JSON (shape documented in docs/http-api.md, GET /transcripts/:id)')
    .action(
      withApp(async (app, input: string, opts: { json?: boolean }) => {
        const id = await (await import('./resolve.ts')).resolveId(app, 'transcript', input);
        const { transcriptReport } = await import('../reports/transcriptReport.ts');
        const report = await transcriptReport(app.handle.db, id);
        if (!report) throw new Error(`no transcript ${id}`);
        console.log(opts.json ? JSON.stringify(report, null, 2) : (await import('../reports/render.ts')).renderReport(report));
      }, undefined, { provider: false }),
    );

  let heapOutcome: import('../worker/heapLimit.ts').ReexecOutcome | undefined;
  program
    .command('worker')
    .description('run the worker pool (pipeline tasks and the crontab) until SIGINT/SIGTERM')
    .addOption(new Option('--concurrency <n>', 'jobs at once (default STELLAR_WORKER_CONCURRENCY)').argParser(intOption(1, 256)))
    .hook('preAction', async () => {
      // STELLAR_WORKER_MAX_HEAP_MB (src/worker/heapLimit.ts): before anything is opened, this process replaces
      // itself with the same command under V8's heap limit (same pid); it returns only when it does not.
      const { loadConfig, loadDotEnv } = await import('../config/index.ts');
      loadDotEnv();
      let limit = 0;
      try {
        limit = loadConfig(process.env).STELLAR_WORKER_MAX_HEAP_MB;
      } catch {
        return; // a bad configuration: the action below says what is wrong
      }
      heapOutcome = (await import('../worker/heapLimit.ts')).reexecWithHeapLimit(limit);
    })
    .action(
      withApp(async (app, opts: { concurrency?: number }) => {
        if (heapOutcome === 'unsupported') app.log.warn({ STELLAR_WORKER_MAX_HEAP_MB: app.config.STELLAR_WORKER_MAX_HEAP_MB }, 'heap limit not applied: this platform cannot restart a process in place; set NODE_OPTIONS=--max-old-space-size instead');
        await (await import('./preflight.ts')).assertMigrated(app);
        const { checkCrmAtStartup } = await import('../crm/startup.ts');
        const { superviseWorker } = await import('../worker/supervisor.ts');
        const { requireTasks } = await import('../app.ts');
        if (await checkCrmAtStartup(app.config)) app.log.info('Baserow CRM field mapping checked');
        // Supervised (issue 11): a database outage restarts the pool with back-off instead of ending the process.
        const worker = await superviseWorker({ handle: app.handle, config: app.config, provider: app.provider, log: app.log, createTaskList: requireTasks(app).createTaskList, concurrency: opts.concurrency, captureUnhandled: true });
        app.log.info({ concurrency: opts.concurrency ?? app.config.STELLAR_WORKER_CONCURRENCY, pid: process.pid, heapLimitMb: await (await import('../worker/heapLimit.ts')).heapLimitMb() }, 'worker started');
        const stop = () => void worker.stop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await worker.done;
      }, () => true),
    );

  // Intake (issue 3): HTTP server, inbox watcher, and both with the worker in one process.
  const portOption = () => new Option('--port <n>', 'port (default PORT; 0: any free port)').argParser(intOption(0, 65535));
  const hostOption = () => new Option('--host <address>', 'address to listen on (default HOST)');
  const concurrencyOption = () => new Option('--concurrency <n>', 'worker jobs at once (default STELLAR_WORKER_CONCURRENCY)').argParser(intOption(1, 256));

  program
    .command('start')
    .description('HTTP server + worker pool + crontab (+ the STELLAR_INBOX folder when set) in one process, until SIGTERM/SIGINT')
    .addOption(portOption())
    .addOption(hostOption())
    .addOption(concurrencyOption())
    .option('--inbox <dir>', 'watch this folder (default STELLAR_INBOX)')
    .action(
      service(async (app, opts: { port?: number; host?: string; concurrency?: number; inbox?: string }) => {
        const { runUntilSignal } = await import('./start.ts');
        const { serverMounts } = await import('../server/mounts.ts');
        await runUntilSignal(app, {
          server: true,
          worker: true,
          inbox: opts.inbox ?? app.config.STELLAR_INBOX ?? null,
          port: opts.port,
          host: opts.host,
          concurrency: opts.concurrency,
          mounts: await serverMounts(app),
        });
      }, () => true),
    );

  program
    .command('serve')
    .description('the HTTP server only (uploads, run status, health); work is left to `stellar worker` processes')
    .addOption(portOption())
    .addOption(hostOption())
    .action(
      service(async (app, opts: { port?: number; host?: string }) => {
        const { runUntilSignal } = await import('./start.ts');
        const { serverMounts } = await import('../server/mounts.ts');
        await runUntilSignal(app, { server: true, port: opts.port, host: opts.host, mounts: await serverMounts(app) });
      }, () => false),
    );

  program
    .command('watch')
    .description('watch an inbox folder: complete files are ingested, then moved to processed/ or rejected/ (+ .error.json)')
    .argument('[dir]', 'the folder (default STELLAR_INBOX)')
    .option('--worker', 'also run the worker pool in this process')
    .action(
      service(async (app, dir: string | undefined, opts: { worker?: boolean }) => {
        const inbox = dir ?? app.config.STELLAR_INBOX;
        if (!inbox) throw new Error('which folder? give it as an argument or set STELLAR_INBOX');
        const { runUntilSignal } = await import('./start.ts');
        await runUntilSignal(app, { inbox, worker: opts.worker ?? false });
      }, (_dir, opts) => Boolean(opts.worker)),
    );

  // Operations (issue 5): reprocessing and backfills (docs/operations.md).
  program
    .command('reprocess')
    .description('re-run stages (and everything downstream) of the transcripts received in a window, as one backfill')
    .option('--since <when>', 'received at or after (ISO date/time, or an age: 36h, 30d, 12w, 3mo)')
    .option('--until <when>', 'received before (same forms)')
    .option('--all', 'without --since: every transcript, without asking (needed when not on a terminal)')
    .option('--stage <stage>', `a stage to re-run, repeatable (${STAGES.join(', ')}); default all`, (v: string, prev: string[] = []) => [...prev, v])
    .option('--only-changed', "only stages whose recorded agent version differs from the code's current one")
    .option('--dry-run', 'show what would be re-run; queue nothing')
    .option('--reason <text>', 'recorded on the backfill and its runs')
    .option('--json', 'machine-readable output')
    .action(withApp(async (app, opts: ReprocessCliOptions) => (await import('./reprocess.ts')).reprocessCommand(app, opts)));

  const backfill = program.command('backfill').description('backfills started by `stellar reprocess`');
  backfill
    .command('status')
    .description('done / failed / remaining transcripts of a backfill, and an ETA')
    .argument('<id>', 'backfill id, or its first 4+ characters')
    .option('--json', 'machine-readable output')
    .action(
      withApp(async (app, input: string, opts: { json?: boolean }) => {
        const id = await (await import('./resolve.ts')).resolveId(app, 'backfill', input);
        return (await import('./reprocess.ts')).backfillStatusCommand(app, id, opts);
      }, undefined, { provider: false }),
    );
  backfill
    .command('list')
    .description('recent backfills')
    .addOption(new Option('--limit <n>', 'how many (1–1000)').argParser(intOption(1, 1000)).default(20))
    .option('--json', 'machine-readable output')
    .action(withApp(async (app, opts: { json?: boolean; limit: number }) => (await import('./reprocess.ts')).backfillListCommand(app, opts), undefined, { provider: false }));

  program
    .command('search')
    .description('hybrid search over every call (vectors + full text), with citations')
    .argument('<query>', 'words or a question')
    .option('--account <name>', 'buyer account (company)')
    .option('--rep <name>', 'sales rep')
    .option('--since <date>', 'meetings at or after (ISO 8601)')
    .option('--until <date>', 'meetings before (ISO 8601)')
    .option('--side <side>', 'buyer or seller: who said it')
    .option('--call <transcript-id>', 'one call')
    .option('--limit <n>', 'hits (1–50, default 10)')
    .option('--json', 'machine-readable output')
    .action(withApp(async (app, q: string, opts: SearchCliOptions) => (await import('./search.ts')).searchCommand(app, q, opts)));

  // Ask (issue 9, docs/ask.md): the reasoning engine.
  program
    .command('ask')
    .description('ask a question about the calls; prints the steps as they happen, then the answer with citations')
    .argument('<question>', 'the question, in quotes')
    .option('--thread <id>', 'continue a thread (follow-up questions refer to its previous answers)')
    .option('--json', 'print only the answer object {answer, citations, threadId, steps}')
    .action(withApp(async (app, question: string, opts: AskCliOptions) => (await import('./ask.ts')).askCommand(app, question, opts)));

  const graph = program.command('graph').description('the knowledge graph across calls (docs/graph.md)');
  graph
    .command('resync')
    .description('rebuild the Neo4j mirror from Postgres, with progress')
    .option('--since <date>', 'only entities and relations updated or seen since (YYYY-MM-DD or ISO 8601); default all')
    .option('--json', 'machine-readable summary')
    .action(withApp(async (app, opts: GraphResyncCliOptions) => (await import('./graph.ts')).graphResyncCommand(app, opts)));

  return program;
}

/** Parses argv and runs the command. */
export async function runCli(argv: readonly string[], tasks: CliTasks): Promise<void> {
  await buildProgram(tasks).parseAsync([...argv]);
}

// Run directly (`tsx src/cli/main.ts`): say where the entry point is rather than silently doing nothing.
if (process.argv[1] && import.meta.url.endsWith('/src/cli/main.ts') && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.error('stellar: the entry point is bin/cli.ts (`npm run stellar -- …`), which passes in the task list');
  process.exitCode = 2;
}
