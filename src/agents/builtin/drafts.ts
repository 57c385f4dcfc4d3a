/**
 * The built-in `draft_email` and `draft_social` agents: templates filled only
 * with words taken from the call.
 *
 * Grounding is by construction. The e-mail is made of fixed template sentences
 * (TEMPLATE_TEXT, no names or numbers in them) plus strings copied from the
 * facts, which are themselves copied from the transcript: participant names,
 * company names, buyer quotes (pains), next-step actions and due words. The one
 * exception is a due date written as "Friday, October 9", and only when that
 * date is a next step's resolved dueDate in the facts.
 *
 * The social post is the opposite: it is written only from a library of theme
 * sentences (below), picked by which themes the call talks about, so it cannot
 * carry a customer name, a person's name or a figure.
 */
import { isGenericLabel } from './facts/speakerNames.ts';
import type { CallFacts, CallInput, EmailDraft, NextStep, SocialPost } from '../types.ts';
import { displayName, firstName } from './facts/text.ts';
import { STEP_VERBS } from './facts/nextSteps.ts';

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

/** Every fixed sentence the e-mail may use; tests check that an e-mail uses nothing else. */
export const TEMPLATE_TEXT = [
  'Recap and next steps',
  'Hi',
  'Hello',
  'Thank you for the time today.',
  'Thank you and',
  'for the time today.',
  'Here is my summary, so we are working from the same notes.',
  'What I heard from you:',
  'What we still need to work through:',
  'Agreed next steps:',
  'Me',
  'You',
  'due',
  'If I missed or misheard anything, just reply and I will correct it.',
  'Next step: I will follow up to find a time for our next conversation.',
  'I just left you a voicemail and wanted to follow up in writing.',
  'As promised:',
  'Best regards,',
  'and',
  'pricing',
  'timing',
  'integration',
  'security',
  'who approves',
  'whether this is needed now',
  'the alternatives you are considering',
].join('\n');

const OBJECTION_WORDS: Record<string, string> = {
  price: 'pricing',
  timing: 'timing',
  integration: 'integration',
  security: 'security',
  authority: 'who approves',
  need: 'whether this is needed now',
  competitor: 'the alternatives you are considering',
};

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-10-09" -> "Friday, October 9". */
export function formatDueDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${WEEKDAY_NAMES[d.getUTCDay()]}, ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

function wordsOf(call: CallInput, speaker: string): number {
  return call.turns.filter((t) => t.speaker === speaker).reduce((n, t) => n + t.text.split(/\s+/).filter(Boolean).length, 0);
}

/** "sends you the architecture document" -> "send you the architecture document" (recaps use the third person). */
function baseVerb(word: string): string | null {
  const w = word.toLowerCase();
  for (const v of STEP_VERBS) {
    const head = v.split(' ')[0]!;
    const forms = [head + 's', head + 'es', head.replace(/y$/, 'ies'), head === 'have' ? 'has' : ''];
    if (forms.includes(w)) return head;
  }
  return null;
}
function baseForm(action: string): string {
  // "reviews and signs" -> "review and sign"
  return action.replace(/^(\S+)((?:\s+and\s+)(\S+))?/, (all, first: string, _and: string | undefined, second: string | undefined) => {
    const a = baseVerb(first);
    if (!a) return all;
    const b = second ? baseVerb(second) : null;
    return second ? `${a} and ${b ?? second}` : a;
  });
}

function stepLine(step: NextStep, sender: string | null, recipient: string | null): string {
  // A speaker label ("Speaker 2") is not a name to put in front of a person.
  const owner = step.owner && !isGenericLabel(step.owner) ? step.owner : null;
  const who = owner === sender && owner ? 'Me' : owner === recipient && owner ? 'You' : owner ? firstName(owner) : null;
  let action = baseForm(step.action);
  // "You: send you the list" is garbled: someone else's "you" in the call was the sender.
  if (who !== 'Me' && who) action = action.replace(/\b(send|get|give|email|e-mail|forward|show|call|text|ping|introduce) you\b/gi, '$1 me').replace(/\bshare (?:it |them |that )?with you\b/gi, (m) => m.replace(/you$/i, 'me'));
  let line = `- ${who ? who + ': ' : ''}${action}`;
  // Only resolved dates: "next Tuesday" without a meeting date could be any Tuesday.
  if (step.dueDate) line += ` (due ${formatDueDate(step.dueDate)})`;
  return line;
}

