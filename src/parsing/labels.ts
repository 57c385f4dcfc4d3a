/**
 * Speaker-label recognition for "Name: text" lines (plain text, VTT and SRT cues).
 * Owns: what counts as a speaker label. Must not: split files into lines or cues.
 *
 * The hard case is prose that happens to contain a colon: "Two things: late fees…"
 * or "Next steps: …" is the previous speaker still talking. A label is accepted when
 *  - it is "Speaker 1"-style, or 1–4 capitalised name words (particles like "de",
 *    "van" allowed inside, a trailing number allowed: "Agent 2"), and
 *  - none of its words is a common heading/sentence word (so a name used once, as in a
 *    one-turn voicemail, is enough), or it is used as a label at least twice and does
 *    not START with such a word ("Pat Price" is a person; "Note", "Next Steps",
 *    "Three Things" are not, however often they open a line).
 */

const NAME_WORD = /^\p{Lu}[\p{L}\p{M}\p{N}'’.\-]*$/u;
const PARTICLE = /^(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|al|el|y|dos|das|ter|ten|zu|af)$/;
const NUMBERED = /^(?:speaker|spk|participant|guest|caller|agent|customer|interviewer|interviewee)\s*#?\s*\w{1,3}$/i;

/** Words that start headings or sentences much more often than they name a person. */
const STOP_WORDS = new Set(
  (
    'one two three four five six seven eight nine ten first second third fourth last next step steps phase ' +
    'option options note notes summary agenda subject date time title meeting call attendees participants ' +
    'location re ps p.s. question questions answer example update action actions items item pricing price ' +
    'budget timeline bottom line point points reason reasons problem problems issue issues goal goals result ' +
    'results total recap important warning caveat translation transcript recording duration topic topics ' +
    'also plus key takeaway takeaways quick background here that this the and but so well okay ok yes no look ' +
    'honestly basically anyway remember rule rules tip tips fact facts bonus reminder fyi eta edit source ' +
    'http https www mailto tel phone email fax ref case part chapter section q&a faq'
  ).split(' '),
);

/** Split a line into a candidate label and the rest, or null when no colon could end a label. */
export function splitLabel(line: string): { label: string; rest: string } | null {
  // indexOf rather than a regex: a backtracking pattern goes quadratic on long blank lines.
  const s = line.replace(/^[ \t]+/, '');
  const colon = s.indexOf(':');
  if (colon < 1 || colon > 62) return null;
  const after = s.charAt(colon + 1);
  if (after !== '' && after !== ' ' && after !== '\t') return null; // "10:30", "https://"
  const label = s.slice(0, colon).trim().replace(/\s+/g, ' ');
  if (!label || label.length > 60 || label.includes('\n')) return null;
  return { label, rest: s.slice(colon + 1).replace(/^[ \t]+/, '') };
}

/** The shape test alone: does this look like a person or role name? */
export function isNameLike(label: string): boolean {
  if (!label || label.length > 60) return false;
  if (NUMBERED.test(label)) return true;
  const words = label.split(' ');
  if (words.length > 4) return false;
  const last = words.length - 1;
  return words.every((w, i) => {
    if (NAME_WORD.test(w)) return true;
    if (i > 0 && i < last && PARTICLE.test(w)) return true;
    return i === last && i > 0 && /^\d{1,3}$/.test(w); // "Agent 2"
  });
}

const isStopWord = (w: string) => STOP_WORDS.has(w.toLowerCase().replace(/[.,]+$/, ''));

/**
 * Decides labels for one file. Construct it with every candidate label the file
 * uses (in label position), then ask accepts() per line.
 */
export class LabelJudge {
  private readonly counts = new Map<string, number>();

  constructor(candidates: Iterable<string>) {
    for (const c of candidates) if (isNameLike(c)) this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
  }

  accepts(label: string): boolean {
    const n = this.counts.get(label) ?? 0;
    if (n === 0) return false;
    if (NUMBERED.test(label)) return true;
    const words = label.split(' ');
    if (!words.some(isStopWord)) return true;
    return n >= 2 && !isStopWord(words[0]);
  }

  /** The label and text of a line when it starts with an accepted label. */
  match(line: string): { speaker: string; text: string } | null {
    const s = splitLabel(line);
    return s && this.accepts(s.label) ? { speaker: s.label, text: s.rest } : null;
  }
}

/** Convenience: build a judge from the lines that may carry labels. */
export function judgeFor(lines: Iterable<string>): LabelJudge {
  const labels: string[] = [];
  for (const line of lines) {
    const s = splitLabel(line);
    if (s) labels.push(s.label);
  }
  return new LabelJudge(labels);
}
