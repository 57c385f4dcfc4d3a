/**
 * src/worker — the worker process's infrastructure: the graphile-worker pool
 * and its start/stop (worker.ts), the Runtime it hands to tasks (runtime.ts),
 * the heartbeat (heartbeat.ts), job log lines (jobLog.ts) and the model-call
 * limiter across processes (limiter.ts).
 * Owns: running tasks. Must not: import tasks/ (the task list is passed in),
 * hold stage logic, or write runs except through the ledger's callers. Only re-exports.
 */
export { startWorker, readCrontab, type StartWorkerOptions } from './worker.ts';
export { buildRuntime, type RuntimeOptions } from './runtime.ts';
