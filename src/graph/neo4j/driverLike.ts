/**
 * The part of a neo4j-driver Driver the mirror uses (lets tests pass a
 * recording fake; src/worker/runtime.ts's default connector makes the real one).
 * Declared in src/pipeline/runtime.ts (the runtime's connectors name it; the
 * pipeline layer may not import from here).
 * Owns: nothing but the name. Must not: hold code.
 */
export type { Neo4jDriverLike as DriverLike } from '../../pipeline/runtime.ts';
