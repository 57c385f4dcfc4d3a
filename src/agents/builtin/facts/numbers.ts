/**
 * Numbers as people say them in calls: digits with separators ("45,000",
 * "€14 500", "$8k", "2.5 million") and words ("forty-seven thousand five
 * hundred and twenty", "twenty-four hundred", "a hundred and ten thousand").
 * Owns: a small tokenizer and a number-phrase parser over its tokens.
 */

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  kind: 'word' | 'num' | 'cur' | 'punct';
}

const CURRENCY_SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW' };
export const currencyOfSymbol = (s: string): string | undefined => CURRENCY_SYMBOLS[s];

/** Tokenizes normalised text. Digit groups separated by spaces are joined only right after a currency symbol ("€14 500"). */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re =
    /(US\$|C\$|A\$|[$€£¥₹₩])|(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)([kKmM]|bn)?(?![\p{L}\d])|([\p{L}][\p{L}'\d]*(?:-[\p{L}][\p{L}'\d]*)*)|(\S)/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (m[1]) {
      out.push({ text: m[1], lower: m[1].toLowerCase(), start: m.index, end: m.index + m[1].length, kind: 'cur' });
      // "€14 500", "¥2 400 000": space-grouped digits after a currency symbol.
      const rest = s.slice(re.lastIndex);
      const g = /^\s?(\d{1,3}(?: \d{3})+)(?!\d|,\d)/.exec(rest);
      if (g) {
        const start = re.lastIndex + (g[0].length - g[1]!.length);
        out.push({ text: g[1]!, lower: g[1]!, start, end: start + g[1]!.length, kind: 'num' });
        re.lastIndex += g[0].length;
      }
      continue;
    }
    if (m[2]) {
      const text = m[0];
      out.push({ text, lower: text.toLowerCase(), start: m.index, end: m.index + text.length, kind: 'num' });
      continue;
    }
    if (m[4]) {
      // "ninety-\nsix" wrapped by a caption line break reads "ninety- six": one word, "ninety-six".
      const wrap = m[4].toLowerCase() in TENS ? /^-\s+(one|two|three|four|five|six|seven|eight|nine)(?![\p{L}\d-])/iu.exec(s.slice(re.lastIndex)) : null;
      if (wrap) {
        re.lastIndex += wrap[0].length;
        const text = s.slice(m.index, re.lastIndex);
        out.push({ text, lower: `${m[4].toLowerCase()}-${wrap[1]!.toLowerCase()}`, start: m.index, end: re.lastIndex, kind: 'word' });
        continue;
      }
      out.push({ text: m[4], lower: m[4].toLowerCase(), start: m.index, end: m.index + m[4].length, kind: 'word' });
      continue;
    }
    out.push({ text: m[0], lower: m[0], start: m.index, end: m.index + m[0].length, kind: 'punct' });
  }
  return out;
}

export const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
export const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
// "mil" is how people say million in money talk ("a quarter mil").
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6, billion: 1e9, grand: 1000, mil: 1e6 };

/** Value of a single number word or hyphenated compound ("forty-seven"), else undefined. */
export function wordValue(w: string): number | undefined {
  if (w in UNITS) return UNITS[w];
  if (w in TENS) return TENS[w];
  const m = /^([a-z]+)-([a-z]+)$/.exec(w);
  if (m && m[1]! in TENS && m[2]! in UNITS && UNITS[m[2]!]! < 10 && UNITS[m[2]!]! > 0) return TENS[m[1]!]! + UNITS[m[2]!]!;
  return undefined;
}

export interface NumberPhrase {
  value: number;
  /** Token index of the first and one past the last token. */
  from: number;
  to: number;
  /** Largest scale word or suffix used: 1, 100, 1000, 1e6, 1e9. */
  scale: number;
  /** True when written (partly) in words. */
  words: boolean;
  /** Digits written as a plain four-digit number between 1900 and 2100 (likely a year). */
  yearLike: boolean;
  /** "eight twenty-five": also readable as dollars and cents (8.25); the call's context chooses (money.ts). */
  centsReading?: number;
}

