/**
 * Provider selection. Owns: mapping STELLAR_PROVIDER to a Provider instance.
 * Must not: hold agent logic (src/agents/builtin, src/agents/ollama) or open
 * connections itself (the Ollama client connects lazily per call).
 */
import type { Config } from '../config/index.ts';
import { BuiltinProvider } from './builtin/index.ts';
import { OllamaProvider } from './ollama/index.ts';
import type { Provider } from './types.ts';

export { BuiltinProvider } from './builtin/index.ts';
export type { Provider } from './types.ts';

export function createProvider(config: Config): Provider {
  switch (config.STELLAR_PROVIDER) {
    case 'builtin':
      return new BuiltinProvider();
    case 'ollama':
      return new OllamaProvider(config);
    default: {
      const never: never = config.STELLAR_PROVIDER;
      throw new Error(`unknown STELLAR_PROVIDER: ${String(never)}`);
    }
  }
}
