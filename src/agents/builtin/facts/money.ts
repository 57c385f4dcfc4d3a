/**
 * Money amounts in spoken sales calls. Explicit ones carry a symbol, code or
 * currency word ("$54,000", "€14 500", "forty thousand dollars", "45k USD");
 * implicit ones are scaled numbers in a price conversation ("forty-one thousand
 * a year", "About sixty-five thousand." in answer to "what does a clerk cost").
 * Ranges ("between thirty and forty-five thousand", "$36–48k") give two amounts.
 */
import { currencyOfSymbol, parseNumberAt, tokenize, wordValue, type NumberPhrase, type Token } from './numbers.ts';
import type { Sentence } from './text.ts';

export interface FoundAmount {
  text: string;
  value: number;
  currency: string | null; // null: implicit, the call's dominant currency applies
  explicit: boolean;
  sentence: Sentence;
  /** Second end of a range, when this amount is the low or high end of one. */
  rangeText?: string;
  /** "eight twenty-five" read as hundreds (value) could also be dollars and cents: this (8.25). */
  centsReading?: number;
  /** The unit a price is per ("per mailbox per year" → mailbox), for comparing prices of one call. */
  unit?: string;
  /** A bare spoken number with no scale ("we have ninety approved"), kept for the call-level pass. */
  bare?: boolean;
}

const CODE_WORDS: Record<string, string> = {
  usd: 'USD', eur: 'EUR', gbp: 'GBP', jpy: 'JPY', cad: 'CAD', aud: 'AUD', chf: 'CHF', sek: 'SEK', nok: 'NOK', dkk: 'DKK', inr: 'INR', cny: 'CNY', mxn: 'MXN', brl: 'BRL', nzd: 'NZD', sgd: 'SGD',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD', dollars: 'USD', buck: 'USD', bucks: 'USD', euro: 'EUR', euros: 'EUR', pound: 'GBP', pounds: 'GBP', quid: 'GBP', yen: 'JPY',
  kronor: 'SEK', krona: 'SEK', kroner: 'NOK', krone: 'NOK', francs: 'CHF', franc: 'CHF', rupees: 'INR', yuan: 'CNY', pesos: 'MXN', reais: 'BRL',
};
const DOLLAR_ADJ: Record<string, string> = { canadian: 'CAD', australian: 'AUD', us: 'USD', american: 'USD', singapore: 'SGD', 'new zealand': 'NZD', hong: 'HKD' };
const SYMBOL_PREFIX: Record<string, string> = { us$: 'USD', c$: 'CAD', a$: 'AUD' };

/** Nouns that make a number a count, not money: "sixty-one thousand invoices". */
const COUNT_NOUNS = new Set(
  ('invoices invoice employees employee people persons desks desk vendors vendor suppliers supplier approvers approver users user seats customers customer clients ' +
    'passengers units hours hour days day weeks week months month years year questions calls emails e-mails transactions payments documents bills entities ' +
    'companies locations stores warehouses trucks orders items skus tickets members staff clerks heads words pages records rows lines miles kilometers km feet ' +
    'meters square sq percent times x minutes seconds accounts licenses devices tons pallets containers shipments units shares points basis bps ' +
    'invoices/month invoices/year students patients beds rooms floors buildings sites subscribers downloads visits visitors views messages').split(/\s+/),
);
/** Words between a number and its count noun that do not break the link: "eight thousand more invoices". */
const COUNT_FILLERS = new Set('more active new fresh open additional extra other paper manual total unique monthly annual of'.split(' '));