function digitsValue(t: Token): { value: number; scale: number } | null {
  const m = /^([\d, ]+(?:\.\d+)?)([kKmM]|bn)?$/.exec(t.text);
  if (!m) return null;
  const base = Number(m[1]!.replace(/[, ]/g, ''));
  if (!Number.isFinite(base)) return null;
  const suf = m[2]?.toLowerCase();
  const mult = suf === 'k' ? 1000 : suf === 'm' ? 1e6 : suf === 'bn' ? 1e9 : 1;
  return { value: base * mult, scale: mult };
}

/** Parses the longest number phrase starting at token i. */
export function parseNumberAt(tokens: Token[], i: number): NumberPhrase | null {
  const t0 = tokens[i];
  if (!t0) return null;
  if (t0.kind === 'num') {
    const d = digitsValue(t0);
    if (!d) return null;
    let value = d.value;
    let scale = d.scale;
    let to = i + 1;
    const next = tokens[to];
    if (next && next.kind === 'word' && (next.lower === 'thousand' || next.lower === 'million' || next.lower === 'billion')) {
      const s = SCALES[next.lower]!;
      value *= s;
      scale = Math.max(scale, s);
      to++;
    }
    const yearLike = to === i + 1 && /^\d{4}$/.test(t0.text) && value >= 1900 && value <= 2100;
    return { value, from: i, to, scale, words: to > i + 1, yearLike };
  }
  if (t0.kind !== 'word') return null;
  // "point six six per share", "point four million": a decimal said without its leading zero.
  if (t0.lower === 'point' && tokens[i + 1] && (UNITS[tokens[i + 1]!.lower] ?? 10) < 10) {
    let k = i + 1;
    let digits = '';
    while (k < tokens.length && tokens[k]!.kind === 'word' && (UNITS[tokens[k]!.lower] ?? 10) < 10) digits += String(UNITS[tokens[k++]!.lower]);
    const sc = tokens[k]?.lower === 'million' || tokens[k]?.lower === 'billion' ? SCALES[tokens[k]!.lower]! : 1;
    return { value: Math.round(Number(`0.${digits}`) * sc * 100) / 100, from: i, to: sc > 1 ? k + 1 : k, scale: sc, words: true, yearLike: false };
  }
  const fraction = spokenFraction(tokens, i);
  if (fraction) return fraction;
  const shorthand = spokenThousands(tokens, i);
  if (shorthand) return shorthand;
  const hundreds = spokenHundreds(tokens, i);
  if (hundreds) return hundreds;
  let total = 0;
  let current = 0;
  let scale = 1;
  let j = i;
  let seen = false;
  let lastWasSmall = false; // previous token was a unit/tens word (to refuse "ten eighty")
  let lastTens = false;
  while (j < tokens.length) {
    const t = tokens[j]!;
    if (t.kind !== 'word') break;
    const w = t.lower;
    if (w === 'a' && !seen) {
      const n = tokens[j + 1];
      if (n && (n.lower === 'hundred' || n.lower === 'thousand' || n.lower === 'million' || n.lower === 'billion')) {
        current = 1;
        seen = true;
        lastWasSmall = true;
        j++;
        continue;
      }
      break;
    }
    // "twelve and a half thousand", "two and a half million": a half before the scale word.
    if (w === 'and' && seen && tokens[j + 1]?.lower === 'a' && tokens[j + 2]?.lower === 'half' && /^(?:thousand|million|billion|mil)$/.test(tokens[j + 3]?.lower ?? '')) {
      current += 0.5;
      j += 3;
      lastWasSmall = false;
      continue;
    }
    // "eighteen thousand one time": "one time" is an adverb (a one-time fee), not part of the number.
    if (w === 'one' && total > 0 && current === 0 && tokens[j + 1]?.lower === 'time') break;
    if (w === 'and' && seen) {
      const n = tokens[j + 1];
      if (n && n.kind === 'word' && wordValue(n.lower) !== undefined && current % 100 === 0 && (current > 0 || total > 0)) {
        j++;
        continue;
      }
      break;
    }
    // "two point three billion", "six point two million": spoken decimals before a scale word.
    if (w === 'point' && seen && total === 0 && current < 1000 && tokens[j + 1] && UNITS[tokens[j + 1]!.lower] !== undefined && UNITS[tokens[j + 1]!.lower]! < 10) {
      let k = j + 1;
      let digits = '';
      while (k < tokens.length && tokens[k]!.kind === 'word' && UNITS[tokens[k]!.lower] !== undefined && UNITS[tokens[k]!.lower]! < 10) digits += String(UNITS[tokens[k++]!.lower]);
      current += Number(`0.${digits}`);
      j = k;
      lastWasSmall = false;
      lastTens = false;
      continue;
    }
    const v = wordValue(w);
    if (v !== undefined) {
      if (lastWasSmall) {
        // "twenty four" (tens then unit) is one number; "ten eighty" is not.
        if (!(lastTens && v < 10 && current % 10 === 0)) break;
      }
      current += v;
      seen = true;
      lastWasSmall = true;
      lastTens = w in TENS;
      j++;
      continue;
    }
    if (seen && w in SCALES && w !== 'grand') {
      const s = SCALES[w]!;
      if (s === 100) current = (current || 1) * 100;
      else if (!Number.isInteger(current)) {
        // a decimal times its scale: 2.3 × 1e9, kept exact to the unit
        total += Math.round(current * s);
        current = 0;
      }
      // "ten thousand million", "nine thousand nine hundred million": a larger scale after a smaller one multiplies all before it.
      else if (total > 0 && s > scale) {
        total = (total + current) * s;
        current = 0;
      }
      else {
        total += (current || 1) * s;
        current = 0;
      }
      scale = Math.max(scale, s);
      lastWasSmall = false;
      lastTens = false;
      j++;
      continue;
    }
    // "sixty K", "two fifty k": the thousands suffix said as a letter.
    if (seen && w === 'k' && total === 0) {
      total += Math.round((current || 1) * 1000);
      current = 0;
      scale = Math.max(scale, 1000);
      j++;
      break;
    }
    if (seen && w === 'grand') {
      total += (current || 1) * 1000;
      current = 0;
      scale = Math.max(scale, 1000);
      j++;
    }
    break;
  }
  if (!seen) return null;
  const value = total + current;
  // "two thousand nineteen" is a year; "two thousand" alone is an amount.
  const yearLike =
    scale === 1000 && value >= 1990 && value <= 2100 && value % 1000 !== 0 && !/hundred/.test(tokens.slice(i, j).map((t) => t.lower).join(' '));
  return { value, from: i, to: j, scale, words: true, yearLike };
}

