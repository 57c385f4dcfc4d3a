/**
 * `npm run demo` — the main job on a fresh machine: set up the database, run
 * a worker in this process, ingest the project's own samples/, wait for every
 * run, then print what came out of each transcript and where to look next.
 * Run it again: the same bytes are not ingested twice, the results are shown.
 */
import '../src/processDefaults.ts';
import path from 'node:path';
import { openApp } from '../src/app.ts';
import { createTaskList } from '../tasks/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { followRuns, ingestFiles } from '../src/cli/ingest.ts';
import { FINAL_RUN_STATUSES } from '../src/db/queries/runs.ts';
import { projectRoot } from '../src/paths.ts';
import { transcriptReport } from '../src/reports/transcriptReport.ts';
import { coachingHeadline, formatDuration } from '../src/reports/render.ts';

const app = openApp({}, { logLevel: process.env.LOG_LEVEL ?? 'warn', tasks: { createTaskList, moduleUrl: new URL('../tasks/index.ts', import.meta.url).href } });
try {
  console.log('Stellar demo\n');
  console.log(`1. Database: ${new URL(app.config.DATABASE_URL).pathname.slice(1)} on ${new URL(app.config.DATABASE_URL).host}`);
  const applied = await migrate({ databaseUrl: app.config.DATABASE_URL, log: (l) => console.log(`   ${l}`) });
  console.log(`   ${applied.length ? `${applied.length} migration(s) applied` : 'schema up to date'}`);
  console.log(`   provider: ${app.provider.name}${app.provider.name === 'builtin' ? ' (deterministic, no model server needed)' : ` at ${app.config.OLLAMA_HOST}`}\n`);

  console.log('2. Ingesting the sample transcripts in samples/ (the same bytes are stored once: a second demo shows the earlier runs)');
  const { ingested, failed } = await ingestFiles(app, [path.join(projectRoot, 'samples')], { source: 'demo' });
  if (failed.length) throw new Error(`${failed.length} sample(s) rejected`);
  const runs = ingested.filter((r) => r.runId).map((r) => ({ file: r.file, runId: r.runId!, transcriptId: r.transcriptId }));


  console.log('\n3. Processing (graphile-worker in this process, concurrency ' + app.config.STELLAR_WORKER_CONCURRENCY + ')');
  const started = Date.now();
  const final = await followRuns(app, runs, { quiet: false });
  const ended = final.filter((p) => FINAL_RUN_STATUSES.includes(p.status)).length;
  console.log(`   ${ended}/${runs.length} runs ended in ${formatDuration(Date.now() - started)}\n`);

  console.log('4. Results');
  for (const { file, transcriptId } of runs) {
    const report = await transcriptReport(app.handle.db, transcriptId);
    if (!report) continue;
    const run = report.latestRun!;
    console.log(`\n── ${path.basename(file)} — run ${run.status}${run.error ? ` (${run.error})` : ''}`);
    console.log(`   stages: ${report.stages.map((s) => `${s.stage} ${s.status === 'succeeded' ? formatDuration(s.durationMs) : s.status}`).join(' · ')}`);
    const f = report.facts;
    if (f) {
      console.log(`   deal: ${f.sellerCompany ?? '?'} → ${f.buyerCompany ?? '?'}; competitors: ${f.competitors.join(', ') || '—'}; objections: ${[...new Set(f.objections.map((o) => o.type))].join(', ') || '—'}; next steps: ${f.nextSteps.length}`);
    }
    if (report.email) {
      const firstLines = report.email.body.split('\n').filter((l) => l.trim()).slice(0, 2);
      console.log(`   e-mail: "${report.email.subject}"`);
      for (const l of firstLines) console.log(`     ${l.slice(0, 110)}`);
    }
    console.log(`   coaching: ${coachingHeadline(report)}`);
    console.log(`   details: npm run stellar -- show ${transcriptId}`);
  }

  console.log(`
Where to look next
  npm run stellar -- status               runs and their stages
  npm run stellar -- show <transcript-id> everything produced for one call (--json for scripts)
  npm start                               HTTP API, dashboard at http://${app.config.HOST}:${app.config.PORT}/, GraphQL at /graphql
  psql ${app.config.DATABASE_URL} -c 'select * from stellar.pipeline_runs'`);
  const bad = final.filter((p) => p.status === 'failed').length;
  process.exitCode = bad ? 1 : 0;
} catch (err) {
  console.error(`demo: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await app.close();
}
