/**
 * Who is in the call, on which side, with which title, and which companies
 * they represent.
 *
 * Sides come from, in order of trust: the file's own participant hints (JSON
 * exports carry side and e-mail); self-introductions naming a company ("I'm an
 * account executive here at Quorvane", "Greg Paulsen with Tandemly"); colleague
 * introductions ("I've got Theo with me, our solutions engineer"); and finally a
 * score of vendor talk ("our pricing", "we integrate", "customers your size",
 * "percent off") against buyer talk ("our budget", "your proposal", "we're
 * piloting X"). Titles are taken only where stated ("as Director of Finance
 * Operations", "Sandra Whitcombe, our VP of Finance") — never guessed.
 *
 * Companies: this file finds the introductions (who says which company is theirs or
 * the other party's) and, once sides are settled, passes them to companies.ts, which
 * weighs them with the framing evidence and chooses (or says null); the choice made
 * here from introductions alone is one piece of that evidence, not the answer. The buyer's candidates and their
 * features (buyerFeatures.ts) are built here too; with a learned model (buyerModel.ts) it picks the buyer.
 */
import type { ParticipantHint } from '../../../parsing/types.ts';
import type { Participant } from '../../types.ts';
import { COLLEAGUE, DEPARTMENTS, INFRA, NOT_NAMES, ORG_SUFFIX, ROLE_ACRONYMS, ROLE_HEADS, decapitalise } from './lexicon.ts';
import { chooseCompanies, companyKey, earningsHost, framingClaims, fullCompanyName, sameCompany, titleCompany, teamCompany, type SpeakerClaim } from './companies.ts';
import { buyerCandidates, type BuyerCandidate, type LooseMention } from './buyerFeatures.ts';
import { decideCompany, type BuyerModel } from './buyerModel.ts';
import { orgMentions, orgRunsOf, type OrgMention } from './orgMentions.ts';
import { rx } from './regex.ts';
import { displayName, escapeRe, type Sentence } from './text.ts';

export type Side = 'seller' | 'buyer' | 'unknown';

/** A capitalised phrase: "Northwind Traders", "Quorvane", "S/4HANA". */
const CAP = "[A-Z][\\p{L}\\d&/'-]*";
export const ORG_RE_SRC = `(${CAP}(?:\\s+(?:${CAP}|&))*)`;

const ROLE_HEAD_RE = new RegExp(`^(?:${ROLE_HEADS})$`, 'i');
const ROLE_WORD = "[A-Za-z][A-Za-z&/'-]*";