// "charging us …", "approve anything above …", "anything over …", "signed … thirty thousand", "a payout of …": a price, an approval threshold, a deal's size or a return to shareholders is money talk.
const MONEY_CUE =
  /\b(?:price[ds]?|pricing|cost(?:s|ing)?|pay(?:s|ing)?|paid|quot(?:e|ed|es|ing)|budget(?:s|ed|ing)?|fees?|discount(?:s|ed)?|credit|spend(?:s|ing)?|spent|savings?|sav(?:e|ed|ing)|cheaper|expensive|came in at|come in at|comes in at|offered (?:us|me)|proposal|contract|renewal|subscription|revenue|salary|loaded|run rate|uplift|invoice of|charg(?:e[sd]?|ing)|afford|worth|dollars?|euros?|pounds?|bill(?:s|ed|ing)?|list|total|rebates?|deal|ballpark|number|approv(?:e|es|ed|al)|anything (?:over|above|under|north of)|signed|booked|dividends?|payouts?|pipeline|quota|bookings|closed|arr|mrr|acv)\b/;
// A price per period or per unit: "a year", "per dock door per month", "per employee".
const PER_PERIOD = /^\s*(?:a|per|an|\/)\s*(?:[a-z]+\s+)?(?:year|yr|month|mo|annum|quarter|seat|desk|user|license|licence|head|door|employee|vehicle|truck|trailer|agent|location|site|member|device|driver|student|room|bed|unit|move|transaction|order|shipment|clinician|provider|account|share|hour|gallon)\b|^\/(?:yr|year|mo|month)\b|^\s*over\s+(?:the\s+)?(?:a|one|two|three|four|five|six|seven|ten|\d+)\s+(?:years?|months?|quarters?)\b|^\s*(?:annually|yearly|monthly|all[- ]in|one[- ]time|upfront|loaded|each|apiece)\b/;

/** Plural words that are money or a unit of it, never a count: "sixty thousand savings", "ten thousand bucks". */
const MONEY_PLURALS = new Set('dollars euros pounds bucks quid cents francs kronor kroner pesos reais rupees yen savings fees credits rebates funds thousands millions billions provisions reserves proceeds earnings revenues profits costs expenses losses'.split(' '));
/** Words ending in "s" that are not plural nouns. */
const NOT_PLURAL = new Set(
  ('is was has this thus plus less unless across us yes as its always perhaps besides afterwards towards sometimes does ' +
    // Reflexive pronouns: "the board signs anything over twenty-five thousand themselves".
    'themselves ourselves yourselves ' +
    // Verbs a price is the subject of: "ten thousand goes to the board", "forty thousand covers it".
    'goes needs gets means includes covers requires works seems sounds makes takes comes stays buys pays saves looks fits hits beats puts leaves keeps gives brings lands sits').split(' '),
);
/** A verb in -s takes an object ("a hundred thousand gets you …"); a plural noun does not. */
const OBJECT_AFTER = /^(?:it|you|us|me|them|him|her|the|a|an|our|your|my|their|his|everything|that|this|those|these|most|all|both)$/;

/** Words that never modify a counted noun: function words, money words, and verbs a price goes with. */
const NOT_A_MODIFIER = /^(?:in|on|at|for|of|to|from|by|with|per|a|an|the|and|or|but|so|if|is|was|are|were|be|that|this|these|those|it|we|you|they|he|she|i|our|your|their|over|under|up|down|out|off|into|across|just|only|all|each|every|total|flat|net|gross|upfront|annually|monthly|yearly|dollars?|euros?|pounds?|bucks|grand|k|cash|budget|budgeted|approved|signed|more|less|plus|minus|tops|max|min|ish|or so|which|who|what|where|when|then|than|now|today|already|still|also|even|maybe|roughly|about|around|last|next|this|first|second|few|couple)$|ly$|ed$/;
/** "turnarounds" in "thirty-eight thousand turnarounds a year" is a plural noun, also before "a year"; "gets you" is a verb with an object. */
function isPluralNoun(tokens: Token[], k: number): boolean {
  const w = tokens[k]?.lower ?? '';
  if (!/^[a-z][a-z-]{2,}s$/.test(w) || /ss$/.test(w) || MONEY_PLURALS.has(w) || NOT_PLURAL.has(w)) return false;
  const next = tokens[k + 1]?.lower ?? '';
  const rate = /^(?:a|an)$/.test(next) && /^(?:year|month|week|day|quarter|season|shift)$/.test(tokens[k + 2]?.lower ?? '');
  return rate || !OBJECT_AFTER.test(next);
}

