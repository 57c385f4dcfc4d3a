/**
 * Every run of capitalised words in a call that could name an organisation, and what surrounds each mention —
 * the broad candidate finder for the learned buyer chooser (buyerFeatures.ts).
 *
 * Owns: cutting sentences into capitalised runs ("Harrow Dental", "Tamsin Foods Ltd", "Ochre & Finch"), dropping
 * runs that are function or calendar words, and describing each mention's context
 * (the word before, what follows, who said it, whether it opens a turn); the same runs of a text that is not a turn
 * (a meeting title). Must not: decide what is a company or
 * the buyer (the fitted model weighs these descriptions), or read truth.
 *
 * Why: the evidence rules (people.ts, companies.ts) only see names in the phrasings their authors read; on calls
 * nobody tuned for, the true buyer was not among their candidates in 7–10 of 20. Every capitalised run is.
 */
import { INFRA, MONTH_NAMES, NOT_NAMES, ROLE_ACRONYMS } from './lexicon.ts';
import { sentencesOf, type Sentence } from './text.ts';

export interface OrgMention {
  org: string;
  sentence: Sentence;
  /** The lower-cased word before the run ('' at the start of the sentence). */
  before: string;
  /** The text after the run, lower-cased, up to 30 characters. */
  after: string;
  /** The run starts its sentence (its capital may be the sentence's, not a name's). */
  initial: boolean;
  /** The sentence is the first of its turn. */
  turnStart: boolean;
  /** The run ends in "'s" ("Corbel's finance team"). */
  possessive: boolean;
}

const TOKEN = /[\p{L}\d][\p{L}\d&'’.-]*|&/gu;
/** Joins two capitalised words inside a name ("Ochre & Finch", "Bank of Tarrow"). */
const JOINERS = new Set(['&', 'of']);
const isCap = (t: string) => /^\p{Lu}/u.test(t) || (/^\d/.test(t) && /\p{L}/u.test(t));
const bare = (t: string) => t.replace(/['’]s$/u, '').replace(/[.'’-]+$/u, '');
/** A word that is never the start of a name: "I've", "We're" (contractions), "Eighty-five", "Tuesday-Wednesday", "CIO". */
const NUMBER_WORD = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)$/i;
/** Function words NOT_NAMES leaves out because they never open a name-like run mid-sentence. */
const LEADING = new Set(['As', 'Like', 'Unlike', 'Than', 'Whether', 'Hey', 'Dear', 'Re', 'Regarding', 'Including']);
const notNameStart = (w: string) => {
  if (LEADING.has(w)) return true;
  const head = w.split(/['’-]/)[0]!;
  return NOT_NAMES.has(head) || NOT_NAMES.has(w) || MONTH_NAMES.has(head.toLowerCase()) || NUMBER_WORD.test(head) || ROLE_ACRONYMS.has(w) || JOINERS.has(w) || /['’](?:ve|re|ll|m|d)$/iu.test(w);
};

/** The capitalised runs of each sentence with their context; callers drop the runs that are people by their own test. */
export function orgMentions(sentences: readonly Sentence[]): OrgMention[] {
  const out: OrgMention[] = [];
  for (const s of sentences) {
    const toks = [...s.norm.matchAll(TOKEN)].map((m) => ({ t: m[0], at: m.index! }));
    const turnStart = s.index === 0 || sentences[s.index - 1]?.turnIndex !== s.turnIndex;
    let i = 0;
    while (i < toks.length) {
      if (!isCap(toks[i]!.t)) {
        i++;
        continue;
      }
      let j = i;
      // Extend over capitalised words and joiners followed by one; a possessive ends the run.
      // Only spaces may stand between the words of one name ("Koji Tanabe, I run" is a name and a pronoun).
      const spaced = (a: number) => /^ +$/.test(s.norm.slice(toks[a]!.at + toks[a]!.t.length, toks[a + 1]!.at));
      // A word with a full stop ends its run ("Gannet Brewing Co. Nadia here").
      while (j + 1 < toks.length && spaced(j) && !toks[j]!.t.endsWith('.') && !/['’]s$/u.test(toks[j]!.t) && (isCap(toks[j + 1]!.t) || (JOINERS.has(toks[j + 1]!.t) && j + 2 < toks.length && spaced(j + 1) && isCap(toks[j + 2]!.t)))) j++;
      let words = toks.slice(i, j + 1).map((x) => bare(x.t));
      let first = i;
      // Leading function and calendar words are not part of a name ("So Harrow", "Thanks Corbel").
      while (words.length && notNameStart(words[0]!)) {
        words = words.slice(1);
        first++;
      }
      // A trailing joiner, function word or letter is not part of a name ("Marlow Honestly", "forty K").
      const edge = (w: string) => JOINERS.has(w) || NOT_NAMES.has(w) || w.length === 1;
      while (words.length && edge(words[words.length - 1]!)) words = words.slice(0, -1);
      while (words.length && words[0]!.length === 1) {
        words = words.slice(1);
        first++;
      }
      const org = words.join(' ');
      const end = toks[j]!.at + toks[j]!.t.length;
      i = j + 1;
      if (org.replace(/[^\p{L}]/gu, '').length < 3 || words.every((w) => NOT_NAMES.has(w) || INFRA.has(w))) continue;
      out.push({
        org,
        sentence: s,
        before: first > 0 ? toks[first - 1]!.t.toLowerCase() : '',
        after: s.norm.slice(end, end + 30).toLowerCase(),
        initial: first === 0,
        turnStart,
        possessive: /['’]s$/u.test(toks[j]!.t),
      });
    }
  }
  return out;
}

/** The capitalised runs of a text that is not a turn (a meeting title: "Lintel demo for Brisco Land Trust"). */
export function orgRunsOf(text: string): string[] {
  return orgMentions(sentencesOf([{ speaker: '', startMs: null, endMs: null, text }])).map((m) => m.org);
}
