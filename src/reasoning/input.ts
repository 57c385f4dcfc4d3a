/**
 * What a question may carry, checked before the engine (and LangGraph) is
 * loaded: the thread id's shape and the error for bad input.
 * Owns: THREAD_ID and AskInputError. Must not: import the engine.
 */
export const THREAD_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class AskInputError extends Error {
  override readonly name = 'AskInputError';
  constructor(message: string, readonly field: string) {
    super(message);
  }
}
