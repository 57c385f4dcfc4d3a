/**
 * Objection cue rules added by class of error (issue 10, round 7): each rule covers one way buyers say an
 * objection that the older cues (objections.ts) missed on fresh calls — authority said as an inability to
 * decide alone, a budget said as a limit, integration said as work left to the buyer's team, a change
 * blocked during a busy period, a third party's security demand, the old way said to be enough.
 * Owns: these regular expressions only. Must not: decide sides, questions or gating (objections.ts does,
 * with the same CONCERN and question rules as for its own cues); hold any one call's wording.
 */
import type { ObjectionType } from '../../types.ts';

const MONTH = String.raw`(?:january|february|march|april|may|june|july|august|september|october|november|december)`;
/** Who else can hold the decision, by relation rather than title: co-founders, partners, family owners. */
const CO_OWNER = String.raw`(?:co-?founders?|business partners?|partners?|founders?|owners?|principal|investors?|wife|husband|dad|father|mother|family)`;
/** The way they work today, named as a thing: paper, spreadsheets, the current system. */
/** A stretch of their calendar (not a review or a sign-off): a month, a season, an event of the year. */
const PERIOD = String.raw`(?:${MONTH}|spring|summer|autumn|fall|winter|holidays|season|festival|harvest|term|year|year-end|quarter|q[1-4]|opening|launch|move|restructuring|busy period)`;
const OLD_WAY = String.raw`(?:spreadsheets?|whiteboards?|notebooks?|paper(?: forms?| system)?|binders?|clipboards?|excel|pen and paper|current (?:system|setup|process|tool)|old (?:system|way)|way we do it)`;

