/**
 * The agent version each stage records when it succeeds, as the code stands
 * now — what `stellar reprocess --only-changed` compares with the versions
 * recorded on the current stage runs. Stages without a provider (parse, chunk,
 * link_graph) take theirs from the constants below, which their tasks record;
 * the provider-backed stages ask the provider.
 * Owns: the map stage → current version. Must not: hold the version strings of
 * the agents themselves (src/agents/**\/versions.ts, src/agents/ollama).
 */
import type { Provider } from '../agents/types.ts';
import { OllamaProvider } from '../agents/ollama/index.ts';
import { CHUNKING_VERSION, COACHING_VERSION, EMBEDDING_VERSION, GRAPH_VERSION } from '../agents/coaching/versions.ts';
import { EMAIL_VERSION, FACTS_VERSION, SOCIAL_VERSION } from '../agents/builtin/versions.ts';
import type { Stage } from './stages.ts';

/** tasks/parse.ts (the parsers in src/parsing): bump when parsed turns change for the same bytes. */
export const PARSER_VERSION = 'parser/1';
export { CHUNKING_VERSION, GRAPH_VERSION };

export function currentAgentVersions(provider: Provider): Record<Stage, string> {
  const fixed = { parse: PARSER_VERSION, chunk: CHUNKING_VERSION, link_graph: GRAPH_VERSION };
  if (provider instanceof OllamaProvider) {
    return {
      ...fixed,
      structure: provider.agentVersion('facts'),
      embed: provider.agentVersion('embed'),
      draft_email: provider.agentVersion('email'),
      draft_social: provider.agentVersion('social'),
      coach_call: provider.agentVersion('coaching'),
    };
  }
  return {
    ...fixed,
    structure: FACTS_VERSION,
    embed: EMBEDDING_VERSION,
    draft_email: EMAIL_VERSION,
    draft_social: SOCIAL_VERSION,
    coach_call: COACHING_VERSION,
  };
}
