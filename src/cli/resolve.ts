/**
 * Ids typed on the command line: a full UUID or a unique prefix of at least 4
 * hex characters (the tables show 8). No match, an ambiguous prefix (with the
 * candidates listed) and a malformed id are one clear error each (issue 13).
 * Owns: that wording. Must not: hold SQL (src/db/queries/idPrefix.ts does).
 */
import type { App } from '../app.ts';
import { resolveIdPrefix, type IdKind } from '../db/queries/idPrefix.ts';

export async function resolveId(app: App, kind: IdKind, input: string): Promise<string> {
  const m = await resolveIdPrefix(app.handle.db, kind, input);
  switch (m.kind) {
    case 'one':
      return m.id;
    case 'invalid':
      throw new Error(`not a ${kind} id: ${input} (give the full id or its first 4 or more hex characters)`);
    case 'none':
      throw new Error(`no ${kind} id starts with ${input}`);
    case 'many':
      throw new Error(
        `${input} is the start of more than one ${kind} id; give more characters:\n` +
          m.candidates.map((c) => `  ${c.id}  ${c.label}`).join('\n') +
          (m.more ? '\n  … and more' : ''),
      );
  }
}
