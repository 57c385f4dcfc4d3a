/**
 * The composition root of the `stellar` command: tells the CLI in src/ (which
 * never imports tasks/ itself) where the task list is. The list is imported
 * only by the commands that run a worker, so the others start fast (issue 13).
 * Built by scripts/build.mjs into dist/cli.js, with tasks/index.ts as dist/tasks.js.
 * Owns: that wiring. Must not: hold any other logic.
 */
import type { TaskSource } from '../src/pipeline/runtime.ts';
import { runCli } from '../src/cli/main.ts';

// From source (tsx) the tasks are tasks/index.ts; from the build (dist/cli.js) its sibling dist/tasks.js.
const moduleUrl = new URL(import.meta.url.endsWith('.ts') ? '../tasks/index.ts' : './tasks.js', import.meta.url).href;

await runCli(process.argv, {
  moduleUrl,
  async load(): Promise<TaskSource> {
    const mod = (await import(moduleUrl)) as Pick<TaskSource, 'createTaskList'>;
    return { createTaskList: mod.createTaskList, moduleUrl };
  },
});
