/**
 * The composition root of the `stellar` command: hands the task list
 * (tasks/index.ts) to the CLI in src/, which never imports tasks/ itself.
 * Owns: that wiring. Must not: hold any other logic.
 */
import { createTaskList } from '../tasks/index.ts';
import { runCli } from '../src/cli/main.ts';

await runCli(process.argv, { createTaskList, moduleUrl: new URL('../tasks/index.ts', import.meta.url).href });