/** `plural`: also count a plain plural noun (only for numbers with no currency said). */
function isCountFollowed(tokens: Token[], j: number, plural = true): boolean {
  for (let k = j; k < Math.min(tokens.length, j + 5); k++) {
    const t = tokens[k]!;
    // Hesitations between a number and its noun: "one million, uh, tons".
    const filler = (x: Token | undefined) => /^(?:uh|um|er|erm)$/.test(x?.lower ?? '');
    if (filler(t) || (t.text === ',' && (filler(tokens[k + 1]) || filler(tokens[k - 1])))) continue;
    if (t.kind !== 'word') return t.text === '%';
    if (COUNT_NOUNS.has(t.lower)) return true;
    // A number right before a plural noun counts things: "nineteen hundred contracts", "six point two million kilowatt-hours".
    if (plural && isPluralNoun(tokens, k)) return true;
    // One modifier before a plural noun: "fourteen thousand defect reports", "thirty thousand support tickets".
    if (plural && k === j && !COUNT_FILLERS.has(t.lower) && !NOT_A_MODIFIER.test(t.lower) && tokens[k + 1]?.kind === 'word' && /s$/.test(tokens[k + 1]!.lower) && (COUNT_NOUNS.has(tokens[k + 1]!.lower) || isPluralNoun(tokens, k + 1))) return true;
    if (!COUNT_FILLERS.has(t.lower)) return false;
  }
  return false;
}

/** "per mailbox per year", "per dock door": the unit a price is per (null for periods and none). */
const PER_UNIT = /^\s*(?:per|\/)\s*((?:[a-z-]+\s+)??([a-z-]+))(?=\s+(?:per|a|an|each|and|or|on|with|for|in|which|so|that|to|is|at|if)\b|\s*[.,;:!?)]|\s*$)/;
const PERIODS = /^(?:year|yr|month|mo|annum|quarter|week|day|hour|time|cent)$/;
function unitOf(afterText: string): string | null {
  const m = PER_UNIT.exec(afterText.toLowerCase());
  if (!m || PERIODS.test(m[2]!)) return null;
  return m[2]!.replace(/s$/, '');
}

interface Parsed {
  phrase: NumberPhrase;
  currency: string | null;
  explicit: boolean;
  start: number; // char offsets in sentence
  end: number;
  nextIndex: number;
}

