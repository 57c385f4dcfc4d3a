/**
 * Speaker-label recognition for "Name: text" lines (plain text, VTT and SRT cues).
 * Owns: what counts as a speaker label. Must not: split files into lines or cues.
 *
 * The hard case is prose that happens to contain a colon: "Two things: late fees…"
 * or "Next steps: …" is the previous speaker still talking. A label is accepted when
 *  - it is "Speaker 1"-style, or 1–4 capitalised name words (particles like "de",
 *    "van" allowed inside, a trailing number allowed: "Agent 2"), and
 *  - it is used as a label at least twice in the file, or none of its words is a
 *    common heading/sentence word (one-turn voicemails have a real name used once).
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
  // Bounded label length keeps this linear on pathological input.
  const m = /^[ \t]*([^:\n]{1,60}?)[ \t]*:(?:[ \t]+|$)([\s\S]*)$/.exec(line);
  if (!m) return null;
  return { label: m[1].trim().replace(/\s+/g, ' '), rest: m[2] };
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

function hasStopWord(label: string): boolean {
  return label.split(' ').some((w) => STOP_WORDS.has(w.toLowerCase().replace(/[.,]+$/, '')));
}

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
    return n >= 2 || NUMBERED.test(label) || !hasStopWord(label);
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
