/** A whole Stellar app on a fresh test database, with an in-process worker when asked. */
import type { Runner } from 'graphile-worker';
import type { TaskList } from 'graphile-worker';
import { openApp, type App } from '../../src/app.ts';
import type { Config } from '../../src/config/index.ts';
import { startWorker } from '../../src/worker/worker.ts';
import type { Connectors, Runtime, TaskSource } from '../../src/pipeline/runtime.ts';
import { createTaskList } from '../../tasks/index.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export interface TestApp extends App {
  database: TestDatabase;
  worker: Runner | null;
  startWorker(opts?: { concurrency?: number; extraTasks?: (rt: Runtime) => TaskList; crontab?: boolean; limitModelCall?: Runtime['limitModelCall']; connectors?: Partial<Connectors> }): Promise<Runner>;
  stopWorker(): Promise<void>;
}

/** The pipeline's tasks, as bin/cli.ts passes them. */
export const testTasks: TaskSource = { createTaskList, moduleUrl: new URL('../../tasks/index.ts', import.meta.url).href };

export async function createTestApp(label: string, env: Partial<Record<keyof Config, string>> = {}): Promise<TestApp> {
  const database = await createTestDatabase(label);
  const app = openApp({ DATABASE_URL: database.url, STELLAR_PROVIDER: 'builtin', ...env }, { logLevel: process.env.TEST_LOG_LEVEL ?? 'silent', tasks: testTasks });
  const testApp: TestApp = {
    ...app,
    database,
    worker: null,
    async startWorker(opts = {}) {
      testApp.worker = await startWorker({
        handle: app.handle,
        config: app.config,
        provider: app.provider,
        log: app.log,
        createTaskList,
        concurrency: opts.concurrency ?? 4,
        extraTasks: opts.extraTasks,
        crontab: opts.crontab ?? false,
        limitModelCall: opts.limitModelCall,
        pollInterval: 100,
        connectors: opts.connectors,
      });
      return testApp.worker;
    },
    async stopWorker() {
      const w = testApp.worker;
      testApp.worker = null;
      await w?.stop();
    },
    async close() {
      await testApp.stopWorker();
      await app.close();
      await database.drop();
    },
  };
  return testApp;
}