/** Tries to read an amount at token i (currency before or after the number). */
function readAmountAt(tokens: Token[], i: number): Parsed | null {
  const t = tokens[i]!;
  let currency: string | null = null;
  let explicit = false;
  let numIndex = i;
  let start = t.start;
  if (t.kind === 'cur') {
    currency = SYMBOL_PREFIX[t.lower] ?? currencyOfSymbol(t.text) ?? null;
    explicit = true;
    numIndex = i + 1;
  } else if (t.kind === 'word' && (t.lower in CODE_WORDS) && t.text === t.text.toUpperCase() && tokens[i + 1]?.kind === 'num') {
    currency = CODE_WORDS[t.lower]!;
    explicit = true;
    numIndex = i + 1;
  }
  // "a dollar ninety", "a euro twenty": one unit of the currency.
  const aUnit = tokens[numIndex]?.lower === 'a' && /^(?:dollar|euro|pound|buck)$/.test(tokens[numIndex + 1]?.lower ?? '') && !currency && (wordValue(tokens[numIndex + 2]?.lower ?? '') ?? 0) >= 10;
  const parsed = aUnit ? { value: 1, from: numIndex, to: numIndex + 1, scale: 1, words: true, yearLike: false } : parseNumberAt(tokens, numIndex);
  const phrase = parsed ? { ...parsed } : null;
  if (!phrase) return null;
  let j = phrase.to;
  let end = tokens[j - 1]!.end;
  // "ninety-six thousand a year" ... "sixty thousand dollars", "45,000 USD", "four million euros", "Canadian dollars"
  const after = tokens[j];
  if (after && after.kind === 'word') {
    if (after.lower in CURRENCY_WORDS && !currency) {
      currency = CURRENCY_WORDS[after.lower]!;
      explicit = true;
      end = after.end;
      j++;
      // "eleven dollars fifty", "two dollars and fifty cents": the cents after the unit.
      const k = tokens[j]?.lower === 'and' ? j + 1 : j;
      const cents = tokens[k]?.kind === 'word' ? wordValue(tokens[k]!.lower) : undefined;
      const afterCents = tokens[k + 1]?.lower;
      if (cents !== undefined && cents > 0 && cents < 100 && (afterCents === undefined || afterCents === 'cents' || afterCents === 'per' || afterCents === 'a' || tokens[k + 1]?.kind === 'punct')) {
        phrase.value += cents / 100;
        end = tokens[afterCents === 'cents' ? k + 1 : k]!.end;
        j = afterCents === 'cents' ? k + 2 : k + 1;
      }
    } else if ((after.lower === 'cents' || after.lower === 'cent') && !currency) {
      // "forty cents a share"
      phrase.value = phrase.value / 100;
      currency = 'USD';
      explicit = true;
      end = after.end;
      j++;
    } else if (after.lower in DOLLAR_ADJ && tokens[j + 1] && /^dollars?$/.test(tokens[j + 1]!.lower) && !currency) {
      currency = DOLLAR_ADJ[after.lower]!;
      explicit = true;
      end = tokens[j + 1]!.end;
      j += 2;
    } else if (after.lower in CODE_WORDS && after.text === after.text.toUpperCase() && !currency) {
      currency = CODE_WORDS[after.lower]!;
      explicit = true;
      end = after.end;
      j++;
    }
  }
  return { phrase, currency, explicit, start, end, nextIndex: j };
}

function rangeLink(tokens: Token[], j: number, lowPrecededByBetween: boolean): number | null {
  const t = tokens[j];
  if (!t) return null;
  if (t.lower === 'to' || t.text === '-' || t.text === '–' || t.text === '—') return j + 1;
  if (t.lower === 'and' && lowPrecededByBetween) return j + 1;
  return null;
}

/** Words before a spoken price: "that's seventy-nine a month", "it's about forty a seat", "costs twenty a month". */
const PRICE_BEFORE = /\b(?:that's|it's|that is|it is|at|for|costs?|runs?|pay(?:ing)?|charg(?:e|es|ing)(?: us| you)?|just|only|(?:usually |typically )?(?:lands?|landing|be))\s+(?:about\s+|around\s+|roughly\s+)?$/i;
const PAIR_PRICE_BEFORE = new RegExp(`${PRICE_BEFORE.source.slice(0, -1)}|\\b(?:is|are|was|were|(?:can|could|would|will|'d|'ll) do)\\s+(?:about\\s+|around\\s+|roughly\\s+)?$`, 'i');
/** What may follow a number whose thousands are left unsaid: the end of the clause, "approved", "in the plan", "is the ceiling". */
const BARE_NEXT = /^\s*(?:[.,;:!?]|$|(?:is|was|and|or|approved|budgeted|in|for|tops|max|flat|all-in|total)\b)/i;

/** What may precede it: a verb or preposition ("we have ninety", "over ninety"), never a noun that makes it a label ("net sixty", "day ninety"). */
const BARE_PREV = /^(?:have|has|had|is|was|be|at|to|over|under|above|below|about|around|roughly|approximately|only|just|than|of|and|or|with|got|maybe|[,;:])$/;

