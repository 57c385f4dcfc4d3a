/**
 * Numbered citations for an answer: each claim gets "[n]" markers that point
 * into the answer's citations list, in order of first use.
 */
import type { Citation } from '../../types.ts';

export class CitationBook {
  readonly list: Citation[] = [];
  private readonly index = new Map<string, number>();

  /** "[n]" for one citation (the same turn of the same call gets the same n). */
  ref(c: Citation | null | undefined): string {
    if (!c) return '';
    const key = `${c.transcriptId}|${c.turnFrom}|${c.turnTo}`;
    let n = this.index.get(key);
    if (n === undefined) {
      this.list.push(c);
      n = this.list.length;
      this.index.set(key, n);
    }
    return `[${n}]`;
  }

  refs(cs: readonly (Citation | null | undefined)[], max = 4): string {
    return [...new Set(cs.slice(0, max).map((c) => this.ref(c)).filter(Boolean))].join('');
  }
}