export function draftFollowUpEmail(call: CallInput, facts: CallFacts): EmailDraft {
  const spoke = facts.participants.filter((p) => p.spoke);
  const bySpeech = (side: 'seller' | 'buyer') =>
    spoke.filter((p) => p.side === side).sort((a, b) => wordsOf(call, b.label ?? b.name) - wordsOf(call, a.label ?? a.name));
  const sellers = bySpeech('seller');
  const buyers = bySpeech('buyer');
  // The rep who signs: the seller who owns most next steps, else the one who spoke most.
  // The rep who signs: the one with a sales title, else the seller who owns most next steps, else the one who spoke most.
  const owned = (name: string) => facts.nextSteps.filter((s) => s.owner === name).length;
  const salesTitle = (r: string | null) => (r && /\b(?:account executive|account manager|sales|business development|customer success|csm|bdr|sdr|ae)\b/i.test(r) ? 1 : 0);
  const sender =
    [...sellers].sort((a, b) => salesTitle(b.role) - salesTitle(a.role) || owned(b.name) - owned(a.name) || wordsOf(call, b.name) - wordsOf(call, a.name))[0]?.name ??
    null;
  const recipient = buyers[0]?.name ?? facts.participants.find((p) => p.side === 'buyer')?.name ?? null;
  const voicemail = buyers.length === 0;

  const lines: string[] = [];
  lines.push(recipient && !isGenericLabel(recipient) ? `Hi ${firstName(recipient)},` : 'Hello,');
  lines.push('');
  if (voicemail) {
    lines.push('I just left you a voicemail and wanted to follow up in writing.');
  } else {
    const others = buyers.slice(1).filter((p) => !isGenericLabel(p.name)).map((p) => firstName(p.name));
    lines.push(others.length ? `Thank you and ${others.join(' and ')} for the time today.` : 'Thank you for the time today.');
    lines.push('Here is my summary, so we are working from the same notes.');
  }

  const pains = facts.pains.slice(0, 3);
  if (pains.length && !voicemail) {
    lines.push('');
    lines.push('What I heard from you:');
    for (const p of pains) lines.push(`- "${p}"`);
  }

  const concerns = [...new Set(facts.objections.map((o) => o.type))].map((t) => OBJECTION_WORDS[t]!).filter(Boolean);
  if (concerns.length && !voicemail) {
    lines.push('');
    lines.push(`What we still need to work through: ${joinList(concerns)}.`);
  }

  lines.push('');
  if (facts.nextSteps.length) {
    lines.push(voicemail ? 'As promised:' : 'Agreed next steps:');
    for (const s of facts.nextSteps.slice(0, 10)) lines.push(stepLine(s, sender, recipient));
  } else {
    lines.push('Next step: I will follow up to find a time for our next conversation.');
  }
  lines.push('');
  if (!voicemail) lines.push('If I missed or misheard anything, just reply and I will correct it.');
  lines.push('');
  lines.push('Best regards,');
  if (sender && !isGenericLabel(sender)) lines.push(displayName(sender));
  if (facts.sellerCompany) lines.push(facts.sellerCompany);

  const subjectParts = [facts.buyerCompany, facts.sellerCompany].filter((x): x is string => !!x);
  const subject = (subjectParts.length ? `${subjectParts.join(' and ')}: ` : '') + 'Recap and next steps';
  return { subject: subject.slice(0, 200), body: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n' };
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------
// Social post
// ---------------------------------------------------------------------------

interface Theme {
  key: string;
  cue: RegExp;
  hook: string;
  insight: string;
  tag: string;
}

/** Theme library: every sentence here is free of names and figures (tests check it). */
export const THEMES: Theme[] = [
  {
    key: 'approvals',
    cue: /\b(?:approv\w*|sign-off|chasing)\b/g,
    hook: 'Approvals that live in somebody\'s inbox are where good processes go to wait.',
    insight: 'The teams that move fastest route every approval by rule, show the approver everything on a phone, and never have to chase.',
    tag: '#FinanceOps',
  },
  {
    key: 'manual',
    cue: /\b(?:by hand|manual\w*|re-?key\w*|keying|typing|spreadsheets?|paper|excel|clipboard)\b/g,
    hook: 'Every figure retyped by hand is a chance to get it wrong.',
    insight: 'When skilled people spend their week retyping data between systems, the real cost is not the hours. It is the judgement they never get to use.',
    tag: '#Automation',
  },
  {
    key: 'leakage',
    cue: /\b(?:late fees?|early-pay|discounts?|penalt\w+|on the table|overtime)\b/g,
    hook: 'The most expensive costs are the ones nobody budgets for: late fees, penalties, overtime, missed discounts.',
    insight: 'They rarely show up as a single line item, so they rarely get fixed. Putting a name and a monthly total on them changes the conversation.',
    tag: '#Operations',
  },
  {
    key: 'fraud',
    cue: /\b(?:fraud\w*|impersonat\w*|bank details|phishing|verification)\b/g,
    hook: 'A convincing email asking to update bank details is still the cheapest attack in business.',
    insight: 'Strong controls are boring on purpose: verify by calling a contact you already had, require another approver, and hold payments to a new account until both checks pass.',
    tag: '#PaymentSecurity',
  },
  {
    key: 'security',
    cue: /\b(?:security review|soc ?2|questionnaire|single sign-on|sso|scim|penetration|pen test|data residency|gdpr|privacy|where (?:is|does) (?:the|that|our) data)\b/g,
    hook: 'Security reviews are not a hurdle at the end of a deal. They are part of the product.',
    insight: 'Buyers now ask where data lives, who can see it and how access is removed before they ask about features. Vendors who answer in writing, early, earn trust faster.',
    tag: '#Security',
  },
  {
    key: 'integration',
    cue: /\b(?:integrat\w*|erp|connector|sync\w*|api|migrat\w*|write access|read-only)\b/g,
    hook: 'Most software decisions are really integration decisions.',
    insight: 'The question buyers care about is simple: will this work with the systems we already run, without a new project for an IT team that is already stretched?',
    tag: '#Integration',
  },
  {
    key: 'routing',
    cue: /\b(?:routes?|routing|dispatch\w*|delivery windows?|stops|trucks|fleet|drivers?|depots?)\b/g,
    hook: 'Planning delivery routes in a spreadsheet works right up until the day it does not.',
    insight: 'Time windows, vehicle types and last-minute changes add up faster than any planner can juggle, and customers feel every missed window.',
    tag: '#Logistics',
  },
  {
    key: 'safety',
    cue: /\b(?:dashcams?|cameras?|safety|rollovers?|harsh braking|insurance|premium)\b/g,
    hook: 'Fleet safety programs succeed or fail on trust, not on hardware.',
    insight: 'Drivers accept coaching when the data protects them as much as it watches them. Starting small and showing that early is what wins the crews over.',
    tag: '#FleetSafety',
  },
  {
    key: 'workplace',
    cue: /\b(?:desks?|hybrid|office days|badge|occupancy|return-to-office|floors?)\b/g,
    hook: 'Hybrid work did not make the office simpler. It made it harder to plan.',
    insight: 'The teams getting it right start from how people actually use the space, and from the requirements their IT and security teams will not bend on.',
    tag: '#FutureOfWork',
  },
  {
    key: 'trust',
    cue: /\b(?:outage|incident|root cause|rca|went down|stopped for)\b/g,
    hook: 'What customers remember after an incident is not the outage. It is how they heard about it.',
    insight: 'Telling them first, writing down the root cause and making it right without being asked does more for a renewal than any discount.',
    tag: '#CustomerSuccess',
  },
  {
    key: 'growth',
    cue: /\b(?:headcount|hire|hiring|without adding|grow\w*|volume)\b/g,
    hook: 'Growing the business should not mean growing the back office at the same pace.',
    insight: 'The question leaders ask has shifted from how many people do we need to how much of this work should people be doing at all.',
    tag: '#Scale',
  },
  {
    key: 'inbound',
    cue: /\b(?:vendor calls|status|where their money|where their payment|angry calls|complaints?|window)\b/g,
    hook: 'When customers or suppliers have to call to ask for status, the process is already late.',
    insight: 'Giving people a place to see status for themselves quietly removes a surprising share of the daily workload.',
    tag: '#CustomerExperience',
  },
  {
    key: 'value',
    cue: /\b(?:budget|price|pricing|cost|payback|business case|roi)\b/g,
    hook: 'Budgets are rarely the real blocker. An unclear business case is.',
    insight: 'Buyers can defend a number to their leadership when it is built from their own figures, not from vendor averages.',
    tag: '#Sales',
  },
];

const QUESTIONS = [
  'How is your team handling this today?',
  'What would you add?',
  'Where does this show up in your world?',
];

export function draftSocialPost(call: CallInput, facts: CallFacts): SocialPost {
  const buyerSpeakers = new Set(facts.participants.filter((p) => p.side === 'buyer').map((p) => p.name));
  const scores = new Map<string, number>();
  for (const t of call.turns) {
    const text = t.text.toLowerCase();
    const weight = buyerSpeakers.has(t.speaker) ? 2 : 1;
    for (const th of THEMES) {
      const n = text.match(th.cue)?.length ?? 0;
      if (n) scores.set(th.key, (scores.get(th.key) ?? 0) + n * weight);
    }
  }
  for (const p of facts.pains) {
    for (const th of THEMES) if (new RegExp(th.cue.source).test(p.toLowerCase())) scores.set(th.key, (scores.get(th.key) ?? 0) + 3);
  }
  const ranked = THEMES.filter((th) => (scores.get(th.key) ?? 0) > 0).sort((a, b) => (scores.get(b.key) ?? 0) - (scores.get(a.key) ?? 0) || THEMES.indexOf(a) - THEMES.indexOf(b));
  const main = ranked[0] ?? THEMES.find((t) => t.key === 'value')!;
  const second = ranked.find((t) => t !== main);
  const question = QUESTIONS[(main.key.length + (second?.key.length ?? 0)) % QUESTIONS.length]!;
  const tags = [main.tag, second?.tag].filter(Boolean).join(' ');
  const parts = [main.hook, '', main.insight];
  let body = `${parts.join('\n')}\n\n${question}\n\n${tags}`;
  if (second) {
    const withSecond = `${main.hook}\n\n${main.insight}\n\n${second.hook}\n\n${question}\n\n${tags}`;
    if (withSecond.length <= 600) body = withSecond;
  }
  return { body: body.slice(0, 600) };
}