/** "at two thirty", "by eleven fifteen", "six fifty p.m.": a clock time, not a price. */
function clockTime(tokens: Token[], i: number, next: number): boolean {
  return /^(?:at|by|around|until|till|from|after|before)$/.test(tokens[i - 1]?.lower ?? '') || /^(?:am|pm|a\.m|p\.m|o'clock|eastern|pacific|central|mountain|gmt|cet)$/.test(tokens[next]?.lower ?? '');
}

/** Finds the amounts of one sentence. `moneyContext`: the previous sentence talked about money. */
export function amountsInSentence(sentence: Sentence, moneyContext: boolean, keepBare = false): FoundAmount[] {
  const s = sentence.norm;
  const tokens = tokenize(s);
  const lower = sentence.lower;
  const sentenceHasCue = MONEY_CUE.test(lower);
  const out: FoundAmount[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind !== 'num' && t.kind !== 'cur' && t.kind !== 'word') {
      i++;
      continue;
    }
    const a = readAmountAt(tokens, i);
    if (!a) {
      i++;
      continue;
    }
    const precededByBetween = tokens[i - 1]?.lower === 'between' || (tokens[i - 1]?.lower === 'somewhere' ) || tokens[i - 2]?.lower === 'between';
    // Range?
    let high: Parsed | null = null;
    const link = rangeLink(tokens, a.nextIndex, precededByBetween);
    if (link !== null) {
      const b = readAmountAt(tokens, link);
      if (b && !b.phrase.yearLike) high = b;
    }
    const last = high ?? a;
    const currency = a.currency ?? high?.currency ?? null;
    const explicit = a.explicit || !!high?.explicit;
    let lowValue = a.phrase.value;
    const highValue = high?.phrase.value;
    if (high && a.phrase.scale < high.phrase.scale && high.phrase.scale >= 1000 && lowValue * high.phrase.scale <= highValue! * 1.0001 && lowValue < 1000) {
      // "thirty and forty-five thousand", "five to seven thousand", "$36-48k"; "six and eight hundred thousand" (×100,000)
      const m = lowValue < 10 && highValue! >= 100 * high.phrase.scale && lowValue * high.phrase.scale * 100 <= highValue! * 1.0001 ? high.phrase.scale * 100 : high.phrase.scale;
      lowValue *= m;
    }
    const afterText = s.slice(tokens[last.nextIndex - 1]!.end);
    const isPercent = /^\s*(?:%|percent|per cent|basis points|bps)/.test(afterText);
    const counted = isCountFollowed(tokens, last.nextIndex, !explicit);
    const unit = high ? null : unitOf(afterText);
    // A price said in two parts, with or without the currency word after it ("twelve fifty euros").
    const pair = !high && a.phrase.centsReading !== undefined && (!explicit || !!a.currency && tokens[a.phrase.to]?.kind === 'word');
    let accept = false;
    let bare = false;
    if (!isPercent && !counted) {
      if (explicit) accept = !(a.phrase.yearLike && !a.currency);
      // "eight twenty-five per employee", "charging us six fifty": a price said in two parts, per unit or in a price sentence (not a clock time).
      // "The starter plan is one ninety-nine a month": a two-part number per period after "is" is a price too.
      else if (pair) accept = !a.phrase.yearLike && (unit !== null || PER_PERIOD.test(afterText) ? sentenceHasCue || moneyContext || unit !== null || PAIR_PRICE_BEFORE.test(s.slice(Math.max(0, a.start - 24), a.start)) : sentenceHasCue && !clockTime(tokens, i, a.nextIndex));
      // "Pricing is twenty per user per month": a small number is money when priced per unit in a money conversation.
      else if (!a.phrase.yearLike && !high && a.phrase.words && lowValue > 0 && lowValue < 1000 && unit !== null && (sentenceHasCue || moneyContext)) accept = true;
      // "that's seventy-nine a month": a spoken price per period after "that's / it's / at / costs".
      else if (!a.phrase.yearLike && !high && a.phrase.words && lowValue >= 10 && lowValue < 1000 && PER_PERIOD.test(afterText) && PRICE_BEFORE.test(s.slice(Math.max(0, a.start - 24), a.start))) accept = true;
      // "about nine hundred a month": a spoken hundreds amount per period in a price sentence.
      else if (!a.phrase.yearLike && !high && a.phrase.scale >= 100 && lowValue < 1000 && sentenceHasCue && PER_PERIOD.test(afterText)) accept = true;
      else if (!a.phrase.yearLike && (lowValue >= 1000 || (highValue ?? 0) >= 1000) && (a.phrase.scale >= 100 || (high?.phrase.scale ?? 0) >= 1000 || a.phrase.words === false)) {
        const perPeriod = PER_PERIOD.test(afterText);
        const digitsOnlyNoScale = !a.phrase.words && a.phrase.scale === 1 && !/,/.test(tokens[a.phrase.from]!.text);
        // "30K", "seventy-five K": thousands said with a K are money talk unless they count something (checked above).
        const kSuffix = tokens.slice(a.phrase.from, last.phrase.to).some((x) => x.lower === 'k' || /^\d[\d,.]*k$/i.test(x.text));
        accept = !digitsOnlyNoScale && (perPeriod || unit !== null || sentenceHasCue || moneyContext || kSuffix);
      }
      // "We have ninety approved.": thousands left unsaid in a money conversation; amountsOfCall scales it or drops it.
      else if (keepBare && moneyContext && !high && a.phrase.words && !a.phrase.yearLike && a.phrase.scale <= 100 && lowValue >= 10 && lowValue < 1000 && Number.isInteger(lowValue) && BARE_NEXT.test(afterText) && (i === 0 || BARE_PREV.test(tokens[i - 1]!.lower))) accept = bare = true;
    }
    if (accept) {
      const text = sentence.text.slice(a.start, last.end);
      if (high && highValue !== undefined) {
        out.push({ text, value: lowValue, currency, explicit, sentence, rangeText: text });
        out.push({ text, value: highValue, currency, explicit, sentence, rangeText: text });
      } else {
        out.push({ text, value: lowValue, currency, explicit, sentence, ...(pair ? { centsReading: a.phrase.centsReading } : {}), ...(unit ? { unit } : {}), ...(bare ? { bare } : {}) });
      }
      i = last.nextIndex;
      continue;
    }
    i = Math.max(i + 1, a.phrase.to);
  }
  return out;
}