/** Ordinal words and digits: "first".."thirty-first", "1st".."31st". */
const ORDINAL_UNITS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
export function ordinalValue(w: string): number | undefined {
  const lw = w.toLowerCase();
  if (lw in ORDINAL_UNITS) return ORDINAL_UNITS[lw];
  let m = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(lw);
  if (m) return Number(m[1]);
  m = /^(twenty|thirty)(?:-\s*|\s+)(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)$/.exec(lw);
  if (m) return TENS[m[1]!]! + ORDINAL_UNITS[m[2]!]!;
  return undefined;
}
export const ORDINAL_RE =
  '(?:(?:twenty|thirty)(?:-\\s?|\\s)(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|[0-3]?\\d(?:st|nd|rd|th))';

const FRACTIONS: Record<string, number> = { half: 0.5, quarter: 0.25, quarters: 0.25, third: 1 / 3, thirds: 1 / 3 };

/** "three quarters of a million", "half a million", "a quarter mil", "a quarter of a billion". */
function spokenFraction(tokens: Token[], i: number): NumberPhrase | null {
  let j = i;
  let count = 1;
  const w0 = tokens[j]?.lower;
  if (w0 === 'a' || w0 === 'one') j++;
  else if (w0 && UNITS[w0] !== undefined && UNITS[w0]! > 1 && UNITS[w0]! < 10) {
    count = UNITS[w0]!;
    j++;
  }
  const f = tokens[j]?.lower;
  if (!f || FRACTIONS[f] === undefined) return null;
  // "half" only as "half a million"; plural fractions need a count ("three quarters").
  if ((f === 'quarters' || f === 'thirds') && count < 2) return null;
  j++;
  if (tokens[j]?.lower === 'of') j++;
  if (tokens[j]?.lower === 'a') j++;
  const sc = tokens[j]?.lower;
  if (!sc || !(sc === 'million' || sc === 'billion' || sc === 'mil' || sc === 'thousand')) return null;
  const scale = SCALES[sc]!;
  return { value: Math.round(count * FRACTIONS[f]! * scale), from: i, to: j + 1, scale, words: true, yearLike: false };
}

