/**
 * The part of a neo4j-driver Driver the mirror uses (lets tests pass a
 * recording fake; src/worker/runtime.ts's default connector makes the real one).
 * Owns: that type. Must not: hold code.
 */
export interface DriverLike {
  session(config?: { database?: string }): {
    run(query: string, params?: Record<string, unknown>): PromiseLike<unknown>;
    executeWrite<T>(work: (tx: { run(query: string, params?: Record<string, unknown>): PromiseLike<unknown> }) => Promise<T>): Promise<T>;
    close(): Promise<void>;
  };
  close(): Promise<void>;
}