export const hasMoneyCue = (lower: string): boolean => MONEY_CUE.test(lower);

/**
 * The amounts of a whole call: each sentence, with the money conversation carried over a few
 * sentences ("What does a clerk cost?" — "About sixty-five thousand."), then the readings only
 * the call's context decides: a price said in two parts ("eight twenty-five") and thousands
 * left unsaid ("we have ninety approved").
 */
export function amountsOfCall(sentences: Sentence[]): FoundAmount[] {
  const found: FoundAmount[] = [];
  let lastMoneyAt = -10;
  for (const s of sentences) {
    const a = amountsInSentence(s, s.index - lastMoneyAt <= 5, true);
    found.push(...a);
    if (a.length > 0 || hasMoneyCue(s.lower)) lastMoneyAt = s.index;
  }
  const out: FoundAmount[] = [];
  for (const a of found) {
    if (a.bare) {
      // Thousands left unsaid: only next to an amount in the tens of thousands or more that it is comparable to.
      const recent = found.filter((b) => !b.bare && b.centsReading === undefined && b.sentence.index < a.sentence.index && a.sentence.index - b.sentence.index <= 8 && b.value >= 10_000);
      const scaled = a.value * 1000;
      // "Ninety-nine is better." after "ninety-nine per user": the price said again, not thousands.
      if (found.some((b) => !b.bare && Math.abs(b.value - a.value) < 0.005)) continue;
      if (recent.some((b) => scaled >= b.value / 2 && scaled <= b.value * 2)) out.push({ ...a, value: scaled, bare: undefined });
      continue;
    }
    out.push(a.centsReading === undefined ? a : { ...a, value: pickReading(a, found, sentences) });
  }
  return out;
}

