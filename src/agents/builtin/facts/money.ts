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
}

const CODE_WORDS: Record<string, string> = {
  usd: 'USD', eur: 'EUR', gbp: 'GBP', jpy: 'JPY', cad: 'CAD', aud: 'AUD', chf: 'CHF', sek: 'SEK', nok: 'NOK', dkk: 'DKK', inr: 'INR', cny: 'CNY', mxn: 'MXN', brl: 'BRL', nzd: 'NZD', sgd: 'SGD',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD', dollars: 'USD', bucks: 'USD', euro: 'EUR', euros: 'EUR', pound: 'GBP', pounds: 'GBP', quid: 'GBP', yen: 'JPY',
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

const MONEY_CUE =
  /\b(?:price[ds]?|pricing|cost(?:s|ing)?|pay(?:s|ing)?|paid|quot(?:e|ed|es|ing)|budget(?:s|ed|ing)?|fees?|discount(?:s|ed)?|credit|spend(?:s|ing)?|spent|savings?|sav(?:e|ed|ing)|cheaper|expensive|came in at|come in at|comes in at|offered (?:us|me)|proposal|contract|renewal|subscription|revenue|salary|loaded|run rate|uplift|invoice of|charge[sd]?|afford|worth|dollars?|euros?|pounds?|bill(?:s|ed|ing)?|list|total|rebates?|deal|ballpark|number)\b/;
// A price per period or per unit: "a year", "per dock door per month", "per employee".
const PER_PERIOD = /^\s*(?:a|per|an|\/)\s*(?:[a-z]+\s+)?(?:year|yr|month|mo|annum|quarter|seat|desk|user|license|licence|head|door|employee|vehicle|truck|trailer|agent|location|site|member|device|driver|student|room|bed|unit|move|transaction|order|shipment|clinician|provider|account|share|hour|gallon)\b|^\/(?:yr|year|mo|month)\b|^\s*(?:annually|yearly|monthly|all[- ]in|one[- ]time|upfront|loaded)\b/;

function isCountFollowed(tokens: Token[], j: number): boolean {
  for (let k = j; k < Math.min(tokens.length, j + 3); k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word') return t.text === '%';
    if (COUNT_NOUNS.has(t.lower)) return true;
    if (!COUNT_FILLERS.has(t.lower)) return false;
  }
  return false;
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
  const parsed = parseNumberAt(tokens, numIndex);
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

/** Finds the amounts of one sentence. `moneyContext`: the previous sentence talked about money. */
export function amountsInSentence(sentence: Sentence, moneyContext: boolean): FoundAmount[] {
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
      // "thirty and forty-five thousand", "five to seven thousand", "$36-48k"
      lowValue *= high.phrase.scale;
    }
    const afterText = s.slice(tokens[last.nextIndex - 1]!.end);
    const isPercent = /^\s*(?:%|percent|per cent|basis points|bps)/.test(afterText);
    const counted = isCountFollowed(tokens, last.nextIndex);
    let accept = false;
    if (!isPercent && !counted) {
      if (explicit) accept = !(a.phrase.yearLike && !a.currency);
      // "Pricing is one ninety-nine per user per month": a small number is money when priced per unit in a price sentence.
      else if (!a.phrase.yearLike && !high && a.phrase.words && lowValue >= 1 && lowValue < 1000 && sentenceHasCue && /^\s*(?:per|a|an)\s+(?:[a-z]+\s+)?(?:user|seat|door|employee|vehicle|truck|trailer|agent|location|site|member|device|driver|student|license|licence|unit|month|share)\b/.test(afterText) && /\bper\b/.test(afterText.slice(0, 40))) accept = true;
      // "about nine hundred a month": a spoken hundreds amount per period in a price sentence.
      else if (!a.phrase.yearLike && !high && a.phrase.scale >= 100 && lowValue < 1000 && sentenceHasCue && PER_PERIOD.test(afterText)) accept = true;
      else if (!a.phrase.yearLike && (lowValue >= 1000 || (highValue ?? 0) >= 1000) && (a.phrase.scale >= 100 || (high?.phrase.scale ?? 0) >= 1000 || a.phrase.words === false)) {
        const perPeriod = PER_PERIOD.test(afterText);
        const digitsOnlyNoScale = !a.phrase.words && a.phrase.scale === 1 && !/,/.test(tokens[a.phrase.from]!.text);
        accept = !digitsOnlyNoScale && (perPeriod || sentenceHasCue || moneyContext);
      }
    }
    if (accept) {
      const text = sentence.text.slice(a.start, last.end);
      if (high && highValue !== undefined) {
        out.push({ text, value: lowValue, currency, explicit, sentence, rangeText: text });
        out.push({ text, value: highValue, currency, explicit, sentence, rangeText: text });
      } else {
        out.push({ text, value: lowValue, currency, explicit, sentence });
      }
      i = last.nextIndex;
      continue;
    }
    i = Math.max(i + 1, a.phrase.to);
  }
  return out;
}

export const hasMoneyCue = (lower: string): boolean => MONEY_CUE.test(lower);
