/**
 * The project's nine samples/ calls, ingested and run through the whole
 * pipeline (built-in provider) on a fresh test database: the corpus the
 * reasoning engine's tests, eval and benchmark ask questions about.
 * Owns: ingest + wait. Must not: change what the pipeline produces.
 */
import path from 'node:path';
import { ingestFiles } from '../../src/cli/ingest.ts';
import { waitForRuns } from '../../src/db/queries/runs.ts';
import { projectRoot } from '../../src/paths.ts';
import type { Config } from '../../src/config/index.ts';
import { createTestApp, type TestApp } from './app.ts';

export interface AskCorpus {
  app: TestApp;
  /** file name → transcript id */
  transcripts: Map<string, string>;
  close(): Promise<void>;
}

export interface AskCorpusOptions {
  env?: Partial<Record<keyof Config, string>>;
  /** Only these files of samples/ (default: all nine). */
  files?: string[];
}

export async function createAskCorpus(label: string, opts: AskCorpusOptions = {}): Promise<AskCorpus> {
  const app = await createTestApp(label, opts.env ?? {});
  try {
    const inputs = opts.files ? opts.files.map((f) => path.join(projectRoot, 'samples', f)) : [path.join(projectRoot, 'samples')];
    const { ingested, failed } = await ingestFiles(app, inputs, { source: 'cli', quiet: true });
    if (failed.length) throw new Error(`samples rejected: ${failed.map((f) => f.file).join(', ')}`);
    await app.startWorker({ concurrency: 4 });
    const runs = ingested.filter((i) => i.runId).map((i) => i.runId!);
    const final = await waitForRuns(app.handle.db, runs, { intervalMs: 100 });
    const bad = final.filter((p) => p.status === 'failed');
    if (bad.length) throw new Error(`${bad.length} sample run(s) failed`);
    await app.stopWorker();
    const transcripts = new Map(ingested.map((i) => [path.basename(i.file), i.transcriptId]));
    return { app, transcripts, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}