export function cleanName(s: string): string {
  return s.replace(/'s$/, '').replace(/[.,;:!?]+$/, '').trim();
}

function isNameWord(w: string): boolean {
  const bare = w.replace(/['’]/g, '');
  return /^\p{Lu}/u.test(w) && !NOT_NAMES.has(bare) && !NOT_NAMES.has(w);
}

/** Trims a captured org phrase to its plausible name: drops leading stop words and trailing lowercase. */
export function trimOrg(raw: string): string | null {
  const words = cleanName(raw).split(/\s+/).filter(Boolean);
  while (words.length && !isNameWord(words[0]!)) words.shift();
  while (words.length && !/^\p{Lu}/u.test(words[words.length - 1]!)) words.pop();
  if (!words.length) return null;
  const name = words.join(' ');
  if (words.length === 1 && (INFRA.has(name) || NOT_NAMES.has(name.replace(/'/g, '')))) return null;
  if (words.length > 4) return null;
  return name;
}

/** Validates a role phrase: 1–6 words ending in a title head word or an acronym title. */
export function cleanRole(raw: string): string | null {
  let r = raw.trim().replace(/[.,;:!?]+$/, '');
  r = r.replace(/^(?:the|a|an|our|my|your|their|his|her)\s+/i, '');
  r = r.replace(/\s+(?:here|there|now|today|too|also)$/i, '');
  const words = r.split(/\s+/);
  if (!words.length || words.length > 7) return null;
  // Title shape: "X of Y" ends with a phrase; the head is before "of"/"for"
  const ofAt = words.findIndex((w) => /^(?:of|for)$/i.test(w));
  const headPart = ofAt > 0 ? words.slice(0, ofAt) : words;
  const head = headPart[headPart.length - 1]!;
  if (!(ROLE_HEAD_RE.test(head) || ROLE_ACRONYMS.has(head))) return null;
  if (ofAt > 0 && words.length - ofAt > 4) return null;
  if (/\b(?:who|that|which|and I|I)\b/.test(r)) return null;
  return r;
}

/** "I'm with Finance at Osprey Courier": a department followed by "at/of/for <Org>" is a unit of that org; the org is the company. */
export function unitOf(text: string, end: number, org: string): string {
  const m = new RegExp(`^,?\\s+(?:at|of|for)\\s+${ORG_RE_SRC}`, 'u').exec(text.slice(end));
  return m && trimOrg(m[1]!) ? m[1]! : org;
}

export interface PersonRecord {
  name: string; // full display name as best known
  speaker: string | null; // speaker label if they spoke
  side: Side;
  role: string | null;
  company: string | null;
  email: string | null;
}

export interface PeopleResult {
  participants: Participant[];
  sellerCompany: string | null;
  buyerCompany: string | null;
  sideOf: Map<string, Side>; // by speaker label
  /** Resolves a first name / full name / speaker label to a participant name. */
  resolve(name: string): string | null;
  /** Names that are people (participants and mentioned), for exclusion elsewhere. */
  personNames: Set<string>;
  /** The company whose own call this is, should it be an earnings call (`earnings`) or a team's own meeting (`team`). */
  hostCompany: { earnings: string | null; team: string | null };
  /** A company was named by an introduction (not only by how the call frames the account): call-type detection reads it. */
  companiesIntroduced: boolean;
  /** Seller-ness per speaker (vendor talk minus buyer talk), for logs and tests. */
  scores: Map<string, number>;
  /** The buyer's candidates with their features, and what the rules alone chose (for training and logs). */
  buyer: { candidates: BuyerCandidate[]; rules: string | null; rulesSeller: string | null };
  /** Every capitalised run of the call (orgMentions.ts), people included: cut once, filtered by each reader. */
  mentions: OrgMention[];
}

const PERSON = "(\\p{Lu}\\p{L}+(?:[\\s-]\\p{Lu}\\p{L}+)?)";
/** Someone said to be in the call: the name is group 1. */
const PRESENT: RegExp[] = [
  // "<Name> (from our IT group | , our CFO,) is (also) on the line / here / with us / listening in (too)"; "here", "with me" and "joining"
  // only at the end of the clause or before "too/today/now": "Kim is with me on this" agrees, "Kim is joining the company" is news.
  // Round 13: the unit may come bare or possessive ("from finance", "from the superintendent's office"), and "is on too" is "on the line".
  rx('gu')`${PERSON}(?:\\s+(?:from|with|in|on|of)\\s+(?:(?:our|my|your|the)\\s+[\\p{L}' ]{1,30}?|\\p{Ll}[\\p{L}' ]{0,30}?)|,\\s+[^,.!?]{1,40},)?,?\\s+(?:is|'s|are)\\s+(?:also\\s+|already\\s+)?(?:on the (?:line|call|phone|zoom|bridge|meeting)|listening in|dialed in|dialled in|sitting in|in the room|(?:here|with (?:us|me)|joining(?: us)?|on)(?=\\s*(?:[,.;!?—-]|$|(?:too|today|now|as well|on the (?:line|call)|with (?:us|me))\\b)))`,
  // "I've got Theo with me", "I have Kim on the line", "we've got Kim here"
  rx('gu')`\\b(?:I've got|I have|I brought|we've got|we have)\\s+${PERSON}(?:,\\s+[^,.!?]{1,40},)?\\s+(?:with (?:me|us)|on the (?:line|call)|here|in the room|listening in)(?=\\s*(?:[,.;!?—-]|$|(?:too|today|now|as well|with (?:us|me))\\b))`,
  // "joining me is Theo", "I'm joined by Kim", "with me today is Kim", "also on the call is Kim"
  rx('gu')`\\b(?:joining (?:me|us)(?: today)? (?:is|are)|with (?:me|us) (?:today )?(?:is|are)|I'm joined by|we're joined by|also on the (?:line|call) (?:is|are|today is))\\s+${COLLEAGUE}${PERSON}`,
];

const SELLER_CUES: RegExp[] = [
  /\bour (?:product|platform|pricing|price|list price|proposal|customers|implementation|connector|integration|support(?: team)?|security team|sync|roadmap|quarter|demo|solution|app|tool|software|engineers?|legal team|msa|order form|standard|contract|team does|api|tenant|region|model|payments provider|customer success)\b/,
  /\bwe (?:offer|provide|support|integrate|host|charge|price|partner|help (?:teams|companies|customers)|handle|connect|publish|can (?:do|offer|give|host|send|set|bring)|have a (?:native|standard|certified)|do (?:desk|meeting|visitor|parking)|see (?:about|that|them))\b/,
  /\bcustomers (?:like you|your size|with a similar)\b|\b(?:most|many|a lot|some) of our customers\b|\bacross customers\b/,
  /\bI can (?:do|offer|give|waive|take|get you|get (?:it |that |you )?(?:down )?to)\b|\bi'll waive\b|\b(?:percent|%) off the\b/,
  /\blet me (?:show|share my screen)\b|\bi'm sharing my screen\b|\bthe demo tenant\b/,
  /\b(?:we'd|we would) be in the range\b|\bhere'?s how we price\b|\bwe price\b/,
  /\bour (?:proposal|price|list price) is\b|\b(?:is|at) [$€£¥]?[\d,.]+ (?:per|a) (?:vehicle|truck|user|seat|desk|license|licence|month)\b|\bone-time implementation fee\b|\bwe make [a-z ]+ (?:software|platform|tools?|dashcams|products?)\b|\bwe help [a-z ]+ (?:teams|companies|customers)\b/,
  /\byour data is (?:stored|hosted|kept|encrypted)\b|\bour (?:support staff|standard language|cost model|interface|sub-processor|data processing agreement|security (?:pack|overview|package))\b|\bwe (?:can switch|can add|can also|'d need|would need about|'ve built)\b/,
  // What-we-do statements: "we at Hexa do payroll for trades companies".
  /\bwe(?: at [a-z]+)? (?:do|make|build|sell|provide|offer|help|serve|work with) [a-z0-9 ,&'-]{2,50}?\bfor (?:[a-z-]+ ){0,3}(?:companies|teams|businesses|firms|fleets|customers|clinics|hospitals|practices|schools|districts|retailers|manufacturers|brands|organi[sz]ations|groups|agencies|wineries|hotels|restaurants|operators|contractors|distributors|banks|credit unions|insurers|carriers|shippers|labs|universities|trades)\b/,
  // Talking about the customer base: "customers usually land around", "for a group your size".
  /\b(?:customers|clients) (?:usually|typically|often|tend to|generally|normally)\b|\bfor (?:a|an) [a-z]+ (?:your|of your) size\b|\b(?:teams|companies|customers) like yours\b/,
  // Unit pricing is quoted by the vendor: "eleven dollars fifty per employee per month", "pricing is".
  /\bper (?:employee|user|seat|door|dock door|truck|vehicle|location|site|licen[cs]e|agent|member|bed|room|device|driver|clinician|provider|student|account) per (?:month|year)\b|\b(?:our )?pricing (?:is|starts|would be)\b|\bon price, it's\b/,
  // "our payments platform", "our claims software": a vendor's own product.
  /\bour [a-z-]+ (?:platform|product|solution|suite)\b/,
  // Comparing the buyer with the vendor's other customers: "most groups with six locations pay …".
  /\b(?:most|many|typical|similar) (?:groups|companies|customers|teams|clients|practices|firms|fleets|labs|schools|hotels|hospitals|wineries)\b/,
  // Discovery questions about the buyer's world: "how do you pay your crews today?", "are you looking at anything else?"
  /\bhow (?:do|are|does) (?:you|your [a-z]+) (?:handle|handling|manage|managing|track|tracking|pay|paying|do|run|process|plan|schedule|today)\b|\bare you (?:looking at|evaluating|talking to|using|considering) (?:anything|anyone|any other|other)\b|\bwhat (?:made|prompted) you\b|\bhave you (?:tried|looked at|used|considered|evaluated)\b|\bwhat does [a-z ]{2,30} look like (?:for you|today|on your side)\b/,
  // The vendor sends the paperwork: "I'll put together a phased proposal", "I'll send the revised order form".
  /\bi(?:'ll| will) (?:send|put together|prepare|draft|get you|have) (?:you |over )?(?:a|an|our|the|the revised|the updated|both|a revised|an updated) (?:[a-z-]+ ){0,2}(?:proposal|quote|order form|contract|agreement|redlines|pricing|deck|trial|sandbox)\b/,
  // Sales collateral goes from vendor to buyer: "I'll send over two case studies", "a recording of this demo".
  /\bi(?:'ll| will| can) (?:send|share|forward|email) (?:you |over |across )?(?:a |an |the |some |two |three |a few |a couple of )?(?:[a-z-]+ ){0,2}(?:case stud(?:y|ies)|references?|customer stories|recording|one-pager|brochure|datasheet|pilot (?:outline|plan)|onboarding plan|trial account)\b/,
  // Questions about how the buyer works now: "What are you billing through today?" ("how does your API … today?" is the buyer asking).
  /^(?:so,? |and,? |okay,? )?(?:what|how|who|which|where) (?:are|do) you\b[^?]{0,50}\b(?:today|currently|right now|at the moment|these days)\b[^?]*\?$/,
  // The vendor speaks of its market: "that's what we help gyms with", "chains like yours".
  /\b(?:what|who) we (?:help|serve|work with|fix|solve)\b|\bwe help [a-z-]+ (?:[a-z-]+ )?(?:with|to|cut|save|manage|run|track|get)\b|\b[a-z]+s like yours\b/,
];
/** Titles whose "of" names a unit ("Head of X", "VP of X", "Director of X"); a managing director or general manager "of X" runs the company. */
const FUNCTION_TITLE = /(?:^|\s)(?<!managing\s)(?<!general\s)(?:head|director|vp|svp|evp|vice president|manager|lead|supervisor|coordinator)$/i;
/** Titles that only the vendor side has in a sales call (a customer's support and renewals are handled by the vendor's people). */
export const SELLER_TITLE = /\b(?:account executive|account manager|account director|sales|solutions? engineer|solutions? architect|sales engineer|customer success|business development|bdr|sdr|csm|ae|partner manager|solutions? consultant|implementation (?:manager|lead|consultant)|onboarding (?:manager|specialist)|customer support|renewals?(?: manager| specialist| lead| director)|support escalation|escalation manager)\b/i;
/** Titles both sides have: they say nothing about the side. */
const EITHER_SIDE_TITLE = /\b(?:support|engineer|engineering|developer|architect|product|security|cto|data)\b/i;
const BUYER_CUES: RegExp[] = [
  /\bour (?:budget|board|counsel|lawyers|security team|it security team|ap team|vendors|suppliers|erp|auditors|procurement|finance team|employees|campus|fiscal year|cfo|ceo|cio|vp)\b/,
  /\bwe(?:'re| are|'ve been)? (?:looking at|piloting|evaluating|budgeting|considering|already piloting)\b|\bwe use\b|\bwe've talked to\b|\bwe looked at\b/,
  /\byour (?:product|platform|pricing|proposal|tool|range|quote|demo|rep|sync|roadmap|software|app|team's|number|materials|offer)\b/,
  /\b(?:they|you) quoted us\b|\bI need (?:something|a|to see|to understand)\b|\bmy (?:vp|cfo|ceo|boss|board)\b/,
  /\bwe have a (?:spending freeze|budget|hard requirement)\b|\bhard requirement\b|\bI can recommend\b|\bI'll be (?:honest|transparent|frank) with you\b/,
  /\b(?:quoted|offered) us\b|\bmy budget\b|\bwhat would (?:this|that|it) cost us\b|\bI won't pay\b|\bI need a better price\b|\bwe(?:'re| are) (?:seriously )?looking at (?:them|other)\b|\bevery (?:system|tool|vendor) we buy\b|\bour (?:drivers|trucks|fleet|planners|dispatchers|union|it team|it director|legal counsel|customers)\b/,
  // Their own organisation and people: "I own Marlpit", "our bookkeeper", "our EHR team", "our owners".
  /\bi (?:own|co-own|founded|co-founded)\b|\bour (?:owners?|controller|bookkeeper|front desk|crews?|staff|examiners|ehr|it group|it lead|tms|team would|coo|cto|managing partner)\b/,
  // Their size: "we've got sixty crew members", "we have eleven sites".
  /\bwe(?:'ve got| have| run| operate| employ)\s+(?:about |around |roughly |over |nearly )?[\w,-]+ (?:crew members|employees|people|sites|locations|stores|trucks|clinics|schools|agents|drivers|warehouses|doors|users|nurses|technicians|properties|buildings|tasting rooms)\b/,
  // Measuring the offer against their money: "that's more than we set aside / pay / spend".
  /\bmore than (?:we|what we|i) (?:set aside|pay|spend|planned|budgeted|expected|have)\b|\bhow (?:you're|you are) different\b|\bwhy (?:we'd|we would|i'd|i would) pay\b|\bmy (?:worry|concern) is\b|\bwe already (?:use|resell|run|have|pay)\b/,
  // The buyer asks the price: "what does that run?", "how much would it be for forty?"
  /\bwhat (?:does|would|will) (?:it|that|this) (?:cost|run|come to|be)\b|\bhow much (?:is|does|would|will) (?:it|that|this)\b|\bwhat(?:'s| is| would be) the (?:price|cost)\b/,
  // The buyer asks what the vendor does or who else uses it: "who else do you work with?", "does it connect to X?"
  /\bwho else (?:do you|uses)\b|\b(?:do|can) you (?:integrate|connect|work|sync) with\b|\b(?:does|would|will|can) (?:it|that|this|your [a-z]+) (?:integrate|connect|plug|sync|work with|talk to|handle)\b/,
  // What the buyer's business is: "we're a twelve-person web agency", "we run a small chain of gyms".
  /\bwe(?:'re| are) an? [a-z -]{0,30}?(?:agency|firm|practice|chain|business|company|clinic|school|college|district|shop|bakery|brewery|hotel|restaurant|nonprofit|charity|hospital|lab|studio|gym|distributor|manufacturer|retailer|carrier|group of [a-z]+)\b|\bwe (?:run|own|operate) an? [a-z -]{0,25}?(?:chain|business|company|practice|firm|agency|shop|network|group)\b/,
  // Pain in the first person: "our billing is a mess", "my guys hate typing".
  /\bour [a-z -]{1,25} (?:is|are) (?:a mess|a nightmare|broken|painful|a pain|all over the place|killing us)\b|\b(?:we|i|my (?:guys|team|people|staff)) (?:hate|can't stand)\b/,
];

interface OrgVote {
  org: string;
  speaker: string | null; // associated speaker, or null
  side: Side | 'other-of' | 'same-as';
  relTo: string | null; // speaker the side is relative to
  weight: number;
  /** Which kind of evidence (for the learned buyer chooser's features). */
  why: string;
}

export interface PeopleOptions {
  /** The learned company choosers (buyerModel.ts); null: the rules of companies.ts choose. */
  buyerModel?: BuyerModel | null;
  sellerModel?: BuyerModel | null;
  /** Whether a lower-case word is an everyday English word (a feature of the buyer's candidates). */
  everyday?: (word: string) => boolean;
  /** Whether a lower-case word is a first name or a place (the buyer's candidates keep such words off a name). */
  personOrPlace?: (word: string) => boolean;
  /** The meeting title the file stores: its capitalised runs may spell out a company's full name or name the other party. */
  title?: string | null;
}

export function analysePeople(sentences: Sentence[], speakers: string[], hints: ParticipantHint[], options: PeopleOptions = {}): PeopleResult {
  const { buyerModel = null, sellerModel = null, everyday, personOrPlace, title = null } = options;
  const speakerSet = new Set(speakers);
  const firstNames = new Map<string, string>(); // lower first name -> speaker label
  for (const sp of speakers) {
    const f = displayName(sp).split(/\s+/)[0]!.toLowerCase();
    if (!firstNames.has(f)) firstNames.set(f, sp);
  }
  const speakerOfName = (n: string): string | null => {
    const l = n.toLowerCase();
    for (const sp of speakers) if (sp.toLowerCase() === l || displayName(sp).toLowerCase() === l) return sp;
    return firstNames.get(l.split(/\s+/)[0]!) && l.split(/\s+/).length === 1 ? firstNames.get(l)! : null;
  };

  // ---- seller-ness score per speaker
  const score = new Map<string, number>(speakers.map((s) => [s, 0]));
  for (const s of sentences) {
    let v = 0;
    for (const re of SELLER_CUES) if (re.test(s.lower)) v += 1;
    for (const re of BUYER_CUES) if (re.test(s.lower)) v -= 1;
    score.set(s.speaker, (score.get(s.speaker) ?? 0) + v);
  }

  // ---- organisation votes from introductions
  const votes: OrgVote[] = [];
  const roles = new Map<string, string>(); // person name (display) -> role
  const mentioned = new Map<string, { side: Side | 'other-of' | 'same-as'; relTo: string; role: string | null; company: string | null }>();
  const present = new Set<string>(); // mentioned names said to be in the call
  const answered = new Set<string>(); // speakers who answered the phone for their company (they did not place the call)
  const introducedBySeller = new Map<string, string>(); // colleague name -> introducing speaker ("our X")
  const productVotes = new Map<string, number>(); // "the rollout of X", "the X application": the vendor's product
  const spokenDomains: { speaker: string; label: string }[] = []; // e-mail addresses said in the call

  const addVote = (rawOrg: string, speaker: string | null, side: OrgVote['side'], relTo: string | null, weight: number, why = 'introduction') => {
    const o = trimOrg(rawOrg);
    // "I'm with Finance": a department is never the company.
    if (!o || DEPARTMENTS.test(o)) return;
    if (speakerOfName(o) || [...speakerSet].some((sp) => displayName(sp) === o)) return;
    votes.push({ org: o, speaker, side, relTo, weight, why });
  };

  for (const s of sentences) {
    // "This is Dana from Acme." / "We at X …": a capitalised function word at the start reads as mid-sentence.
    const t = decapitalise(s.norm);
    const me = s.speaker;
    const myName = displayName(me);
    const myFirst = myName.split(/\s+/)[0]!;
    let m: RegExpExecArray | null;

    // "I'm Dana Whitfield, I'm an account executive here at Quorvane." / "this is Colin Marsh from Quorvane" / "Greg Paulsen with Tandemly"
    const selfIntro = rx('gu')`\\b(?:I'm|I am|this is|it's|my name is)\\s+(?:${escapeRe(myFirst)}[\\p{L} .'-]*?,?\\s+)?(?:(?:I'm|I am)\\s+)?(?:(?:the|a|an|your)\\s+)?((?:${ROLE_WORD}\\s+){0,6}?)(?:here\\s+|over\\s+)?(?:at|from|with|on the)\\s+${ORG_RE_SRC}`;
    let introduced = false;
    while ((m = selfIntro.exec(t))) {
      const o = m[2]!;
      const between = (m[1] ?? '').trim();
      const role = cleanRole(between);
      // "I'm on the train from Philadelphia" is not an introduction: only a title may stand between.
      if (between && !role) continue;
      if (role && !roles.has(myName)) roles.set(myName, role);
      addVote(unitOf(t, selfIntro.lastIndex, o).replace(/\s+side$/, ''), me, 'same-as', me, 3);
      introduced = true;
    }
    // "I'm Conrad Ashby, CFO of Mossgiel Beverage Distributors"
    if (!introduced) {
      const ofIntro = rx('gu')`\\b(?:I'm|I am|this is|my name is)\\s+${escapeRe(myFirst)}[\\p{L} .'-]*?,\\s+(?:(?:the|a|an)\\s+)?((?:${ROLE_WORD}\\s+){0,4}?${ROLE_WORD})\\s+of\\s+${ORG_RE_SRC}`;
      while ((m = ofIntro.exec(t))) {
        const role = cleanRole(m[1]!);
        if (!role) continue;
        if (FUNCTION_TITLE.test(m[1]!.trim())) {
          if (!roles.has(myName)) roles.set(myName, `${role} of ${m[2]}`.trim());
          continue;
        }
        if (!roles.has(myName)) roles.set(myName, role);
        addVote(m[2]!, me, 'same-as', me, 3);
      }
    }
    // "Devika Rao with Hexa", "Victor Nakashima, managing partner at Cobaltline Consulting"
    // "Kofi from Beaconware here", "it's Kofi from Beaconware".
    // "Jonas from the support team at Tillwell": a team in between, the company after it.
    const fromHere = rx('gu')`\\b${escapeRe(myFirst)}(?:\\s+\\p{Lu}\\p{L}+)?\\s+(?:here\\s+)?(?:from|with|at)\\s+(?:(?:the|our)\\s+(?:[a-z]+\\s+){1,3}(?:team|group|department|desk|office)\\s+(?:at|of)\\s+)?${ORG_RE_SRC}(?=\\s+here\\b|[,.!]|$)`;
    while ((m = fromHere.exec(t))) addVote(m[1]!, me, 'same-as', me, 3);
    // "Marcus Feeney here, HR director at Pelican Home Health", "Hamid Qureshi, facilities director for Stonebridge Academies".
    const nameWith = rx('gu')`\\b${escapeRe(myName)},?\\s+(?:here,?\\s+)?(?:(?:the|a|an)\\s+)?((?:${ROLE_WORD}\\s+){0,5}?)(?:here\\s+)?(?:with|from|at|over at|for|of)\\s+${ORG_RE_SRC}`;
    while ((m = nameWith.exec(t))) {
      // "of" only after a title ("co-founder of X"), never "Ana Lima of course".
      if (m[0].includes(' of ') && !cleanRole(m[1] ?? '')) continue;
      // "Head of Operations Control", "Director of Network Operations": after a functional title, "of" names a unit, not the company.
      if (/\sof\s/.test(m[0]) && !/\s(?:with|from|at|for)\s/.test(m[0]) && FUNCTION_TITLE.test((m[1] ?? '').trim())) continue;
      // The title said between the name and the company is this speaker's title ("Ana Lima, account executive at X").
      const role = cleanRole(m[1] ?? '');
      if (role && !roles.has(myName)) roles.set(myName, role);
      addVote(m[2]!, me, 'same-as', me, 3);
    }
    // "Ana Lima, procurement manager." / "Hi Jo, Ana Lima, procurement manager." — a sentence that is only the speaker's own name and title states the title.
    const nameTitle = rx('u')`^(?:(?:[Hh]i|[Hh]ello|[Hh]ey|[Mm]orning|[Gg]ood (?:morning|afternoon)|[Yy]es|[Yy]eah|[Ss]ure|[Tt]hanks)\\b[^,.!?]{0,25},\\s+)?${escapeRe(myName)},\\s+(?:(?:the|a|an|your)\\s+)?((?:${ROLE_WORD}\\s+){0,5}?${ROLE_WORD})[.!]?$`.exec(t);
    if (nameTitle) {
      const role = cleanRole(nameTitle[1]!);
      if (role && !roles.has(myName)) roles.set(myName, role);
    }
    // Answering the phone: "Oakum Marine, this is Jess, how can I help?" — the company answering is the speaker's.
    const answer = rx('u')`^${ORG_RE_SRC},\\s+(?:this is|you're speaking (?:to|with)|[\\p{Lu}][\\p{L}]+ speaking)\\b`.exec(s.norm);
    // ("Hi Marty, this is Nia" is a greeting, not a company answering.)
    if (answer && isNameWord(answer[1]!.split(/\s+/)[0]!) && s.index === sentences.findIndex((x) => x.speaker === me)) {
      addVote(answer[1]!, me, 'same-as', me, 3, 'answer');
      answered.add(me);
    }
    // "I'm the account manager on the Quorvane side"
    const sideIntro = rx('gu')`\\bon the\\s+${ORG_RE_SRC}\\s+side\\b`;
    while ((m = sideIntro.exec(t))) addVote(m[1]!, me, 'same-as', me, 3, 'side of');
    // "here at Quorvane", "our quarter here at Quorvane"
    // Sentence-initial "We at Fenwick & Daughters make …" counts as much as a mid-sentence one.
    // "From our side at Parcelwise", "on our end at X": the speaker's own company.
    const hereAt = rx('gu')`\\b(?:[Hh]ere at|[Ww]e at|us at|[Oo]ver here at|[Ww]e're at|[Oo]ur (?:side|end|team|company|folks|people)\\s+(?:here\\s+|over\\s+)?at)\\s+${ORG_RE_SRC}`;
    while ((m = hereAt.exec(t))) addVote(m[1]!, me, 'same-as', me, 2, 'here at');
    // "your team at Halyard Logistics", "everyone over at Tidewater": the other side's company.
    const yourAt = rx('gu')`\\b(?:[Yy]our (?:team|folks|people|colleagues|company|side|group|organi[sz]ation)|[Yy]ou (?:guys|all|folks))\\s+(?:over\\s+)?at\\s+${ORG_RE_SRC}`;
    while ((m = yourAt.exec(t))) addVote(m[1]!, null, 'other-of', me, 3, 'your at');
    // An address said aloud: "send it to fcosta@brambleway.example" — a speaker's own mailbox names their company.
    const mail = /\b[\w.+-]+@([a-z0-9-]+)\.[a-z.]{2,}\b/gi;
    while ((m = mail.exec(t))) if (/\b(?:me|my|i|our)\b/i.test(t)) spokenDomains.push({ speaker: me, label: m[1]!.toLowerCase() });
    // "I lead the AP team at Vandelay Industries", "I run finance for X"
    // "I'm in Field Operations at Crestmoor", "I look after your account at Northbeam": the org after the department or duty.
    const iWork = rx('gu')`\\bI(?:'m| am| (?:lead|run|manage|head|head up|work|own|co-own|founded|look after|handle|cover|oversee|support))\\b[^.?!]{0,60}?\\b(?:at|for|with)\\s+${ORG_RE_SRC}`;
    while ((m = iWork.exec(t))) addVote(unitOf(t, iWork.lastIndex, m[1]!), me, 'same-as', me, 2, 'i work');
    // "I own Marlpit Construction": an owner speaks for that company.
    // "My family runs Hollis Bakery", "we own X", "my wife and I started X": a business the speaker's own people run.
    const iOwn = rx('gu')`\\b(?:I|[Mm]y (?:family|wife and I|husband and I|partner and I|brother and I|sister and I|dad|father|mum|mom|mother|parents)|[Ww]e)\\s+(?:own|owns|co-own|founded|co-founded|started|run|runs)\\s+${ORG_RE_SRC}`;
    while ((m = iOwn.exec(t))) addVote(m[1]!, me, 'same-as', me, 3, 'i own');
    // "I've got Felix Brandt from our support team on the line", "joining me is Theo": a colleague, same side.
    const colleague = rx('gu')`\\b(?:I've got|I have|I brought|joining (?:me|us)(?: today)? (?:is|are)|with me (?:today )?is|I'm joined by)\\s+${COLLEAGUE}(\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?)`;
    while ((m = colleague.exec(t))) {
      const sp = speakerOfName(cleanName(m[1]!));
      if (sp && sp !== me && !introducedBySeller.has(sp)) introducedBySeller.set(sp, me);
    }
    // Announced as in the call though they never speak: "Imogen Tsai from our IT group is on the line too",
    // "Kim's listening in", "I've got Theo with me", "joining us is Kim". A name only talked about is not present.
    for (const re of PRESENT) {
      re.lastIndex = 0;
      while ((m = re.exec(t))) {
        const n = cleanName(m[1]!);
        // An acronym ("ICT is on the call") is a team, not a person.
        if (!isNameWord(n.split(/\s+/)[0]!) || speakerOfName(n) || INFRA.has(n) || DEPARTMENTS.test(n) || /^\p{Lu}+$/u.test(n)) continue;
        if (!mentioned.has(n)) mentioned.set(n, { side: /\byour\b/i.test(m[0]) ? 'other-of' : 'same-as', relTo: me, role: null, company: null });
        present.add(n);
      }
    }
    // "Maria, you're the controller at Northwind Traders"
    const youAt = rx('gu')`\\byou(?:'re| are)\\s+(?:the|a|an)?\\s*((?:${ROLE_WORD}\\s+){0,5}?)(?:at|from|with)\\s+${ORG_RE_SRC}`;
    while ((m = youAt.exec(t))) {
      addVote(m[2]!, null, 'other-of', me, 3, 'you are at');
      const voc = /^(?:\w+[,:]?\s+)*?(\p{Lu}\p{L}+),\s+you(?:'re| are)/u.exec(t.slice(0, m.index + 12));
      const role = cleanRole(m[1] ?? '');
      const who = voc?.[1] ? speakerOfName(voc[1]) : null;
      if (role && who && !roles.has(displayName(who))) roles.set(displayName(who), role);
    }
    // "Is anyone else from Initech joining"
    const fromJoin = rx('gu')`\\b(?:anyone|anybody|someone|people|folks|else)\\s+(?:else\\s+)?from\\s+${ORG_RE_SRC}`;
    while ((m = fromJoin.exec(t))) addVote(m[1]!, null, 'other-of', me, 2, 'from join');
    // "Globex's setup", "Hooli's Austin campus" — the account under discussion
    const poss = rx('gu')`${ORG_RE_SRC}'s\\s+(?:setup|team|campus|office|offices|AP|finance|process|renewal|account|contract|business|rollout|workflow|books|headquarters|IT|security|legal|board|budget|CFO|VP|employees|vendors|invoices|entities|${CAP})`;
    while ((m = poss.exec(t))) addVote(m[1]!, null, 'other-of', null, 1, 'possessive');
    // "I saw Pied Piper just closed its Series B"
    const news = rx('gu')`${ORG_RE_SRC}\\s+(?:just\\s+)?(?:closed|raised|announced|acquired|launched|opened|hired|went public|IPO'd)\\b`;
    while ((m = news.exec(t))) {
      if (m.index === 0) continue;
      addVote(m[1]!, null, 'other-of', me, 2, 'news');
    }
    // "the Fjällström Logistik rollout", "Umbrella Canada"
    const orgy = rx('gu')`${ORG_RE_SRC}`;
    while ((m = orgy.exec(t))) {
      const o = trimOrg(m[1]!);
      if (o && ORG_SUFFIX.test(o) && o.split(/\s+/).length >= 2) addVote(o, null, 'unknown', null, 1, 'suffix');
    }

    for (const product of [
      rx('gu')`\\b(?:rollout|roll-out|implementation|deployment|instance|tenant|version|licen[cs]e|subscription) of ${ORG_RE_SRC}`,
      rx('gu')`${ORG_RE_SRC}\\s+(?:application|platform|tenant|instance|subscription|licen[cs]es?|account)\\b`,
    ]) {
      while ((m = product.exec(t))) {
        const o = trimOrg(m[1]!);
        if (o && !o.split(/\s+/).some((w) => INFRA.has(w))) productVotes.set(o, (productVotes.get(o) ?? 0) + 1);
      }
    }
    // Colleague / mentioned person with a role:
    // "I've got Theo Marchetti with me, he's our solutions engineer here at Quorvane"
    // "our CFO, Gary Lindholm", "Sandra Whitcombe, our VP of Finance", "my VP, Tom Brannigan"
    const nameRe = "(\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?)";
    const roleAfter = rx('gu')`${nameRe}(?:\\s+with me)?,\\s+(?:(?:he's|she's|they're|who's|who is|he is|she is|is)\\s+)?(our|my|your|their|the)\\s+((?:${ROLE_WORD}\\s+){0,5}?${ROLE_WORD})(?=[,.;!?]|\\s+(?:here|at|who|and|on|since|for|is|has|signs|will|would)\\b|$)(?:\\s+(?:here\\s+)?at\\s+${ORG_RE_SRC})?`;
    while ((m = roleAfter.exec(t))) {
      const person = cleanName(m[1]!);
      const role = cleanRole(m[3]!);
      if (!role || !isNameWord(person.split(/\s+/)[0]!)) continue;
      // Round 13: "Ottilie from Hematite Trace, your customer success manager": the run after "from" is the speaker's
      // company and the title is the speaker's, not a person called "Hematite Trace".
      if (/\b(?:from|at)\s+$/.test(t.slice(Math.max(0, m.index - 6), m.index))) {
        if (m[2] !== 'our' && m[2] !== 'their' && !roles.has(myName)) roles.set(myName, role);
        continue;
      }
      // "Procurement, the CEO?" — with "the", only a full name is trusted to be a person.
      if (m[2] === 'the' && person.split(/\s+/).length < 2 && !speakerOfName(person)) continue;
      recordPerson(person, m[2]!.toLowerCase(), role, m[4] ? trimOrg(m[4]) : null);
    }
    const roleBefore = rx('gu')`\\b([Oo]ur|[Mm]y|[Yy]our|[Tt]heir|the)\\s+((?:${ROLE_WORD}\\s+){0,4}?${ROLE_WORD}),\\s+${nameRe}\\b`;
    while ((m = roleBefore.exec(t))) {
      const role = cleanRole(m[2]!);
      const person = cleanName(m[3]!);
      if (!role || !isNameWord(person.split(/\s+/)[0]!)) continue;
      if (m[1] === 'the' && person.split(/\s+/).length < 2) continue;
      recordPerson(person, m[1]!.toLowerCase(), role, null);
    }
    // "As Group Financial Controller, I want ..." / "as VP of Finance I should" / "My job as Workplace Experience Manager"
    const asRole = rx('gu')`\\b[Aa]s (?:the |your |a |an |our )?((?:${ROLE_WORD}\\s+){0,5}?${ROLE_WORD})(?:\\s+at\\s+${ORG_RE_SRC})?,?\\s+(?:I|I'm|I've|I'd|I'll|is|you've|you)\\b`;
    while ((m = asRole.exec(t))) {
      const role = cleanRole(m[1]!);
      if (!role) continue;
      // "Gwen, as director of fleet operations at Pemberton, you've been with us …": the addressee's title.
      const forYou = /\byou(?:'ve)?$/.test(m[0]);
      if (forYou) {
        const voc = /^(?:\w+[,:]?\s+)*?(\p{Lu}\p{L}+),\s+as\b/u.exec(t.slice(0, m.index + 4));
        const who = voc?.[1] ? speakerOfName(voc[1]) : null;
        if (who && !roles.has(displayName(who))) roles.set(displayName(who), role);
        if (m[2]) addVote(m[2], null, 'other-of', me, 3, 'your title');
        continue;
      }
      if (!roles.has(myName)) roles.set(myName, role);
      if (m[2]) addVote(m[2], me, 'same-as', me, 3);
    }
    // "Gil is our transportation manager", "Mathilde, you're the CFO"
    const isOur = rx('gu')`(\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?)\\s+(?:is|'s)\\s+(our|my|your|the)\\s+((?:${ROLE_WORD}\\s+){0,4}?${ROLE_WORD})(?=[,.;!?]|\\s+(?:here|at|who|and|on|so|since|for)\\b|$)`;
    while ((m = isOur.exec(t))) {
      const person = cleanName(m[1]!);
      const role = cleanRole(m[3]!);
      if (!role || !isNameWord(person.split(/\s+/)[0]!)) continue;
      recordPerson(person, m[2]!.toLowerCase(), role, null);
    }
    const youRole = rx('gu')`(\\p{Lu}\\p{L}+),\\s+you(?:'re| are)\\s+(?:the\\s+|a\\s+|an\\s+|our\\s+)?((?:${ROLE_WORD}\\s+){0,5}?${ROLE_WORD})(?=[,.;!?]|\\s+(?:at|of|for|here|and|right|correct)\\b|$)(?:\\s+(?:at|of)\\s+${ORG_RE_SRC})?`;
    while ((m = youRole.exec(t))) {
      const who = speakerOfName(m[1]!);
      const role = cleanRole(m[2]!);
      if (!who || !role) continue;
      if (!roles.has(displayName(who))) roles.set(displayName(who), role);
      if (m[3]) addVote(m[3], null, 'other-of', me, 3, 'your title');
    }
    // "I'm the controller" / "I'm an account executive" without a company
    // "I've been your account manager for a year" states a title as much as "I'm your account manager".
    const imRole = rx('gu')`\\b(?:I'm|I am|I've been|I have been)\\s+(?:the|a|an|your)\\s+((?:${ROLE_WORD}\\s+){0,5}?${ROLE_WORD})(?=[,.;!?]|\\s+(?:here|at|on|for|and|with)\\b|$)`;
    while ((m = imRole.exec(t))) {
      const role = cleanRole(m[1]!);
      if (role && !roles.has(myName)) roles.set(myName, role);
    }
    // Answer to "you run AP?" — "AP supervisor, yes."
    if (s.index > 0) {
      const r = rx('iu')`^((?:${ROLE_WORD}\\s+){0,3}${ROLE_WORD}),\\s+(?:yes|yeah|yep|correct|that's right)\\b`.exec(t);
      const prev = sentences[s.index - 1];
      if (r && prev && prev.speaker !== me && /\byou\b/.test(prev.lower)) {
        const role = cleanRole(r[1]!);
        if (role && !roles.has(myName)) roles.set(myName, role);
      }
    }
    // "I lead the AP team" -> "leads the AP team" (the call's own words, third person)
    const lead = /\bI (lead|run|manage|head up|head) (the [A-Za-z&/ ]{2,30}? team)\b/.exec(t);
    if (lead && !roles.has(myName)) roles.set(myName, `${lead[1] === 'head up' ? 'heads up' : lead[1] + 's'} ${lead[2]}`);
    // "Hi Elliot, this is ..." addressed person who never speaks
    const hi = /^(?:hi|hey|hello|good (?:morning|afternoon)),?\s+(\p{Lu}\p{L}+)\b/iu.exec(t);
    if (hi && !speakerOfName(hi[1]!) && isNameWord(hi[1]!)) {
      const n = hi[1]!;
      if (!mentioned.has(n)) mentioned.set(n, { side: 'other-of', relTo: me, role: null, company: null });
    }
    // "<Name> signs", "introduce me to Gordon", "ask Kevin"
    const signs = /\b(\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?)\s+(?:signs|approves|decides|has a veto|will sign|would sign|reviews and signs)\b/gu;
    while ((m = signs.exec(t))) {
      const n = cleanName(m[1]!);
      if (isNameWord(n.split(/\s+/)[0]!) && !speakerOfName(n) && !mentioned.has(n)) mentioned.set(n, { side: 'same-as', relTo: me, role: null, company: null });
    }
    const intro = /\b(?:introduce|connect|loop)\s+(?:me|you|us|them)\s+(?:to|with|in with)\s+(\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)?)\b|\b(?:ask|check with|confirm with|talk to|speak to|call|email|show)\s+(\p{Lu}\p{L}+)\b(?!\s*\p{Lu})/gu;
    while ((m = intro.exec(t))) {
      const n = cleanName(m[1] ?? m[2]!);
      if (!isNameWord(n.split(/\s+/)[0]!) || speakerOfName(n) || mentioned.has(n) || INFRA.has(n)) continue;
      mentioned.set(n, { side: /\b(?:your|you)\b/.test(t) ? 'other-of' : 'same-as', relTo: me, role: null, company: null });
    }

    function recordPerson(person: string, possessive: string, role: string, company: string | null) {
      const sp = speakerOfName(person);
      const side: Side | 'other-of' | 'same-as' = possessive === 'your' ? 'other-of' : possessive === 'our' || possessive === 'my' ? 'same-as' : 'unknown';
      if (sp) {
        const dn = displayName(sp);
        if (!roles.has(dn)) roles.set(dn, role);
        if (side === 'same-as') introducedBySeller.set(sp, me);
        if (company) addVote(company, sp, 'same-as', sp, 2, 'colleague');
        return;
      }
      const prev = mentioned.get(person);
      if (!prev || !prev.role) mentioned.set(person, { side, relTo: me, role, company });
    }
  }

  // ---- titles: a vendor title ("account executive", "solutions engineer") is the strongest side signal we have
  for (const sp of speakers) {
    const role = roles.get(displayName(sp)) ?? hints.find((h) => h.name === sp || displayName(h.name) === displayName(sp))?.role ?? null;
    if (!role) continue;
    // Support and engineering titles sit on either side (the vendor's VP of support, the buyer's platform engineer): no lean.
    score.set(sp, (score.get(sp) ?? 0) + (SELLER_TITLE.test(role) ? 6 : EITHER_SIDE_TITLE.test(role) ? 0 : -2));
  }
  // "Sam Ode, our solutions consultant, is here too": whoever calls a vendor title "ours" is on the vendor side.
  for (const info of mentioned.values()) if (info.side === 'same-as' && info.role && SELLER_TITLE.test(info.role) && speakerSet.has(info.relTo)) score.set(info.relTo, (score.get(info.relTo) ?? 0) + 3);

  // ---- e-mail domains from hints
  const hintOf = new Map<string, ParticipantHint>();
  for (const h of hints) {
    const sp = speakerOfName(h.name) ?? h.name;
    hintOf.set(sp, h);
  }
  const candidateOrgs = new Set(votes.map((v) => v.org));
  const domainOrg = (email: string | null | undefined): string | null => {
    if (!email) return null;
    const domain = email.split('@')[1]?.toLowerCase();
    if (!domain) return null;
    const label = domain.split('.')[0]!.split('-')[0]!;
    if (label.length < 3 || /^(?:gmail|outlook|hotmail|yahoo|icloud|mail|proton|protonmail|aol|live|me)$/.test(label)) return null;
    // "tidewaterlibrary" is "Tidewater Library": compare without spaces or punctuation.
    for (const o of candidateOrgs) if (companyKey(o).startsWith(label)) return o;
    // The name may only appear inside a longer capitalised phrase ("Umbrella Canada"): use the matching word.
    for (const s of sentences) {
      const m = rx('i')`\\b(${escapeRe(label)})\\b`.exec(s.norm);
      if (m && /^\p{Lu}/u.test(m[1]!)) return m[1]!;
    }
    return null;
  };
  const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
  // "larchmonthealth" is "Larchmont Health": a domain runs the words of the name together; split off a common last word.
  const DOMAIN_TAIL = /^([a-z]{3,}?)(health|healthcare|dental|medical|clinic|labs?|bank|foods?|group|college|school|schools|university|logistics|freight|systems|tech|motors|energy|insurance|mutual|capital|partners|builders|construction|hotels?|brewing|bakery|farms?|studios?|media|design|legal|law|academy|academies|homes?|library|realty|consulting|software|solutions|services|industries|supply|outdoor|pharma|bio|biologics|retail|travel)$/;
  const bareDomain = (label: string): string | null => {
    if (/^(?:gmail|outlook|hotmail|yahoo|icloud|mail|proton|protonmail|aol|live|me)$/.test(label) || label.length < 3) return null;
    const m = DOMAIN_TAIL.exec(label);
    return m ? `${cap(m[1]!)} ${cap(m[2]!)}` : cap(label);
  };
  // A mailbox said aloud names the speaker's company; with no other mention, the domain itself ("brambleway" → "Brambleway").
  for (const d of spokenDomains) {
    if (hintOf.get(d.speaker)?.email) continue;
    const o = domainOrg(`x@${d.label}.x`) ?? bareDomain(d.label);
    if (o) votes.push({ org: o, speaker: d.speaker, side: 'same-as', relTo: d.speaker, weight: 2, why: 'e-mail' });
  }
  for (const [sp, h] of hintOf) {
    const o = domainOrg(h.email);
    if (o) votes.push({ org: o, speaker: sp, side: 'same-as', relTo: sp, weight: 3, why: 'e-mail' });
    // A mailbox whose company the call never names: the domain is the only evidence, so it counts only for a speaker with no other.
    else if (h.email && !votes.some((v) => v.relTo === sp && v.side === 'same-as')) {
      const d = bareDomain(h.email.split('@')[1]?.toLowerCase().split('.')[0]?.split('-')[0] ?? '');
      if (d) votes.push({ org: d, speaker: sp, side: 'same-as', relTo: sp, weight: 1, why: 'e-mail' });
    }
    if (h.company) votes.push({ org: h.company, speaker: sp, side: 'same-as', relTo: sp, weight: 5, why: 'company field' });
  }

  // ---- sides
  const side = new Map<string, Side>();
  for (const sp of speakers) {
    const h = hintOf.get(sp);
    if (h?.side === 'seller' || h?.side === 'buyer') side.set(sp, h.side);
  }
  // Orgs spoken of in the first person by a speaker belong to that speaker.
  const orgOfSpeaker = new Map<string, Map<string, number>>();
  for (const v of votes) {
    if (v.side === 'same-as' && v.relTo && speakerSet.has(v.relTo)) {
      const m = orgOfSpeaker.get(v.relTo) ?? new Map<string, number>();
      m.set(v.org, (m.get(v.org) ?? 0) + v.weight);
      orgOfSpeaker.set(v.relTo, m);
    }
  }
  // Seller org: the first-person org of the most seller-ish speakers.
  const orgSellerScore = new Map<string, number>();
  const orgBuyerScore = new Map<string, number>();
  for (const [sp, m] of orgOfSpeaker) {
    for (const [o, w] of m) {
      const hs = side.get(sp);
      const sc = hs === 'seller' ? 100 : hs === 'buyer' ? -100 : score.get(sp) ?? 0;
      if (sc > 0) orgSellerScore.set(o, (orgSellerScore.get(o) ?? 0) + w * (1 + sc));
      // A speaker with no lean yet ("I'm Wren from Lintel." and a question) is not a buyer: their company waits for the sides.
      else if (sc < 0) orgBuyerScore.set(o, (orgBuyerScore.get(o) ?? 0) + w * (1 - sc));
    }
  }
  for (const v of votes) {
    if (v.side === 'other-of' && v.relTo && speakerSet.has(v.relTo)) {
      const sc = side.get(v.relTo) === 'seller' ? 100 : side.get(v.relTo) === 'buyer' ? -100 : score.get(v.relTo) ?? 0;
      if (sc >= 0) orgBuyerScore.set(v.org, (orgBuyerScore.get(v.org) ?? 0) + v.weight * 2);
      else orgSellerScore.set(v.org, (orgSellerScore.get(v.org) ?? 0) + v.weight);
    } else if (v.side === 'other-of' || v.side === 'unknown') {
      orgBuyerScore.set(v.org, (orgBuyerScore.get(v.org) ?? 0) + v.weight * 0.5);
    }
  }
  // Two speakers each introduced with their own company and no cue said who sells: seller-ness is relative —
  // the more vendor-like of them sells, and on a tie the one who opened the call (reps open the calls they booked).
  if (!orgSellerScore.size) {
    const owners = speakers.filter((sp) => orgOfSpeaker.has(sp) && !side.has(sp));
    const orgsOf = (sp: string) => [...orgOfSpeaker.get(sp)!.keys()];
    const distinct = owners.filter((sp) => !owners.some((o) => o !== sp && orgsOf(o).some((x) => orgsOf(sp).includes(x))));
    // One speaker with an own company who names the other side's ("your team at Harrow Mills") is that other side's counterpart.
    const addresser = owners.find((sp) => votes.some((v) => v.side === 'other-of' && v.relTo === sp && !orgsOf(sp).includes(v.org)));
    if (distinct.length >= 2 || addresser) {
      // Whoever answered the phone for their company was called: they are not the opener.
      const opener = (sp: string) => (answered.has(sp) ? speakers.length : 0) + speakers.indexOf(sp);
      const top = distinct.length >= 2 ? [...distinct].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || opener(a) - opener(b))[0]! : addresser!;
      for (const [o, w] of orgOfSpeaker.get(top)!) {
        orgSellerScore.set(o, (orgSellerScore.get(o) ?? 0) + w);
        orgBuyerScore.delete(o);
      }
    }
  }
  // Full names for people first mentioned by first name ("introduce me to Gordon" … "Gordon Aiello").
  for (const [n, info] of [...mentioned]) {
    if (n.includes(' ')) continue;
    for (const s of sentences) {
      const fm = rx('u')`\\b${escapeRe(n)}\\s+(\\p{Lu}\\p{L}+)\\b`.exec(s.norm);
      if (fm && isNameWord(fm[1]!) && !INFRA.has(fm[1]!) && !ORG_SUFFIX.test(fm[1]!)) {
        const full = `${n} ${fm[1]}`;
        mentioned.delete(n);
        if (!mentioned.has(full)) mentioned.set(full, info);
        if (present.has(n)) present.add(full);
        break;
      }
    }
  }
  const people = new Set<string>();
  for (const n of mentioned.keys()) {
    people.add(n);
    people.add(n.split(/\s+/)[0]!);
  }
  // A one-word name the call addresses people by ("That, Steph, is your part", "do yours next, Steph.") is a person, not a company
  // (a sign-off after a name, "Nia Faulkner, Lanternfly.", is not an address).
  const addressed = (o: string): boolean =>
    !o.includes(' ') && sentences.some((x) => rx('u')`(?:^|,\\s+)${escapeRe(o)},\\s|\\b[a-z][\\w']*,\\s+${escapeRe(o)}[.?!]$`.test(x.norm));
  const best = (m: Map<string, number>, exclude: string | null): string | null => {
    let b: string | null = null;
    let bs = 0;
    for (const [o, s] of m) {
      if (exclude && (o === exclude || o.startsWith(exclude + ' ') || exclude.startsWith(o + ' '))) continue;
      if (people.has(o) || people.has(o.split(/\s+/)[0]!) || addressed(o)) continue;
      if (s > bs) {
        b = o;
        bs = s;
      }
    }
    return b;
  };
  let sellerCompany = best(orgSellerScore, null);
  let buyerCompany = best(orgBuyerScore, sellerCompany);
  if (!sellerCompany && buyerCompany) sellerCompany = best(orgSellerScore, buyerCompany);
  // No introduction named the vendor: the product being rolled out / renewed is the vendor's name.
  if (!sellerCompany) sellerCompany = best(productVotes, buyerCompany);
  if (buyerCompany && sellerCompany && buyerCompany === sellerCompany) buyerCompany = null;

  // Speakers whose own org is the seller's / buyer's company.
  for (const sp of speakers) {
    if (side.has(sp)) continue;
    const m = orgOfSpeaker.get(sp);
    if (m && sellerCompany && m.has(sellerCompany)) side.set(sp, 'seller');
    else if (m && buyerCompany && m.has(buyerCompany)) side.set(sp, 'buyer');
  }
  // Colleagues: "I've got Tomasz with me, our solutions engineer" puts both on one side, whichever is known.
  for (let pass = 0; pass < 2; pass++) {
    for (const [sp, by] of introducedBySeller) {
      if (!side.has(sp) && side.has(by)) side.set(sp, side.get(by)!);
      else if (side.has(sp) && !side.has(by) && speakerSet.has(by)) side.set(by, side.get(sp)!);
    }
    if (pass === 0) {
      // titles decide before the cue score does
      for (const sp of speakers) {
        if (side.has(sp)) continue;
        const role = roles.get(displayName(sp)) ?? hintOf.get(sp)?.role ?? null;
        if (role && SELLER_TITLE.test(role)) side.set(sp, 'seller');
      }
    }
  }
  // The rest by score.
  const byScore = new Set<string>();
  for (const sp of speakers) {
    if (side.has(sp)) continue;
    const sc = score.get(sp) ?? 0;
    if (sc > 0) side.set(sp, 'seller');
    else if (sc < 0) side.set(sp, 'buyer');
    if (sc !== 0) byScore.add(sp);
  }
  // A colleague someone brought ("I've got Ahmed, one of our engineers, joining") sits on that person's side:
  // stronger than the colleague's own few words, which the score read.
  for (const [sp, by] of introducedBySeller) if ((byScore.has(sp) || !side.has(sp)) && side.has(by) && !byScore.has(by)) side.set(sp, side.get(by)!);
  // A lone speaker (a voicemail) recorded by a sales tool is the rep.
  if (speakers.length === 1 && !side.has(speakers[0]!) && (score.get(speakers[0]!) ?? 0) >= 0) side.set(speakers[0]!, 'seller');
  // Round 11: no cue, title or company placed anyone (a renewal that opens "It's Ada from Tornvik", where the one
  // company named could be either side's): the one who opened the call placed it and sells — unless they answered
  // for their company. The side check below may still swap the two groups.
  if (speakers.length >= 2 && !hints.some((h) => h.side) && speakers.every((sp) => !side.has(sp))) {
    const caller = speakers.find((sp) => !answered.has(sp));
    if (caller) side.set(caller, 'seller');
  }
  const undecided = speakers.filter((sp) => !side.has(sp));
  const hasSeller = speakers.some((sp) => side.get(sp) === 'seller');
  const hasBuyer = speakers.some((sp) => side.get(sp) === 'buyer');
  for (const sp of undecided) {
    if (hasSeller) side.set(sp, 'buyer');
    else if (hasBuyer) side.set(sp, 'seller');
    else side.set(sp, 'unknown');
  }
  // A conversation has two sides: if every speaker ended up on one, the most seller-ish one sells.
  if (speakers.length >= 2 && !hints.some((h) => h.side)) {
    const sides = new Set(speakers.map((sp) => side.get(sp)));
    if (sides.size === 1 && sides.has('buyer')) {
      const top = [...speakers].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0))[0]!;
      if ((score.get(top) ?? 0) > 0) side.set(top, 'seller');
    } else if (sides.size === 1 && sides.has('seller')) {
      const low = [...speakers].sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0))[0]!;
      side.set(low, 'buyer');
    }
  }

  // Sides are settled; a side still without a company takes the org its own speakers introduced themselves with.
  const ownOrgOf = (sd: Side, exclude: string | null): string | null => {
    const tally = new Map<string, number>();
    for (const [sp, m] of orgOfSpeaker) if (side.get(sp) === sd) for (const [o, w] of m) tally.set(o, (tally.get(o) ?? 0) + w);
    return best(tally, exclude);
  };
  if (!sellerCompany) sellerCompany = ownOrgOf('seller', buyerCompany);
  if (sellerCompany && buyerCompany === sellerCompany) buyerCompany = null;
  if (!buyerCompany) buyerCompany = ownOrgOf('buyer', sellerCompany);
  // A buyer company that only the seller's own people claim is the seller's, not the buyer's.
  if (buyerCompany && !sellerCompany && [...orgOfSpeaker].some(([sp, m]) => side.get(sp) === 'seller' && m.has(buyerCompany!)) && ![...orgOfSpeaker].some(([sp, m]) => side.get(sp) === 'buyer' && m.has(buyerCompany!))) {
    sellerCompany = buyerCompany;
    buyerCompany = ownOrgOf('buyer', sellerCompany);
  }

  // ---- companies: every claim weighed once sides are settled (companies.ts); a weak or filtered best is null.
  const claims: SpeakerClaim[] = [...framingClaims(sentences)];
  const loose: LooseMention[] = [];
  for (const v of votes) {
    if ((v.side === 'same-as' || v.side === 'other-of') && v.relTo && speakerSet.has(v.relTo)) claims.push({ org: v.org, speaker: v.relTo, rel: v.side === 'same-as' ? 'own' : 'other', weight: v.weight, why: v.why });
    // A name only mentioned ("Globex's setup", "Acme Logistics") says nothing about its side: no claim (rivals and partners are named too).
    else loose.push({ org: v.org, why: v.why });
  }
  const companiesIntroduced = !!(sellerCompany || buyerCompany);
  const introBuyer = buyerCompany;
  const choice = chooseCompanies(claims, [], side, people, { seller: sellerCompany, buyer: buyerCompany });
  sellerCompany = choice.sellerCompany;
  buyerCompany = choice.buyerCompany;
  // The rules above generate the buyer's candidates and describe them; with a learned model, it chooses among them.
  const speakerWords = new Set(speakers.flatMap((sp) => displayName(sp).split(/\s+/)));
  // A run that ends in a speaker's or a named person's name is a greeting or a reference to them ("Hej Zoë", "CIO Arjun
  // Mehta"): companies named after people end in a business word ("Mehta Logistics").
  const isPerson = (n: string) => {
    const words = n.split(/\s+/);
    const last = words[words.length - 1]!;
    return people.has(n) || speakerSet.has(n) || speakerWords.has(last) || people.has(last);
  };
  const allMentions = orgMentions(sentences);
  const mentions = allMentions.filter((m) => !isPerson(m.org));
  const evidence = { sentences, claims, loose, sideOf: side, people, rulesBuyer: buyerCompany, introBuyer, tally: choice.tally, mentions, everyday, personOrPlace };
  let candidates = buyerCandidates({ ...evidence, seller: sellerCompany });
  const rulesBuyer = buyerCompany;
  const rulesSeller = sellerCompany;
  // The seller first (the buyer's candidates say which of them is the seller), then the buyer, never the same.
  if (sellerModel) sellerCompany = decideCompany('seller', sellerModel, candidates, rulesSeller);
  if (sellerCompany !== rulesSeller) candidates = buyerCandidates({ ...evidence, seller: sellerCompany });
  if (buyerModel) buyerCompany = decideCompany('buyer', buyerModel, candidates, rulesBuyer);
  if (buyerCompany && sellerCompany && sameCompany(buyerCompany, sellerCompany)) buyerCompany = rulesBuyer && !sameCompany(rulesBuyer, sellerCompany) ? rulesBuyer : null;
  // A company chosen from a domain or a first word goes by the name the call says in full ("Idlewildgyms" → "Idlewild Gyms").
  const titleRuns = title ? orgRunsOf(title) : [];
  const runs = [...mentions.map((m) => m.org), ...titleRuns];
  if (buyerCompany) buyerCompany = fullCompanyName(buyerCompany, runs);
  if (sellerCompany) sellerCompany = fullCompanyName(sellerCompany, runs);
  // A party the call never settles, named by the file's title beside the other ("Ambervault demo for Ashwick Homes").
  if (!buyerCompany && title) buyerCompany = titleCompany(title, titleRuns, sellerCompany, people, isPerson);
  if (!sellerCompany && buyerCompany && title) sellerCompany = titleCompany(title, titleRuns, buyerCompany, people, isPerson);

  // ---- participants
  const companyOfSide = (sd: Side): string | null => (sd === 'seller' ? sellerCompany : sd === 'buyer' ? buyerCompany : null);
  const participants: Participant[] = [];
  for (const sp of speakers) {
    const sd = side.get(sp) ?? 'unknown';
    const h = hintOf.get(sp);
    participants.push({
      name: sp,
      side: sd,
      role: h?.role ?? roles.get(displayName(sp)) ?? null,
      company: h?.company ?? companyOfSide(sd),
      email: h?.email ?? null,
      spoke: true,
    });
  }
  // Hinted participants who never spoke (invited, silent).
  for (const h of hints) {
    if (speakerOfName(h.name) || participants.some((p) => p.name === h.name)) continue;
    participants.push({ name: h.name, side: h.side ?? 'unknown', role: h.role ?? null, company: h.company ?? null, email: h.email ?? null, spoke: false });
  }
  const orgNames = new Set<string>([...candidateOrgs, ...(sellerCompany ? [sellerCompany] : []), ...(buyerCompany ? [buyerCompany] : [])]);
  for (const [n, info] of mentioned) {
    if (orgNames.has(n) || [...orgNames].some((o) => o.split(/\s+/)[0] === n)) continue;
    if (participants.some((p) => displayName(p.name) === n || displayName(p.name).split(/\s+/)[0] === n)) continue;
    // A first name already covered by a mentioned full name ("Gary" vs "Gary Lindholm").
    if ([...mentioned.keys()].some((k) => k !== n && k.startsWith(n + ' '))) continue;
    const rel = info.relTo ? side.get(info.relTo) ?? 'unknown' : 'unknown';
    const sd: Side = info.side === 'same-as' ? rel : info.side === 'other-of' ? (rel === 'seller' ? 'buyer' : rel === 'buyer' ? 'seller' : 'unknown') : (info.side as Side);
    participants.push({ name: n, side: sd, role: info.role, company: info.company ?? (present.has(n) ? companyOfSide(sd) : null), email: null, spoke: false, ...(present.has(n) ? { present: true } : {}) });
  }

  const personNames = new Set<string>();
  for (const p of participants) {
    personNames.add(displayName(p.name));
    for (const w of displayName(p.name).split(/\s+/)) personNames.add(w);
  }
  const resolve = (name: string): string | null => {
    const n = name.trim();
    if (!n) return null;
    const l = n.toLowerCase();
    for (const p of participants) if (p.name.toLowerCase() === l || displayName(p.name).toLowerCase() === l) return p.name;
    const byFirst = participants.filter((p) => displayName(p.name).split(/\s+/)[0]!.toLowerCase() === l);
    if (byFirst.length) return (byFirst.find((p) => p.spoke) ?? byFirst[0]!).name;
    return null;
  };
  const ownAll = new Map<string, number>();
  for (const m of orgOfSpeaker.values()) for (const [o, w] of m) ownAll.set(o, (ownAll.get(o) ?? 0) + w);
  const notCompanies = new Set([...people, ...personNames, ...speakers]);
  // Read only for an earnings or an internal call (factsForCallType): each is worked out on first read.
  let earnings: string | null | undefined;
  let team: string | null | undefined;
  const hostCompany = {
    get earnings() { return earnings === undefined ? (earnings = earningsHost(sentences, notCompanies)) : earnings; },
    get team() { return team === undefined ? (team = teamCompany(sentences, ownAll, notCompanies, title)) : team; },
  };
  return { participants, sellerCompany, buyerCompany, companiesIntroduced, hostCompany, sideOf: side, resolve, personNames, scores: score, buyer: { candidates, rules: rulesBuyer, rulesSeller }, mentions: allMentions };
}
