/**
 * Transcript markup that is not speech: `{vocalsound}`, `[inaudible]`, `<laugh>`,
 * `(crosstalk)`. Owns: removing it from turn text before any agent reads or
 * quotes it. Must not: change words people said (a transcriber's "<affirmative>"
 * style word tags other than non-speech events are kept).
 */
import type { Turn } from '../../../parsing/types.ts';

/** Non-speech events transcribers write in brackets of any kind. */
const EVENTS =
  'vocalsound|disfmarker|nonvocalsound|gap|inaudible|unintelligible|indiscernible|crosstalk|cross-talk|laugh|laughs|laughter|laughing|chuckle|chuckles|cough|coughs|coughing|sigh|sighs|breath|breathing|noise|background noise|silence|pause|music|applause|sound|static|beep|unk|unclear|overlapping|overtalk|foreign|no audio|audio cuts out|phone rings';
// {anything}: brace tags never carry speech ("{vocalsound}", "{disfmarker}").
const BRACES = /\{[^{}\n]{1,40}\}/g;
// [inaudible], [laughs], [crosstalk 00:01:02], [00:01:02]: bracketed lower-case notes and time stamps.
const SQUARE = new RegExp(`\\[(?:(?:${EVENTS})(?:[\\s:,-]+[^\\]\\n]{0,30})?|\\d{1,2}(?::\\d{2}){1,2}(?:[.,]\\d+)?)\\]`, 'gi');
// <laugh>, (inaudible), (laughs): only the known non-speech events.
const ANGLE_OR_PAREN = new RegExp(`<\\/?(?:${EVENTS})\\/?>|\\((?:${EVENTS})(?:[\\s:,-]+[^)\\n]{0,30})?\\)`, 'gi');

export function stripMarkup(text: string): string {
  return text
    .replace(BRACES, ' ')
    .replace(SQUARE, ' ')
    .replace(ANGLE_OR_PAREN, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Turns with markup removed; turns left empty (only markup) are dropped. */
export function stripTurnsMarkup(turns: readonly Turn[]): Turn[] {
  const out: Turn[] = [];
  for (const t of turns) {
    const text = stripMarkup(t.text);
    if (text) out.push({ ...t, text });
  }
  return out;
}