/** Hundreds (199) or dollars and cents (1.99) for a price said in two parts, by the call's context. */
function pickReading(a: FoundAmount, all: FoundAmount[], sentences: Sentence[]): number {
  const readings = [a.value, a.centsReading!];
  // 1. A total said with it: "eleven fifty per user per month, which comes to $19,320 a year" for a count said in the call.
  const totals = all.filter((b) => b !== a && b.centsReading === undefined && !b.bare && b.value >= 100 && b.sentence.index >= a.sentence.index && b.sentence.index <= a.sentence.index + 1).map((b) => b.value);
  if (totals.length) {
    const counts = countsNear(sentences, a.sentence.index);
    const fit = (r: number, cs: typeof counts) => totals.some((t) => cs.some((n) => [1, 12].some((k) => Math.abs(r * n.value * k - t) <= t * 0.005)));
    // A count of the unit priced ("five resorts" for "per resort") is the better witness when both readings fit some count.
    for (const cs of [counts.filter((n) => a.unit && n.noun === a.unit), counts]) {
      const fits = readings.filter((r) => fit(r, cs));
      if (fits.length === 1) return fits[0]!;
    }
  }
  // 2. Another price per the same unit in the call ("a hundred and sixty-five per mailbox"): the reading of the same size.
  const anchors = all.filter((b) => b !== a && b.unit && b.unit === a.unit && b.centsReading === undefined && !b.bare).map((b) => b.value);
  if (anchors.length) {
    const dist = (r: number) => Math.min(...anchors.map((x) => Math.abs(Math.log(r / x))));
    return dist(readings[0]!) <= dist(readings[1]!) ? readings[0]! : readings[1]!;
  }
  // 3. Thousands left unsaid ("your number is one eighty-six" in a call of six-figure sums, round 14): no unit or period
  // after it, and an amount said in full in the call is of that size (within a factor of 2.5).
  const after = a.sentence.lower.slice(a.sentence.lower.indexOf(a.text.toLowerCase()) + a.text.length);
  const thousands = a.value * 1000;
  if (!a.unit && !PER_PERIOD.test(after) && all.some((b) => b !== a && b.centsReading === undefined && !b.bare && b.value >= 10_000 && thousands >= b.value / 2.5 && thousands <= b.value * 2.5)) return thousands;
  // A figure per share ("a dividend of one twenty-five per share") is dollars and cents, never hundreds.
  if (a.unit === 'share') return a.centsReading!;
  // 4. Otherwise hundreds — per year ("two forty per seat per year"), hyphenated ("twelve-fifty"), and every other pair:
  // "two ninety-five", "eleven forty" are said of hundreds far more often than of dollars and cents (round 14: over 584
  // training calls the cents reading was wrong 78 times and right twice). Cents only per share or where rules 1–2 say so.
  return a.value;
}

/** Whole numbers said in the sentence and the thirty before it ("for a hundred and forty users", "thirty thousand invoices"). */
function countsNear(sentences: Sentence[], index: number): { value: number; noun: string | null }[] {
  const out: { value: number; noun: string | null }[] = [];
  for (let k = Math.max(0, index - 30); k <= index; k++) {
    const tokens = tokenize(sentences[k]!.norm);
    for (let i = 0; i < tokens.length; i++) {
      const p = parseNumberAt(tokens, i);
      if (!p) continue;
      const next = tokens[p.to];
      if (Number.isInteger(p.value) && p.value >= 2) out.push({ value: p.value, noun: next?.kind === 'word' ? next.lower.replace(/s$/, '') : null });
      i = p.to - 1;
    }
  }
  return out;
}