export const CLASS_RULES: Partial<Record<Exclude<ObjectionType, 'competitor'>, RegExp[]>> = {
  authority: [
    // Round 13 (train19–20's misses): the decision said to be someone else's without "not mine" ("I don't sign. Hal owns the
    // company, it's his call"), and a kind of purchase routed through a body ("anything over a hundred K goes through our
    // vendor onboarding committee").
    /\b(?:it's|it is|that's|that is) (?:really |ultimately |totally )?(?:his|her|their|the owner's|the board's) (?:call|decision)\b|\bi (?:don't|do not) sign\b|\b(?:goes|go|has to go|would go|will go) through (?:our|the|my) (?:[a-z-]+ ){0,3}(?:committee|board|council|trustees|governors)\b/,
    // Round 12 (train1–18's misses): the decision said to sit elsewhere ("it's his call, not mine", "they decide, not me",
    // "I can recommend, that's all", "I don't approve this"), a body it goes in front of or whose vote it needs, the one who
    // signs, nothing signed without someone.
    /\b(?:call|decision|signature),? not mine\b|\bdecides?,? not me\b|\b(?:i|we) can (?:only )?recommend(?:,| and)? (?:that's all|nothing more|but)\b|\bi (?:don't|do not) approve (?:this|it|that|these)\b|\b(?:goes|go|has to go|have to go|will go|would go|needs to go) in front of\b|\bneeds? (?:a|an) (?:board|committee|council|member|partners?|owners?|shareholder)s?'? (?:vote|approval|sign-?off)\b|\b(?:is|'s) the one who signs\b|\bsigns? off on (?:new|any|all|every)\b|\bnothing (?:gets|is|will be) signed without\b|\bneed (?:the |our |my )?[a-z' ]{0,30}(?:committee|board|council|governors|owners?|partners) to approve\b/,
    // Inability to decide or sign alone, in the first person: "I can advise, I can't decide", "I can't do it on my own", "it isn't my signature".
    /\b(?:i|we) (?:can't|cannot|can not|am not able to|'m not able to|don't get to) (?:just |really |actually )?(?:decide|sign off|sign|approve|pick|choose|make (?:that|this|the) (?:call|decision))\b(?![^.?!,]{0,30}\b(?:until|before|till|today|now|yet)\b)|\b(?:can't|cannot) (?:do|decide|sign|approve)(?: it| this| that| this one)? (?:alone|on my own|by myself)\b|\b(?:isn't|is not|not|wasn't) (?:my|our) (?:signature|decision to make)\b/,
    // A co-owner by relation must agree, named or not: "my co-founder has to sign off", "my business partner Ana has to approve it".
    new RegExp(String.raw`\b(?:my|our) (?:[a-z-]+ )?${CO_OWNER}(?: [a-z]+)?(?:,[^,]{1,40},)?\s+(?:has|have|needs?|must|would (?:have|need)|will (?:have|need)) to (?:sign off|sign|approve|okay|agree|say yes|bless)\b`),
    // The final say sits with someone else: "their finance lead has the final say on anything over …".
    /(?<!\b(?:i|we|you) )\b(?:has|have|gets?|holds?) the (?:final|last) (?:say|word|call|sign-?off)\b/,
    // A kind of purchase goes to a body as a matter of course: "any contract renewal goes to the board", "which means it goes to the committee".
    /\b(?:it|this|that|anything|everything|any(?: [a-z-]+){1,3}|every(?: [a-z-]+){1,3}|all(?: [a-z-]+){1,3}) (?:goes|go) (?:to|before|through|past) (?:our|the|my) (?:[a-z-]+ ){0,2}(?:board|committee|council|trustees|governors|partners|owners?|cfo|ceo|coo|procurement|commissioners)\b/,
    // Round 8: the buyer must check with an approver first: "I need to check with the owners", "we'll have to clear it with finance".
    /\b(?:i|we)(?:'ll| will|'d| would)? (?:need|have|has|needs) to (?:check|clear (?:it|this|that)|confirm (?:it|this|that)|talk|speak) with (?:the |our |my )?(?:[a-z]+ )?(?:owners?|board|cfo|ceo|coo|cio|boss|partners|committee|trustees|directors?|finance|leadership|procurement|legal|council)\b/,
    // Someone else will decide whether to buy: "they'll decide whether we stay or switch".
    /\b(?:they|he|she)(?:'ll| will| would|'d) decide (?:whether|if|on)\b/,
    // Round 9 (train5–7's misses read): new purchases routed to a named approver: "anything new like this goes to Hamish, our CEO".
    /\b(?:goes|go|has to go|have to go|would go|will go|gets? sent|runs?) (?:to|through|past|by) (?:[a-z]+, )?(?:our|my|the) (?:[a-z-]+ )?(?:ceo|cfo|coo|cio|owner|owners|board|director|boss|president|committee|partners?|superintendent|gm|general manager|md|managing director)\b/,
  ],
  need: [
    // Round 13 (train19–20's misses): doubt about what it would gain or fix ("not sure what we'd gain", "asking myself what we're
    // actually fixing"), about whether a part of them needs it ("not sure the plant needs an app"), and the old way done for
    // years ("our routers have done it by hand for fifteen years").
    /\bnot sure (?:what|how much) (?:we'd|we would|we'll|we will|we|i'd|i) (?:actually |really |even )?(?:gain|get out of (?:it|this|that)|save|win)\b|\bwhat (?:we're|we are|we'd be|we would be|it's|it is|this is) (?:actually |really )?(?:fixing|solving|gaining)\b|\bnot sure (?:the|our|my) (?:[a-z-]+ ){1,2}(?:needs?|need) (?:an?|the|this|that|another|any)\b|\b(?:done|doing|run|handled|managed|tracked) (?:it|this|that|them|the [a-z]+) (?:by hand|manually|on paper|in (?:a )?spreadsheets?|on (?:a )?whiteboards?) for (?:[a-z-]+ ){0,2}(?:years|decades)\b/,
    // Round 12 (train17–18): the old way said to work with a hedge or a clause between ("the spreadsheet kind of works",
    // "a whiteboard and a spreadsheet, and most weeks that works fine") — not one that works only until something breaks.
    new RegExp(String.raw`\b${OLD_WAY}\b[^.?!]{0,80}?\b(?:(?:kind of|sort of|pretty much|mostly|basically|honestly|actually) works|(?:that|it|this|which) (?:mostly |honestly |actually |basically |really )?(?:works|does the job) (?:fine|okay|ok|well enough|for us))\b(?![^.?!]{0,30}\b(?:but|until|except|unless)\b)`),
    // Round 12: the way they work has worked for years ("that's worked for fifteen years"), or what the tool would add is doubted
    // ("I'm not sure what a system tells me that I don't know", "not sure automated reminders add much").
    /\b(?:has|have|'s|'ve) worked (?:fine |well |okay )?(?:for (?:us )?(?:[a-z]+ ){1,2}years|for decades|forever|since)\b|\bnot sure what (?:a|an|the|this|your|any) [a-z -]{1,25} (?:adds|would add|tells me|gives us|would give us|knows)\b|\bnot sure (?:a|an|the)?\s?[a-z -]{1,30} (?:adds?|would add) (?:much|anything)\b/,
    // Round 12: a feature they pay for goes unused ("we don't really use the two-way texting", "half the sites barely use the chatbot"),
    // or whether they need the whole thing ("I'm asking myself whether we need the full package", "not sure a linen service makes sense anymore").
    /\b(?:we|they|i|half (?:of )?(?:the|our) [a-z]+|most (?:of )?(?:the|our) [a-z]+) (?:don't|do not|never|barely|hardly|rarely) (?:really |actually |even )?use (?:the|that|this|half)\b|\b(?:asking (?:myself|ourselves)|wondering|not sure) (?:whether|if) we (?:really |actually |even )?need (?:the|all|this|that|a|an)\b|\bnot sure (?:a|an|the|this|that) [a-z -]{1,30} makes sense (?:anymore|any more|for us)\b/,
    // The old way said to be enough: "the binder is fine", "perfectly happy with the spreadsheet".
    new RegExp(String.raw`\b${OLD_WAY} (?:is|are|works?|does|do)(?: just| honestly| really| perfectly)? (?:fine|enough|okay|ok|good enough|the job)\b|\bhappy with (?:the |our |their |a )?${OLD_WAY}\b`),
    // Doubting the need, said as someone's question: "they'll ask why we need any of this".
    /\bwhy (?:we|they|you|i|anyone)(?: would|'d)? (?:even |really |actually )?need (?:any of |all of )?(?:this|it|that|one)\b/,
    // Round 8 reads "why we can't just keep …" (an approver's foretold doubt) the same way.
    // Round 7b: a manual way proposed instead: "why don't we just put it in a spreadsheet", "could we just keep the binders".
    new RegExp(String.raw`\b(?:why (?:don't|not|wouldn't) (?:we|i|they) just|why (?:we|i|they) (?:can't|couldn't|shouldn't|wouldn't|don't) just|(?:can|could|should) (?:we|i|they) (?:not )?just (?:keep|use|stick with|stay with))\b[^.?!]{0,80}\b${OLD_WAY}`),
    // Nobody uses what they pay for: "nobody uses it", "maybe two people log in".
    /\b(?:nobody|no one|hardly anyone|barely anyone|almost nobody) (?:really |actually |even |ever )?(?:uses|touches|opens) (?:it|that|this|them)\b|\b(?:maybe|only|just) (?:one|two|three|a couple|a few|a handful)(?: of (?:them|us)| people)? (?:ever |actually )?(?:log in|logs in|use it|uses it)\b/,
    // Round 8: the need denied with an intensifier: "I really don't need the extra sites", "we honestly don't need that tier".
    /\b(?:i|we) (?:really|honestly|just|actually|truly|simply) (?:don't|do not) need\b(?! (?:to|you|your|the (?:data|list|details|info|numbers))\b)/,
    // Round 9: the need itself doubted: "I'm not totally sure we need this", "not sure this is the problem to spend on".
    /\bnot (?:totally |really |entirely |completely |fully |a hundred percent |100% )?(?:sure|convinced) (?:that )?(?:we|i|they) (?:really |even |actually )?need (?:this|it|that|one|a|an|the|any)\b|\bnot (?:totally |really |entirely )?(?:sure|convinced) (?:this|it|that)(?:'s| is) (?:the|a|worth|what)\b(?! (?:right )?(?:time|moment|year|quarter)\b)/,
  ],
  price: [
    // Round 12 (train1–18's misses): the price over what they have ("that's a good bit over", "well over what I've got"), a jump,
    // money they'd have to find, a hoped-for lower figure, a margin that leaves too little, an increase hard to explain.
    /\b(?:that's|that is|it's|it is|we're|you're|that puts us) (?:a good bit|a bit|well|way|a little|quite a bit|a fair bit|comfortably|already) (?:over|above|past)\b|\b(?:real|big|huge|serious|steep) jump\b|\b(?:i'd|we'd|i would|we would|i'll|we'll|i) (?:have|need) to find (?:that|it|the money|the budget|the difference|the rest)\b|\b(?:were|was|are|am|'re|'m) hoping (?:for|to be at|to land at|to get to) (?:about |around |something like |closer to )?(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|\$?\d)|\b(?:expected|expecting|i'd expected|we'd expected) (?:maybe |about |around |roughly )?(?:half|a third|two thirds|less)\b|\b(?:doesn't|does not|won't|wouldn't) leave (?:us |me )?(?:much|enough|a lot|anything)\b|\b(?:hard|difficult|tough) to (?:explain|defend|swallow)\b/,
    // Round 12: asking for a better number ("if there's anything you can do on the number, I'd take it").
    /\b(?:anything|something|what) you can do on (?:the|that|this|your) (?:number|price|pricing|rate|fee|quote)\b/,
    // The cost against who they are: "for a shop our size that's a lot", "steep for a partner our size".
    /\b(?:a lot|too much|steep|expensive|a stretch|a big ask|heavy)\b[^.?!]{0,40}\bfor (?:a|an) [a-z-]+ (?:of )?our size\b|\bfor (?:a|an) [a-z-]+ (?:of )?our size\b[^.?!]{0,40}\b(?:a lot|too much|steep|expensive|a stretch|a big ask|heavy)\b/,
    // A budget stated as a ceiling: "our line for this area is under fifty K", "the budget is capped at".
    /\b(?:budget|line|pot|allocation|envelope)\b[^.?!]{0,40}\b(?:is|'s|are|sits|tops out) (?:well |just |only )?(?:under|below|capped at|at most|no more than|less than)\b/,
    // A gap in price to account for: "I still have a gap to explain", "a difference to justify".
    /\b(?:gap|difference|delta) to (?:explain|justify|close|cover|defend|make up)\b/,
    // Above what they had in mind, without "what": "more than we had in mind"; a price verdict with a perception verb: "feels steep".
    /\bmore than (?:we|i)(?: had|'d)? (?:in mind|pencil+ed in|planned on)\b|\b(?:feels?|seems?|looks?|sounds?) (?:a bit |pretty |quite |very |really )?(?:steep|pricey|expensive|high)\b/,
    // Round 9: paying for what they don't get or use: "why are we paying for twenty clubs when nine don't use it", "paying for premium and getting worse".
    /\bwhy (?:are|am|would|should|do) (?:we|i) (?:be )?pay(?:ing)? for\b|\bpay(?:ing)? for [a-z -]{1,30}\b(?:and getting|when (?:[a-z]+ ){0,3}(?:don't|doesn't|never|can't))\b/,
  ],
  timing: [
    // Round 13 (train19–20's misses): nothing new can be committed until a date, their people taken until a date ("year-end
    // close eats my whole team until the end of January"), nothing more put on the one person's plate before then.
    /\b(?:can't|cannot|won't be able to|couldn't) (?:commit|sign|buy|start|take on) (?:to )?(?:anything|something|more)(?: new| else| more)? (?:until|before|till)\b|\b(?:eats|takes|ties up|swallows|consumes) (?:up )?(?:my|our|the) (?:whole |entire )?(?:team|people|staff|department|finance team|it team)\b[^.?!]{0,20}\b(?:until|through|till)\b|\bnot (?:putting|adding|piling) (?:anything|something|more) (?:else |new |more )?on (?:his|her|their|my|our) plate\b/,
    // Round 12 (train1–18's misses, by class): the current contract runs on ("our Gridlark contract runs through September",
    // "re-upped with X through July", "signed a two-year with X last spring").
    /\b(?:contract|agreement|term|lease)\b[^.?!]{0,30}\b(?:runs?|lasts?) (?:to|until|till|through|into)\b|\b(?:contract|agreement|term)\b[^.?!]{0,30}\b(?:doesn't|does not|won't) (?:end|expire|finish|run out)\b|\b(?:re-?upped|signed (?:a|another) (?:one|two|three|multi)-year)\b(?![^.?!]{0,30}\bwith (?:someone|somebody) else\b)/,
    // Round 12: nobody free until a date ("nobody on my side can learn a new system until November", "I can't send anyone to
    // your training until June"), nothing new in a period ("nothing new goes in between Labor Day and Thanksgiving"), not
    // wanting to go live at a time ("I don't want to go live the week before that").
    /\b(?:nobody|no one|not (?:a single|one) person)\b[^.?!]{0,30}\b(?:can|could|will|'ll|would|is (?:free|available|around)|has (?:the )?(?:time|bandwidth))\b[^.?!]{0,50}\b(?:until|till|before)\b|\b(?:can't|cannot|won't be able to) (?:send|spare|free up) (?:anyone|anybody)\b[^.?!]{0,60}\b(?:until|till|before)\b|\bnothing (?:new|else) (?:goes|changes|starts|gets|moves|happens)\b[^.?!]{0,40}\b(?:until|till|before|between)\b|\bnothing (?:really )?changes\b[^.?!]{0,40}\b(?:until|till|before)\b|\b(?:don't|do not|won't|wouldn't|would not) want to (?:go live|launch|change|switch|roll (?:it )?out|start)\b[^.?!]{0,60}\b(?:in|before|during|until|the week)\b/,
    // A change blocked during a named period: "we can't switch anything over in May", "nobody is moving anything while we open the new site".
    new RegExp(String.raw`\b(?:can't|cannot|won't|not going to|couldn't) (?:migrate|change|switch|move|start|roll out|launch|go live|install|introduce|learn)\b[^.?!]{0,30}\b(?:in|during|before|until|while|mid-?) (?:the )?(?:[a-z-]+ ){0,2}${PERIOD}\b|\b(?:nobody|no one|nothing)(?:'s| is| are)? (?:new )?(?:migrating|changing|switching|moving|learning|starting|going live|goes|changes|happens)\b[^.?!]{0,40}\b(?:while|during|in the middle of|(?:before|until|till) (?:the )?(?:[a-z-]+ ){0,3}${PERIOD})\b`),
    // A later start said as the realistic one: "realistically we're talking autumn".
    new RegExp(String.raw`\brealistically,? (?:(?:we're|we are|it's|it is|that's|we'd be) )?(?:talking|looking at)(?: about)? (?:spring|summer|autumn|fall|winter|next|q[1-4]|after|the new year|${MONTH})\b`),
    // Round 8: someone freezes every change, or nothing goes live before an event: "the owner freezes every change until …", "so nothing goes live before that" (not a condition, "as long as nothing goes live …", nor a review, "before the review is done").
    new RegExp(String.raw`\b(?:freezes|freezing|froze|locks|locking) (?:every|all|any) (?:change|changes|new [a-z]+|projects?|purchases?|spend\w*|rollouts?)\b|(?<!\b(?:as long as|so long as|provided|providing|if|assuming) )\bnothing (?:new )?(?:goes|can go|will go|is going|gets|can get|is getting) live (?:before|until|till|during) (?:that|then|(?:the )?(?:[a-z-]+ ){0,2}${PERIOD})\b`),
    // Round 7b: a blanket stop on new commitments: "no new multi-year contracts", "we've been told no new projects".
    /\bno new (?:[a-z-]+ ){0,2}(?:contracts|projects|purchases|vendors|tools|systems|initiatives|commitments)\b/,
    // Round 7b: their own project running until a period: "we're rebuilding the warehouse until June".
    new RegExp(String.raw`\b(?:we're|we are|they're|they are) (?:[a-z]+ )?[a-z]+ing\b[^.?!]{0,30}\b(?:until|till|through) (?:the )?(?:[a-z-]+ ){0,2}${PERIOD}\b`),
    // Round 9: not in the middle of a period, or bound to the incumbent for a while: "I'm not moving payroll providers in the middle of year end", "we're locked in for another couple of years", "I can't really switch before then".
    /\bnot (?:moving|changing|switching|starting|touching|rolling|doing)\b[^.?!]{0,40}\b(?:in the middle of|mid-?(?:year|season|term|way))\b|\blocked in (?:for|until|till|through) (?:another|the next|a|two|three|the rest)\b|\b(?:can't|cannot|won't) (?:really )?(?:switch|move|change|leave|start)\b[^.?!]{0,20}\b(?:before then|until then|till then|before that)\b/,
  ],
  security: [
    // Round 13: proof of security demanded before they sign ("infosec want the pen test results before signature").
    /\b(?:pen(?:etration)? ?tests?|soc ?2|security (?:review|questionnaire|assessment|audit)|infosec|vulnerability scans?)\b[^.?!]{0,60}\b(?:before|prior to) (?:signature|signing|we sign|go-?live|going live|the contract|contract)\b/,
    // Round 12: a health-data agreement or a record-keeping rule as the gate ("without a signed BAA", "how long rider data is kept",
    // "how we'd answer a public records request").
    /\b(?:baa|business associate agreement|public records (?:request|law|act))s?\b|\b(?:how long|where|how) (?:[a-z]+ ){0,2}(?:data|records|logs|files) (?:is|are|would be|get|gets) (?:kept|stored|held|retained)\b/,
    // A third party that checks them asks for security proof: "our insurer is asking", "our auditors will want the attestation".
    /\b(?:insurers?|auditors?|regulators?|examiners?)(?: are| is|'s|'re| will| would|'ll| always)? (?:asking|want(?:s)?|(?:very )?keen on|going to (?:ask|want)|ask(?:s)? (?:for|about|how))\b/,
    // Data kept within a border, open to a client's audit, or where it sits: "our data stays in the EU", "clients can audit any vendor", "where does your data sit?".
    /\b(?:data|records|files|information)\b[^.?!]{0,20}\b(?:stays?|must stay|has to stay|needs to stay|remains?) (?:in|within|inside|on) (?:the )?(?:us|uk|eu|country|region|building|premises|state|province)\b|\baudit (?:any|every|all|our) (?:vendors?|suppliers?|providers?)\b|\bwhere (?:does|do|will|would) (?:your|the|our) (?:data|analysts|servers|backups|records) (?:sit|live|reside|go|be (?:stored|kept|hosted))\b/,
    // Least privilege demanded: "we won't give you admin access", "a read-only role, scoped".
    /\b(?:won't|will not|don't|do not|never|not) (?:grant|give|hand (?:over|out)|allow|provide) (?:[a-z]+ ){0,2}(?:write|admin|administrator|root|full|production) (?:access|rights|permissions|keys)\b|\bread-only (?:role|access|account|user|credentials)\b|\bscoped (?:role|access|token|credentials|permissions)\b/,
    // Round 9: a security team's review or checklist as a gate, and how private records are handled: "their IT security people have a whole checklist", "how does it handle patient information?".
    /\b(?:it security|security|infosec|cyber) (?:people|team|folks|review|questionnaire|checklist|sign-?off)\b[^.?!]{0,30}\b(?:have|has|want|wants|need|needs|will|would|require|requires|checklist|questionnaire|review)\b|\bhow (?:does|do|will|would) (?:it|the [a-z]+|your [a-z]+|you) (?:handle|protect|store|secure) (?:patient|member|customer|client|student|personal|employee|card|financial) (?:information|data|records|details)\b/,
  ],
  integration: [
    // Round 13 (train19–20's misses): someone on their side has to build it ("somebody on my side has to build that feed"),
    // retyping ("I was retyping every invoice"), data nobody knows how to carry over ("no idea how we map that over").
    /\b(?:somebody|someone|some ?one)\b[^.?!]{0,20}\b(?:has to|would have to|needs to|will have to|'d have to) (?:build|write|map|maintain|code)\b|\bretyp\w*\b|\b(?:no idea|not sure) how (?:we|we'd|we would|to) (?:map|move|migrate|get|bring|carry) (?:that|it|this|them|those|all)(?: over| across| in)?\b/,
    // Round 12 (train1–18's misses): nobody of theirs to set it up, records that must land in their system ("if it doesn't create
    // tickets in X, my techs won't see it"), exports that are a mess, data nobody knows how to get out, a feed their side builds,
    // staff who won't type it all in.
    /\b(?:don't|do not) (?:really )?have (?:anyone|anybody|it people|any it (?:people|staff)|an it (?:person|team))\b[^.?!]{0,30}\b(?:who can|to|that can) (?:set|build|connect|map|maintain|integrate|hook|do)\b|\bi (?:don't|do not) have (?:any )?it (?:people|staff)\b|\b(?:if|unless) (?:it|your [a-z]+|the [a-z]+|this|that) (?:doesn't|does not|won't|can't) (?:create|push|show up|sync|write|land|post|flow|feed|appear)\b[^.?!]{0,40}\b(?:in|into|inside|to)\b|\b(?:exports?|files?|feeds?) (?:is|are|'s|'re) (?:honestly |frankly |a bit of |kind of |always )?(?:a mess|messy|a nightmare|garbage|a disaster)\b|\b(?:nobody|no one) (?:here |on my team )?knows how to (?:get|export|pull|move|migrate) (?:it|them|that|the data)\b|\bour side building it\b|\b(?:not going to|won't|will not) (?:type|key|enter|re-?enter|copy) (?:in )?(?:all|every|[a-z]+ hundred|[a-z]+ thousand)\b/,
    // Round 12: the link left for them to build or map ("if we have to build that link ourselves", "map every pay code by hand"),
    // or the IT to do it is one person ("our IT is one guy").
    /\b(?:build|map|wire|write|maintain) (?:that|the|a|each|every) (?:[a-z-]+ ){0,2}(?:link|connection|feed|integration|export|import|mapping|interface)s? (?:ourselves|ourself|in-house|by hand|for every)\b|\bmap (?:every|each|all (?:the|our)) [a-z -]{1,20} by hand\b|\bour it (?:is|team is|department is|person is) (?:just )?(?:one|a single|two) (?:guy|person|man|woman|people|part-timer)\b/,
    // Manual re-entry left to their team: "my staff still have to type the changes into the ledger", "if it doesn't write back".
    /\b(?:has|have|had|would have|'d have|will have) to (?:key|re-?key|type|enter|re-?enter|copy|paste|upload|re-?upload) [a-z ]{0,30}\b(?:into|in to|across|over)\b|\b(?:doesn't|does not|won't|can't|don't) write (?:it |data |anything |changes )?back\b/,
    // Round 8: a working link that someone would have to rebuild: "does someone have to rebuild that?", "we'd need to redo the feed".
    /\b(?:someone|somebody|anyone|we|i|they|staff|team) (?:would |will |'d |'ll )?(?:have|has|need|needs) to (?:re-?build|re-?do|re-?create|re-?connect|re-?wire|re-?map|re-?write)\b/,
    // Round 7b: each new data feed out of their system costs money or weeks: "every new export from the core costs us a fee and six weeks".
    /\b(?:every|each|any) (?:new )?(?:extracts?|feeds?|exports?|interfaces?|integrations?|connectors?)\b[^.?!]{0,80}\b(?:charges?|costs?|takes?|weeks|months)\b/,
    // It must work with a system they run, or it's off: "if your app can't open our gates, we're stuck".
    /\bif (?:your|the|this|it)(?: [a-z-]+){0,2} (?:can't|cannot|doesn't|does not|won't|isn't able to) (?:drive|run|control|open|read|talk to|work with|connect to|pull from|push to|sync with|feed|update)\b/,
    // Round 9: the link to their system named as the open question: "my question is the feed", "my worry is how it talks to the core".
    /\bmy (?:[a-z]+ )?(?:question|worry|concern) is (?:the|our|how)\b[^.?!]{0,30}\b(?:feed|integrat\w*|sync\w*|connect\w*|api|export|import|interface|talks? to|core)\b/,
  ],
};

/** A move said with when it can't happen ("migrate … right now", "can't migrate in August"): the obstacle is timing, not the fit, so no integration label. */
export const MIGRATION_WHEN = new RegExp(String.raw`\bmigrat\w*\b[^.?!]{0,30}\b(?:right now|at the moment|this (?:month|quarter|term|season)|(?:in|during|before|until|while|mid-?) (?:the )?(?:[a-z-]+ ){0,2}${PERIOD})\b`);
/** An approver's question foretold ("the board will ask whether we need it"): the question's topic is the objection, not the approver. */
export const FORETOLD_QUESTION = /\b(?:will|would|is going to|'s going to|'ll|are going to) (?:ask|look at [a-z -]+ and ask)(?: me| us)? (?:whether|why|if)\b/;
/** A buyer's offer to help ("what do you need from us for the import?"): cooperation, not an obstacle. */
export const COOPERATIVE_QUESTION = /\bwhat (?:do|would|will) you (?:need|want) from (?:me|us|my team|our side)\b/;
/** What a foretold question is about, when it doubts the need or names a rival. (Not price: "the COO will ask why we'd pay more"
 *  is authority in the tuned folders' truth and not in train2's — the two disagree, so the older reading stays.)
 *  Round 8: keeping the old way ("why we can't just keep the spreadsheet") is the same doubt as staying with it. */
export const FORETOLD_TOPIC = /\b(?:need|needs|stay(?:ed)? with|switch\w*|go with|stick with|keep (?:the|our|using|doing))\b/;
/** Another organisation's approver ("a prospect's procurement", "our client's board"): a story about them, not a hurdle in this deal. */
export const OTHER_ORG_APPROVER = /\b(?:prospect|client|customer|supplier|vendor)s?'s? (?:procurement|board|cfo|ceo|legal|finance|committee|approval)\b/;
/** Round 8: the old way, just named by the same buyer, said to work ("The waitlist is a binder. Honestly, it works."): a need objection. */
export const IT_WORKS = /^(?:(?:honestly|frankly|truthfully|to be fair|look|and|but),? )?(?:it|that|this) (?:works|does the job|gets the job done)(?:,? (?:mostly|fine|okay|ok|for us|well enough|just fine))?[.!]?$/;
export const OLD_WAY_NAMED = new RegExp(String.raw`\b${OLD_WAY}\b`);
/** Round 8: a topic said not to be the obstacle, and nothing more ("The money isn't the problem."): no label from that sentence. */
export const DENIED_TOPIC = /^(?:the |our |my |your )?(?:[a-z-]+ ){0,2}(?:isn't|is not|'s not|wasn't|was not|aren't|are not) (?:really |actually )?(?:the|a|an|our|my) (?:real |big |main )?(?:problem|issue|concern|worry|sticking point)[.!]?$/;
/**
 * Round 9: what the current problem costs the buyer ("every shift without it costs us eight grand in scrap", "we've lost
 * eight grand of billable time", "we always end up paying for an extra week", round 11: "fees we didn't collect"): the pain the offer would remove, not a
 * price objection to the offer — unless the same sentence weighs the offer's price or the budget (OFFER_PRICE).
 */
export const PAIN_COST = /\b(?:costs? us\b[^.?!]{0,40}\b(?:in|of|a|per|every|each)\b|(?:we|i)(?:'ve| have)? (?:lost|lose|wasted?|burn(?:ed|t)?)\b|never (?:got )?billed|write-?offs?|(?:we|i) (?:always |usually |often )?(?:end up|ended up) paying|penalt(?:y|ies)|\bin (?:scrap|overtime|fines|penalties|spoilage|waste|rework|refunds|chargebacks)\b|paid [^.?!]{0,40}\bto (?:outside|external|third-party|agency|contract)\b|(?:didn't|did not|couldn't|could not|never) (?:get to )?(?:collect|bill|invoice|recover)\b)/;
export const OFFER_PRICE = /\b(?:your (?:price|pricing|quote|proposal|number|fee|renewal)|budget\w*|afford\w*|too (?:much|expensive|high|steep)|more than (?:we|i) (?:pay|budgeted|set aside|have)|why would (?:we|i) pay|pay (?:more|double|twice)|justify)\b/;

/**
 * Round 13 (train19–20's look-alikes): a concern said to be settled ("your write-up answered it", "that part's fine now",
 * "we haven't had a freeze since Saturday") raises nothing, of any type.
 */
export const RESOLVED = /\b(?:(?:your|the) [a-z-]+ (?:answered|covered|addressed|cleared up|sorted) (?:it|that|them)|(?:that|which|you|it) (?:answered|covered|addressed|cleared up) (?:it|that|my question|my concern)|(?:that|this) (?:part|bit|one)(?:'s| is) (?:fine|sorted|solved|good) now|(?:is|are|'s) (?:all )?(?:fine|sorted|resolved|fixed) now|(?:haven't|hasn't|have not|has not) had (?:a|an|any|another) [a-z]+ since)\b/;
/**
 * Round 14: a topic someone already cleared ("security already signed off on the hosting", "our infosec team already
 * reviewed your SOC 2 report", "the budget's already approved", "the grant came through") or said not to be the
 * obstacle ("that's not the hold-up", "at least that's not a fight"): the buyer removes the concern, raises none.
 */
export const SETTLED = /\balready (?:signed off|approved|reviewed|cleared|vetted|passed|okayed) (?:on )?(?:your|you)\b|\b(?:security|infosec|legal|compliance|it|procurement)(?:'s| has| have)? (?:already )?(?:signed off|approved|reviewed|cleared|vetted)\b|\b(?:grant|funding|budget|money|capex)(?:'s| has| is)? (?:already )?(?:came through|come through|been approved|approved|signed off|in place|allocated|ring-?fenced)\b|\b(?:that's|that is|it's|it is|which is) (?:not|no longer) (?:the|a|an) (?:hold-?up|fight|blocker|sticking point)\b|\bso (?:that's|that is|it's) (?:done|sorted|covered|handled)\b/;
/** Round 13: a system that freezes ("some trucks just freeze on the map", "the tablets freeze up") is a fault, not a spending freeze: no timing. */
export const FAULT_FREEZE = /\b(?:just |keeps? |kept )(?:freez\w*|froze)\b|\b(?:freez\w*|froze) (?:up|on (?:the|my|our|their)|when|whenever|again|mid-?way)\b|\b(?:had|have|having|get|gets|getting|got) (?:a |any |no |another |more )?freezes?\b/;
