/**
 * Next steps: commitments with an owner, an action and (where said) a due date.
 *
 * A clause is a commitment when it has a subject and an action verb:
 *   "I'll send a recap ... by this Friday, October ninth"      owner = speaker
 *   "Ben, you'll send me the counts ... by Monday the twelfth" owner = Ben (vocative)
 *   "You take both to the board on November tenth"             owner = the addressee
 *   "Theo sends you the architecture document by Friday"       owner = Theo
 *   "Lauren, the RCA by Thursday" (a recap)                    owner = Lauren
 *   "Could you introduce me to Gordon by Monday?" + "Yes, ..." owner = the one who said yes
 * Delivery verbs (send, share, schedule, introduce, sign ...) count without a
 * date; general verbs (do, run, take, hold ...) only with one. Conditionals
 * ("if we sign by Friday, I can do twelve percent") and open questions are not
 * commitments. Repeats (a recap restating an earlier step) merge into one step.
 */
import type { ResolvedHit, Reference } from './dates.ts';
import type { Side } from './people.ts';
import { escapeRe, type Sentence } from './text.ts';

export interface FoundStep {
  owner: string | null;
  action: string;
  dueDate: string | null;
  dueText: string | null;
  sentenceIndex: number;
  /** Words of the action for de-duplication. */
  key: Set<string>;
  /** For a request taken up: the sentence that said yes. */
  replyIndex?: number;
}

const STRONG = [
  'send', 'resend', 'share', 'forward', 'email', 'e-mail', 'schedule', 'set up', 'setup', 'arrange', 'organize', 'organise', 'introduce', 'book',
  'confirm', 'raise', 'return', 'deliver', 'provide', 'submit', 'follow up', 'circle back', 'invite', 'add', 'prepare', 'draft', 'sign',
  'countersign', 'kick off', 'put together', 'reach out', 'get back', 'loop in', 'write up', 'see if', 'set',
  // Work people promise in calls beyond paperwork: filing, fixing, shipping, chasing, moving a meeting.
  'put', 'let you know', 'file', 'deploy', 'ship', 'fix', 'patch', 'chase', 'move', 'pick', 'write', 'upload', 'publish', 're-enter', 'check in', 'escalate', 'map', 'order',
  // Holding a slot or returning with a deliverable: "pencil in a kickoff", "come back with a revised quote".
  'pencil in', 'come back with',
];
const WEAK = [
  'hold', 'review', 'finish', 'run', 'take', 'bring', 'check', 'ask', 'talk', 'call', 'show', 'walk', 'test', 'start', 'make', 'have', 'get',
  'do', 'look into', 'update', 'build', 'come back', 'meet', 'present', 'demo', 'aim', 'target', 'try',
  // Gathering material for the other side counts only with a date: "I'll pull the numbers … Give me until Thursday."
  'pull', 'dig out', 'gather', 'compile',
];
const third = (v: string): string => {
  const [head, ...rest] = v.split(' ');
  const h = head!;
  const t = /(?:s|sh|ch|x|z|o)$/.test(h) ? h + 'es' : /[^aeiou]y$/.test(h) ? h.slice(0, -1) + 'ies' : h === 'have' ? 'has' : h + 's';
  return [t, ...rest].join(' ');
};
const ing = (v: string): string => {
  const [head, ...rest] = v.split(' ');
  const h = head!;
  const g = /ie$/.test(h) ? h.slice(0, -2) + 'ying' : /[^aeiou]e$/.test(h) && h !== 'be' ? h.slice(0, -1) + 'ing' : /^(?:set|get|put|run|plan|kick)$/.test(h) ? (h === 'kick' ? 'kicking' : h + h.slice(-1) + 'ing') : h + 'ing';
  return [g, ...rest].join(' ');
};
const ALL = [...STRONG, ...WEAK].sort((a, b) => b.length - a.length);
/** "get Priyanka a sample file", "get you in front of our GM", "ask our product team whether …", "talk to our bookkeeper about …": a delivery or a follow-up with someone, strong without a verb from the lists. */
/** An arrangement of something just mentioned: "set that up", "set that visit up", "book it", "arrange that". */
const SET_THAT_UP = /^(?:set|book|arrange|organi[sz]e|schedule|line)\s+(?:that|it|this|those|them)(?:\s+[a-z-]+)?(?:\s+up)?[.!]?$/i;
const SAME_SEND = /\b(?:in|with) the same (?:email|e-mail|message|send|package|pack)\b|\bin that (?:same )?(?:email|e-mail)\b/;
/** Verbs that make "let me …" a promise without a date (a delivery after the call). */
const LET_ME_PROMISE = /^(?:send|resend|forward|email|e-mail|schedule|book|set up|put together|draft|prepare|write up|follow up|get back|circle back|loop in)$/i;
const APPROVER_BODY = /\b(?:board|committee|council|leadership|governors|trustees|partners|owners)\b/;
/** "When does the board meet?" — "Thursday, June tenth.": the approving body's meeting day, said just before. */
function approverMeeting(ctx: StepContext, s: Sentence): ResolvedHit | undefined {
  const meets = (y: Sentence | undefined) => !!y && /\b(?:meets?|meeting|sits?|convenes?)\b/.test(y.lower);
  const bodyNear = (k: number) => [0, 1, 2, 3].some((d) => APPROVER_BODY.test(ctx.sentences[k - d]?.lower ?? ''));
  // The meeting said before (or asked about and answered), then "if they approve on the tenth" right after.
  for (let k = s.index; k >= 0 && k >= s.index - 6; k--) {
    const x = ctx.sentences[k]!;
    const asked = ctx.sentences[k - 1];
    if (!(meets(x) || (meets(asked) && asked!.isQuestion)) || !bodyNear(k)) continue;
    const h = (ctx.dates.get(x.index) ?? []).find((d) => d.kind !== 'vague' && d.date);
    if (h) return h;
  }
  const after = ctx.sentences[s.index + 1];
  if (after && after.speaker === s.speaker && /\b(?:approve|sign(?:s|ed)? off|meet)\b/.test(after.lower)) return (ctx.dates.get(after.index) ?? []).find((d) => d.kind !== 'vague' && d.date && /\b(?:approve|meet)\w*\b[^,.]{0,20}$/.test(after.lower.slice(0, d.start)));
  return undefined;
}
const STRONG_PHRASE = /^(?:get|gets)\s+(?:you|him|her|them|us|\p{Lu}\p{L}+)\s+(?:a|an|the|some|our|my|their|his|her|your|in front of|on a call|introduced|connected|time with)\b|^(?:ask|asks|talk|talks|speak|speaks|check|checks)\s+(?:to\s+|with\s+)?(?:our|my|the|their|your|\p{Lu}\p{L}+)\b[^,.;]{0,40}?\b(?:whether|if|about|for|to)\b/u;
const STRONG_TAIL = /\band (?:then )?(?:get back to|follow up with|circle back|let you know|send|share|forward|email|confirm|introduce|schedule|set up|book|reach out|loop in)\b/i;
/** Past forms used in offers ("would it help if I sent …"). */
const PAST_TO_BASE: Record<string, string> = { sent: 'send', shared: 'share', scheduled: 'schedule', forwarded: 'forward', emailed: 'email', drafted: 'draft', prepared: 'prepare', 'put together': 'put together', 'set up': 'set up', 'wrote up': 'write up', pulled: 'pull' };
/** Every verb a next step can start with (base form). */
export const STEP_VERBS: readonly string[] = ALL;
const VERB_BASE = ALL.map(escapeRe).join('|');
const VERB_3S = ALL.map((v) => escapeRe(third(v))).join('|');
const VERB_ING = ALL.map((v) => escapeRe(ing(v))).join('|');
const isStrong = (verb: string): boolean => {
  const v = verb.toLowerCase();
  return STRONG.some((s) => v === s || v === third(s) || v === ing(s));
};

