/**
 * Competitors: vendors the buyer is evaluating or using instead of the seller.
 * Owns: the patterns that name them and the filters that drop what is not one
 * (people, places, the seller and buyer themselves, sentence-initial words,
 * integration targets, the buyer's own systems named in apposition, everyday words
 * with only usage evidence), and, when asked, a trace of every name a rule proposed with the filter that
 * dropped it (the learned filter's evidence, competitorFeatures.ts). Must not: label objections (objections.ts),
 * load word vectors (the caller passes their ranks in FindCompetitorsOptions), or change its answer when traced.
 */
import { DEPARTMENTS, INFRA, NOT_NAMES, ROLE_ACRONYMS, decapitalise } from './lexicon.ts';
import { ORG_RE_SRC, trimOrg } from './people.ts';
import { rx } from './regex.ts';
import { escapeRe, type Sentence } from './text.ts';
// ---------------------------------------------------------------------------
// Competitors
// ---------------------------------------------------------------------------

const ORG = ORG_RE_SRC;
const LIST_TAIL = `((?:(?:,\\s*|\\s+and\\s+|\\s+or\\s+|,\\s+and\\s+)${ORG})*)`;

interface CompetitorRule {
  re: RegExp;
  /** Group index of the first org; a list tail follows at +1 when `list`. */
  group: number;
  list?: boolean;
  /** Usage only ("we do the invoicing in X"): the buyer's own tool unless the call also evaluates or compares it. */
  weak?: boolean;
}

