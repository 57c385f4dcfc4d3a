/**
 * Speaker labels → the names people give in the call.
 * Owns: deciding, with evidence, that "SPEAKER 1" is Marisol Vega and that the
 * label "SUNG-MI" is Sung-mi Cho. Must not: decide sides or companies (people.ts).
 *
 * Rules, strongest first; a label keeps its text when no rule is sure:
 *  1. A self-introduction in the label's own turns ("this is Marisol Vega",
 *     "I'm Tobias Grant", "Rafe Okonkwo, procurement lead at …", "Devika here").
 *  2. A first-name label and a full name said anywhere with that first name
 *     ("SUNG-MI" and "Sung-mi Cho") — only when exactly one such full name exists.
 *  3. Generic labels only: how the others address that speaker ("Thanks, Raj"
 *     right after the label's turn; "…, Raj?" right before it; in a two-person
 *     call any vocative of the other person) — only when one name wins clearly.
 * Between them: a new voice right after "I've got Kim with me" or a hand-off ("Kim
 * is going to drive today.") is Kim; a label that changes mid-call ("LOURDES" →
 * "Lourdes Alvarado", "Unknown Speaker" just before a new full-name label) is one person.
 */
import type { Turn } from '../../../parsing/types.ts';
import { COLLEAGUE, INFRA, NOT_NAMES } from './lexicon.ts';
import { displayName } from './text.ts';

