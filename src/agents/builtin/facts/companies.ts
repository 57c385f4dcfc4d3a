/**
 * Which company sells and which buys: a weighed choice among candidate names,
 * each with the evidence the call gives for it.
 *
 * Owns: the framing evidence (how the call names the account: "demo for X",
 * "between X and Y", "the X agreement", "anyone else joining from X"), the
 * filters that say a candidate is not a company (titles, departments, people,
 * the seller itself), the final choice with null when the evidence is weak, the full name a short or run-together
 * choice stands for, the party a meeting title names beside the known one, and the company whose own meeting
 * an internal call or an earnings call is (`teamCompany`, `earningsHost`).
 * Must not: decide sides of speakers from talk (people.ts does that) or find the
 * candidates' self-introductions (people.ts passes them in as claims).
 *
 * Why weighed evidence: cue rules that pick "the" buyer phrase fit the wording
 * their authors saw. Here every way the call ties a name to a side adds weight
 * to that name; a name wins only if its total is clearly evidence (>= 2), and a
 * name that is a title, a department, a person or the seller never wins.
 * The buyer chosen here is the rules' answer: by default the learned chooser (buyerFeatures.ts, buyerModel.ts)
 * picks among the same candidates and uses this choice and its tally only as features.
 */
import { DEPARTMENTS, ROLE_HEADS, decapitalise } from './lexicon.ts';
import { rx } from './regex.ts';
import { escapeRe, type Sentence } from './text.ts';

export type CompanySide = 'seller' | 'buyer';
/** A name tied to a side by one piece of evidence. */
export interface CompanyClaim {
  org: string;
  side: CompanySide;
  weight: number;
  why: string;
}
/** A name tied to a speaker: the speaker's own company ('own') or the other party's ('other'). */
export interface SpeakerClaim {
  org: string;
  speaker: string;
  rel: 'own' | 'other';
  weight: number;
  why: string;
  /** Counts only when the speaker is on the seller side. */
  sellerOnly?: boolean;
}

const CAP = "[A-Z][\\p{L}\\d&/'.-]*";
const ORG = `(${CAP}(?:\\s+(?:${CAP}|&|and|of)(?=\\s+[A-Z&]|[\\s.,;!?]|$))*)`;