const COMPETITOR_RULES: CompetitorRule[] = [
  // "We looked at three tools, Ledgerline, Paylance and Quorvane" / "we've talked to Paylance" / "piloting Deskwise"
  // (round 12: with an adverb between, "we looked briefly at X", "they're looking hard at X")
  {
    re: new RegExp(
      `\\b(?:(?:looked|looking|look|talked|talking|spoke|spoken|speaking) (?:[a-z]+ly|hard|also|already) (?:at|to|with)|looked at|looking at|look at|talked to|talking to|spoke to|spoken to|spoke with|speaking with|speaking to|meeting with|evaluated|evaluating|considering|piloting|trialing|trialling|trialled|trialed|tried|tested|used to use|switched from|moved from|dropped|demoed|unlike|different from|difference from|compared (?:to|with)|comparing|versus|vs\\.?|against|instead of|switch(?:ing)? (?:over )?to|moving to|migrat(?:e|ing) to|go with|went with|going with|gone with|move onto|moving onto|moved onto|replac(?:e|ed|ing)|shortlisted|short-listed|in talks with)\\s+(?:(?:three|two|four|five|a few|some|other|several) (?:tools|vendors|options|products|solutions|platforms),?\\s+)?${ORG}${LIST_TAIL}`,
      'gu',
    ),
    group: 1,
    list: true,
  },
  // The rival as the thing they are or choose: "Vexa is our incumbent", "the other option on the table is Vexa", "evaluating you and Vexa", "switched from Vexa to Orbly" (both; "moved from Denver to Austin" is a move, not a switch).
  { re: new RegExp(`${ORG}\\s+(?:is|was|has been)\\s+(?:our|the)\\s+(?:incumbent|current (?:vendor|provider|system|tool|platform|supplier)|existing (?:vendor|provider|system|tool))\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:other|only other|alternative|second) (?:option|choice|candidate|contender|vendor)(?: on the table| we're looking at| we have)? (?:is|was|would be)\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:evaluating|comparing|considering|looking at|choosing between|deciding between|between) (?:you|you guys|your (?:team|product|platform|tool)) and\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:switched|migrated|changed) (?:over )?from\\s+${ORG}\\s+to\\s+${ORG}`, 'gu'), group: 2 },
  // Round 12: a vendor's people calling on the buyer: "a guy from X came by at the trade show", "the X rep has been in twice",
  // "we've had X in twice this spring"; and the vendor before, in apposition: "the last company, X, wanted us to …".
  { re: new RegExp(`\\b(?:a (?:guy|gal|rep|salesman|saleswoman|sales ?rep|woman|man|team|couple of (?:guys|people))|someone|somebody|people|folks|reps?) from\\s+${ORG}(?=[^.?!]{0,40}\\b(?:came|come|comes|coming|stopped|dropped|swung|was in|were in|visited|pitched|demoed|showed|called|reached out))`, 'gu'), group: 1 },
  { re: new RegExp(`\\bthe\\s+${ORG}\\s+(?:rep|sales ?rep|salesperson|sales guy|sales team|account manager)\\s+(?:has|had|was|came|keeps|kept|called|said|told|is)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:had|have had|'ve had)\\s+${ORG}\\s+(?:in\\s+(?:twice|once|three times|here|again|last|this|earlier|a while|before|to (?:pitch|demo|present))|(?:fly|do|run|come|install|service|handle|supply|cover)\\b)`, 'gu'), group: 1 },
  { re: new RegExp(`\\bthe (?:last|previous|other|old) (?:vendor|company|provider|supplier|tool|system|one)(?: we (?:looked at|had|used|tried|talked to|saw))?,\\s+${ORG},`, 'gu'), group: 1 },
  // Round 12: a vendor they had before is a rival for the same job: "we left X because …", "when we had X", "before this we used X".
  { re: new RegExp(`\\b(?:we|they|i) (?:left|ditched|dumped|dropped|got rid of|moved off|came off)\\s+${ORG}(?=\\s+(?:because|after|over|when|for being|years? ago|last year))`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:when we (?:had|used|were on)|back when we (?:had|used|were on)|before (?:this|that|you),? we (?:used|had|were on)|we used to (?:have|be on|run))\\s+${ORG}`, 'gu'), group: 1 },
  // "better than Billtrove", "cleaner than what Ledgerline showed us"
  { re: new RegExp(`\\b(?:better|worse|cheaper|cleaner|faster|slower|simpler|easier|harder|nicer|stronger|weaker|more expensive|less expensive|more|less)\\s+than\\s+(?:what\\s+)?${ORG}`, 'gu'), group: 1 },
  // "Ledgerline came in at", "Paylance quoted us", "Deskwise is the front-runner", "Paylance has been calling me"
  {
    re: new RegExp(
      `${ORG}\\s+(?:quoted|came in|comes in|come in|came back|included|includes|costs|is cheaper|was cheaper|are cheaper|is (?:a lot |much )?cheaper|is at\\b|was at\\b|were at\\b|are at\\b|(?:have |has |had )?bid\\b|(?:have |has |had )?put in (?:a|an)\\b|came in (?:under|below|lower|cheaper)|offered|offers|did a demo|showed us|is the front-?runner|is our front-?runner|has been calling|have been calling|'s rep|rep (?:also )?(?:told|says|said)|proposal|only does|claims|charges|is ahead|pilot\\b|is (?:also )?in the (?:mix|running)|doesn't|don't|can't|do desks)`,
      'gu',
    ),
    group: 1,
  },
  // incumbents: "capture today is done by Capturis", "you're paying Capturis", "a local tool called Keirido"
  { re: new RegExp(`\\b(?:done by|handled by|we're using|we are using|currently using|currently on|paying|we pay|we (?:currently|still|already) pay|(?:still )?uses|our current (?:vendor|tool|provider|system|solution),?)\\s+${ORG}`, 'gu'), group: 1, weak: true },
  // "our Trekkon contract runs until March 31st"
  { re: new RegExp(`\\b(?:our|their|the)\\s+${ORG}\\s+(?:contract|licen[cs]e|subscription|renewal)\\b`, 'gu'), group: 1 },
  // how the work is done today: "the routes are planned in Trekkon", "built … in a spreadsheet, with Mapquill open"
  {
    // Verb stems take only verb endings: "plants, here and in Monterrey" is not "plan … in X".
    re: new RegExp(`\\b(?:plan(?:s|ned|ning)?|build(?:s|ing)?|built|do(?:es|ne|ing)?|did|manag(?:e|es|ed|ing)|track(?:s|ed|ing)?|handl(?:e|es|ed|ing)|schedul(?:e|es|ed|ing)|keep(?:s|ing)?|kept|enter(?:s|ed|ing)?|key(?:s|ed|ing)?|process(?:es|ed|ing)?|captur(?:e|es|ed|ing)|rout(?:e|es|ed|ing)|dispatch(?:es|ed|ing)?|run(?:s|ning)?|ran|log(?:s|ged|ging)?|stor(?:e|es|ed|ing))\\b[^.?!]{0,70}?\\b(?:in|with|on|using|through|via)\\s+(?:(?:spreadsheets?|paper|email|a whiteboard|whiteboards?)\\s+(?:and|or|plus)\\s+)?${ORG}(?=\\s+(?:open|today|now|for|on the side|and|or|plus)\\b|[,.]|$)`, 'gu'),
    group: 1,
    weak: true,
  },
  { re: new RegExp(`\\b(?:tool|platform|solution|product|software|app|system|vendor|competitor)\\s+called\\s+${ORG}`, 'gu'), group: 1 },
  // "a free thing called Remindr", "some outfit named Paylark": something named as an alternative.
  { re: new RegExp(`\\b(?:a|an|some|this|another)\\s+(?:[a-z-]+\\s+){0,2}?(?:thing|outfit|service|vendor|provider|tool|app|system|platform)\\s+(?:called|named)\\s+${ORG}`, 'gu'), group: 1 },
  // Switching from or staying on an incumbent: "we're getting off X", "we've been on X for four years".
  { re: new RegExp(`\\b(?:getting off|get off|coming off|come off|moving off|migrating off|(?:[Ww]e've|[Ww]e have|[Ww]e'd|[Ww]e had) been on|been running on|outgrown|outgrew)\\s+${ORG}`, 'gu'), group: 1 },
  // "which one of our divisions uses today"
  { re: new RegExp(`${ORG},\\s+which\\s+(?:one of )?(?:our|their|the)\\s+[a-z ]{0,30}\\buses?\\b`, 'gu'), group: 1 },
  // Vendor contact: "a demo from Intakely", "a flyer from Paymint", "a quote from Dockmaster".
  { re: new RegExp(`\\b(?:demo|demos|pitch|flyer|cold call|quote|proposal|offer|brochure|presentation|trial|pilot|rep|reps|salespeople|sales rep|sales team|mailer|number|price|figure|bid|tender)\\s+(?:from|by|with|off)\\s+${ORG}`, 'gu'), group: 1 },
  // Money or loyalty already with a vendor: "we resell Paystream", "what we spend on VinTrack", "we run the yard on YardView".
  { re: new RegExp(`\\b(?:resell|resold|reselling|spend on|spending on|spent on|pay for|paying for|we're on|we are on|still on|moved off|move off|switch(?:ing)? off|signed with|contract with|customers? of)\\s+${ORG}`, 'gu'), group: 1 },
  // Running on a platform is usage ("our store runs on Shopwell"): the buyer's own system unless the call weighs it.
  { re: new RegExp(`\\b(?:run (?:the [a-z]+ )?on|runs on|running on)\\s+${ORG}`, 'gu'), group: 1, weak: true },
  // The vendor acting: "ClipPoint came up in our board meeting", "Rentwise reached out".
  { re: new RegExp(`${ORG}\\s+(?:came up|keeps coming up|reached out|came to us|came back to us|called us|emailed us|pitched us|sent us|approached us|is pitching|does the same|for the (?:[a-z]+ ){0,2}(?:records|reporting|scheduling|billing|payroll|routing|invoicing|bookings?))\\b`, 'gu'), group: 1 },
  // "look at Rentwise", "have to look at Rentwise": the buyer's alternative.
  { re: new RegExp(`\\b(?:look at|go to|move to|switch to|talk to)\\s+${ORG}(?=[,.;!?]|\\s+(?:instead|again|next|then|if|and|or)\\b|$)`, 'gu'), group: 1 },
  // Round 14: what they use for the job now ("we use X for phone interpreting"): usage, so weak — the buyer's own tool unless weighed.
  { re: new RegExp(`\\b(?:we|they|i) (?:currently |still |mostly |already )?use\\s+${ORG}(?=\\s+for\\b)`, 'gu'), group: 1, weak: true },
  // Round 14: content with an incumbent ("we're happy enough with X for the toolbox material", "pretty happy with X for the trackers").
  { re: new RegExp(`\\b(?:happy|pleased|content|satisfied)(?: enough)? with\\s+${ORG}(?=\\s+(?:for|on|so|today|right now|at the moment)\\b|[,.;]|$)`, 'gu'), group: 1 },
  // Who they are with now: "we've been with Ledgerpoint for years", "leaning towards Ardent", "our current provider is Fernway",
  // "we re-upped with X through July" (round 11).
  { re: new RegExp(`\\b(?:currently with|been with|we're with|still with|stay(?:ing)? with|sticking with|leaning (?:towards?|to)|renew(?:ing|ed)? with|re-?upped with|re-?signed with|extended with|our (?:current|existing|old|previous) (?:vendor|provider|tool|system|platform|partner|solution|software|supplier|agency)(?:,|\\s+is|\\s+was)?)\\s+${ORG}`, 'gu'), group: 1 },
  // Named as the alternative: "another vendor, Ardent,", "the incumbent, Fernway".
  { re: new RegExp(`\\b(?:another|other|the other|a competing|the incumbent|a rival|one other) (?:vendor|option|provider|tool|platform|solution|bidder|supplier|agency|company)s?,?\\s+(?:called\\s+)?${ORG}`, 'gu'), group: 1 },
  // The rival's things and deeds: "Ardent's proposal", "Fernway gave us", "Ardent is a lot cheaper".
  { re: new RegExp(`${ORG}'s\\s+(?:proposal|pricing|price|quote|offer|demo|contract|bid|rep|sales rep|product|platform|tool|app|renewal|terms)\\b`, 'gu'), group: 1 },
  // Round 11: with an adverb or progressive, to a partner too, and selling: "X already gives us …", "X's giving us thirty points",
  // "X gives partners a quarter off", "X already sells us their simulations", "X keeps offering us their app".
  { re: new RegExp(`${ORG}(?:'s|\\s+is|\\s+are)?\\s+(?:already\\s+|also\\s+|still\\s+|now\\s+|keeps?\\s+)?(?:gave|gives|give|giving|sent|sends|showed|shows|offered|offers|offering|promised|promises|told|pitched|quoted|quotes|pays|paid|sells|sell|sold|selling) (?:us|me|partners|resellers|dealers|our (?:clients|customers|members))\\b`, 'gu'), group: 1 },
  // Round 4: the rival's paperwork and deals, and preference for it: "X sent over a revised quote", "we signed a one-year deal with X",
  // "X and Y both pitched us", "the crew still prefers X".
  { re: new RegExp(`${ORG}\\s+(?:sent|sends|has sent) (?:over |across |through )?(?:a|an|their|its|us|the)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\bsigned (?:a|an|the) (?:[a-z-]+ ){0,3}(?:deal|contract|agreement|term) with\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}${LIST_TAIL}\\s+(?:both |all |each )?(?:pitched|demoed|approached|quoted|contacted|called) (?:us|me|our)\\b`, 'gu'), group: 1, list: true },
  { re: new RegExp(`\\bprefer(?:s|red)?\\s+${ORG}`, 'gu'), group: 1 },
  // The shortlist narrowed to the seller and the rival: "we've narrowed it down to you and X".
  { re: new RegExp(`\\b(?:narrowed (?:it )?down to|down to|it's between|it is between) (?:you|you guys|your (?:team|product)) and\\s+${ORG}`, 'gu'), group: 1 },
  // The rival visiting the buyer: "X came to see us in April", "X has been in twice", "X was in here before us".
  { re: new RegExp(`${ORG}\\s+(?:came (?:out |in |over |by )?to see us|(?:came|stopped|dropped) by|visited us|(?:has|had|have) been in (?:twice|again|here|before|to see us|three times)|(?:was|were) in here)\\b`, 'gu'), group: 1 },
  // What a vendor costs the buyer now: "what does X cost us", "what X runs you today", "double what X costs us".
  { re: new RegExp(`\\bwhat (?:does|do|did|would)\\s+${ORG}\\s+(?:[a-z]+\\s+){0,2}?(?:cost|run|charge|bill)\\s+(?:us|you)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}(?:'s)?\\s+(?:[a-z]+\\s+)?(?:costs|cost|runs|charges|bills) (?:us|you)\\b`, 'gu'), group: 1 },
  // The rival's own offering of the same thing: "X has its own scanning service".
  { re: new RegExp(`${ORG}\\s+(?:has|have|offers?|sells?|does) (?:its|their) own\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:is|was|are|were)\\s+(?:also\\s+)?(?:too|really|much|way|quite|a lot|slightly|a bit|also|far)\\s+(?:cheaper|more expensive|pricier|expensive|slow|slower|faster|clunky|better|worse|in the (?:mix|running|picture))\\b`, 'gu'), group: 1 },
  // Meetings and offers with the rival: "we've had calls with Ardent", "a demo of Fernway", "pricing from Ardent", "Ardent is offering".
  // Round 12: a vendor's own show is contact too: "we sat through a webinar from X", "a pitch from X", "X's webinar".
  { re: new RegExp(`\\b(?:calls?|meetings?|conversations?|chats?|demos?|trials?|pilots?) (?:with|of)\\s+${ORG}${LIST_TAIL}`, 'gu'), group: 1, list: true },
  { re: new RegExp(`\\b(?:webinars?|demos?|pitch(?:es)?|presentations?|roadshows?) from\\s+${ORG}${LIST_TAIL}`, 'gu'), group: 1, list: true },
  { re: new RegExp(`${ORG}'s\\s+(?:webinar|demo|pitch|presentation|roadshow|sales (?:pitch|deck))\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:pricing|prices|numbers|terms|a bid|bids) from\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:is|are)\\s+(?:offering|charging|asking|pitching|promising|quoting)\\b`, 'gu'), group: 1 },
  // The incumbent: "we already have Fernway", "we use Ardent today", "we switched to Ardent".
  { re: new RegExp(`\\b(?:already (?:have|use|pay for|run|own|license)|switched (?:over )?to|moved (?:over )?to|migrated to)\\s+${ORG}`, 'gu'), group: 1 },
  // The system being replaced: "the old X heads", "our previous X" — usage, so weak.
  { re: new RegExp(`\\b(?:the|our) (?:old|previous|former|legacy)\\s+${ORG}`, 'gu'), group: 1, weak: true },
  { re: new RegExp(`\\b(?:use|using|used)\\s+${ORG}\\s+(?:today|now|right now|currently|at the moment|for (?:the |our |all |everything|scheduling|billing|payroll|routing|invoicing|reporting|that|this))`, 'gu'), group: 1, weak: true },
  // Seeing a vendor is vendor contact like talking to one: "we've seen Ardentix", "we're also seeing Fernway next week".
  // Round 11: others too ("they saw X last spring", "she's seen X").
  { re: new RegExp(`\\b(?:(?:we've|we have|we|i've|i have|i|they've|they have|they|she's|she|he's|he) (?:also |already )?(?:seen|saw)|(?:we're|we are|i'm|i am) (?:also )?seeing)\\s+${ORG}`, 'gu'), group: 1 },
  // A vendor that worked for the buyer or courted them: "Ardentix did an audit for us", "Fernway pitched our facilities team".
  { re: new RegExp(`${ORG}\\s+(?:did|ran|does|performed|delivered|built|set up|installed)\\s+(?:a|an|the|our|some)\\s+(?:[a-z-]+\\s+){0,2}?for (?:us|our)\\b`, 'gu'), group: 1 },
  // Round 12: "them" too — a deal review speaks of the customer ("Bastille pitched them last week").
  { re: new RegExp(`${ORG}\\s+(?:pitched|demoed|approached|contacted|courted)\\s+(?:us|me|our|my|them|their)\\b`, 'gu'), group: 1 },
  // Round 12: the incumbent with its end date or job: "we're still on the X loggers until June", "we're off X on the 31st",
  // "a couple of clinics are on X for the reminders".
  { re: new RegExp(`\\b(?:still|currently) on (?:the )?${ORG}(?=\\s+(?:[a-z]+\\s+)?(?:until|till|through|for another)\\b)`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:we're|we are|we'll be|they're|they are) (?:off|coming off|moving off) ${ORG}(?=\\s+(?:on|by|in|at|from|when|after)\\b)`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:are|is|we're|they're) (?:already |still )?on ${ORG}(?=\\s+for (?:the |their |our )?[a-z]+)`, 'gu'), group: 1, weak: true },
  // Round 13 (train19–20's misses): a rival used at someone's earlier place ("a board member used X at the food bank she
  // worked for before"), had for a while and let go ("we had X for about a year"), run before the seller ("we ran X units
  // before we standardized on you"), or left for the seller ("they picked us over X", "we want off X").
  { re: new RegExp(`\\b(?:used|ran|had|implemented)\\s+${ORG}\\s+(?:at|in|when)\\b[^.?!]{0,50}\\b(?:before|previously|worked for|used to work)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:we|they|i) had\\s+${ORG}\\s+for\\s+(?:about |almost |nearly |over |a little over |maybe )?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few) (?:years?|months?)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:ran|used|had)\\s+${ORG}\\b[^.?!]{0,40}\\bbefore (?:we|they) (?:standardi[sz]ed|switched|moved|went|came)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:pick|picked|chose|choose|chosen|picking|choosing|prefer(?:red)?) (?:us|you)\\s+over\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:want|wants|wanted|need|needs|needed) off\\s+${ORG}`, 'gu'), group: 1 },
  // Round 13: compared to in the present ("how do you compare to X?"), a group's deal with a rival ("our co-op has a deal with
  // X"), a rival's bundle ("X comes bundled at no extra cost"), the job a tool does today ("X does our reminders today"),
  // one of several ways in use ("some use X, some use a clipboard").
  { re: new RegExp(`\\b(?:compare|stack up|measure up)\\s+(?:to|with|against)\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:co-?op|group|parent(?: company)?|head office|association|franchisor|buying group|sister company)\\s+(?:has|have|had)\\s+(?:a\\s+)?(?:deal|contract|agreement|arrangement)\\s+with\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:comes|come|came)\\s+(?:bundled|free|included|thrown in)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:does|handles|runs|sends|covers) (?:our|the|all (?:of )?(?:our|the)) (?:[a-z-]+ ){1,2}(?:today|now|right now|currently|at the moment)\\b`, 'gu'), group: 1, weak: true },
  { re: new RegExp(`\\bsome (?:of (?:them|us|the [a-z]+) )?use\\s+${ORG}(?=,?\\s+(?:and )?(?:some|others|one|a few)\\b)`, 'gu'), group: 1, weak: true },
  // Experience of a rival elsewhere: "our CFO used Ardentix at his last company".
  { re: new RegExp(`\\b(?:used|ran|had|implemented|rolled out)\\s+${ORG}\\s+(?:at|in)\\s+(?:his|her|their|my|our)\\s+(?:last|previous|old|former|prior)\\s+(?:company|job|employer|firm|role|place|practice|school|hospital)\\b`, 'gu'), group: 1 },
  // What the buyer spends on a tool now: "Ardentix plus the chat tool is about forty thousand a year" (the seller and buyer are excluded by name).
  { re: new RegExp(`${ORG}\\s+(?:(?:plus|and)\\s+(?:the\\s+|our\\s+)?(?:[a-z-]+\\s+){0,3})?(?:is|are|costs?|runs?|comes? to)\\s+(?:us\\s+)?(?:about|around|roughly|nearly|almost|just under|just over|over|under)?\\s*[^.?!]{0,30}?\\b(?:dollars|euros|pounds|thousand|hundred|million|grand|k)\\b[^.?!]{0,12}\\b(?:a|per|each)\\s+(?:year|month|seat|user|licen[cs]e)\\b`, 'gu'), group: 1 },
  // Round 5 (fresh calls): the buyer's current tool said in passing, rivals named in lists, a rival in a deal review.
  // Keeping the current tool instead of switching: "why wouldn't we just keep X", "we could still keep using X".
  { re: new RegExp(`\\b(?:just|still|rather|could|would|can|should|or)\\s+keep(?:\\s+using|\\s+paying(?:\\s+for)?|\\s+renewing)?\\s+${ORG}`, 'gu'), group: 1 },
  // Bound to the incumbent: "we're locked into X until June", "stuck with X", "tied into X".
  { re: new RegExp(`\\b(?:locked (?:in)?to|locked in with|stuck with|stayed with|tied (?:in)?to|under contract with|in (?:a|our) contract with)\\s+${ORG}`, 'gu'), group: 1 },
  // Renewing the incumbent is the alternative to buying: "the easiest thing is to renew X", "we renewed X last year".
  { re: new RegExp(`\\brenew(?:s|ed|ing)?\\s+${ORG}`, 'gu'), group: 1 },
  // Paying several tools at once names each: "we're paying X and Y together".
  { re: new RegExp(`\\b(?:paying|we pay|we're paying|we are paying)\\s+${ORG}${LIST_TAIL}`, 'gu'), group: 1, list: true, weak: true },
  // The tool the work sits in now, said in passing: "right now in X I have to …", "what you have now with X", "today in X".
  { re: new RegExp(`\\b(?:[Rr]ight now|[Tt]oday|[Cc]urrently|[Aa]t the moment|[Nn]ow)\\s+(?:in|on|with|through)\\s+${ORG}`, 'gu'), group: 1, weak: true },
  { re: new RegExp(`\\b(?:have|use|do|run|get)\\s+(?:right now|now|today|currently)\\s+(?:with|in|on|through|from)\\s+${ORG}`, 'gu'), group: 1, weak: true },
  // Work that arrives through a tool: "we get evaluations through X", "requests come in via X".
  { re: new RegExp(`\\b(?:get|gets|got|getting|receive[sd]?|receiving|collect(?:s|ed|ing)?|send(?:s|ing)?|sent|come in|comes in|came in|go out|goes out|went out)\\b[^.?!,]{0,40}?\\b(?:through|via)\\s+${ORG}`, 'gu'), group: 1, weak: true },
  // A relative clause of current use: "X, who we have today for monitoring, …", "X, which we pay monthly".
  { re: new RegExp(`${ORG},\\s+(?:who|which|that|whom)\\s+(?:we|I)\\s+(?:(?:currently|already|still|also)\\s+)?(?:have|use|pay|run|buy|license|are on|'re on|are with|work with)\\b`, 'gu'), group: 1 },
  // The rival's things with a modifier between: "X's support renewal", "X's annual contract".
  { re: new RegExp(`${ORG}'s\\s+(?:[a-z-]+\\s+)(?:proposal|pricing|price|quote|offer|contract|bid|renewal|terms|invoice|fees?)\\b`, 'gu'), group: 1 },
  // The rival's visit ahead: "we've got X coming in next week", "X is coming out Thursday".
  { re: new RegExp(`${ORG}\\s+(?:is |are )?(?:coming|comes|came) (?:in|out|over|by|back)\\b(?!\\s+(?:at|to|under|over|around|about|lower|higher|low|high|cheaper)\\b)`, 'gu'), group: 1 },
  // The shortlist told as "us and X": "it's us and X in the final two", "between us and X".
  { re: new RegExp(`\\b(?:it's|it is|it was|between|down to|just)\\s+us and\\s+${ORG}`, 'gu'), group: 1 },
  // Won or lost against a rival: "they chose us over X", "they went with X over us", "we lost to X".
  { re: new RegExp(`\\b(?:chose|chosen|picked|selected|preferred|prefer)\\s+(?:us|you)\\s+over\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:lost|losing|lose)\\s+(?:(?:it|them|out|the\\s+(?:\\p{Lu}[\\p{L}-]*\\s+){0,2}(?:deal|account|bid|contract|renewal))\\s+)?to\\s+${ORG}`, 'gu'), group: 1 },
  // In a deal review, the rival in the deal and its bid: "X is in there", "X bid sixty-one", "X is in the deal".
  { re: new RegExp(`${ORG}\\s+(?:is|are|'s)\\s+(?:also\\s+)?in (?:there|the deal|the picture|the evaluation|the bake-?off)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:bid|bids|underbid|undercut|undercuts|lowballed|low-balled)\\b`, 'gu'), group: 1 },
  // Rivals seen across deals, often in a list: "we see X and Y in most deals", "we keep running into X".
  { re: new RegExp(`\\b(?:we|I)\\s+(?:also\\s+|mostly\\s+|usually\\s+|often\\s+|always\\s+|keep\\s+)?(?:see|run into|running into|bump into|compete with|competing with|go up against|come up against)\\s+${ORG}${LIST_TAIL}`, 'gu'), group: 1, list: true },
  // Someone pressing a rival on the buyer: "our MSP has been pushing X", "the board keeps recommending X".
  { re: new RegExp(`\\b(?:pushing|pushed|recommending|recommended|suggesting|suggested|touting)\\s+${ORG}`, 'gu'), group: 1 },
  // Working with a vendor already: "we already partner with X", "we already work with X".
  { re: new RegExp(`\\b(?:already|currently)\\s+(?:partner|work|contract)\\s+with\\s+${ORG}`, 'gu'), group: 1 },  // Round 6 (train1's misses read): the current tool's job and its faults, leaving its contract, a partner's other vendor.
  // The job the current tool is meant to do: "X is supposed to collect them", "X was meant to handle that".
  { re: new RegExp(`${ORG}\\s+(?:is|was|are|were)\\s+(?:supposed|meant)\\s+to\\b`, 'gu'), group: 1, weak: true },
  // The buyer's complaint about a tool: "X makes it so hard to set up", "X made it impossible".
  { re: new RegExp(`${ORG}\\s+(?:makes|made|make)\\s+(?:it|everything|this|that)\\s+(?:so\\s+|really\\s+|very\\s+|too\\s+|way\\s+)?(?:hard|harder|difficult|impossible|painful|slow|clunky|complicated|confusing)\\b`, 'gu'), group: 1, weak: true },
  // Leaving the incumbent's contract: "X has a termination fee", "send the termination notice to X".
  { re: new RegExp(`${ORG}\\s+(?:has|have|had|charges?|charged)\\s+(?:a|an|the)\\s+(?:[a-z-]+\\s+){0,2}?(?:termination|cancellation|exit|early[- ]termination)\\s+(?:fee|penalty|clause)`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:termination|cancellation|non-renewal)\\s+notice\\s+to\\s+${ORG}`, 'gu'), group: 1 },
  // A partner choosing whose product to sell: "we'll just lead with X on that account".
  { re: new RegExp(`\\blead(?:ing|s)?\\s+with\\s+${ORG}`, 'gu'), group: 1 },
  // Round 7 (train5–7's misses read; measured on train8–9): comparisons with an object, a return, the vendor's people,
  // incumbents in apposition, a sister organisation's tool, vendors chasing the buyer, a partner's other lines.
  // "comparing us to X", "measured you against X", "against what X does".
  { re: new RegExp(`\\b(?:compar(?:e|es|ed|ing)|measur(?:e|es|ed|ing)|stack(?:ing|ed)? up|benchmark(?:ing|ed)?)\\s+(?:us|you|it|them|this|that)\\s+(?:up\\s+)?(?:to|with|against)\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:against|versus|next to) what\\s+${ORG}`, 'gu'), group: 1 },
  // Going back to a former vendor is choosing it: "we should just go back to X".
  { re: new RegExp(`\\b(?:go|goes|going|went|switch|switching|move|moving|head(?:ing)?)\\s+back\\s+to\\s+${ORG}`, 'gu'), group: 1 },
  // The vendor's people in the buyer's office: "the X people were in here", "the X rep has been in twice".
  { re: new RegExp(`\\bthe\\s+${ORG}\\s+(?:people|rep|reps|folks|guys|salespeople|salesperson|sales (?:rep|guy|team|person)|account (?:manager|exec\\w*))\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:was|were)\\s+in\\s+(?:here\\s+)?(?:last|two|three|a couple|a few|earlier|yesterday|on|this)\\b`, 'gu'), group: 1 },
  // Vendors chasing the buyer: "X have been after us for a year", "X keeps calling me".
  { re: new RegExp(`${ORG}\\s+(?:has|have|had)\\s+been\\s+(?:after|chasing|courting|hounding|emailing|ringing)\\s+(?:us|me)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+keeps?\\s+(?:calling|emailing|ringing|chasing)\\s+(?:us|me)\\b`, 'gu'), group: 1 },
  // The incumbent in apposition: "our current system, X, …" (usage: the buyer's own tool unless the call weighs it).
  { re: new RegExp(`\\b(?:our|the|their)\\s+(?:current|existing|old|previous|present)\\s+(?:[a-z-]+\\s+)?(?:system|tool|provider|vendor|platform|software|package|scheduler|supplier|app|setup|solution),\\s+${ORG}`, 'gu'), group: 1, weak: true },
  // Loyalty said after the name: "X, who we've been with for four years", "X, which we've used since 2019".
  { re: new RegExp(`${ORG},\\s+(?:who|which|that)\\s+(?:we've|we have|we|I've|I have)\\s+(?:been with|been using|been on|used|had)\\b`, 'gu'), group: 1 },
  // A sister organisation's tool pressed on the buyer: "X is the one our sister trust uses", "X, which is what their parent runs".
  { re: new RegExp(`${ORG}(?:,\\s+which)?\\s+is\\s+(?:the one|what)\\s+(?:our|their|the|my)\\s+(?:[a-z-]+\\s+){0,3}(?:uses?|runs?|is on|are on|went with|picked|chose|wants?)\\b`, 'gu'), group: 1 },
  // Round 11: or any group onto a rival — a parent organisation standardising ("pushing every department onto X", "nudging the counties toward X").
  { re: new RegExp(`\\b(?:nudg|push|steer|press|herd|standardi[sz])\\w*\\s+(?:(?:us|me)\\s+(?:towards?|to|into)|(?:[a-z]+\\s+){0,3}?(?:onto|towards?|over to))\\s+(?:using\\s+)?${ORG}`, 'gu'), group: 1 },
  // The seller asking how long the incumbent has served: "how long have you been on X?".
  { re: new RegExp(`\\b(?:have you|you've|you have|have they|they've|they have)\\s+been\\s+(?:on|with|using)\\s+${ORG}`, 'gu'), group: 1 },
  // A partner's other lines: "we already carry X for the smaller jobs".
  { re: new RegExp(`\\b(?:already|also|currently)\\s+(?:carry|carries|stock|stocks|sell|sells|distribute|distributes|resell|resells)\\s+${ORG}`, 'gu'), group: 1 },
  // The rival's figure: "X's number includes …", "X's came in at thirty-six".
  { re: new RegExp(`${ORG}'s\\s+(?:number|numbers|figure|came in|come in|was at|is at)\\b`, 'gu'), group: 1 },
  // Round 11 (train9–14's misses read; measured on all training folders): the incumbent said of a third party or by
  // the seller, a vendor's terms to the buyer, a parent organisation standardising on a rival, a free alternative.
  // "they're on X today", "you're on X for donors": the incumbent said of the buyer by others (usage: "you're on X, we sync into it" is no rival).
  { re: new RegExp(`\\b(?:they're|they are|you're|you are)\\s+(?:all\\s+|still\\s+|currently\\s+)?on\\s+${ORG}`, 'gu'), group: 1, weak: true },
  // "the incumbent is X", "their incumbent here is X".
  { re: new RegExp(`\\b(?:the|their|our|your)\\s+incumbent(?:\\s+(?:vendor|provider|system|tool|platform|supplier))?(?:\\s+(?:here|there))?\\s+(?:is|was)\\s+${ORG}`, 'gu'), group: 1 },
  // A vendor's partner terms: "X's channel program pays better".
  { re: new RegExp(`${ORG}'s\\s+(?:channel|partner|reseller|referral|dealer)\\s+(?:program|programme|margin|discount|terms)\\b`, 'gu'), group: 1 },
  // A vendor in touch with the buyer: "X have been in touch", "X have been asking to take us on", "a call from X".
  { re: new RegExp(`${ORG}\\s+(?:has|have|had)\\s+been\\s+(?:in touch|asking|trying|sniffing around|calling around)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`\\b(?:got|had|received|taken|took)\\s+(?:a|an|two|three|several|some)\\s+(?:cold\\s+)?(?:call|calls|email|emails|e-mail|visit|letter)\\s+from\\s+${ORG}`, 'gu'), group: 1 },
  // Someone keeps raising a rival: "their ops VP keeps bringing up X", "a board member who keeps mentioning X".
  { re: new RegExp(`\\b(?:keeps?|kept)\\s+(?:bringing up|mentioning|talking about|asking about|raising|pointing (?:us )?to|sending (?:us|me))\\s+${ORG}`, 'gu'), group: 1 },
  // The rival's package: "X bundles a maintenance module with their GPS", "X does most of it already".
  { re: new RegExp(`${ORG}\\s+(?:bundles|bundled|throws in|threw in)\\b`, 'gu'), group: 1 },
  { re: new RegExp(`${ORG}\\s+(?:already\\s+)?(?:does|covers|handles)\\s+(?:most|all|half|a lot|some|part|ninety percent|eighty percent)\\s+of\\b`, 'gu'), group: 1 },
  // A parent organisation standardising on a rival: "would rather every plant went on X", "the other labs all run X".
  { re: new RegExp(`\\b(?:every|all the|all our|all their|each)\\s+(?:other\\s+)?[a-z]+\\s+(?:just\\s+)?(?:went|goes|go|moved|moves|switched) (?:on|onto|over to|to)\\s+${ORG}`, 'gu'), group: 1 },
  { re: new RegExp(`\\bother\\s+(?:[a-z]+\\s+){0,4}?[a-z]+s\\s+(?:in (?:the|our|their) [a-z]+\\s+)?(?:all\\s+)?(?:are (?:all )?on|run|use|went with|standardi[sz]ed on)\\s+${ORG}`, 'gu'), group: 1 },
  // A free alternative: "the state hands us X for nothing", "dangling X for free", "the X dashboard came free with the meters".
  { re: new RegExp(`${ORG}(?:\\s+(?:app|module|tool|portal|platform|dashboard|one|version|thing))?\\s+(?:for free|free of charge|for nothing|at no (?:extra )?cost|came free|comes free|is free)\\b`, 'gu'), group: 1 },
  // What the rival is said to be: "X is what a lot of chains use".
  { re: new RegExp(`${ORG}\\s+is\\s+what\\s+(?:a lot of|lots of|most|many|other|all the|everyone|everybody)\\b`, 'gu'), group: 1 },
  // Sales material on a rival: "a battlecard on X", "one for Y too".
  { re: new RegExp(`\\bbattle-?\\s?cards?\\s+(?:on|for|against)\\s+${ORG}`, 'gu'), group: 1 },
  // The rival's price held up: "we've got X at one fifty-eight".
  { re: new RegExp(`\\b(?:got|have|had)\\s+${ORG}\\s+at\\s+(?:\\$|\\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred)`, 'gu'), group: 1 },
];
/** A name a rule proposed, how (`source`), and the filter that dropped it (null: it passed them all). */
export interface CompetitorTrace {
  name: string;
  source: 'phrase' | 'usage' | 'answer' | 'vendor words' | 'in use now';
  dropped: null | 'infra' | 'excluded' | 'not a name' | 'lower-case word' | 'place' | 'person' | 'own system' | 'everyday word' | 'person or place';
}

const NATIVE_RULE = new RegExp(`\\b(?:the\\s+)?native\\s+${ORG}(?=\\s+(?:route|routing|workflows?|modules?|features?|functionality|options?|approvals?|tools?|solution|capabilit\\w+|way|approach|integration))`, 'gu');

/** The seller asks how the job is done now: "How do you set rates today?", "What are you using for scheduling?" */
const HOW_TODAY = /\b(?:how (?:do|are|is|does) (?:you|your [a-z]+|it|that|the [a-z]+)\b[^?]{0,60}\b(?:today|now|currently|at the moment)|what (?:do|are) you (?:use|using)\b|what (?:are|do|is) (?:you|your [a-z]+) (?:run|running|on)\b[^?]{0,30}?\b(?:on|right now|today|now)\b|what(?:'s| is) (?:your )?current (?:tool|system|setup|process|platform|vendor|provider))/;
/** In such an answer, a name listed with generic tools ("a spreadsheet and Yieldo") or after a tool preposition ("in Yieldo", "with Yieldo open"). */
const ANSWER_TOOL = /\b(?:spreadsheets?|excel|paper|email|e-mail|whiteboards?|phone calls?|sticky notes|pen and paper|by hand|manually)\s*(?:,|and|or|plus)\s+(?:then\s+)?(\p{Lu}[\p{L}\d]+)|\b(?:in|with|on|using|through|via)\s+(\p{Lu}[\p{L}\d]+)(?=\s+(?:open|today|now|for|and|or|plus|on the side)\b|[,.;]|$)/gu;
/** How people are addressed or introduced: "Thanks, Tobias", "Am I speaking with Tobias?", "Harriet Lowe, our general counsel" — a person, never a vendor. */
const ADDRESSED = /\b(?:(?:hi|hey|hello|thanks|thank you|morning|bye|sorry|cheers),?\s+|(?:speaking (?:with|to)|is this|this is|it's)\s+)(\p{Lu}\p{Ll}+)(?=[,.!?]|\s*$)|(\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?),\s+(?:our|my|their|your|the)\s+(?:[a-z-]+\s+){0,3}(?:cfo|ceo|coo|cio|cto|vp|counsel|director|manager|controller|head|lead|analyst|officer|owner|president|partner|engineer|administrator|admin|supervisor|coordinator|accountant|assistant)\b|\b(?:our|my|their|your)\s+(?:[a-z-]+\s+){0,2}(?:cfo|ceo|coo|cio|cto|vp|counsel|director|manager|controller|head|lead|officer|owner|president|boss|founder),\s+(\p{Lu}\p{Ll}+)|^(\p{Lu}\p{Ll}+),\s+(?:how|what|can|could|would|do|does|are|is|when|where|who|did)\b|,\s+(\p{Lu}\p{Ll}+)[.!?]?$/gu;

/** "Who else are you looking at?" — "Vigilo and SafeMile." */
const WHO_ELSE = /\b(?:who else|what other (?:vendors|tools|options|solutions|products)|anyone else|which (?:other )?(?:vendors|tools|solutions))\b[^?]*\b(?:looking at|talking to|considering|evaluating|speaking with|in the mix|on the list)\b/;

/** What findCompetitors knows beyond the sentences: word knowledge from the caller (no word vectors are loaded here). */
export interface FindCompetitorsOptions {
  /**
   * A lower-cased word's frequency rank in the word vectors' corpus, -1 when the vectors do not know it. One view
   * serves two filters: a word the vectors do not know, said in lower case in a rival phrase, is a brand ("we're on
   * quorbit"); a one-word name among the most frequent English words is the word, not a brand ("Access", "Pricing")
   * unless the call capitalises it inside a sentence. Default: every word known, none frequent (neither filter acts).
   */
  wordRank?: (lower: string) => number;
  /** 'person' or 'place' for a lower-cased word the word vectors put among first names or towns (wordKinds.ts). */
  kindOf?: (lower: string) => 'person' | 'place' | null;
  /** When given, every name a rule proposed is pushed here with the filter that dropped it (or none). */
  trace?: CompetitorTrace[];
}

export function findCompetitors(sentences: Sentence[], exclude: string[], personNames: Set<string>, options: FindCompetitorsOptions = {}): string[] {
  const { wordRank, kindOf = () => null, trace } = options;
  const isWord = (lower: string) => !wordRank || wordRank(lower) >= 0;
  const everyday = (lower: string) => { const r = wordRank ? wordRank(lower) : -1; return r >= 0 && r < EVERYDAY_RANK; };
  const found: string[] = [];
  const ex = exclude.filter(Boolean).map((e) => e.toLowerCase());
  const isExcluded = (o: string): boolean => {
    const l = o.toLowerCase();
    if (ex.some((e) => l === e || e.startsWith(l + ' ') || l.startsWith(e + ' ') || e.split(/\s+/)[0] === l)) return true;
    if (personNames.has(o) || o.split(/\s+/).every((w) => personNames.has(w))) return true;
    if (NOT_NAMES.has(o.replace(/'/g, ''))) return true;
    // A department ("meeting with Finance", "Procurement's process") is part of a company, not a vendor.
    if (DEPARTMENTS.test(o)) return true;
    return false;
  };
  // A name the call places things in ("tasting rooms in Napa", "the depot in Kolding") is a place, not a vendor.
  const places = new Set<string>();
  const PLACE = /\b(?:based|located|office|offices|site|sites|plant|plants|depot|depots|yard|yards|warehouse|warehouses|store|stores|room|rooms|clinic|clinics|hq|headquarters|campus|branch|branches|facility|facilities|live|lives|living|moved|travel\w*|flying|fly|drive|driving|trip|i'm|we're)\s+(?:[a-z]+\s+){0,3}?(?:in|near|outside|around)\s+(\p{Lu}\p{L}+)(?:\s*,?\s+(?:and|or)\s+(?:in\s+)?(\p{Lu}\p{L}+))?/gu;
  // "two depots, Fresno and Modesto": places named right after a word for a site.
  const PLACE_LIST = /\b(?:offices|sites|plants|depots|warehouses|stores|clinics|branches|facilities|locations|campuses|hubs|regions|cities)\s*,\s*(\p{Lu}\p{L}+)(?:\s*,\s*(\p{Lu}\p{L}+))?(?:\s*,?\s+(?:and|or)\s+(\p{Lu}\p{L}+))?/gu;
  for (const s of sentences) {
    for (const m of s.norm.matchAll(PLACE_LIST)) for (const g of [m[1], m[2], m[3]]) if (g) places.add(g);
    for (const m of s.norm.matchAll(PLACE)) {
      places.add(m[1]!);
      if (m[2]) places.add(m[2]);
    }
  }
  // A word the call also uses in lower case ("fuel", "total", "production") is an ordinary word, not a brand.
  const lowerWords = new Set<string>();
  for (const s of sentences) for (const w of s.norm.match(/\b[a-z][a-z'-]+\b/g) ?? []) lowerWords.add(w);
  // Round 9: a rival spoken only in lower case ("we're on glideroute") is a word no dictionary knows; the phrase rules
  // read it capitalised (five letters or more, so typos of short words are not brands).
  const lowerBrands = new Set([...lowerWords].filter((w) => /^[a-z]{5,}$/.test(w) && !isWord(w)));
  // Round 14: a word no everyday one, said in lower case in a rival's own slot ("we looked at mandolin shifts", "a quote off
  // gildersome", "we could have gone with tussock controls"): how transcripts write a brand; the phrase rules then read it.
  const slotted = new Set<string>();
  if (wordRank) {
    for (const s of sentences) {
      for (const m of decapitalise(s.norm).matchAll(LOWER_RIVAL_SLOT)) {
        const w = (m[1] ?? m[2] ?? m[3])!;
        if (!/(?:s|ing|ly|ed|er)$/.test(w) && !everyday(w) && kindOf(w) !== 'person') {
          lowerBrands.add(w);
          slotted.add(w[0]!.toUpperCase() + w.slice(1));
        }
      }
    }
  }
  // Round 12: a word the call capitalises inside a sentence ("we're on Square") is used as a name there.
  const namedMidSentence = new Set<string>();
  for (const s of sentences) for (const m of s.norm.matchAll(/(?<=[\p{Ll},;] )(\p{Lu}\p{Ll}+)\b/gu)) namedMidSentence.add(m[1]!);
  const brandsCapitalised = (text: string) =>
    lowerBrands.size ? text.replace(/\b[a-z]{5,}\b/g, (w) => (lowerBrands.has(w) ? w[0]!.toUpperCase() + w.slice(1) : w)) : text;
  // People addressed by name or introduced with a role are never vendors, even when a vendor phrase precedes them.
  const addressed = new Set<string>();
  for (const s of sentences) for (const m of s.norm.matchAll(ADDRESSED)) addressed.add((m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])!);
  // Honorifics ("Dr. Kaplan") can end a sentence for the splitter, so they are read over the whole turn.
  const turnText = new Map<number, string>();
  for (const s of sentences) turnText.set(s.turnIndex, `${turnText.get(s.turnIndex) ?? ''} ${s.norm}`);
  for (const t of turnText.values()) for (const m of t.matchAll(/\b(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s+(\p{Lu}\p{Ll}+)/gu)) addressed.add(m[1]!);
  // A name used like a person's ("Greg in finance", "Janet, our controller", "… Marcus. He thinks") is a person.
  sentences.forEach((s, i) => {
    const next = sentences[i + 1];
    const heNext = next && next.speaker === s.speaker && /^(?:he|she)\b/i.test(next.norm) && !/\b(?:they|it)\b/.test(s.lower);
    for (const m of s.norm.matchAll(/(\p{Lu}\p{Ll}+)\b/gu)) if (heNext || PERSON_AFTER.test(s.norm.slice(m.index! + m[0].length))) addressed.add(m[1]!);
  });
  const placed = placedNames(sentences);
  const own = ownSystems(sentences);
  const strong = new Set<string>();
  let source: CompetitorTrace['source'] = 'phrase';
  // Each name a rule proposes, and the filter that dropped it (null: kept), for the learned filter's features.
  const drop = (name: string, dropped: CompetitorTrace['dropped'], weak: boolean) => {
    trace?.push({ name, source: weak && source === 'phrase' ? 'usage' : source, dropped });
    return dropped !== null;
  };
  const add = (raw: string, allowInfra = false, suffix = '', weak = false) => {
    // The pronoun after a name is no part of it: "right now in X I have to …".
    raw = raw.replace(/\s+I$/, '');
    const o = allowInfra ? raw.trim().split(/\s+/)[0]!.replace(/[.,;:!?']+$/, '') : trimOrg(raw);
    if (!o) return;
    if (!allowInfra && o.split(/\s+/).some((w) => INFRA.has(w)) && drop(o, 'infra', weak)) return;
    if (isExcluded(o) && drop(o, 'excluded', weak)) return;
    // A holiday said in two words ("Christmas Eve", "New Year's Day") is a date.
    if (HOLIDAY_PHRASE.test(o) && drop(o, 'not a name', weak)) return;
    const words = o.split(/\s+/);
    if ((o.length < 3 || words.some((w) => w.replace(/[^\p{L}]/gu, '').length < 2 || NOT_NAMES.has(w.replace(/'/g, '')))) && drop(o, 'not a name', weak)) return;
    // A title is a person's role, never a vendor: "if their CISO doesn't …", "a short talk with Kinross's CFO".
    if (words.some((w) => ROLE_ACRONYMS.has(w.replace(/'s$/, ''))) && drop(o, 'not a name', weak)) return;
    if (words.length === 1 && lowerWords.has(o.toLowerCase()) && !lowerBrands.has(o.toLowerCase()) && drop(o, 'lower-case word', weak)) return;
    if (words.length === 1 && (places.has(o) || placed.has(o)) && drop(o, 'place', weak)) return;
    if (addressed.has(o) && drop(o, 'person', weak)) return;
    // The buyer's own system, named in apposition ("the rental shop system, X, …", "X, that's our accounting package").
    if (own.has(o) && drop(o, 'own system', weak)) return;
    // An everyday word with only usage evidence ("the old Access files", "Price, mostly") is a word, not a brand; with
    // stronger evidence too (round 12: "Pricing", "Proposal", "Patients" opening a sentence), unless the call capitalises
    // it inside a sentence, as a name ("we looked at Square").
    if (words.length === 1 && everyday(o.toLowerCase()) && (weak || !namedMidSentence.has(o)) && drop(o, 'everyday word', weak)) return;
    // A one-word name the word vectors place among first names or towns ("talked to Sandra", "looked at Boise") is no vendor.
    if (words.length === 1 && kindOf(o.toLowerCase()) && drop(o, 'person or place', weak)) return;
    drop(o, null, weak);
    const name = o + suffix;
    if (!weak) strong.add(name);
    if (!found.includes(name)) found.push(name);
  };
  for (const s of sentences) {
    // Sentence-initial function words lower-cased: "We're with Ledgerpoint" reads like "… we're with Ledgerpoint".
    const norm = brandsCapitalised(decapitalise(s.norm));
    // Every rule needs a name (ORG starts with A–Z; "I" alone is never one): a sentence without another capital is skipped whole.
    if (/[A-Z]/.test(norm.replace(/\bI(?:'[a-z]+)?\b/g, ''))) for (const rule of COMPETITOR_RULES) {
      rule.re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = rule.re.exec(norm))) {
        // A capitalised word that merely starts the sentence ("Honestly", "Great") is filtered by trimOrg.
        add(m[rule.group]!, false, '', rule.weak);
        if (rule.list && m[rule.group + 1]) {
          for (const part of m[rule.group + 1]!.split(/,\s*|\s+and\s+|\s+or\s+/)) if (part.trim()) add(part, false, '', rule.weak);
        }
      }
    }
    const prev = sentences[s.index - 1];
    source = 'answer';
    if (prev && prev.speaker !== s.speaker && prev.isQuestion && WHO_ELSE.test(prev.lower)) {
      const list = rx('u')`^(?:[\\w' ]{0,30}?:?\\s*)?${ORG}${LIST_TAIL}`.exec(s.norm);
      if (list) {
        add(list[1]!);
        for (const part of (list[2] ?? '').split(/,\s*|\s+and\s+|\s+or\s+/)) if (part.trim()) add(part);
      }
    }
    // The buyer's answer to "how do you do X today?" names the incumbent ("Me, a spreadsheet and Yieldo"): usage, so weak.
    if (prev && prev.speaker !== s.speaker && prev.isQuestion && HOW_TODAY.test(prev.lower)) {
      for (const m of s.norm.matchAll(ANSWER_TOOL)) add((m[1] ?? m[2])!, false, '', true);
      // Round 11: an answer that is only the tool's name ("Tillpoint.", "mintcall. It sends the texts").
      const bare = /^(\p{Lu}[\p{L}\d]+)[.!]?$/u.exec(brandsCapitalised(s.norm));
      if (bare) add(bare[1]!, false, '', true);
    }
    NATIVE_RULE.lastIndex = 0;
    let n: RegExpExecArray | null;
    source = 'phrase';
    while ((n = NATIVE_RULE.exec(s.norm))) add(n[1]!, true, ' (native)');
  }
  // The slot that made a lower-case word a brand is itself a rival phrase ("we looked at the pyott units").
  source = 'phrase';
  for (const name of slotted) add(name);
  source = 'vendor words';
  // Phrase rules miss the many other ways a rival is named; weigh each remaining name by the vendor words around it.
  // Always weak: a name the phrase rules did not place is dropped when the call wires into it.
  for (const c of nameEvidence(sentences, addressed, placed)) {
    source = c.strong ? 'vendor words' : 'in use now';
    add(c.name, false, '', true);
  }
  // A tool seen only in use that the call wires into ("a Tallybook connector", "sync into Tallybook") is an integration target, not a rival.
  const kept = found.filter((f) => strong.has(f) || !isIntegrationTarget(f, sentences));
  // "Umbrella" vs "Umbrella Canada" style duplicates: keep the shorter name.
  return kept.filter((f) => !kept.some((g) => g !== f && f.startsWith(g + ' ')));
}

/** The call connects to `name` rather than weighing it: "X connector", "connect to X", "sync into X", "an export from X". */
export function isIntegrationTarget(name: string, sentences: Sentence[]): boolean {
  const bare = name.replace(/ \(native\)$/, '');
  const needle = bare.toLowerCase();
  for (const s of sentences) {
    if (!s.lower.includes(needle)) continue;
    // Lower case of a few letters ("İ") is longer than the letter: positions in `lower` are then not those of `norm`.
    if (s.lower.length !== s.norm.length) {
      if (wiredByPattern(bare, s.norm)) return true;
      continue;
    }
    for (let p = s.lower.indexOf(needle); p >= 0; p = s.lower.indexOf(needle, p + 1)) {
      const e = p + needle.length;
      if (atWordEdge(s.norm, p) && WIRED_AFTER.test(s.norm.slice(e))) return true;
      if (atWordEdge(s.norm, e) && WIRED_BEFORE.test(s.norm.slice(0, p))) return true;
    }
  }
  // A two-word name the call also shortens to its first word ("Hemline Commerce" … "doesn't support Hemline"): that word's wiring counts.
  const [head, ...rest] = bare.split(/\s+/);
  return rest.length > 0 && head!.length >= 4 && isIntegrationTarget(head!, sentences);
}

// The wiring around a name, as fixed patterns compiled once: the text right after it ("X connector", "X's API")…
const WIRED_AFTER = /^(?:'s)?\s+(?:connector|integration|sync|api|export|import|feed|plugin|plug-in|interface|instance|data|side|app|add-on|extension)\b/i;
// …and the text right before it: "connect to", "sync it into your", "pull orders from", "the connector supports", "into our".
const WIRED_BEFORE_SOURCE = '(?:\\b(?:connect\\w*|integrat\\w*|sync\\w*|plug\\w*|hook\\w*|push\\w*|feed\\w*|flow\\w*|export\\w*|writes? back)\\s+(?:(?:it|them|straight|directly|back|everything|jobs|data)\\s+)?(?:to|into|with|out of|from)\\s+(?:your\\s+|our\\s+|the\\s+)?'
  + '|\\b(?:pull|pulls|pulled|pulling|read|reads|fetch\\w*)\\s+(?:[a-z]+\\s+){0,2}?(?:from|out of)\\s+(?:your\\s+|our\\s+|the\\s+)?'
  + "|\\b(?:connectors?|integrations?|apis?)\\s+(?:(?:doesn't|does not|don't|do not|can't|cannot|won't|will|already|also)\\s+)?(?:supports?|handles?|covers?|works? with)\\s+"
  + '|(?<!\\block(?:ed|s)?\\s+(?:us\\s+)?)\\binto\\s+(?:your\\s+|our\\s+)?)';
const WIRED_BEFORE = new RegExp(`${WIRED_BEFORE_SOURCE}$`, 'i');

/** `\b` of a pattern without the u flag at position i: an ASCII word character on exactly one side. */
const WORD_CHAR = /[A-Za-z0-9_]/;
function atWordEdge(text: string, i: number): boolean {
  return WORD_CHAR.test(text[i - 1] ?? ' ') !== WORD_CHAR.test(text[i] ?? ' ');
}

/** The same test as one pattern with the name in it (slow to compile: only for the rare sentence `atWordEdge` cannot index). */
function wiredByPattern(name: string, text: string): boolean {
  const n = escapeRe(name);
  return new RegExp(`\\b${n}${WIRED_AFTER.source.slice(1)}`, 'i').test(text) || new RegExp(`${WIRED_BEFORE_SOURCE}${n}\\b`, 'i').test(text);
}

/** Words that put a name in a buying decision: price, contract, shortlist, comparison, switching, the rival's people. */
const VENDOR_CUE =
  /\b(?:quot(?:e|es|ed|ing)|bids?|proposals?|offer(?:s|ed|ing)?|cheaper|pricier|cheapest|prices?|priced|pricing|discount\w*|contracts?|renewals?|subscriptions?|licen[cs](?:e|es|ed|ing)|incumbent|vendors?|providers?|shortlist\w*|short-list\w*|finalists?|rfp|alternatives?|competitors?|bake-?off|demo(?:s|ed)?|trials?|trialled|trialed|pilots?|compar(?:e|ed|ing|ison)|versus|vs|different from|better than|worse than|switch(?:ed|ing)? (?:off|from|away)|replac(?:e|ed|ing)|ditch(?:ed|ing)?|migrat(?:e|ed|ing) (?:off|from)|stuck with|locked in(?:to)?|leaning|signed with|(?:a|their|happy|long-?time) customer|shop|reps?|salespeople|sales (?:rep|team|guy|person)|in the running|on the table|half (?:your|the) price|called me|reached out|wants us to|stay(?:ing)? on|(?:were|was) with|moved off|locked into|go with|went with|costs? (?:us|you)|runs? (?:us|you)|(?:was|is|were) (?:a lot |much |way )?(?:easier|simpler|cheaper|faster|nicer))\b/;
/** Usage of a tool now, and a time that makes it the current one: "Quorbit handles our payroll right now". */
const USE_BEFORE = /\b(?:use[sd]?|using|had|have|lives? in|all in|been on|been with|we're on|we are on|still on|stay on|stick with|stuck with|locked into|license|bought|a|an)\s+$/;
const USE_AFTER = /^(?:'s)?\s+(?:handles?|has been|is (?:what|how|where)|customer|shop|user|account)\b/;
const NOW_CUE = /\b(?:today|currently|right now|at the moment|for now|now|since (?:\d{4}|[a-z]+)|for (?:[a-z]+ )?years|for (?:a|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:years|months))\b/;
/** A name used like a person's: "Greg in finance", "Janet, our controller", "Marcus … He thinks" (not "X, who we have today": a vendor we use). */
const PERSON_AFTER = /^(?:,\s+who\b(?!\s+(?:we|I)\s+(?:(?:currently|already|still|also)\s+)?(?:have|use|pay|run|buy|license)\b)|'s\s+(?:team|boss|office|desk|calendar|inbox|manager|husband|wife|kids?)\b|\s+(?:in|from) (?:finance|legal|procurement|it|hr|ops|operations|accounting|marketing|sales|purchasing)\b|,\s+(?:our|my|the|your)\s+(?:[a-z-]+\s+){0,2}(?:cfo|ceo|coo|cio|cto|vp|controller|director|manager|head|lead|counsel|analyst|officer|owner|partner|engineer|admin\w*|accountant|buyer)\b|(?:\s+[\w']+){0,3}?,?\s+(?:he|she)\s+(?:is|was|runs|ran|said|says|thinks|thought|will|'s|has|had|wants|asked)\b)/i;
/** Prepositions that place a name ("in Denver", "near Austin"), and words that make it a plan or a holiday. */
const PLACE_BEFORE = /\b(?:in|at|near|around|outside|across|to|from (?:our|the) [a-z]+ (?:in|at))\s+$/;
const NOT_VENDOR_AFTER = /^\s+(?:plan|tier|edition|package|bundle|version|level|office|team|crew|staff|people|folks|properties|locations?|depots?|site|campus|branch|store|depot|warehouse|plant|county|city|region|university|school|hospital|street|avenue|road)\b/i;
/** An English word this frequent, never capitalised inside a sentence, is the word ("Chairs don't matter.", "Badly."). */
const EVERYDAY_RANK = 20000;
/** Where only a vendor's name goes: evaluated, chosen, left, or the source of a rival figure. */
const LOWER_RIVAL_SLOT = /\b(?:looked at|trialled|trialed|tried|demoed|piloted|went with|gone with|switched from|moved off|quote (?:from|off)|number from|price from|bid from|we're with|we are with|been with|had the|we had|when we had)\s+(?:the\s+)?([a-z]{5,})\b|\bthe ([a-z]{5,}) (?:reps?|people|lot|guys|crowd|salespeople) (?:have|has|are|were|came|keep|kept)\b|\b([a-z]{5,})(?: [a-z]+)? (?:came in (?:under|below|at|cheaper|lower)|quoted us|undercut us)\b/g;
const HOLIDAY_PHRASE = /^(?:Christmas|Easter|Thanksgiving|New Year(?:'s)?|Labor|Labour|Memorial|Independence|Boxing|Presidents'?|Veterans|Mother's|Father's|Valentine's)\s+(?:Eve|Day|Weekend|Break|Holidays?|Week|Monday)$/;
const HOLIDAYS = /^(?:Christmas|Easter|Thanksgiving|Hanukkah|Ramadan|Diwali|Halloween|Labor|Memorial|Independence|New)$/;
/** Spoken numbers at the start of a sentence ("Thirty vendors, …"). */
const NUMBER_WORD = /^(?:Eleven|Twelve|Thirteen|Fourteen|Fifteen|Sixteen|Seventeen|Eighteen|Nineteen|Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety|Hundred|Thousand|Million|Half|Dozen)$/;

/**
 * Each capitalised name the rules did not place, with the evidence of the sentences it occurs in:
 * strong when a vendor word (price, contract, shortlist, switch, demo …) shares its sentence, weak when
 * it is only in use now ("we've had Quorbit for years"). People, places, plans and holidays are skipped.
 */
function nameEvidence(sentences: Sentence[], people: Set<string>, notVendors: Set<string>): { name: string; strong: boolean }[] {
  const out = new Map<string, boolean>();
  const NAME = /(\p{Lu}[\p{Ll}\d]+(?:\p{Lu}[\p{Ll}\d]+)*)(?:'s)?/gu;
  // A name the call places somewhere ("Marta in Lisbon", "Flensburg is in Germany"): for this weaker evidence, a place.
  const placed = new Set(notVendors);
  for (const s of sentences) for (const m of s.norm.matchAll(/\b(?:in|near|outside|around)\s+(?:the\s+)?(\p{Lu}\p{Ll}+)\b/gu)) placed.add(m[1]!);
  for (const s of sentences) {
    const norm = decapitalise(s.norm);
    let words: string[] | undefined;
    for (const m of norm.matchAll(NAME)) {
      const name = m[1]!;
      const at = m.index!;
      const before = norm.slice(0, at);
      const after = norm.slice(at + m[0].length);
      if (HOLIDAYS.test(name) || NUMBER_WORD.test(name) || NOT_NAMES.has(name) || INFRA.has(name) || placed.has(name) || people.has(name)) continue;
      // Sentence-initial: a name only when the sentence goes on as a statement about it ("Quorbit quoted us"), and not an English
      // -ing/-ly/-ed word ("Pricing is …") or adjective ("Rechargeable batteries are …", "Serious buyers …").
      if (!before.trim() && (/(?:ing|ly|ed|able|ible|ous|ful)$/.test(name) || !/^(?:'s|,|\s+(?:is|was|has|had|would|does|did|gave|came|wants|quoted|offered|charges|costs|and|[a-z]+(?:s|ed))\b)/.test(norm.slice(at + name.length)))) continue;
      // Part of a longer capitalised phrase ("Prairie Valley", "Harbour View") is left to the phrase rules.
      if (/\p{Lu}[\p{L}]*\s+$/u.test(before) || /^\s+\p{Lu}/u.test(after)) continue;
      if (PLACE_BEFORE.test(before) || NOT_VENDOR_AFTER.test(after) || PERSON_AFTER.test(after)) continue;
      // Judge the clause around the name, not a long turn: eight words either side.
      words ??= s.lower.split(/\s+/);
      const pos = before.split(/\s+/).filter(Boolean).length;
      const window = words.slice(Math.max(0, pos - 8), pos + 9).join(' ');
      const strong = VENDOR_CUE.test(window);
      // In use now: the name is the object of a use verb or the subject of a doing verb, and the clause says now.
      const weak = (USE_BEFORE.test(before.toLowerCase()) || USE_AFTER.test(after)) && NOW_CUE.test(window);
      if (strong) out.set(name, true);
      else if (weak && !out.has(name)) out.set(name, false);
    }
  }
  return [...out].map(([name, strong]) => ({ name, strong }));
}

/** What a system of the buyer's is called: a tool noun, not one that is being replaced (current, old, previous …). */
const OWN_TOOL = String.raw`(?:[a-z-]+\s+){0,3}?(?:system|software|tool|package|app|platform|database|program|erp|crm)`;
const REPLACED = /\b(?:current|existing|old|previous|legacy|incumbent|former|outgoing)\b/;
/**
 * Names given in apposition to one of the buyer's own systems: "X, that's our accounting package",
 * "the rental shop system, X, which …", "X, which is a tool one of our guys wrote". Not a vendor the seller competes with.
 */
function ownSystems(sentences: Sentence[]): Set<string> {
  const out = new Set<string>();
  const after = new RegExp(String.raw`(\p{Lu}[\p{L}\d]+(?:\s+\p{Lu}[\p{L}\d]+)?),\s+(?:that's|that is|which is|it's|it is)\s+(?:our|the|their|a|an)\s+(${OWN_TOOL})\b`, 'gu');
  const before = new RegExp(String.raw`\b(?:our|the|their)\s+(${OWN_TOOL}),\s+(\p{Lu}[\p{L}\d]+(?:\s+\p{Lu}[\p{L}\d]+)?)(?=,|\s+(?:which|that)\b)`, 'gu');
  const homeBuilt = /(\p{Lu}[\p{L}\d]+),?\s+(?:which is|that's|it's)\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}(?:tool|system|app|program|database|script|spreadsheet)\s+(?:that\s+)?(?:one of |someone (?:on|in) )?(?:our|we|my|i)\b/gu;
  for (const s of sentences) {
    for (const m of s.norm.matchAll(after)) if (!REPLACED.test(m[2]!)) out.add(m[1]!);
    for (const m of s.norm.matchAll(before)) if (!REPLACED.test(m[1]!)) out.add(m[2]!);
    for (const m of s.norm.matchAll(homeBuilt)) out.add(m[1]!);
  }
  return out;
}

/** Names the call uses for sites, plans, modules or as demonyms ("the Malmo depot", "the Payments module", "Canadian vendors"): never vendors. */
function placedNames(sentences: Sentence[]): Set<string> {
  const placed = new Set<string>();
  for (const s of sentences) {
    for (const m of s.norm.matchAll(/(\p{Lu}\p{Ll}+)(?=\s+(?:depots?|sites?|plants?|offices?|branch(?:es)?|campus|warehouses?|stores?|properties|locations?|clinics?|hotels?))/gu)) placed.add(m[1]!);
    // A name for a plan, module or feature of the seller's ("the Payments module", "the Pro tier") is not a vendor anywhere in the call.
    for (const m of s.norm.matchAll(/(\p{Lu}\p{Ll}+)(?=\s+(?:plan|tier|edition|package|bundle|module|modules|feature|features|add-on|licen[cs]e type)\b)/gu)) placed.add(m[1]!);
    // A demonym or language used as a modifier ("Polish-language invoice", "Canadian vendors") is not a vendor.
    for (const m of s.norm.matchAll(/(\p{Lu}\p{Ll}+(?:ish|ian|ese|ean))(?=-|\s+(?:and\s+\p{Lu}\p{Ll}+\s+)?(?!(?:is|was|are|were|has|had|have|does|did|can|will|would|could|should|and|or|but|that|which|who|to|for|with|at|on|in|of|just|also)\b)[a-z]+(?<!ed)\b)/gu)) placed.add(m[1]!);
  }
  return placed;
}
