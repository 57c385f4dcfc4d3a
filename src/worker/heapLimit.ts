/**
 * The worker's heap limit (STELLAR_WORKER_MAX_HEAP_MB, issue 11 memory): V8's old-generation limit
 * of whatever runs the worker pool.
 *
 *  - `stellar worker` (a process of its own): V8 fixes a process's heap limits when it starts, so the
 *    command replaces itself, before it opens anything, with the same command line plus
 *    `--max-old-space-size=<MB>` (process.execve: the same process id, nothing spawned; a process
 *    manager watching the pid sees no change). Not re-executed when the limit is already on its
 *    command line or in NODE_OPTIONS (set by hand: that one wins), when the setting is 0, or where
 *    process.execve is missing (Windows): then it says so in the log, and runs without.
 *  - `stellar start` / `watch --worker` (the pool in a worker thread beside the HTTP server):
 *    the thread's resourceLimits.maxOldGenerationSizeMb (src/cli/workerThread.ts). A thread that
 *    runs out of heap ends alone (ERR_WORKER_OUT_OF_MEMORY) and threadKeeper.ts starts a new one;
 *    the HTTP server's own heap is not limited.
 *
 * Why it matters beyond the limit itself: V8 lets the old generation grow to ~4× what survives a
 * full collection when its limit is large (the default here: ~4 GB), and to ~1.3× when the limit is
 * 256 MB or less — so a worker whose live heap is ~70 MB sat at 600 MB of RSS without a limit.
 * Owns: deciding the flag, the re-exec, the thread's limits. Must not: open connections or read
 * anything but the environment and this process's command line.
 */
import type { ResourceLimits } from 'node:worker_threads';

export const HEAP_FLAG = '--max-old-space-size';

/** Whether a heap limit is already given (command line or NODE_OPTIONS): `--max-old-space-size=N` or `--max_old_space_size N`. */
export function hasHeapFlag(execArgv: readonly string[], nodeOptions = ''): boolean {
  const given = (s: string) => /^--max[-_]old[-_]space[-_]size(=|$)/.test(s);
  return execArgv.some(given) || nodeOptions.split(/\s+/).some(given);
}

/**
 * The command line to re-execute with (execve's argv, the node binary first), or null when there is
 * nothing to do: limit 0, or a limit already given.
 */
export function heapLimitArgv(limitMb: number, proc: { execPath: string; execArgv: readonly string[]; argv: readonly string[]; nodeOptions?: string }): string[] | null {
  if (!(limitMb > 0) || hasHeapFlag(proc.execArgv, proc.nodeOptions)) return null;
  return [proc.execPath, ...proc.execArgv, `${HEAP_FLAG}=${limitMb}`, ...proc.argv.slice(1)];
}

export type ReexecOutcome = 'off' | 'given' | 'unsupported';

/**
 * `stellar worker`: replaces this process with itself under the heap limit (does not return then).
 * Returns why it did not: 'off' (0), 'given' (already on the command line or in NODE_OPTIONS),
 * 'unsupported' (no process.execve on this platform).
 */
export function reexecWithHeapLimit(limitMb: number): ReexecOutcome {
  const argv = heapLimitArgv(limitMb, { execPath: process.execPath, execArgv: process.execArgv, argv: process.argv, nodeOptions: process.env.NODE_OPTIONS });
  if (!argv) return limitMb > 0 ? 'given' : 'off';
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (typeof execve !== 'function' || process.platform === 'win32') return 'unsupported';
  return execve.call(process, process.execPath, argv, process.env);
}

/** The worker thread's resource limits (undefined: V8's defaults). */
export function threadResourceLimits(limitMb: number): ResourceLimits | undefined {
  return limitMb > 0 ? { maxOldGenerationSizeMb: limitMb } : undefined;
}

/** This isolate's heap limit in MB (what V8 enforces: old generation plus young generation), for the logs. */
export async function heapLimitMb(): Promise<number> {
  const v8 = await import('node:v8');
  return Math.round(v8.getHeapStatistics().heap_size_limit / 1048576);
}
