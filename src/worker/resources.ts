/**
 * Per-process resources of a worker (a Neo4j driver, …): created lazily, once
 * per process, on first use by a task, and closed when the worker stops
 * (startWorker calls closeAll after the pool has drained).
 * Owns: the lifetime of those resources. Must not: know what they are.
 */
import type { ProcessResources } from '../pipeline/runtime.ts';

export type { ProcessResources };

export function createProcessResources(): ProcessResources {
  const items = new Map<string, { value: unknown; close: (v: unknown) => Promise<void> | void }>();
  return {
    get<T>(name: string, create: () => T, close: (value: T) => Promise<void> | void): T {
      const existing = items.get(name);
      if (existing) return existing.value as T;
      const value = create();
      items.set(name, { value, close: close as (v: unknown) => Promise<void> | void });
      return value;
    },
    async closeAll(onError) {
      const all = [...items];
      items.clear();
      for (const [name, item] of all.reverse()) {
        try {
          await item.close(item.value);
        } catch (err) {
          onError?.(name, err);
        }
      }
    },
  };
}
