/**
 * Recognising a question's shape: patterns over the words, names found with
 * the lexicon (accounts, people, competitors), the period (chrono-node), and
 * for follow-ups ("and which of those…") the calls the previous answer was
 * about. Nothing here builds SQL: what it finds become tool arguments.
 */
import { findIn, type Lexicon } from '../../lexicon.ts';
import { parsePeriod } from '../../periods.ts';
import type { ThreadTurn } from '../../types.ts';
import { OBJECTION_TYPES } from '../../../agents/types.ts';
import type { ShapeParams } from './shapes/types.ts';

export interface Recognised {
  shape: string;
  params: ShapeParams;
}

const FOLLOW_UP = /^\s*(and|also|then|what about|how about|of (those|these|them))\b|\b(of|among) (those|these|them)\b|\bwhich of (those|these|them)\b/i;

const OBJECTION_WORDS: [RegExp, string][] = [
  [/\b(price|pricing|cost|budget|expensive|discount)\b/i, 'price'],
  [/\btiming\b/i, 'timing'],
  [/\bintegration\b/i, 'integration'],
  [/\bsecurity\b/i, 'security'],
  [/\bauthority\b|\bsign-?off\b/i, 'authority'],
  [/\bneed\b/i, 'need'],
  [/\bcompetit(or|ion|ive)\b/i, 'competitor'],
];

function objectionType(q: string): string | null {
  for (const t of OBJECTION_TYPES) if (new RegExp(`\\b${t}\\b`, 'i').test(q) && /objection|concern|push ?back/i.test(q)) return t;
  for (const [re, t] of OBJECTION_WORDS) if (re.test(q)) return t;
  return null;
}

function clean(s: string): string {
  return s.replace(/[?.!]+\s*$/, '').replace(/^(the|a|an|our|their)\s+/i, '').trim();
}

/** A capitalised name after "did"/"with"/"from" that the lexicon does not know (e.g. "Acme Rockets"). */
function unknownName(text: string): string | null {
  const m = /\b(?:did|does|with|from|at|for)\s+((?:[A-Z][\p{L}&'-]*\s?){1,4})/u.exec(text);
  return m ? m[1]!.trim() : null;
}

export function recognise(question: string, lex: Lexicon, history: readonly ThreadTurn[], now: Date): Recognised {
  const q = question.trim();
  const period = parsePeriod(q, now);
  const periodParam = period ? { since: period.since?.toISOString() ?? null, until: period.until?.toISOString() ?? null, label: period.label } : null;
  const accounts = findIn(q, lex.accounts).map((a) => a.name);
  const people = findIn(q, lex.people).map((p) => p.name);
  const competitors = findIn(q, lex.competitors).map((c) => c.name);
  const base: ShapeParams = { period: periodParam };
  if (accounts[0]) base.account = accounts[0];
  if (people.length) base.people = people;

  const prev = history[history.length - 1];
  if (prev && FOLLOW_UP.test(q) && prev.subjects.transcriptIds.length > 0) base.transcriptIds = prev.subjects.transcriptIds;

  // what changed since the last call with <account>
  if (/\b(what('s| has)? changed|what is new|what's new|since (the|our) last call)\b/i.test(q)) {
    return { shape: 'changes', params: accounts[0] ? base : { ...base, unknownAccount: unknownName(q) ?? undefined } };
  }
  // compare two reps
  if (people.length >= 2 && /\b(compare|comparison|versus|vs\.?|against|better|difference)\b/i.test(q)) {
    return { shape: 'compare-reps', params: base };
  }
  // talk ratio / questions by rep
  if (/\btalk(ing)?[ -]?(ratio|time|share)\b|\bhow much did .* talk\b|\bquestions\b.*\b(ask|asked|asks)\b|\b(ask|asked)\b.*\bquestions\b|\bmost questions\b|\bmonologue\b/i.test(q)) {
    const metric = /\bquestions?\b/i.test(q) ? 'questions' : 'talk';
    return { shape: 'rep-metrics', params: { ...base, metric, ranking: !people.length || /\b(most|least|which reps?|who)\b/i.test(q) && !people.length } };
  }
  // next steps due in a period, by owner
  if (/\bnext[- ]steps?\b|\baction items?\b|\bfollow[- ]ups?\b|\bto-?dos?\b|\bdue\b/i.test(q)) {
    return { shape: 'next-steps', params: base };
  }
  // objections by type over a period
  if (/\bobjections?\b|\bpush ?back\b|\bconcerns?\b/i.test(q)) {
    return { shape: 'objections', params: { ...base, objectionType: objectionType(q), byType: /\bby type\b|\btypes?\b/i.test(q) } };
  }
  // competitors by account ("which competitors does X mention?" too, but not "which calls mention <a competitor>")
  if (/\bcompetitors?\b|\bcompetition\b|\bcompeting\b/i.test(q) && !competitors[0]) {
    return { shape: 'competitors', params: base };
  }
  // what did <account> say about <topic>
  const said = /\bwhat (?:did|does|has|have)\s+(.+?)\s+(?:say|said|tell us|told us|think|mention|raise|talk)\s+(?:about|on|regarding|of)\s+(.+)$/i.exec(q)
    ?? /\b(?:what|how) (?:about|on)\s+(.+?)\s+(?:and|on|regarding)\s+(.+)$/i.exec(q);
  if (said) {
    const who = said[1]!;
    const topic = clean(said[2]!);
    const acc = findIn(who, lex.accounts)[0]?.name;
    if (acc) return { shape: 'account-topic', params: { ...base, account: acc, topic } };
    const person = findIn(who, lex.people)[0]?.name;
    if (!person) return { shape: 'account-topic', params: { ...base, account: undefined, unknownAccount: clean(who), topic } };
  }
  // which calls / accounts mention X
  const mention = /\b(?:mention(?:s|ed)?|talk(?:s|ed)? about|discuss(?:es|ed)?|brings? up|brought up|refer(?:s|red)? to|bring up)\s+(.+)$/i.exec(q);
  if (mention) {
    const term = clean(mention[1]!);
    const comp = findIn(term, lex.competitors)[0]?.name;
    const nounAccounts = /\b(accounts?|customers?|companies|deals?|prospects?)\b/i.test(q);
    return { shape: 'mentions', params: { ...base, term, ...(comp ? { competitor: comp } : {}), nounAccounts } };
  }
  // who is involved with / works at <entity>
  if (/\bwho\b.*\b(involved|works?|working|at|on|from|linked|connected|part of|talk(ed)? to|met)\b|\b(people|contacts|stakeholders|participants)\b/i.test(q)) {
    const target = accounts[0] ?? competitors[0] ?? people[0];
    if (target) return { shape: 'graph', params: { ...base, ...(competitors[0] && !accounts[0] ? { competitor: competitors[0] } : {}), worksAt: /\bworks? (at|for)\b|\bemployed\b/i.test(q) } };
  }
  if (competitors[0] && !accounts[0]) {
    return { shape: 'mentions', params: { ...base, term: competitors[0], competitor: competitors[0], nounAccounts: /\baccounts?\b/i.test(q) } };
  }
  return { shape: 'fallback', params: { ...base, term: q } };
}