/** Trims what a framing pattern captured to a capitalised name (no trailing "and", "of", possessive). */
function tidy(raw: string): string | null {
  const words = raw.replace(/['’]s?$/, '').replace(/[.,;:!?]+$/, '').split(/\s+/).filter(Boolean);
  while (words.length && /^(?:and|of|&)$/.test(words[words.length - 1]!)) words.pop();
  while (words.length && /^(?:The|Our|Your|This|That|A|An)$/.test(words[0]!)) words.shift();
  if (!words.length || words.length > 6) return null;
  return words.join(' ').replace(/['’]s?$/, '');
}

/** The meeting named by what it is for: "demo for X", "our pricing conversation with X", "the escalation call with X". */
const MEETING_WORD = 'call|conversation|meeting|demo|review|session|escalation|discussion|check-?in|catch-?up|kick-?off|workshop|walk-?through|sync|briefing|presentation|negotiation|renewal|qbr|onboarding';
const FRAMING: { re: RegExp; weight: number; why: string; between?: boolean; sellerOnly?: boolean }[] = [
  // "demo for Skerryvale", "this is our pricing conversation with Corran": the meeting named after the other party.
  // Only the rep frames the meeting; a buyer's "we had a call with X" is about a rival. Only THIS meeting is framed
  // ("this is our … call with", "…, demo for", "today's … with"): "set up a call with Dana Reyes next week" is another one.
  { re: rx('gu')`(?:^|,|\\bthis is|\\btoday's|\\bwelcome to)\\s*(?:the\\s+|our\\s+|a\\s+|your\\s+)?(?:[\\w-]+\\s+){0,2}?(?:${MEETING_WORD})\\s+(?:with|for)\\s+(?:the\\s+(?:team|folks|people)\\s+(?:at|from)\\s+)?${ORG}`, weight: 3, why: 'meeting named for', sellerOnly: true },
  // "our first conversation between Kessock and Polyglossa": people name themselves last. Only a meeting is "between"
  // two companies; "between Tampa and Krakow" is a route, "between X and Y" products compared.
  { re: rx('gu')`\\b(?:${MEETING_WORD}|partnership|relationship)\\s+between\\s+${ORG}\\s+and\\s+${ORG}`, weight: 3, why: 'between', between: true },
  // "land the Ravensworth agreement", "the Sorrel Valley proposal", "I look after the Oakhurst account": the deal is named after the customer (by the rep; a buyer's "the X contract" is a vendor's).
  { re: rx('gu')`\\bthe\\s+${ORG}\\s+(?:account|agreement|proposal|contract|deal|opportunity|pilot|order|quote|business)\\b`, weight: 2, why: 'the X deal', sellerOnly: true },
  // "from your side as head of learning at Ashgrove": a title and company said of the person addressed.
  { re: rx('gu')`\\byour?\\b[^.?!]{0,40}?\\bas\\s+(?:the\\s+|a\\s+|an\\s+)?(?:[\\w-]+\\s+){1,6}?(?:at|for|with)\\s+${ORG}`, weight: 3, why: 'your title at' },
  // "is anyone else joining from Penrose?": asked of the other party.
  { re: rx('gu')`\\b(?:anyone|anybody|someone|somebody|people|folks)\\s+(?:else\\s+)?(?:joining\\s+|dialing in\\s+|dialling in\\s+|coming\\s+)?from\\s+${ORG}`, weight: 3, why: 'joining from' },
  // "the false rejects at the Penrose mill": a site of the other party named by the vendor.
  { re: rx('gu')`\\bat\\s+(?:the\\s+)?${ORG}\\s+(?:mill|plant|site|depot|warehouse|hospital|clinic|campus|store|factory|facility|branch|headquarters|kitchens?|yard|hangar)\\b`, weight: 1, why: 'site of', sellerOnly: true },
];

/** The speaker's own company said in ways the introductions miss. */
const OWN_FORMS: { re: RegExp; why: string; sellerOnly?: boolean }[] = [
  // "At Kelso Freight we've got forty trucks", "at Kelso, our drivers …": a sentence that opens with where we work.
  { re: rx('gu')`^(?:and |so |well,? )?at\\s+${ORG},?\\s+(?:we|we've|we're|we'd|our|I|I'm)\\b`, why: 'at X, we' },
  // "I'm calling on behalf of Ridley Homes", "speaking for X" ("calling from Leeds" is as often a place: not read).
  { re: rx('gu')`\\b(?:on behalf of|speaking for|representing)\\s+${ORG}`, why: 'on behalf of' },
  // "your renewal with Tanager Field Service is due": the rep names the customer's contract with the rep's own company.
  { re: rx('gu')`\\byour\\s+(?:[\\w-]+\\s+)?(?:renewal|subscription|contract|agreement|licen[cs]es?)\\s+with\\s+${ORG}`, why: 'your renewal with', sellerOnly: true },
  // Round 13: the one who answers names the company called ("Thanks for calling Zircon Health support"), and the rep the
  // company whose session it is ("welcome to the Zelmora demo").
  { re: rx('gu')`\\b(?:thanks|thank you) for calling\\s+${ORG}`, why: 'thanks for calling' },
  { re: rx('gu')`\\bwelcome to the\\s+${ORG}\\s+(?:demo|walkthrough|session|webinar|onboarding|kickoff|kick-off|presentation|training)\\b`, why: 'welcome to the X demo', sellerOnly: true },
];
/** The other party thanked as the host: "thanks for having us at Norcott Labs". */
const HAVING_US = rx('gu')`\\b(?:thanks|thank you) for having (?:us|me)(?:\\s+(?:over\\s+)?(?:at|with))?\\s+${ORG}`;

/** First-person ownership said with "of": "I'm the owner of Pemberton Lift Services", "I'm co-founder of X". */
const OWNER_OF = rx('gu')`\\bI(?:'m| am)\\s+(?:the\\s+|an?\\s+|one of the\\s+)?(?:owner|owners|co-owner|founder|co-founder|founders|ceo|president|managing director|general manager|principal|managing partner)\\s+(?:and\\s+[a-z-]+\\s+)?(?:of|at)\\s+${ORG}`;
/** The company that holds an earnings call: "welcome to (the) Varenne Robotics('s) first quarter earnings call". */
const HOST = rx('gu')`\\bwelcome to\\s+(?:the\\s+)?${ORG}(?:['’]s?)?\\s+(?:[\\w-]+\\s+){0,5}?(?:earnings|results|conference call|investor|shareholders?|annual)\\b`;
/** The team's employer in its own meeting: "she comes to Quayhand from insurance", "the first add-on Orrery has ever sold". */
const EMPLOYER = rx('gu')`\\b(?:comes to|came to|joins|joined|joining|welcome to|here at|we at|us at)\\s+${ORG}\\s+(?:from|as|in|this|last|next)\\b|\\b${ORG}\\s+(?:has|have)\\s+(?:ever|never)\\b`;

/**
 * Round 13: the team's own meeting named with its company ("this is the Ottoline Systems forecast call", "before the
 * Ferrowise forecast call", "the Trovanta pipeline", a title "Kestova weekly pipeline review" or "Glasswick Signal - weekly
 * forecast call").
 */
const TEAM_QUALIFIER = String.raw`(?:[a-z]+ly|regional|central|west|east|north|south|sales|team|commercial|q[1-4])`;
const TEAM_MEETING = rx('gu')`${ORG}(?:\\s+(?:commercial|sales|leadership)?\\s*team)?(?:\\s+[-–—:]\\s+|\\s+)(?:${TEAM_QUALIFIER}\\s+){0,3}(?:(?:forecast|pipeline|deal|all-hands|standup|stand-up|sync|team|staff|sales|planning|kickoff|kick-off)\\s+(?:call|meeting|review|sync|huddle)|pipeline|forecast)\\b`;
/** Round 13: "forecast call for Mizuna Labs", "Monday forecast for Verbena Practice Cloud". */
const TEAM_MEETING_FOR = rx('gu')`\\b(?:forecast|pipeline|deal review|pipeline review|all-hands|standup|stand-up|team sync|team meeting|staff meeting)(?:\\s+(?:call|meeting|review|sync))?\\s+for\\s+${ORG}`;
const TEAM_MEETINGS = [TEAM_MEETING, TEAM_MEETING_FOR];

/** Words that say when a meeting is ("Monday", "Weekly", "Q3"), not whose: they are cut from the end of a run, and a run that starts with one is no company. */
const WHEN = String.raw`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Today|Tomorrow|Weekly|Monthly|Quarterly|Q[1-4])`;
const WHEN_START = new RegExp(String.raw`^(?:${WHEN}|This|Next|Last|Our|The)\b`);
const WHEN_END = new RegExp(String.raw`(?:\s+${WHEN})+$`);

/** Claims tied to speakers: the framing evidence said in the call. */
export function framingClaims(sentences: Sentence[]): SpeakerClaim[] {
  const out: SpeakerClaim[] = [];
  for (const s of sentences) {
    const t = decapitalise(s.norm);
    for (const f of FRAMING) {
      f.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = f.re.exec(t))) {
        const a = tidy(m[1]!);
        if (f.between) {
          const b = tidy(m[2]!);
          if (a) out.push({ org: a, speaker: s.speaker, rel: 'other', weight: f.weight, why: f.why });
          if (b) out.push({ org: b, speaker: s.speaker, rel: 'own', weight: f.weight - 1, why: f.why });
          // A single word after "a call with" is as often a person ("a call with Victor"): it counts, but not enough alone.
        } else if (a) out.push({ org: a, speaker: s.speaker, rel: 'other', weight: a.includes(' ') ? f.weight : Math.min(f.weight, 1), why: f.why, ...(f.sellerOnly ? { sellerOnly: true } : {}) });
      }
    }
    let m: RegExpExecArray | null;
    for (const f of OWN_FORMS) {
      f.re.lastIndex = 0;
      while ((m = f.re.exec(t))) {
        const a = tidy(m[1]!);
        if (a) out.push({ org: a, speaker: s.speaker, rel: 'own', weight: 3, why: f.why, ...(f.sellerOnly ? { sellerOnly: true } : {}) });
      }
    }
    HAVING_US.lastIndex = 0;
    while ((m = HAVING_US.exec(t))) {
      const a = tidy(m[1]!);
      if (a) out.push({ org: a, speaker: s.speaker, rel: 'other', weight: 3, why: 'having us' });
    }
    // A sign-off: the speaker's own name, then a company, and nothing else ("Koji Tanabe, Tillerman Dairy.").
    const signOff = rx('u')`^(?:(?:hi|hello|hey|great|thanks|sure|yes|morning)\\b[^,.!?]{0,20}[,.!]\\s+)?${s.speaker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},\\s+${ORG}[.!]?$`.exec(s.norm);
    const so = signOff && tidy(signOff[1]!);
    if (so) out.push({ org: so, speaker: s.speaker, rel: 'own', weight: 3, why: 'sign-off' });
    OWNER_OF.lastIndex = 0;
    while ((m = OWNER_OF.exec(t))) {
      const a = tidy(m[1]!);
      if (a) out.push({ org: a, speaker: s.speaker, rel: 'own', weight: 3, why: 'owner of' });
    }
  }
  return out;
}

/** Words that end a host's name in an operator's welcome: "LATAM Airlines Group Earnings Release conference call". */
const CALL_WORDS = /^(?:Earnings|Release|Results|Conference|Call|Quarter|Quarterly|First|Second|Third|Fourth|Q[1-4]|Fiscal|Full|Year|Annual|Half|Nine|Six|Interim|Preliminary|Investor|Shareholders?|Today|Webcast|Presentation|Briefing|Update|FY\d*|\d{4})$/;

/** The company holding an earnings call, from the operator's welcome in its opening words; null when not said. */
export function earningsHost(sentences: Sentence[], people: Set<string>): string | null {
  for (const s of sentences.slice(0, 12)) {
    HOST.lastIndex = 0;
    const m = HOST.exec(s.norm);
    if (!m) continue;
    const words = m[1]!.replace(/['’]s?$/, '').split(/\s+/);
    const cut = words.findIndex((w) => CALL_WORDS.test(w.replace(/['’]s?$/, '')));
    const o = tidy((cut >= 0 ? words.slice(0, cut) : words).join(' '));
    if (o && !notACompany(o, people)) return o;
  }
  return null;
}

/**
 * The company a team works for in its own meeting: what its people call their own ("here at X", self-introductions)
 * and "she comes to X from …", "the first add-on X has ever sold". Null when nothing names it.
 * @param own companies the speakers introduced as their own, with weights (people.ts).
 */
export function teamCompany(sentences: Sentence[], own: Map<string, number>, people: Set<string>, title: string | null = null): string | null {
  const tally = new Map(own);
  const count = (re: RegExp, text: string) => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      // "Monday pipeline review", "January forecast call": when, not whose; "Starling Route Monday pipeline": Starling Route.
      const o = tidy(m[1] ?? m[2]!)?.replace(WHEN_END, '');
      if (o && !WHEN_START.test(o)) tally.set(o, (tally.get(o) ?? 0) + 2);
    }
  };
  for (const s of sentences) for (const re of [EMPLOYER, ...TEAM_MEETINGS]) count(re, s.norm);
  if (title) for (const re of TEAM_MEETINGS) count(re, title);
  // A one-word name the meeting addresses people by ("That, Steph, is your part") is a colleague, not the employer.
  const addressed = (o: string) => !o.includes(' ') && sentences.some((x) => rx('u')`(?:^|,\\s+)${escapeRe(o)}(?:,\\s|[.?!]$)`.test(x.norm));
  // A name of one or two letters is a speaker label ("D"), never a company.
  const best = [...tally].filter(([o, w]) => w >= 2 && o.replace(/[^\p{L}]/gu, '').length >= 3 && !notACompany(o, people) && !addressed(o)).sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

const ROLE_TAIL = new RegExp(`(?:^|\\s)(?:${ROLE_HEADS})$`, 'i');
const ROLE_OF = new RegExp(`^(?:(?:senior|associate|assistant|deputy|interim|acting|regional|global|vice)\\s+)*(?:${ROLE_HEADS})\\s+of\\s`, 'i');
/** A department said as a unit ("Operations Control", "Research Computing", "Fleet Engineering"). */
const DEPT_WORD = /^(?:Operations|Ops|Finance|Engineering|Procurement|Purchasing|Facilities|Research|Clinical|Fleet|Maintenance|Quality|Safety|Security|Compliance|Legal|Marketing|Sales|Support|IT|HR|People|Product|Data|Customer|Patient|Member|Field|Planning|Logistics|Dispatch|Accounts|Treasury|Revenue|Infrastructure|Platform|Academic|Student|Public|Corporate|Regulatory|Government|Investor|Medical|Nursing|Learning|Talent)$/;
const DEPT_TAIL = /^(?:Control|Computing|Engineering|Operations|Ops|Services|Support|Team|Group|Department|Office|Desk|Success|Planning|Management|Accounting|Payable|Receivable|Desk|Center|Centre|Affairs|Relations|Administration|Development|Technology)$/;
/** A system the buyer runs, named by its kind ("Aldwych ERP", "the Corvid CRM"): a tool, not a company of the call. */
const SYSTEM_TAIL = /\s(?:ERP|CRM|HRIS|LMS|POS|WMS|TMS|EHR|EMR|PMS|CMS|ATS|SIS|MIS|portal|app|platform)$/i;

/** Why a name cannot be a company, or null when it can. */
export function notACompany(org: string, people: Set<string>): string | null {
  const words = org.split(/\s+/);
  // "Solutions Consultant", "Account Executive": a title, said where a company would be.
  if (ROLE_TAIL.test(org)) return 'title';
  // "Director of Network Operations", "Head of Field Services": a title with its unit.
  if (ROLE_OF.test(org)) return 'title';
  if (DEPARTMENTS.test(org)) return 'department';
  if (SYSTEM_TAIL.test(org)) return 'tool';
  // "Operations Control", "Research Computing": a unit made of department words.
  if (words.length <= 3 && words.every((w) => DEPT_WORD.test(w) || DEPT_TAIL.test(w))) return 'department';
  if (people.has(org) || (words.length <= 2 && people.has(words[0]!) && (words.length === 1 || people.has(words[1]!)))) return 'person';
  return null;
}

/** A company name without case, spaces or punctuation ("Tidewater Library" and "tidewaterlibrary" share it). */
export const companyKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** One company however spelt: case and punctuation ignored, and a name of 4+ letters may be the start of the other. */
export const sameCompany = (a: string, b: string): boolean => {
  const x = companyKey(a);
  const y = companyKey(b);
  return x === y || (x.length >= 4 && y.length >= 4 && (x.startsWith(y) || y.startsWith(x)));
};
const same = sameCompany;

/** The last word of a name that says it is an organisation: "Savings Bank", "Land Trust", "Calder Architects". */
const ORG_TAIL_WORD =
  /^(?:Inc|Co|Company|Corp|Corporation|LLC|LLP|Ltd|Limited|PLC|Group|Holdings|Partners|Partnership|Associates|Union|Trust|Bank|Savings|Mutual|Insurance|Capital|Finance|Financial|College|University|Academy|School|Schools|District|Council|County|Library|Hospital|Clinic|Clinics|Practice|Health|Healthcare|Medical|Dental|Pharmacy|Labs?|Laboratories|Sciences|Pharma|Foundation|Institute|Society|Association|Cooperative|Co-op|Federation|Architects|Builders|Construction|Contractors|Engineering|Plumbing|Heating|Electric|Utilities|Energy|Solar|Power|Water|Motors|Logistics|Freight|Shipping|Ferries|Airlines|Transit|Transport|Haulage|Marine|Foods?|Bakery|Bakeries|Kitchens?|Brewing|Brewery|Breweries|Distillery|Dairy|Farms?|Orchards|Vineyards?|Winery|Seafoods?|Packaging|Manufacturing|Industries|Mills|Works|Supply|Supplies|Castings|Plastics|Hotels?|Inns?|Resorts?|Restaurants?|Stores|Retail|Outfitters|Markets?|Gyms?|Fitness|Club|Sports|Esports|Studios?|Media|Press|Publishing|Integrations|Systems|Solutions|Services|Software|Technologies|Tech|Networks|Consulting|Consultants|Agency|Legal|Law|Realty|Properties|Property|Homes|Housing|Estates|Management|Brokers|Picturehouses|Cinemas)$/;

/**
 * The name a call says in full for a company chosen in a short or run-together form: "Jamesfieldcu" (an e-mail
 * domain) is "Jamesfield Credit Union", "Idlewildgyms" is "Idlewild Gyms", "Gorsefield" is "Gorsefield Savings Bank".
 * Why: a domain or a first word is the evidence that places the company, but the truth (and the e-mail greeting)
 * wants the name people say. A run qualifies when it spells the chosen name with its words run together, or
 * starts with it and ends in an organisation word, or is its first word plus the initials of the rest ("cu"), or
 * (round 13) its first and last words, or its words with the last cut short ("purlwoodbio").
 * The most frequent qualifying run wins; none: the name as chosen.
 */
export function fullCompanyName(name: string, runs: readonly string[]): string {
  const key = companyKey(name);
  if (key.length < 4) return name;
  // Spells `rest` with words[i..]: each word whole, by its initial, or (after the first) left out; `skipped` says
  // whether a word was left out or the run's end was not reached.
  const spells = (rest: string, words: string[], i: number, skipped: boolean): false | 'whole' | 'skipped' => {
    if (!rest) return i === words.length && !skipped ? 'whole' : 'skipped';
    if (i >= words.length) return false;
    const w = companyKey(words[i]!);
    const tries: [string, boolean][] = [[w, skipped]];
    if (i > 0) tries.push([w[0] ?? '', skipped], ['', true]);
    // Round 13: the domain's last part may cut a later word short ("purlwoodbio" for "Purlwood Biolabs").
    if (i > 0 && rest.length >= 3 && rest.length < w.length && w.startsWith(rest)) tries.push([rest, skipped]);
    // A spelling that uses every word wins over one that leaves words out.
    let partial: false | 'skipped' = false;
    for (const [part, sk] of tries) {
      if (part && !rest.startsWith(part)) continue;
      if (!part && !sk) continue;
      const r = spells(rest.slice(part.length), words, i + 1, sk);
      if (r === 'whole') return r;
      partial ||= r;
    }
    return partial;
  };
  const count = new Map<string, number>();
  for (const run of runs) {
    const words = run.split(/\s+/);
    if (words.length < 2) continue;
    const how = spells(key, words, 0, false);
    // Every word spelt: the same name ("Idlewildgyms"). Words left out: only a run that ends like an organisation, or
    // (round 13) whose first and last words both are spelt, the middle left out ("mossbankpantry": "Mossbank Food Pantry").
    const ends = key.endsWith(companyKey(words[words.length - 1]!)) && key.startsWith(companyKey(words[0]!));
    if (how === 'whole' || (how === 'skipped' && (ORG_TAIL_WORD.test(words[words.length - 1]!) || ends))) count.set(run, (count.get(run) ?? 0) + 1);
  }
  const best = [...count].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0];
  return best ? best[0] : name;
}

/** Words a meeting title adds around the names: the kind of meeting, not part of a company ("Lakehurst Inns QBR"). */
const TITLE_WORD = /^(?:Meeting|Call|Partner|Demo|Discovery|Renewal|Review|Kickoff|Kick-off|Onboarding|QBR|Sync|Check-in|Intro|Introduction|Deal|Pipeline|Forecast|Negotiation|Commercial|Contract|Annual|Quarterly|Weekly|Notes?|Recorded|Recording|Transcript|Date|Product|Support|Escalation|Workshop|Session|Follow-up|Prep)$/i;
/** A time zone after a title's time ("10:00 UTC", "14:00 ET"). */
const TIME_ZONE = /^(?:UTC|GMT|Z|[A-Z]{1,3}[SD]?T)$/;

/**
 * The company a meeting title names beside the one already known: "Ambervault demo for Ashwick Property Management",
 * "Bevelcast x Alvarado Tile", "Heron Mills Brewing renewal (Ambervault)". Why: an export's title names the two
 * parties; with one of them known, the one other organisation in it is the other party. With neither known, only an
 * organisation the title says the meeting is for ("demo for X": the buyer). Two or more others, or only people and
 * meeting words: null.
 */
export function titleCompany(title: string, titleRuns: readonly string[], known: string | null, people: Set<string>, isPerson: (n: string) => boolean): string | null {
  const others = new Set<string>();
  for (const run of titleRuns) {
    const words = run.split(/\s+/);
    while (words.length && TITLE_WORD.test(words[0]!)) words.shift();
    while (words.length && TITLE_WORD.test(words[words.length - 1]!)) words.pop();
    const org = words.join(' ');
    if (org.replace(/[^\p{L}]/gu, '').length < 3 || TIME_ZONE.test(org) || (known && same(org, known)) || isPerson(org) || notACompany(org, people)) continue;
    if (!known && !rx('')`\\bfor (?:the )?${escapeRe(org)}\\b`.test(title)) continue;
    others.add(org);
  }
  return others.size === 1 ? [...others][0]! : null;
}

export interface CompanyChoice {
  sellerCompany: string | null;
  buyerCompany: string | null;
  /** Total weight per candidate and side, for logs and tests. */
  tally: { org: string; seller: number; buyer: number; why: string[] }[];
}

/**
 * Chooses the two companies from claims, once speakers' sides are settled.
 * @param prior the choice made from introductions alone (people.ts), counted as one more piece of evidence.
 */
export function chooseCompanies(
  claims: SpeakerClaim[],
  fixed: CompanyClaim[],
  sideOf: Map<string, 'seller' | 'buyer' | 'unknown'>,
  people: Set<string>,
  prior: { seller: string | null; buyer: string | null },
): CompanyChoice {
  const tally = new Map<string, { org: string; seller: number; buyer: number; why: string[] }>();
  const add = (org: string, side: CompanySide, w: number, why: string) => {
    if (notACompany(org, people)) return;
    const key = [...tally.keys()].find((k) => same(k, org)) ?? org;
    const e = tally.get(key) ?? { org: key, seller: 0, buyer: 0, why: [] };
    // Keep the longest spelling ("Penrose Weaving Co." over "Penrose").
    if (org.length > e.org.length) e.org = org;
    e[side] += w;
    e.why.push(`${side}+${w} ${why}`);
    tally.set(key, e);
  };
  for (const c of fixed) add(c.org, c.side, c.weight, c.why);
  // Nobody frames a meeting with their own company ("the demo for Lintel Routes" by Lintel's rep is its product).
  const ownOf = (sp: string) => claims.filter((c) => c.rel === 'own' && c.speaker === sp && c.weight >= 3).map((c) => c.org);
  for (const c of claims) {
    if (c.rel === 'other' && ownOf(c.speaker).some((o) => same(o, c.org))) continue;
    const sd = sideOf.get(c.speaker) ?? 'unknown';
    if (sd === 'unknown' || (c.sellerOnly && sd !== 'seller')) continue;
    const side: CompanySide = c.rel === 'own' ? sd : sd === 'seller' ? 'buyer' : 'seller';
    add(c.org, side, c.weight, c.why);
  }
  if (prior.seller) add(prior.seller, 'seller', 1, 'introductions');
  // The introductions' choice is evidence enough on its own (it passed people.ts's rules); other evidence can outweigh it.
  if (prior.buyer) add(prior.buyer, 'buyer', 2, 'introductions');
  const rows = [...tally.values()];
  // A name is on the side it has more evidence for.
  const pick = (side: CompanySide, exclude: string | null): string | null => {
    let best: { org: string; seller: number; buyer: number } | null = null;
    for (const r of rows) {
      if (exclude && same(r.org, exclude)) continue;
      const mine = r[side];
      const theirs = side === 'seller' ? r.buyer : r.seller;
      if (mine <= theirs) continue;
      if (!best || mine - theirs > best[side] - (side === 'seller' ? best.buyer : best.seller)) best = r;
    }
    if (!best) return null;
    // Weak evidence is no evidence: one passing mention is not enough to name a company.
    const margin = best[side] - (side === 'seller' ? best.buyer : best.seller);
    return margin >= 2 ? best.org : null;
  };
  // The seller is rarely in doubt: with no clear winner, the introductions' choice stands unless it is filtered out.
  const sellerCompany = pick('seller', null) ?? (prior.seller && !notACompany(prior.seller, people) ? prior.seller : null);
  const buyerCompany = pick('buyer', sellerCompany);
  return { sellerCompany, buyerCompany, tally: rows };
}