/**
 * "one ninety-nine", "eight twenty-five", "eleven fifty": a unit or teen then a tens number,
 * said as a price. It reads as hundreds (199, 825, 1150) or as dollars and cents (1.99,
 * 8.25, 11.50); `centsReading` keeps the second and money.ts picks by context. Only when no
 * scale word follows ("one twenty thousand" is not this). "nineteen ninety" is a year.
 */
function spokenHundreds(tokens: Token[], i: number): NumberPhrase | null {
  const a = tokens[i];
  // "twelve-fifty", "three-fifty", "one-ninety-nine": the same pair written as one hyphenated word.
  const h = a?.kind === 'word' ? /^([a-z]+)-([a-z]+(?:-[a-z]+)?)$/.exec(a.lower) : null;
  if (h && !(h[1]! in TENS)) {
    const u = UNITS[h[1]!];
    const t = wordValue(h[2]!);
    const after = tokens[i + 1]?.lower;
    if (u === undefined || u < 1 || u > 19 || t === undefined || t < 20 || t > 99) return null;
    if (after && (after in SCALES || after === 'percent' || after === 'k' || wordValue(after) !== undefined)) return null;
    return { value: u * 100 + t, from: i, to: i + 1, scale: 100, words: true, yearLike: u >= 19, centsReading: u + t / 100 };
  }
  const b = tokens[i + 1];
  if (!a || !b || b.kind !== 'word') return null;
  // Round 14: a tens compound first ("twenty-one fifty", "thirty-four fifty": 2,150, 3,450) reads the same way; a bare tens
  // word first ("twenty fifty") is left alone (a year, or "twenty, fifty").
  const compound = a.kind === 'word' && /^[a-z]+-[a-z]+$/.test(a.lower) && (a.lower.split('-')[0]! in TENS) ? wordValue(a.lower) : undefined;
  const u = UNITS[a.lower] ?? compound;
  if (u === undefined || u < 1 || u > 99) return null;
  const t = wordValue(b.lower);
  if (t === undefined || t < 20 || t > 99 || !(b.lower in TENS || b.lower.includes('-'))) return null;
  const after = tokens[i + 2]?.lower;
  // "one forty thousand": a hundreds number said in thousands (140,000).
  if (u < 10 && compound === undefined && (after === 'thousand' || after === 'million')) return { value: (u * 100 + t) * SCALES[after]!, from: i, to: i + 3, scale: SCALES[after]!, words: true, yearLike: false };
  if (after && (after in SCALES || after === 'percent' || after === 'k' || wordValue(after) !== undefined)) return null;
  return { value: u * 100 + t, from: i, to: i + 2, scale: 100, words: true, yearLike: u === 19, centsReading: u + t / 100 };
}

/**
 * "sixty-four nine" (64,900), "nineteen five" (19,500), "thirty-five two eighty" (35,280),
 * "forty-one one hundred" (41,100): thousands said as a number, the hundreds after it as a
 * digit or a hundreds pair. Only a teen or a tens compound first (a bare tens word then a
 * digit is "sixty five" = 65), never "twenty-four seven", never before a scale word or
 * another number word. money.ts still asks for money talk around it.
 */
function spokenThousands(tokens: Token[], i: number): NumberPhrase | null {
  const a = tokens[i];
  const b = tokens[i + 1];
  if (!a || !b || a.kind !== 'word' || b.kind !== 'word') return null;
  const th = wordValue(a.lower);
  if (th === undefined || th < 11 || th > 99 || a.lower in TENS) return null;
  const u = UNITS[b.lower];
  if (u === undefined || u < 1 || u > 9) return null;
  if (th === 24 && u === 7) return null;
  let to = i + 2;
  let rest = u * 100;
  const c = tokens[to];
  if (c?.kind === 'word' && c.lower === 'hundred') to++;
  else if (c?.kind === 'word') {
    const t = wordValue(c.lower);
    if (t !== undefined && t >= 20 && t <= 99 && (c.lower in TENS || c.lower.includes('-'))) {
      rest += t;
      to++;
    }
  }
  const after = tokens[to];
  if (after?.kind === 'word' && (after.lower in SCALES || after.lower === 'k' || after.lower === 'percent' || wordValue(after.lower) !== undefined || /^(?:and|point|o'clock|thirty)$/.test(after.lower))) return null;
  if (after?.text === '%' || after?.text === ':') return null;
  return { value: th * 1000 + rest, from: i, to, scale: 1000, words: true, yearLike: false };
}