/** Labels that carry no name: "Speaker 1", "SPEAKER_02", "Participant 3", "Unknown speaker", "Person A". */
export const GENERIC_LABEL = /^(?:unknown\s+)?(?:speaker|spk|participant|person|voice|caller|guest|attendee|user|unknown|interlocutor)(?:[\s_#-]*(?:\d{1,3}|[a-z]))?$/i;
/**
 * Round 9: labels a meeting app gives a device or a dial-in ("Call-in User 2", "Dial-in 3", "Mirela's iPad", "iPhone",
 * "+1 415 555 0100"): no name the call should show, like "Speaker 2" (a first name in "X's iPad" is only a hint).
 */
export const DEVICE_LABEL = /^(?:(?:call-?in|dial-?in|phone|telephone|audio|pstn|mobile)(?:\s+(?:user|caller|participant|guest|only))?(?:[\s_#-]*\d{1,3})?|(?:[\p{L}-]+'s\s+)?(?:ipad|iphone|android|galaxy(?:\s+\w+)?|pixel(?:\s+\d+)?|phone|laptop|macbook(?:\s+(?:pro|air))?|surface|tablet|pc)(?:\s*\(\d+\))?|\+?\d[\d\s().-]{6,}\d)$/iu;
export const isGenericLabel = (label: string): boolean => GENERIC_LABEL.test(label.trim()) || DEVICE_LABEL.test(label.trim());
/** Labels that name a job, not a person ("RECEPTIONIST", "Host"): a self-introduction in their turns names them (the label is kept too). */
const ROLE_LABEL = /^(?:receptionist|reception|front desk|operator|host|co-?host|moderator|interviewer|agent|rep|sales ?rep|representative|customer|client|prospect|caller|assistant|admin|support|sales)$/i;

/** A single-word label ("RAFE", "Sung-mi"): a first name that a full name may complete. */
const isFirstNameLabel = (label: string): boolean => /^\p{L}[\p{L}'’-]*$/u.test(label.trim()) && !isGenericLabel(label);

// An apostrophe belongs to a name ("O'Neill") unless it starts "'s" ("Bruno Yakubu's with me": is, not the name).
const WORD = "\\p{Lu}(?:[\\p{L}-]|['’](?![sS]\\b))+";
const NAME = `(${WORD}(?:\\s+(?:${WORD}|de|van|von|da|del|la|le|bin|al)){0,3})`;

// Words that are never part of a personal name (titles, greetings, filler) even when capitalised.
const isNameWord = (w: string): boolean => !NOT_NAMES.has(w.replace(/['’]/g, '')) && !INFRA.has(w) && !/^(?:Dr|Mr|Mrs|Ms)$/.test(w);

/** Cuts a captured phrase to the leading run of name words ("Marisol Vega From" → "Marisol Vega"). */
function nameRun(raw: string, common: Set<string>): string | null {
  const words = raw.trim().split(/\s+/);
  const out: string[] = [];
  const properName = (w: string | undefined) => !!w && /^\p{Lu}/u.test(w) && isNameWord(w) && !common.has(w.toLowerCase());
  for (const [i, w] of words.entries()) {
    if (!/^\p{Lu}/u.test(w) && !/^(?:de|van|von|da|del|la|le|bin|al)$/.test(w)) break;
    // A word the call also writes in lower case ("Currently", "Expert") is an ordinary word, not a name — unless a
    // surname follows it: first names are often words too ("Kit Moncrieff", "Rose Abara" beside "a starter kit").
    if (!isNameWord(w) || (common.has(w.toLowerCase()) && !(i === 0 && properName(words[1])))) break;
    out.push(w);
  }
  while (out.length && /^(?:de|van|von|da|del|la|le|bin|al)$/.test(out[out.length - 1]!)) out.pop();
  return out.length ? out.join(' ') : null;
}

/** Self-introductions; each returns the name said. */
const SELF_INTRO: RegExp[] = [
  // "this is Marisol Vega from …", "I'm Tobias Grant, I run …", "my name is …", "it's Dana calling from …"; a discourse word may lead ("So I'm Tomasz, …").
  new RegExp(`(?:^|[.,!?]\\s+|\\b(?:hi|hello|hey|morning|afternoon)[,!]?\\s+|\\b(?:and|so|well|okay|anyway|right|oh)\\s+)(?:this is|I'm|I am|my name is|it's|name's)\\s+${NAME}(?=\\s*(?:[,.;:!?-]|$|\\s+(?:from|with|at|here|over at|calling|and I|I'm|on the|for)\\b))`, 'u'),
  // Turn-initial "Rafe Okonkwo, procurement lead at …" / "Darnell Hughes, director of …" / "Leo Marsh, finance."
  // A single word before a comma is a vocative ("Bertram, look"), so a full name is required here.
  // "Yes, hi Lucia. Hamid Qureshi, facilities director …", "Hi there. Olu Adebayo, I manage the front desks."
  // Any short opener may come first — an answer ("You are.", "I appreciate that, Farid.") or a greeting with a vocative ("Hi Ilse,"),
  // or two short ones (round 11: "Hi, yeah, Cyrus Lund, I run quality here");
  // the title after the comma may be upper-case ("VP of support", "Head of IT") —
  // but a name followed by "our/your/who/is …" is someone else being talked about.
  // Round 13: two openers in a row too ("Hi Tobias. Yes, Renata Lucero, fleet manager …", "You do. Hi Jonah. Wren Takeda, I own …").
  new RegExp(`^(?:(?:hi|hello|hey|thanks|morning|good morning|good afternoon|okay|so|yes|yeah|sure|it is)[^.!?]{0,30}?[.!]\\s+|[^.!?]{1,40}[.!?]\\s+|(?:[^.!?,]{1,24},\\s+){1,2}){0,2}(${WORD}\\s+${WORD}(?:\\s+${WORD})?),\\s+(?!(?:our|my|your|his|her|their|who|you|he|she|they|is|was|has|will|would|can|could|said|says)\\b)(?:I'm\\b|I am\\b|I\\b|the\\b|a\\b|an\\b|from\\b|with\\b|at\\b|here\\b|[a-z]|(?:[A-Z]{2,4}|Head|Director|Chief|Senior|Vice|Manager|Founder|Co-founder)\\b)`, 'u'),
  // Confirming who is on the line: "That's me, Raj Kulkarni.", "Speaking, Raj here."
  new RegExp(`^(?:[Tt]hat's me|[Tt]hat is me|[Ss]peaking|yes,? speaking|yes,? it is|it is),?\\s+${NAME}(?=\\s*[,.;:!?-]|$)`, 'u'),
  // "Okay, so it's me, Ian Whitaker, head of …": the speaker naming themselves as who is on the line.
  new RegExp(`(?:^|[.,!?]\\s+|\\b(?:so|and|okay)\\s+)(?:it's|this is|it is) (?:me|just me),?\\s+${NAME}(?=\\s*[,.;:!?-]|$)`, 'u'),
  // "Devika here." / "Hi, Raj here from …" / (round 13) "It is. Ebba Sorrentino speaking, I'm …"
  new RegExp(`(?:^|[.,!?]\\s+)${NAME}\\s+here\\b(?!\\s+(?:at|in|is|was|we|you)\\b)`, 'u'),
  new RegExp(`(?:^|[.,!?]\\s+)(${WORD}\\s+${WORD})\\s+speaking\\b`, 'u'),
  // Round 13: a full name as the answer to "Is that X?", or after a short opener and before what they do: "You are, Omar
  // Pettigrew.", "Hi, yeah, Tanvi Bhatt. I'm the front desk lead" (a full name: "Yes, Tobias." is a vocative).
  new RegExp(`^(?:[Yy]ou are|[Yy]ou do|[Yy]ou have|[Yy]ou've got (?:me|him|her)|yes|yeah|[Yy]ep|[Cc]orrect|[Tt]hat's right),?\\s+(${WORD}\\s+${WORD})(?=\\s*[.,;!]|$)`, 'u'),
  new RegExp(`^(?:(?:hi|hello|hey|yes|yeah|yep|sure|okay|so|morning)[,!.]?\\s+){1,3}(${WORD}\\s+${WORD})\\.\\s+(?:I'm|I am|I run|I look after|I manage|I head|I lead|I own|I work)\\b`, 'u'),
  // Round 13: a late introduction said as one — "Sorry, I never introduced myself properly, Colm Dalton, I look after …",
  // "let me introduce myself: Ada Brun from …".
  new RegExp(`\\bintroduc(?:e|ed|ing) myself(?:\\s+(?:properly|first|earlier|before|yet))?[,:.]?\\s+(?:I'm\\s+|I am\\s+)?${NAME}(?=\\s*(?:[,.;:!?-]|$|\\s+(?:from|with|at|and|here)\\b))`, 'u'),
];

/** "Of course. Gemma Hollis. My family runs …": a sentence that is only a full name, early in one's own turns, is one's name. */
// ("… over to Ms. Kate Wang." is not a sentence of its own: the period after a title does not end one.)
const BARE_NAME = new RegExp(`(?:^|(?<!\\b(?:Mr|Ms|Mrs|Dr|Prof|St))[.!?]\\s+)(${WORD}\\s+${WORD})[.!](?:\\s|$)`, 'u');

function selfIntroduced(raw: string, common: Set<string>, early = false): string[] {
  const out: string[] = [];
  if (early) {
    const b = BARE_NAME.exec(raw);
    const n = b ? nameRun(b[1]!, common) : null;
    if (n && n.includes(' ')) out.push(n);
  }
  // Greeting and linking words at a sentence start are matched in lower case ("Hi Jordan. Meera Shah, …", "And I'm Tom …").
  const text = raw.replace(/(^|[.!?]\s+)(Hi|Hello|Hey|And|So|Okay|Ok|Well|Yes|Yeah|Sure|It is|It's|This is|My name is|Morning|Thanks|Great|Good morning|Good afternoon)\b/g, (_m, pre: string, w: string) => pre + w.toLowerCase());
  for (const re of SELF_INTRO) {
    const m = re.exec(text);
    if (!m) continue;
    const n = nameRun(m[1]!, common);
    if (n) out.push(n);
  }
  return out;
}

/** Vocatives at the start ("Thanks, Raj.", "Raj, …") and end ("…, Raj?") of a turn. */
function vocatives(text: string, common: Set<string>): { start: string | null; end: string | null; any: string[] } {
  const body = text.replace(/^(?:(?:thanks|thank you|hi|hey|hello|great|perfect|okay|ok|sure|right|yes|so|and|morning|good morning|good afternoon|welcome)[,!]?\s+){0,3}/i, '');
  const start = /^(\p{Lu}[\p{L}'’-]+)[,.!?](?:\s|$)/u.exec(body);
  const end = /,\s+(\p{Lu}[\p{L}'’-]+)[.?!]*$/u.exec(text);
  const any = [...text.matchAll(/(?:^|\b(?:thanks|thank you|hi|hey|hello|bye)[,!]?\s+|[,;]\s+)(\p{Lu}[\p{L}'’-]+)(?=[,.!?]|$)/gu)].map((m) => m[1]!);
  const ok = (n: string | undefined) => (n && isNameWord(n) && !common.has(n.toLowerCase()) ? n : null);
  return { start: ok(start?.[1]), end: ok(end?.[1]), any: any.filter((n) => ok(n)) };
}

/** Label → name, for the labels some rule is sure about. Labels that already are full names are left alone. */
export function nameSpeakers(turns: readonly Turn[]): Map<string, string> {
  const labels = [...new Set(turns.map((t) => t.speaker))];
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const allText = turns.map((t) => t.text).join(' ');
  const common = new Set(allText.match(/(?<![.!?]\s)\b[a-z][a-z'’-]+\b/g) ?? []);
  const claim = (label: string, name: string) => {
    if (out.has(label) || taken.has(name.toLowerCase())) return;
    if (labels.some((l) => l !== label && displayName(l).toLowerCase() === name.toLowerCase())) return;
    out.set(label, name);
    taken.add(name.toLowerCase());
  };

  // 0: "Dr. Amara Osei", "Mr. Luis Ortega": an honorific is not part of the name (the label is kept).
  for (const label of labels) {
    const h = /^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Professor)\.?\s+(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})$/u.exec(label.trim());
    if (h) claim(label, h[1]!);
  }
  // 4 (below): a label that changes mid-call. Where each label first and last speaks, and what generic labels said of themselves.
  const firstTurn = new Map<string, number>();
  const lastTurn = new Map<string, number>();
  turns.forEach((t, i) => {
    if (!firstTurn.has(t.speaker)) firstTurn.set(t.speaker, i);
    lastTurn.set(t.speaker, i);
  });
  const saidBy = new Map<string, string[]>();
  /** The full-name labels that first speak after `label` last did (a label the transcriber may have renamed to). */
  const laterFullLabels = (label: string): string[] =>
    labels.filter((l) => l !== label && !isGenericLabel(l) && displayName(l).includes(' ') && firstTurn.get(l)! > lastTurn.get(label)!);
  /** The one such label whose name (or first name) is `name`. */
  const laterLabel = (label: string, name: string): string | null => {
    const n = name.toLowerCase();
    const hits = laterFullLabels(label).filter((l) => {
      const full = displayName(l).toLowerCase();
      return full === n || full.split(/\s+/)[0] === n.split(/\s+/)[0];
    });
    return hits.length === 1 ? displayName(hits[0]!) : null;
  };

  // 1 and 2: self-introductions, then full names completing a first-name label.
  for (const label of labels) {
    const generic = isGenericLabel(label) || ROLE_LABEL.test(label.trim());
    // A role label ("Marketing", "Operator") is a word the call also uses in lower case: not a first name.
    const first = isFirstNameLabel(label) && !common.has(label.toLowerCase()) ? displayName(label).toLowerCase() : null;
    if (!generic && !first) continue;
    // A bare name counts only in a label's first two turns and not as the answer to a "who …?" question.
    const own = turns.map((t, i) => ({ t, prev: turns[i - 1] })).filter(({ t }) => t.speaker === label).slice(0, 6);
    const said = own.flatMap(({ t, prev }, k) => selfIntroduced(t.text, common, k < 2 && !(prev && /\bwho\b[^.!?]*\?\s*$/i.test(prev.text))));
    // A generic label takes the first name said; a first-name label only a longer name that starts with it.
    const pick = generic ? said[0] : said.find((n) => n.split(/\s+/).length > 1 && n.split(/\s+/)[0]!.toLowerCase() === first);
    if (generic) saidBy.set(label, said);
    if (pick) claim(label, pick);
  }
  // Round 9: a device label with its owner's name ("Wren's iPad") names that first name, as "Sorry, it's Wren" would.
  for (const label of labels) {
    const owner = /^(\p{Lu}[\p{Ll}-]+)'s\s/u.exec(label.trim());
    if (owner && !out.has(label) && DEVICE_LABEL.test(label.trim())) claim(label, owner[1]!);
  }
  for (const label of labels) {
    if (out.has(label) || !isFirstNameLabel(label) || common.has(label.toLowerCase())) continue;
    const first = displayName(label);
    const re = new RegExp(`\\b${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(${WORD})\\b`, 'giu');
    const fulls = new Set<string>();
    for (const m of allText.matchAll(re)) if (/^\p{Lu}/u.test(m[0]) && isNameWord(m[1]!) && !common.has(m[1]!.toLowerCase())) fulls.add(`${first} ${m[1]}`);
    if (fulls.size === 1) claim(label, [...fulls][0]!);
  }

  // 1b: "Is this Annika?" / "Am I speaking with Raj?" answered "It is." / "That's me": the answerer is that person.
  // 1c: "I've got Dominika Wolak, our dispatch lead, with me." — and the next new voice says hello: that voice is Dominika.
  const spokenBefore = new Set<string>();
  turns.forEach((t, i) => {
    spokenBefore.add(t.speaker);
    const next = turns[i + 1];
    if (!next || next.speaker === t.speaker || !isGenericLabel(next.speaker) || out.has(next.speaker)) return;
    const ask = new RegExp(`\\b(?:[Ii]s this|[Ii]s that|[Aa]m I speaking (?:with|to)|[Aa]re you|[Dd]o I have)\\s+${NAME}\\s*\\?\\s*$`, 'u').exec(t.text);
    // The answer may also be "You are." / "You got him." / "You do." (to "Am I speaking with …?", "Do I have …?").
    if (ask && /^(?:yes|yeah|yep|it is|this is (?:she|he|me)|that's me|that is me|speaking|correct|you are|you got (?:him|her|me|it)|you've got (?:him|her|me)|you do|you have)\b/i.test(next.text.trim())) {
      const n = nameRun(ask[1]!, common);
      if (n) claim(next.speaker, n);
      return;
    }
    // Case of the first letter is free: "With me is …" opens a sentence as often as it follows one; "I've also got …" too.
    const intro = new RegExp(`\\b(?:I've (?:also )?got|I (?:also )?have|I (?:also )?brought|[Jj]oining (?:me|us)(?: today)? (?:is|are)|[Ww]ith me (?:today )?is|I'm joined by)\\s+${COLLEAGUE}(${WORD}(?:\\s+${WORD})?)`, 'u').exec(t.text);
    if (intro && !spokenBefore.has(next.speaker) && next.text.split(/\s+/).length <= 12) {
      const n = nameRun(intro[1]!, common);
      if (n) claim(next.speaker, n);
      return;
    }
    // Round 13, 1d: a hand-off — "Wen is going to drive today.", "Ola will walk you through it." — and a new voice
    // takes over at once: that voice is the one handed to.
    const handOff = new RegExp(`(?:^|[.!?]\\s+|\\b(?:so|and|now|okay)\\s+)(${WORD})\\s+(?:is going to|will|is gonna|'s going to)\\s+(?:drive|walk (?:you|us|everyone) through|take (?:you|us|it) (?:through|from here)|show (?:you|us)|run the demo|demo|present|share (?:his|her|their) screen)\\b[^.!?]*[.!]?\\s*$`, 'u').exec(t.text);
    if (handOff && !spokenBefore.has(next.speaker)) {
      const n = nameRun(handOff[1]!, common);
      if (n && !/^(?:I|We|You|He|She|They|It|This|That)$/.test(n)) claim(next.speaker, n);
    }
  });

  // 4a: "LOURDES:" for the first turns, "Lourdes Alvarado:" from then on (the transcriber learnt the surname): one person.
  for (const label of labels) {
    if (out.has(label) || !isFirstNameLabel(label)) continue;
    const later = laterLabel(label, displayName(label));
    if (later) out.set(label, later);
  }

  // 4d (round 13): "Unknown Speaker", the transcriber's placeholder for a voice it could not name yet, whose turns all
  // come just before one full-name label first speaks (within three turns): the transcriber learnt the name.
  for (const label of labels) {
    if (out.has(label) || !/^unknown(?:\s+speaker)?$/i.test(label.trim())) continue;
    const next = laterFullLabels(label).filter((l) => firstTurn.get(l)! - lastTurn.get(label)! <= 3);
    if (next.length === 1) out.set(label, displayName(next[0]!));
  }

  // 4c: a generic label already known by a first name only ("Sorry, it's Lourdes.") whose full-name label speaks later.
  const finish = () => {
    for (const [label, name] of out) {
      if (!isGenericLabel(label) || name.includes(' ')) continue;
      const later = laterLabel(label, name);
      if (later) out.set(label, later);
    }
    return completeFirstNames(out, labels, allText, common);
  };

  // 3: generic labels by how the others address them.
  const generic = labels.filter((l) => isGenericLabel(l) && !out.has(l));
  if (!generic.length) return finish();
  const votes = new Map<string, Map<string, number>>();
  const vote = (label: string, name: string | null) => {
    if (!name || !isGenericLabel(label)) return;
    const m = votes.get(label) ?? new Map<string, number>();
    m.set(name, (m.get(name) ?? 0) + 1);
    votes.set(label, m);
  };
  const two = labels.length === 2;
  const answeredAs = new Map<string, string[]>();
  turns.forEach((t, i) => {
    const v = vocatives(t.text, common);
    const prev = turns[i - 1];
    const next = turns[i + 1];
    if (two) {
      const other = labels.find((l) => l !== t.speaker)!;
      for (const n of new Set([v.start, v.end, ...v.any].filter(Boolean) as string[])) vote(other, n);
      return;
    }
    if (v.start && prev && prev.speaker !== t.speaker) vote(prev.speaker, v.start);
    // "We can hear you, Mina." answering a generic voice: evidence for 4b only (it must also match a later label).
    if (v.end && prev && prev.speaker !== t.speaker && isGenericLabel(prev.speaker)) answeredAs.set(prev.speaker, [...(answeredAs.get(prev.speaker) ?? []), v.end]);
    if (v.end && next && next.speaker !== t.speaker && /\?\s*$/.test(t.text)) vote(next.speaker, v.end);
    // "Okay. Felix, what do you think?": a question opened with a name is answered by that person.
    const asked = new RegExp(`(?:^|[.!?]\\s+)(${WORD}),\\s+[^.!?]*\\?\\s*$`, 'u').exec(t.text);
    if (asked && next && next.speaker !== t.speaker) vote(next.speaker, vocatives(`${asked[1]}.`, common).start);
    // "Welcome, Felix." / "Hi Felix" right after a voice's first turn greets that new voice.
    const greet = new RegExp(`\\b(?:[Ww]elcome|[Hh]i|[Hh]ello|[Hh]ey|[Mm]orning)[,!]?\\s+(${WORD})(?=[,.!?]|$)`, 'u').exec(t.text);
    // Only a short first turn is a new voice arriving ("Sorry, just got in."); a long one is someone already running the call.
    if (greet && prev && prev.speaker !== t.speaker && turns.findIndex((x) => x.speaker === prev.speaker) === i - 1 && prev.text.split(/\s+/).length <= 15) vote(prev.speaker, vocatives(`${greet[1]}.`, common).start);
  });
  for (const label of generic) {
    const m = votes.get(label);
    if (!m) continue;
    const ranked = [...m.entries()].filter(([n]) => !taken.has(n.toLowerCase())).sort((a, b) => b[1] - a[1]);
    const [best, second] = ranked;
    // Confidence: two addresses at least, and clearly more than any other name.
    if (best && best[1] >= 2 && (!second || best[1] >= 2 * second[1])) claim(label, best[0]);
  }
  // 4b: "Unknown Speaker" for the first turns, then a named label that had not spoken: the same person when the
  // generic voice is named as that person — by itself ("Rupert Dashwood. Can you hear me?") or by the others
  // ("We can hear you, Gianna.", one address is enough here: the name must also match the label that follows).
  for (const label of generic) {
    if (out.has(label)) continue;
    const named = new Set([...(saidBy.get(label) ?? []), ...(votes.get(label)?.keys() ?? []), ...(answeredAs.get(label) ?? [])].map((n) => laterLabel(label, n)).filter((n): n is string => n !== null));
    if (named.size === 1) out.set(label, [...named][0]!);
  }
  return finish();
}

/** A generic label known only by a first name ("Hamid") takes the one full name the call gives that first name ("Hamid Qureshi"). */
function completeFirstNames(out: Map<string, string>, labels: string[], allText: string, common: Set<string>): Map<string, string> {
  const taken = new Set([...out.values()].map((n) => n.toLowerCase()));
  for (const [label, name] of out) {
    if (!isGenericLabel(label) || name.includes(' ')) continue;
    const re = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(${WORD})\\b`, 'gu');
    const fulls = new Set<string>();
    for (const m of allText.matchAll(re)) if (isNameWord(m[1]!) && !common.has(m[1]!.toLowerCase())) fulls.add(`${name} ${m[1]}`);
    const full = [...fulls][0];
    if (fulls.size === 1 && !taken.has(full!.toLowerCase()) && !labels.some((l) => displayName(l).toLowerCase() === full!.toLowerCase())) out.set(label, full!);
  }
  return out;
}