const MODAL = "(?:'ll|\\s+will|\\s+can|'d|\\s+would|\\s+shall|'m going to|\\s+am going to|'re going to|\\s+are going to|\\s+need to|\\s+should|\\s+would like to|'d like to|\\s+want to|\\s+plan to|\\s+to)";
/** Leading words of a recap item: "One,", "And", "So", "Then", "Also". */
// Also lead-in adverbials before a promise: "In the meantime I'll …", "Realistically I'll …", "On our end, we'll …".
const LEAD = "(?:(?:and|so|then|also|okay|ok|great|perfect|one|two|three|four|five|six|first|second|third|fourth|next|finally|plus|lastly|meanwhile|after that|from my side|on my side|from our side|in the meantime|in parallel|for my part|on my end|on our end|on our side|from my end|realistically|honestly|hopefully|actually|anyway|alright|all right|right|sure|yes|yeah|good|fine|cool|today|tomorrow|this week|first thing tomorrow|(?:right )?after (?:this|the) call),?\\s+)*";
const NAME = "(\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?)";

/** Past or hypothetical framing that makes a clause not a commitment. */
const NOT_COMMITMENT = /\b(?:if|unless|when you|once you|whether|would have|could have|should have|used to|last time|did you|have you|we've already|already sent|i sent|you sent)\b/;
// Also what is asked for now, in the call itself: "walk me through how booking works", "tell me about …".
const NON_STEP_OBJECTS = /^(?:share my screen|show you|walk you through|walk me through|walk (?:us |them |everyone )?through|talk me through|take me through|tell me|remind me|explain|take it|take that|make sure we|be honest|have to|get into|go deep|do that for|get there)/i;

export interface StepContext {
  sentences: Sentence[];
  sideOf: Map<string, Side>;
  ref: Reference;
  resolveName: (n: string) => string | null;
  /** Participant names usable as subjects (first names and full names). */
  knownNames: string[];
  /** The buyer who signs, when the call says so. */
  signer: string | null;
  /** Dates of every sentence, resolved in order (see resolveAllDates). */
  dates: Map<number, ResolvedHit[]>;
  /** Participants' stated titles, for "our controller will send …" (optional). */
  roles?: { name: string; role: string }[];
}

const ROLE_ABBR: Record<string, string> = { cfo: 'chief financial officer', ceo: 'chief executive officer', coo: 'chief operating officer', cto: 'chief technology officer', cio: 'chief information officer', cmo: 'chief marketing officer', ciso: 'chief information security officer', gm: 'general manager', vp: 'vice president' };
/** "our controller", "your CFO", "the practice manager": the one participant whose title is that role, on the side the possessive points to. */
function ownerByRole(ctx: StepContext, s: Sentence, poss: string, words: string): string | null {
  const want = words.toLowerCase().split(/\s+/).map((w) => ROLE_ABBR[w] ?? w).join(' ');
  if (!/\p{L}{2,}/u.test(want) || /^(?:team|people|folks|guys|side|company|end|group|board|committee|lawyers?)$/.test(want)) return null;
  const mySide = ctx.sideOf.get(s.speaker);
  const p = poss.toLowerCase();
  const hits = (ctx.roles ?? []).filter((r) => {
    const role = r.role.toLowerCase().split(/\s+/).map((w) => ROLE_ABBR[w] ?? w).join(' ');
    if (!(` ${role} `.includes(` ${want} `))) return false;
    if (r.name === s.speaker) return false;
    const side = ctx.sideOf.get(r.name);
    if ((p === 'our' || p === 'my') && mySide && side && side !== mySide && mySide !== 'unknown') return false;
    if (p === 'your' && mySide && side && side === mySide && mySide !== 'unknown') return false;
    return true;
  });
  return hits.length === 1 ? hits[0]!.name : null;
}

interface Clause {
  sentence: Sentence;
  start: number; // char offsets in sentence
  end: number;
  owner: string | null;
  verbStart: number;
  verb: string;
  /** An action phrase built from words before the verb (relative clauses). */
  object?: string;
  /** Said with a modal ("I'll send", "Maria to bring"): a promise. Without one ("Theo sends", "you take") it is a recap and needs a date. */
  modal: boolean;
  /** For a request or offer taken up: the sentence that said yes (its own promise is this same step). */
  replyIndex?: number;
  /** A date said around the request rather than in it ("… ? By the nineteenth would be ideal." / "Sure, by Friday."). */
  nearDue?: ResolvedHit;
  /** A verb outside the lists, or "I'd …": a step only with a firm date. */
  needsDate?: boolean;
}

/** Verbs that are states, wishes or talk, never a deed to follow up: "I'll be there", "I'll need it by Friday". */
// Habitual adverbs ("we'll typically schedule a kickoff within two weeks") describe the process, not a promise.
const NOT_A_DEED = /^(?:be|need|want|know|see|think|guess|hear|like|love|wait|probably|likely|say|tell|explain|mention|miss|lose|keep|stay|go|come|leave|remember|forget|find|understand|consider|feel|mean|hope|let|ever|never|not|always|still|definitely|also|just|really|only|actually|both|all|typically|usually|normally|generally|often|sometimes|automatically|basically)$/i;

function addresseeOf(ctx: StepContext, s: Sentence): string | null {
  const { sentences, sideOf } = ctx;
  const mySide = sideOf.get(s.speaker);
  // a vocative earlier in the same turn: "Helen, ..." / "..., Raymond."
  // The turn's sentences up to this one, latest first (a turn's sentences are contiguous in the list).
  for (let k = s.index; k >= 0 && sentences[k]!.turnIndex === s.turnIndex; k--) {
    const t = sentences[k]!.norm;
    const m = /^(?:(?:so|and|okay|ok|great|perfect|thanks|hi|hey),?\s+)*(\p{Lu}\p{L}+),\s/u.exec(t) ?? /,\s+(\p{Lu}\p{L}+)[.?!]$/u.exec(t);
    if (m) {
      const r = ctx.resolveName(m[1]!);
      if (r && r !== s.speaker) return r;
    }
  }
  const others = (from: number, step: number): string | null => {
    for (let k = from; k >= 0 && k < sentences.length && Math.abs(k - s.index) < 40; k += step) {
      const sp = sentences[k]!.speaker;
      if (sp !== s.speaker && (sideOf.get(sp) !== mySide || mySide === 'unknown')) return sp;
    }
    return null;
  };
  return others(s.index + 1, 1) ?? others(s.index - 1, -1);
}

/**
 * The person last named before `at` in this sentence or the three before it: a participant's name or
 * a full name ("Carla Ruiz"). Never someone speaking in the call: they are "I" or "you", not "she".
 */
const n0 = (n: string): string[] => n.split(/\s+/);
function personNamedBefore(ctx: StepContext, s: Sentence, at: number, nameAlt: string): string | null {
  const speakers = new Set(ctx.sentences.map((x) => x.speaker));
  const re = new RegExp(`\\b(${nameAlt}|\\p{Lu}\\p{Ll}+\\s+\\p{Lu}\\p{Ll}+)\\b`, 'gu');
  const notName = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|our|the|my|your|and|so|hi|hello|thanks)$/i;
  for (let k = s.index; k >= 0 && k >= s.index - 3; k--) {
    const x = ctx.sentences[k]!;
    const text = k === s.index ? x.norm.slice(0, at) : x.norm;
    // A speaker counts only when talked about ("Alma has the measurements. She'll send them"), never addressed ("Alma, …").
    // "And Alma has …": a sentence-initial word read with the name is dropped, not the name.
    const names = [...text.matchAll(re)]
      .map((m) => ({ words: n0(m[1]!), end: m.index! + m[1]!.length }))
      .map((x) => ({ ...x, words: x.words.slice(x.words.length > 1 && notName.test(x.words[0]!) ? 1 : 0) }))
      .filter((x) => !x.words.some((w) => notName.test(w)))
      .map((x) => ({ n: ctx.resolveName(x.words.join(' ')) ?? x.words.join(' '), about: /^\s+(?:has|have|had|is|was|will|'ll|can|does|did|owns|runs|keeps|handles|[a-z]+s)\b/.test(text.slice(x.end)) }))
      .filter((x) => x.n !== s.speaker && (!speakers.has(x.n) || x.about))
      .map((x) => x.n);
    if (names.length) return names[names.length - 1]!;
  }
  return null;
}

function affirmed(ctx: StepContext, s: Sentence): string | null {
  return replyTo(ctx, s)?.speaker ?? null;
}

/** The sentence that accepts request `s`, if the immediate reply is a yes. */
function replyTo(ctx: StepContext, s: Sentence): Sentence | null {
  // Only the immediate reply counts.
  let next: Sentence | undefined;
  for (let k = s.index + 1; k < ctx.sentences.length && !next; k++) if (ctx.sentences[k]!.speaker !== s.speaker) next = ctx.sentences[k];
  if (!next) return null;
  // "No, that's fine." / "Not really.": a no, however it goes on.
  if (/^(?:no|nope|nah|not really|not yet|not now|not necessary|i don't think|that's not necessary)\b/.test(next.lower)) return null;
  // More than one sentence of the same speaker in between: not an immediate reply.
  if (next.index - s.index - 1 > 1) return null;
  if (/^(?:yes|yeah|yep|yup|sure|absolutely|definitely|certainly|of course|will do|i'd be happy|happy to|glad to|gladly|works|that works|sounds good|ok(?:ay)?[,.]? (?:will|sure)|perfect|no problem|no worries|for sure|got it|right away|should be fine|can do)\b/.test(next.lower) || /\b(?:is realistic|works for me|that works|(?:is|are|sounds) (?:good|great|fine|perfect))\b/.test(next.lower)) {
    return next;
  }
  // A yes said as a promise: "I can do that.", "That I can do.", "You got it.", "Consider it done."
  // "I can, once I've checked with …", "We will.": a short modal yes.
  if (/^(?:yes,? )?(?:i|we) (?:can|will)(?=[,.!]|$|\s+(?:once|after|as soon|if))/.test(next.lower)) return next;
  if (/^(?:(?:i|we) can do (?:that|it|this)|that (?:i|we) can do|(?:i|we)(?:'ll| will) do (?:that|it)|you got it|consider it done|(?:i'm|i am) on it|on it)\b/.test(next.lower)) return next;
  return null;
}

/** A date said near a request: in the asker's follow-up before the reply, or in the reply turn itself. */
function dateNear(ctx: StepContext, s: Sentence, reply: Sentence): ResolvedHit | undefined {
  const around = ctx.sentences.filter((x) => (x.index > s.index && x.index < reply.index && x.speaker === s.speaker) || (x.turnIndex === reply.turnIndex && x.index >= reply.index && x.index <= reply.index + 1));
  for (const x of around) {
    const h = (ctx.dates.get(x.index) ?? [])[0];
    if (h) return h;
  }
  return undefined;
}

export function findNextSteps(ctx: StepContext): FoundStep[] {
  const { sentences, ref } = ctx;
  const names = ctx.knownNames.filter((n) => n.length > 1).sort((a, b) => b.length - a.length).map(escapeRe);
  const nameAlt = names.length ? `(?:${names.join('|')})` : '(?!x)x';
  // Subjects: I / we / you, "my team" / "our people" (the speaker's side: the speaker owns it); also after "the next step is".
  const reFirst = new RegExp(`(?:^|[,;:]\\s+(?:(?:so|but|and so)\\s+)?|\\s+and\\s+|\\s+then\\s+|^${LEAD}|\\bnext steps? (?:is|are|will be)(?: that)?\\s+)(?:(${nameAlt}),\\s+)?(I|we|you|he|she|(?:my|our) (?:team|people|folks|guys|engineers|developers|it team|it people|legal team|[a-z]+ team))(${MODAL})?\\s+(?:also\\s+|then\\s+|just\\s+|definitely\\s+|personally\\s+|quickly\\s+)?(${VERB_BASE})\\b`, 'giud');
  const reLetMe = new RegExp(`(?:^|[,;:]\\s+(?:(?:so|but)\\s+)?|\\s+and\\s+|^${LEAD})let me\\s+(?:just\\s+|also\\s+)?(${VERB_BASE})\\b`, 'giu');
  const reProg = new RegExp(`\\b(I|we)(?:'m|'re| am| are)\\s+(${VERB_ING})\\b`, 'giu');
  const reThird = new RegExp(`(?:^|[,;:]\\s+|\\s+and\\s+|^${LEAD})(${nameAlt})('ll|\\s+will|\\s+to|\\s+can)?\\s+(?:also\\s+|then\\s+)?(${VERB_3S}|${VERB_BASE})\\b`, 'gu');
  const reRole = new RegExp(`(?:^|[,;:]\\s+|\\s+and\\s+|^${LEAD})(our|my|your|the)\\s+((?:[a-z]+\\s+){0,3}?[a-z]+)('ll|\\s+will|\\s+is going to|\\s+can)\\s+(?:also\\s+|then\\s+)?(${VERB_BASE})\\b`, 'giu');
  const reDelivered = new RegExp(`^${LEAD}(?:expect|look out for|watch for)\\s+((?:the|a|an|my|our)\\s+[\\w -]{2,40}?)\\s+(?:in your inbox|from (?:me|us)|by|before|on|tomorrow|today|tonight|early|first thing)\\b|^${LEAD}((?:the|my|our)\\s+[\\w -]{2,40}?)\\s+(?:will|should|'ll)\\s+be\\s+(?:in your inbox|with you|over to you|on your desk|in your hands)\\b`, 'iu');
  const reRecap = new RegExp(`^${LEAD}(${nameAlt}|Me|Us),\\s+(?:the|a|an|your|my|our)\\s+[\\p{L}\\d ,'-]{2,120}?\\b(?:by|on|before|for)\\s`, 'iu');
  // Offers: "how about I …", "would it help if I sent …", "do you want me to …", "should I …".
  const reOffer = new RegExp(`\\b(?:(?:how about|what if|why don't|shall|should|would it help if|does it help if) (?:I|we)|(?:do you want|want|would you like) (?:me|us) to)\\s+(${VERB_BASE}|sent|shared|scheduled|forwarded|emailed|drafted|prepared|put together|set up|wrote up|pulled)\\b`, 'iu');
  const reImperative = new RegExp(`^${LEAD}(?:(${nameAlt}),\\s+)?please\\s+(?:also\\s+)?(${VERB_BASE})\\b`, 'iu');
  // Requests: "could you …", "would you be able to …", "do you think you could …", "could I get that to you by …".
  // ("so we can run the pilot" is a purpose clause, not a request: the un-inverted "you could" needs "do you think" before it.)
  // Any verb, for a request answered yes or an "I'll …" promise with a deadline ("could you refresh …", "I'll lock the booth by Friday"): not in the lists, so it needs a date.
  const reRequestAny = /\b(?:could|can|would|will)\s+(you|we|your (?:team|people|folks|engineers|developers|[a-z]+ team))\s+(?:please\s+)?(?:(?:be able to|possibly|maybe|kindly)\s+)?(?:also\s+)?([a-z]+)\b/i;
  // (Round 13: "I can push a setting change over the air tonight" too — an offer with a date is a promise.)
  const reFirstAny = new RegExp(`(?:^|[,;:]\\s+(?:(?:so|but|and so)\\s+)?|\\s+and\\s+|^${LEAD})(I|we)(?:'ll|\\s+will|\\s+can)\\s+(?:also\\s+|then\\s+|just\\s+)?([a-z]+)\\b`, 'gi');
  // "could your team finish …?": the team of the one who says yes.
  const reRequest = new RegExp(`\\b(?:(?:could|can|would|will)\\s+(you|we|I|your (?:team|people|folks|engineers|developers|[a-z]+ team))|(you|we)(?:'ll| will)|(?:think|wonder(?:ing)? if|any chance) (you|we) (?:could|can))\\s+(?:please\\s+)?(?:(?:be able to|possibly|maybe|kindly)\\s+)?(?:also\\s+)?(${VERB_BASE})\\b`, 'iu');

  const clauses: Clause[] = [];
  for (const s of sentences) {
    const t = s.norm;
    const found: Clause[] = [];
    let m: RegExpExecArray | null;
    // Requests answered with yes.
    // A tag question ("Bo will send the data by the 30th, right?") is a statement checked aloud.
    const tagged = s.isQuestion && /,\s*(?:right|correct|yes|yeah|okay|ok|no|agreed|is that right|does that work)\?\s*$/i.test(t);
    if (s.isQuestion && !tagged) {
      // "How about I run a training session for the new people?" — "Thursday is good.": an offer taken up.
      const offer = reOffer.exec(t);
      const offerReply = offer ? replyTo(ctx, s) : null;
      if (offer && offerReply) {
        const said = offer[1]!;
        const verb = PAST_TO_BASE[said.toLowerCase()] ?? said;
        found.push({ sentence: s, start: offer.index, end: t.length, owner: s.speaker, verbStart: offer.index + offer[0].length - said.length, verb, modal: true, replyIndex: offerReply.index, nearDue: dateNear(ctx, s, offerReply) });
      }
      let r = offer ? null : reRequest.exec(t);
      if (!offer && !r) {
        const any = reRequestAny.exec(t);
        if (any && !NOT_A_DEED.test(any[2]!)) {
          r = Object.assign([any[0], any[1], undefined, undefined, any[2]] as unknown as RegExpExecArray, { index: any.index, input: t });
        }
      }
      if (r && !/^(?:when|what|how|where|who|why|which)\b/i.test(t)) {
        const reply = replyTo(ctx, s);
        if (reply) {
          const yes = reply.speaker;
          const subj = (r[1] ?? r[2] ?? r[3]!).toLowerCase().replace(/^your .*/, 'you');
          // "Can we move this to Wednesdays?" — "Sure, I'll move the invite": the one who says yes does it.
          // "Could I get that to you by the thirtieth?" is the asker's offer; "can I get the docs from you?" asks the other side.
          const verb = r[4]!;
          const askFor = subj === 'i' && /^(?:get|have|see)$/i.test(verb) && !/\bto (?:you|your)\b/.test(s.lower);
          const owner = subj === 'you' || subj === 'we' || askFor ? yes : s.speaker;
          found.push({ sentence: s, start: r.index, end: t.length, owner, verbStart: r.index + r[0].length - verb.length, verb, modal: true, replyIndex: reply.index, nearDue: dateNear(ctx, s, reply), needsDate: !ALL.includes(verb.toLowerCase()) });
        }
      }
    } else {
      reFirst.lastIndex = 0;
      while ((m = reFirst.exec(t))) {
        const voc = m[1];
        const subj = /^(?:my|our) /i.test(m[2]!) ? 'we' : m[2]!.toLowerCase();
        const modal = !!m[3];
        // "I'd aim to sign the second week of March": an intention, a step only with a firm date.
        const hypothetical = !!m[3] && /^(?:'d|\s+would)$/.test(m[3]);
        // "… you'd get a call on your TV": a scenario described, not a promise.
        if (hypothetical && subj === 'you') continue;
        // "You can upload your own recordings": what the product lets the buyer do, a promise only with a date.
        const capability = subj === 'you' && !!m[3] && /^\s+(?:can|could)$/.test(m[3]);
        // "We want to confirm the reset happened the same way": a wish or a need, a step only with a date.
        const wish = !!m[3] && /^(?:\s+want to|\s+need to|\s+would like to|'d like to)$/.test(m[3]);
        // "We can put the rejects into review mode": what the team is able to do, a promise only with a date.
        const weCan = subj === 'we' && !!m[3] && /^\s+can$/.test(m[3]);
        const verb = m[4]!;
        const verbStart = m.index + m[0].length - verb.length;
        const subjStart = m.indices?.[2]?.[0] ?? m.index;
        let owner: string | null;
        if (subj === 'i') owner = s.speaker;
        else if (subj === 'we') owner = s.speaker;
        // "She'll send the floor plans": the person last named before it, not the speaker.
        else if (subj === 'he' || subj === 'she') {
          owner = personNamedBefore(ctx, s, subjStart, nameAlt);
          if (!owner) continue;
        }
        else owner = voc ? ctx.resolveName(voc) ?? voc : addresseeOf(ctx, s);
        // "You'll have it by Friday", "you'll get the quote from me tomorrow": the speaker delivers.
        const yours = subj === 'you' && !!m[3] && /^(?:'ll|\s+will)$/.test(m[3]) && /^(?:have|get|receive)\s+(?:it|that|this|them|those|the\s+[\w -]{1,40}?|my\s+[\w -]{1,30}?|our\s+[\w -]{1,30}?)\s+(?:by|from me|from us|before|in your inbox|on|tomorrow|today|tonight|first thing|this|next|end of)\b/i.test(t.slice(verbStart));
        if (yours) {
          found.push({ sentence: s, start: Math.max(0, subjStart), end: t.length, owner: s.speaker, verbStart, verb: 'deliver', modal: true });
          continue;
        }
        found.push({ sentence: s, start: Math.max(0, subjStart), end: t.length, owner, verbStart, verb, modal, needsDate: hypothetical || capability || wish || weCan });
      }
      // "Let me send you the case study by Friday": a first-person promise; "let me check / ask / explain" is done in the call unless a date is said.
      reLetMe.lastIndex = 0;
      while ((m = reLetMe.exec(t))) {
        const verb = m[1]!;
        const verbStart = m.index + m[0].length - verb.length;
        if (found.some((f) => Math.abs(f.verbStart - verbStart) < 3)) continue;
        found.push({ sentence: s, start: m.index, end: t.length, owner: s.speaker, verbStart, verb, modal: true, needsDate: !LET_ME_PROMISE.test(verb) });
      }
      reFirstAny.lastIndex = 0;
      while ((m = reFirstAny.exec(t))) {
        const verb = m[2]!;
        const verbStart = m.index + m[0].length - verb.length;
        if (NOT_A_DEED.test(verb) || found.some((f) => Math.abs(f.verbStart - verbStart) < 3) || ALL.includes(verb.toLowerCase())) continue;
        found.push({ sentence: s, start: m.index + m[0].indexOf(m[1]!), end: t.length, owner: s.speaker, verbStart, verb, modal: true, needsDate: true });
      }
      reProg.lastIndex = 0;
      while ((m = reProg.exec(t))) {
        const verb = m[2]!;
        if (!/^(?:sending|forwarding|emailing|scheduling|setting up|booking|arranging)$/.test(verb.toLowerCase())) continue;
        const verbStart = m.index + m[0].length - verb.length;
        if (found.some((f) => Math.abs(f.verbStart - verbStart) < 3)) continue;
        const c: Clause = { sentence: s, start: m.index, end: t.length, owner: s.speaker, verbStart, verb, modal: true };
        // "reply to the email I'm sending you right now": the object comes before the verb.
        const obj = /\b(?:the|an?)\s+((?:[\w-]+\s+)?[\w-]+)\s+$/.exec(t.slice(0, m.index));
        if (obj && verb.toLowerCase() === 'sending') c.object = `send the ${obj[1]}`;
        found.push(c);
      }
      reThird.lastIndex = 0;
      while ((m = reThird.exec(t))) {
        const who = ctx.resolveName(m[1]!) ?? m[1]!;
        const verb = m[3]!;
        const verbStart = m.index + m[0].length - verb.length;
        if (found.some((f) => Math.abs(f.verbStart - verbStart) < 3)) continue;
        // A bare base form after a name is not a clause ("Gloria send"): it needs a modal.
        if (!m[2] && !ALL.some((v) => third(v) === verb.toLowerCase())) continue;
        // "Gloria, you ..." is handled above; here the name is the subject.
        found.push({ sentence: s, start: m.index, end: t.length, owner: who, verbStart, verb, modal: !!m[2] });
      }
      // "Our controller will send the AP export by Friday": the participant with that title.
      reRole.lastIndex = 0;
      while ((m = reRole.exec(t))) {
        const verb = m[4]!;
        const verbStart = m.index + m[0].length - verb.length;
        if (found.some((f) => Math.abs(f.verbStart - verbStart) < 3)) continue;
        const who = ownerByRole(ctx, s, m[1]!, m[2]!);
        if (!who) continue;
        found.push({ sentence: s, start: m.index, end: t.length, owner: who, verbStart, verb, modal: true, needsDate: /can$/.test(m[3]!) });
      }
      const rc = reRecap.exec(t);
      if (rc && !found.length) {
        const who = /^(?:me|us)$/i.test(rc[1]!) ? s.speaker : ctx.resolveName(rc[1]!) ?? rc[1]!;
        const verbStart = rc.index + rc[0].indexOf(',') + 2;
        found.push({ sentence: s, start: rc.index, end: t.length, owner: who, verbStart, verb: 'deliver', modal: false });
      }
    }
    // "Expect the proposal in your inbox by Thursday", "The revised quote will be with you by Friday": the speaker's delivery, with a date.
    if (!found.length && !s.isQuestion) {
      const d = reDelivered.exec(t);
      const obj = d ? (d[1] ?? d[2])! : '';
      if (d) found.push({ sentence: s, start: d.index, end: t.length, owner: s.speaker, verbStart: d.index + d[0].indexOf(obj), verb: 'deliver', modal: true, needsDate: true, object: `send ${obj.replace(/^(?:The|My|Our|A|An)\b/, (w) => w.toLowerCase())}` });
    }
    // "Ilya, please write up the design by Monday" — a request to the addressee, answered or not.
    if (!found.length && !s.isQuestion) {
      const imp = reImperative.exec(t);
      if (imp) {
        const who = imp[1] ? ctx.resolveName(imp[1]) ?? imp[1] : addresseeOf(ctx, s);
        const verb = imp[2]!;
        found.push({ sentence: s, start: imp.index, end: t.length, owner: who, verbStart: imp.index + imp[0].length - verb.length, verb, modal: true });
      }
    }
    found.sort((a, b) => a.verbStart - b.verbStart);
    for (let k = 0; k < found.length; k++) {
      const c = found[k]!;
      const next = found[k + 1];
      if (next) c.end = Math.max(c.verbStart + 1, next.start);
      clauses.push(c);
    }
  }

  // "Theo runs the session on Tuesday, and returns the questionnaire by Wednesday": a second verb with the same subject.
  const split: Clause[] = [];
  const coord = new RegExp(`,?\\s+and\\s+(?:then\\s+)?(${VERB_3S})\\b`, 'gu');
  // "I'll deploy it tonight and send you the report by Friday": a second base-form verb after a modal.
  const coordBase = new RegExp(`(?:,?\\s+and\\s+(?:then\\s+)?|,\\s*then\\s+)(?:also\\s+)?(${VERB_BASE})\\b`, 'gu');
  for (const c of clauses) {
    const body = c.sentence.norm.slice(c.verbStart, c.end);
    const re = c.modal ? coordBase : coord;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let cur = c;
    while ((m = re.exec(body))) {
      const before = body.slice(cur.verbStart - c.verbStart, m.index);
      if (before.split(/\s+/).length < 4) continue;
      if (c.modal) {
        // Two promises in one breath are two steps only when each has its own date ("tonight … by Friday").
        const hits = ctx.dates.get(c.sentence.index) ?? [];
        const cut = c.verbStart + m.index;
        const dated = (from: number, to: number) => hits.some((h) => h.kind !== 'vague' && h.start >= from && h.end <= to);
        // "I'll talk to her tomorrow, then book the venue once she's signed off": a delivery verb after "then" is its own step.
        const thenStrong = /\bthen\b/.test(m[0]) && isStrong(m[1]!);
        if (!dated(cur.verbStart, cut) || (!dated(cut, c.end) && !thenStrong)) continue;
      }
      const vs = c.verbStart + m.index + m[0].length - m[1]!.length;
      split.push({ ...cur, end: c.verbStart + m.index });
      cur = { ...c, start: c.verbStart + m.index, verbStart: vs, verb: m[1]! };
    }
    split.push(cur);
  }

  const steps: FoundStep[] = [];
  const hitsOf = (s: Sentence): ResolvedHit[] => ctx.dates.get(s.index) ?? [];
  for (const c of split) {
    const s = c.sentence;
    const prefix = s.lower.slice(0, c.start);
    const clauseLower = s.lower.slice(c.start, c.end);
    // Conditionals and past: "If we sign by Friday, I can …", "if I get you the quote by Friday, and you introduce me …".
    // A main clause after "if …," is fine: "if you sign in December, I'd like to hold a kickoff".
    if (/^(?:if|unless|whether)\b/.test(clauseLower)) continue;
    const cond = /\b(?:if|unless|once|whether)\b(?!.*\b(?:if|unless|once|whether)\b)(.*)$/.exec(prefix);
    if (cond && !/,\s*(?:then\s+)?$/.test(cond[1]!)) continue;
    // "If you went with us, I'd send the contract on Monday": a past-tense if-clause and "would" — a hypothetical, not a conditional promise.
    if (cond && /\b(?:i|we)(?:'d|\s+would)\s+$/.test(s.lower.slice(c.start, c.verbStart)) && /\b(?:went|were|was|had|did|chose|decided|signed|moved|wanted|took|got|bought|switched)\b/.test(cond[1]!)) continue;
    if (NOT_COMMITMENT.test(prefix.slice(-30)) && !cond) continue;
    let actionRaw = s.text.slice(c.verbStart, c.end);
    // "I can share your materials with Tom, but I can't promise a meeting": the promise ends at "but".
    const but = /,\s+but\s/.exec(actionRaw);
    if (but) actionRaw = actionRaw.slice(0, but.index);
    // The buyer taking the matter to their approver ("I'll take it to the board early next month") is a step even without a day.
    const toApprover =
      !!c.owner &&
      ctx.sideOf.get(c.owner) === 'buyer' &&
      (/^(?:take|bring|present|put)s? (?:it|this|that|them|the [\w -]{1,30}?) to (?:(?:the|our|my) (?:[a-z]+ )?(?:board|cfo|ceo|coo|committee|council|leadership|owners?|partners|finance|legal|procurement|governors|trustees)\b|\p{Lu}\p{L}+)/u.test(actionRaw) ||
        // "Our steering committee meets on the twelfth, and I'll take the proposal to them then."
        (/^(?:take|bring|present|put)s? (?:it|this|that|them|the [\w -]{1,30}?) to them\b/.test(actionRaw) && [0, 1, 2].some((k) => APPROVER_BODY.test(sentences[s.index - k]?.lower ?? ''))));
    if (NON_STEP_OBJECTS.test(actionRaw) && !toApprover) continue;
    const verbL = c.verb.toLowerCase();
    if (/^(?:do|does)$/.test(verbL) && /^(?:do|does)\s+(?:want|think|need|like|know|have|see|not|agree|remember|believe)\b/i.test(actionRaw)) continue;
    // "have it to you by Friday", "have my team re-enter the orders": delegation or delivery, not possession.
    if (/^(?:have|has)$/.test(verbL) && !/^(?:have|has)\s+(?:it|that|this|them|those|the [\w -]{1,40}?|[\w -]{1,40}?)\s+(?:to you|ready|done|over to you|back to you|for you|in your inbox|(?:on|in|into) (?:your|the) [\w -]{1,30}? by|live|finished|in place|up and running|on staging|in staging|in production|on prod)\b/i.test(actionRaw) && !/^(?:have|has)\s+(?:it|that|this|them|those)\s+[a-z]+ed(?:\s+and\s+[a-z]+ed)?\b/i.test(actionRaw) && !/^(?:have|has)\s+(?:my|our)\s+(?:team|people|staff|crew|crews|engineers?|developers?|assistant|colleague|it team|[a-z]+ team)\s+[a-z-]+/i.test(actionRaw)) continue;
    // "I'll talk it over with Callum and get back to you": a strong verb joined to a weak one makes the promise.
    const strong = isStrong(c.verb) || c.verb === 'deliver' || toApprover || STRONG_TAIL.test(actionRaw) || STRONG_PHRASE.test(actionRaw);
    // "I'll waive the fee if you sign by Friday": a date inside the condition is the condition's, not the step's.
    const condAt = /\s(?:if|unless|provided|as long as)\s/.exec(actionRaw);
    const clauseEnd = condAt ? c.verbStart + condAt.index : c.start + actionRaw.length + (c.verbStart - c.start) + 1;
    const clauseHits = hitsOf(s).filter((h) => h.start >= c.verbStart - 1 && h.end <= clauseEnd);
    let due = pickDue(clauseHits, s, c);
    // A date said around a request taken up, or in the promiser's next breath ("I'll pull the numbers. Give me until Thursday.").
    const near = c.nearDue ?? (c.replyIndex === undefined ? dateInNextBreath(ctx, s) : undefined);
    if (near && (!due || (due.hit.kind === 'vague' && !due.sameDay && near.kind !== 'vague'))) due = { hit: near, text: near.text.replace(/[\s,;:.]+$/, ''), sameDay: false };
    // Taking it to the board: the day the board meets, said before ("meets on the twelfth, and I'll take it to them then").
    if (toApprover && (!due || due.hit.kind === 'vague')) {
      const h = approverMeeting(ctx, s);
      if (h) due = { hit: h, text: h.text.replace(/[\s,;:.]+$/, ''), sameDay: false };
    }
    // "I'd like to visit the week of the 19th." — "I'll set that up.": arranging what was just proposed, on its date.
    if (!due && SET_THAT_UP.test(actionRaw.trim())) {
      for (const k of [s.index - 1, s.index - 2]) {
        const h = (hitsOf(sentences[k] ?? s).filter((x) => x.kind !== 'vague' && x.date))[0];
        if (k >= 0 && h) {
          due = { hit: h, text: h.text.replace(/[\s,;:.]+$/, ''), sameDay: false };
          break;
        }
      }
    }
    // "Sure, I'll include two references in the same email": the date of the owner's step that email carries.
    if (!due && SAME_SEND.test(clauseLower + ' ' + (c.replyIndex !== undefined ? sentences[c.replyIndex]!.lower : ''))) {
      const who = owner0(c, ctx);
      const prev = [...steps].reverse().find((p) => p.owner === who && p.dueDate && s.index - p.sentenceIndex <= 8);
      if (prev) due = { hit: { start: 0, end: 0, text: prev.dueText ?? '', kind: 'absolute', date: prev.dueDate }, text: prev.dueText ?? '', sameDay: false };
    }
    const firmDue = !!due && (due.hit.kind !== 'vague' || due.sameDay);
    if (!strong && !firmDue) continue;
    // "Marek can set up a test if you give him a tenant": an offer that waits on the other side, not yet a promise.
    if (!firmDue && c.replyIndex === undefined && /\bcan\s+(?:also\s+)?$/.test(s.lower.slice(Math.max(0, c.verbStart - 12), c.verbStart)) && /\sif (?:you|they|your)\b/.test(actionRaw.toLowerCase())) continue;
    if ((!c.modal || c.needsDate) && !firmDue) continue;
    if (/^(?:set|add)\b/i.test(c.verb) && !/\b(?:set (?:up|it up|them up|that up|a|the)|add (?:you|them|him|her|it))\b/i.test(actionRaw) && !due) continue;
    let owner = c.owner;
    // Signature steps belong to the buyer who signs.
    const signing = /^(?:sign|signs|countersign)$/i.test(c.verb) || /\b(?:aim|target|aiming|targeting|go|get)\b[^.]{0,25}\bsignature\b(?!\s+(?:module|test|capture|field|feature|pad))/.test(clauseLower);
    if (signing && owner && ctx.sideOf.get(owner) !== 'buyer') {
      const your = /\byour signature\b|\byou sign\b/.test(clauseLower);
      owner = your ? addresseeOf(ctx, s) ?? ctx.signer ?? owner : ctx.signer ?? addresseeOf(ctx, s) ?? owner;
    }
    let dueDate: string | null = null;
    let dueText: string | null = null;
    if (due) {
      dueText = due.text;
      dueDate = due.sameDay ? steps[steps.length - 1]?.dueDate ?? null : due.hit.date;
    }
    let action = c.object ?? cleanAction(actionRaw, due ? (due.sameDay ? 'the same day' : due.text) : null);
    action = resolvePronoun(action, s, c.start, sentences);
    // "I can do Thursday afternoon": only a date, for the speaker's step just offered.
    if (/^(?:do|make)(?: (?:it|that|this))?$/i.test(action) && dueDate0(due, steps)) {
      const prev = [...steps].reverse().find((p) => p.owner === (owner0(c, ctx) ?? '') && s.index - p.sentenceIndex <= 4);
      if (prev && !prev.dueDate) {
        prev.dueDate = dueDate0(due, steps);
        prev.dueText = due!.text;
        continue;
      }
    }
    if (action.split(/\s+/).length < 2 && !(strong && /^\p{L}+$/u.test(action))) continue;
    // "I can do that by the twentieth as well": a date for the speaker's previous undated step.
    if (/^(?:do|have|get|send) (?:that|it|this)\b/i.test(action) && dueDate) {
      const prev = [...steps].reverse().find((p) => p.owner === owner && s.index - p.sentenceIndex <= 4);
      if (prev && !prev.dueDate) {
        prev.dueDate = dueDate;
        prev.dueText = dueText;
        continue;
      }
    }
    steps.push({ owner: owner ? ctx.resolveName(owner) ?? owner : null, action, dueDate, dueText, sentenceIndex: s.index, key: keyOf(action), replyIndex: c.replyIndex });
  }
  // "Could you send the list?" — "Sure, I'll send it by Friday.": the yes restates the request; one step, with the date the promiser gave.
  // Only the yes itself restates the request: the reply sentence, or the one after a bare "Sure." — later promises are their own steps.
  for (const req of steps.filter((x) => x.replyIndex !== undefined)) {
    const r = sentences[req.replyIndex!]!;
    const inReply = (i: number) => steps.some((x) => x !== req && x.sentenceIndex === i);
    const at = inReply(r.index) ? r.index : r.index + 1;
    for (let k = steps.length - 1; k >= 0; k--) {
      const x = steps[k]!;
      if (x === req || x.owner !== req.owner) continue;
      const xs = sentences[x.sentenceIndex]!;
      if (xs.turnIndex !== r.turnIndex || x.sentenceIndex !== at) continue;
      // "Could you take it to the board on the 25th?" — "I can." — "If they approve, I'll sign by the 28th.": a new step, not the same one restated.
      if (req.dueDate && x.dueDate !== req.dueDate && /^(?:(?:and|so|then),? )?(?:if|once|when|after)\b/.test(xs.lower)) continue;
      if (x.dueDate) {
        req.dueDate = x.dueDate;
        req.dueText = x.dueText;
      }
      steps.splice(k, 1);
    }
  }
  // "Let's say Friday, the twentieth." — a date for the speaker's last undated step.
  for (const s of sentences) {
    if (!/^(?:let's say|say|how about|make it|shall we say)\b/.test(s.lower) || s.isQuestion) continue;
    const h = hitsOf(s).find((x) => x.kind !== 'vague');
    if (!h) continue;
    const prev = [...steps].reverse().find((p) => p.owner === s.speaker && p.sentenceIndex < s.index && s.index - p.sentenceIndex <= 6);
    if (prev && !prev.dueDate) {
      prev.dueDate = h.date;
      prev.dueText = h.text;
    }
  }
  return dedupe(steps);
}

/** "… Give me until Thursday." / "By Friday at the latest.": a date the same speaker adds right after a promise. */
function dateInNextBreath(ctx: StepContext, s: Sentence): ResolvedHit | undefined {
  const n = ctx.sentences[s.index + 1];
  if (!n || n.speaker !== s.speaker || n.turnIndex !== s.turnIndex) return undefined;
  // …or offered as a question: "I'll arrange the call. Could you do the week of the fourth?" / "Does Tuesday work?"
  const offered = n.isQuestion && /^(?:(?:and |so )?(?:could|can|would) you do|does|would|how about|what about|how (?:does|do|is|'s)|is|are you free|works)\b/.test(n.lower);
  // "I'm seeing them on Thursday, so I'll have an answer that day.": when the answer comes.
  const answerBy = /\b(?:i'll|i will|we'll|we will) (?:have|know|get you) (?:an answer|the answer|news|something|it|that)\b/.test(n.lower);
  if (!offered && !answerBy && !/^(?:give me (?:until|till|to)|by|before|no later than|hopefully by|should be (?:done|ready|there|with you) by|(?:probably|realistically|definitely) by)\b/.test(n.lower)) return undefined;
  return (ctx.dates.get(n.index) ?? []).find((h) => h.kind !== 'vague');
}

/** The date a due phrase resolves to ("the same day" borrows the previous step's). */
function dueDate0(due: Due | null, steps: FoundStep[]): string | null {
  if (!due) return null;
  return due.sameDay ? steps[steps.length - 1]?.dueDate ?? null : due.hit.date;
}
const owner0 = (c: Clause, ctx: StepContext): string | null => (c.owner ? ctx.resolveName(c.owner) ?? c.owner : null);

interface Due {
  hit: ResolvedHit;
  text: string;
  sameDay: boolean;
}

function pickDue(hits: ResolvedHit[], s: Sentence, c: Clause): Due | null {
  const lower = s.lower;
  const same = /\b(?:by|on) the same day\b/.exec(lower.slice(c.verbStart, c.end));
  if (same) {
    const at = c.verbStart + same.index + same[0].indexOf('the');
    return { hit: { start: at, end: at + 'the same day'.length, text: 'the same day', kind: 'relative', date: null }, text: 'the same day', sameDay: true };
  }
  const usable = hits.filter((h) => {
    const before = lower.slice(Math.max(0, h.start - 14), h.start);
    // "a recap of today" is not a deadline
    if (h.kind === 'relative' && h.rel?.type === 'days' && h.rel.days === 0 && /\b(?:of|from|for)\s+$/.test(before)) return false;
    // "the latest test, from August": a past period
    if (h.kind === 'vague' && /\b(?:from|since|last|of|during)\s+$/.test(before)) return false;
    // "last quarter's numbers", "last year's report": the object's period, never a deadline.
    if (/^last\b/i.test(h.text) || /^['’]s\b/.test(lower.slice(h.end, h.end + 2))) return false;
    // "three times for next Tuesday": the object's date, when another date says when it is due.
    if (/\bfor\s+$/.test(before) && hits.length > 1) return false;
    return true;
  });
  if (!usable.length) return null;
  const preferred =
    usable.find((h) => /\b(?:by|before|until|no later than|due)\s+(?:the\s+)?$/.test(lower.slice(Math.max(0, h.start - 20), h.start)) && h.kind !== 'vague') ??
    usable.find((h) => h.kind !== 'vague' && h.kind !== 'relative') ??
    usable.find((h) => h.kind !== 'vague') ??
    usable[0]!;
  // Join "tomorrow, Friday" / "today, Tuesday" into one phrase.
  let text = preferred.text;
  const next = usable.find((h) => h.start > preferred.end && /^,?\s*$/.test(s.norm.slice(preferred.end, h.start)));
  if (next && preferred.kind === 'relative') text = s.text.slice(preferred.start, next.end);
  return { hit: preferred, text: text.replace(/[\s,;:.]+$/, ''), sameDay: false };
}

/** Things people promise to deliver; used to resolve "I'll have it to you" to what "it" is. */
const DELIVERABLE =
  '(?:report|reports|document|documents|proposal|quote|recap|summary|questionnaire|deck|invite|invitation|session|call|calls|demo|order form|analysis|version|plan|list|contract|agreement|nda|msa|dpa|introduction|pricing|sandbox|pilot|case study|comparison|overview|pack|package|guide|diagram|export|data|invoices|stories|references?|sub-processor list|timeline|estimate|numbers|counts|slides|video|template|draft|redlines)';
const NP_RE = new RegExp(
  `\\b((?:the|a|an|your|our|my|his|her|their)\\s+(?:[\\w'-]+\\s+){0,4}?${DELIVERABLE}|\\b(?!(?:take|make|get|have|do|send|set|run|hold|join|book|on|about|with|the|a|an|of|to|for|and|or)\\b)[\\w-]+\\s+(?:calls|stories|reports|documents|invoices|slides|references))\\b`,
  'gi',
);

/** "set it up" / "have it to you": borrow the object from the same or the previous few sentences. */
function resolvePronoun(action: string, s: Sentence, clauseStart: number, sentences: Sentence[]): string {
  const m = /^([\w-]+) (it|that|this|them)\b( (?:up|over|back|along|out|together|across))?(.*)$/i.exec(action);
  if (!m) return action;
  const texts = [s.text.slice(0, clauseStart), ...[1, 2, 3, 4].map((k) => sentences[s.index - k]?.text ?? '')];
  for (const t of texts) {
    const all = [...t.matchAll(NP_RE)];
    const np = all[all.length - 1]?.[1];
    if (!np || /^(?:it|that|this|them)\b/i.test(np)) continue;
    const particle = m[3] ?? '';
    return `${m[1]}${particle} ${np}${m[4]}`.replace(/\s+/g, ' ').trim();
  }
  return action;
}

function cleanAction(raw: string, dueWords: string | null): string {
  let a = raw.trim();
  if (dueWords) {
    const i = a.lastIndexOf(dueWords);
    if (i >= 0) {
      // Drop the due words with their preposition, wherever they sit: "get Sofia on a call on Monday, November ninth, with our lead".
      const before = a.slice(0, i).replace(/,?\s*(?:\b(?:by|on|before|until|no later than|for|this|next|the|by the|ideally|ideally the week of|the week of|for the)\b\s*)*$/i, '');
      let after = a.slice(i + dueWords.length);
      after = after.replace(/^,?\s*(?:(?:at|around)\s+[\w.' ]+?\s+(?:pacific|eastern|central|mountain|time|o'clock|a\.m\.|p\.m\.)\b|in the (?:morning|afternoon|evening)|morning|afternoon|evening|at the latest|as well|too|also)?/i, '');
      a = (before + (after && !/^[\s,.;:!?]*$/.test(after) ? (/^[,.;]/.test(after.trim()) ? after : ' ' + after.trim()) : '')).trim();
    }
  }
  // Subordinate tails add words, not information: ", so you can …", ", because …", ", it's, like, …"
  a = a.replace(/,\s+(?:so (?:you|we|that|they)|because|which|it's|like|ideally|if (?:that|it)|since|as long as)\b[\s\S]*$/i, '');
  a = a.replace(/,?\s+if (?:that|it|this) (?:works|suits|is okay|is ok|'s okay|'s ok|is fine)\b[\s\S]*$/i, '');
  a = a.replace(/^(?:also|then|just)\s+/i, '');
  // The tag of a tag question is not part of the action: "send the usage data, right?"
  a = a.replace(/,?\s*(?:right|correct|yeah|agreed|is that right|does that work)\s*\??$/i, '');
  a = a.replace(/[\s,;:.!?]+$/, '').replace(/,?\s+(?:and|or|but|so)$/i, '').replace(/\s{2,}/g, ' ').replace(/\s+,/g, ',');
  return a;
}

const STOP = new Set('the a an and or to of for with you your our my me i we it this that on by in at as so be is are will can over back up out'.split(' '));
function keyOf(action: string): Set<string> {
  return new Set(
    action
      .toLowerCase()
      .replace(/[^\p{L}\d\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2 && !STOP.has(w)),
  );
}

function similar(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / Math.min(a.size, b.size);
}

function dedupe(steps: FoundStep[]): FoundStep[] {
  const out: FoundStep[] = [];
  for (const st of steps) {
    const dup = out.find(
      (o) =>
        o.owner === st.owner &&
        ((o.dueDate && o.dueDate === st.dueDate && (similar(o.key, st.key) >= 0.3 || Math.min(o.key.size, st.key.size) <= 2)) ||
          similar(o.key, st.key) >= 0.6),
    );
    if (!dup) {
      out.push(st);
      continue;
    }
    // Keep the richer action and the later (recap) date when both have one.
    if (st.action.length > dup.action.length && st.key.size >= dup.key.size) dup.action = st.action;
    if (st.dueDate || (!dup.dueDate && st.dueText)) {
      dup.dueDate = st.dueDate ?? dup.dueDate;
      dup.dueText = st.dueText ?? dup.dueText;
    }
    for (const w of st.key) dup.key.add(w);
  }
  return out;
}
