/**
 * What kind of thing a one-word name is, from the word vectors: near the centroid of common
 * first names (a person), of towns and regions (a place), or of software brands (a vendor).
 * The seed words are general (no call's names). Owns: the seed lists, the centroids (once per
 * WordVectors) and the thresholds. Must not: decide what is a competitor (competitors.ts does).
 */
import type { WordVectors } from '../wordVectors.ts';

const PERSON_SEEDS =
  'john mary david sarah michael jennifer james linda robert patricia maria carlos priya ahmed wei yuki olga pierre hans fatima ' +
  'emily daniel laura kevin susan thomas anna peter rachel brian nicole george helen raj mohammed sofia lucas chloe ivan elena';
const PLACE_SEEDS =
  'chicago denver london paris boston dallas toronto madrid berlin sydney ohio texas bavaria lyon leeds glasgow phoenix oslo kyoto lagos ' +
  'seattle atlanta manchester dublin milan vienna melbourne vancouver houston portland brussels hamburg osaka nairobi lima ontario yorkshire';
const BRAND_SEEDS =
  'salesforce hubspot zendesk shopify quickbooks xero slack dropbox netsuite workday oracle sap twilio mailchimp stripe paypal asana trello jira zoom';

/** How near (cosine) a kind's centroid a word must be, and by how much nearer than the brands'. */
const KIND_MIN = 0.35;
const KIND_OVER_BRAND = 0.2;

export type WordKind = 'person' | 'place' | null;

function centroid(wv: WordVectors, words: string): Float64Array {
  const c = new Float64Array(wv.dims);
  for (const w of words.split(' ')) {
    const v = wv.vector(w);
    if (v) for (let i = 0; i < c.length; i++) c[i] += v[i]!;
  }
  let n = 0;
  for (const x of c) n += x * x;
  n = Math.sqrt(n) || 1;
  return c.map((x) => x / n);
}

const cache = new WeakMap<WordVectors, (word: string) => WordKind>();
/** A function from a lower-case word to 'person', 'place' or null (unknown, a brand-like or ordinary word). */
export function wordKinds(wv: WordVectors): (word: string) => WordKind {
  let f = cache.get(wv);
  if (f) return f;
  const person = centroid(wv, PERSON_SEEDS);
  const place = centroid(wv, PLACE_SEEDS);
  const brand = centroid(wv, BRAND_SEEDS);
  const buf = new Float32Array(wv.dims);
  const dot = (c: Float64Array, v: Float32Array) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i]! * v[i]!;
    return s;
  };
  f = (word: string): WordKind => {
    const v = wv.vector(word, buf);
    if (!v) return null;
    const b = dot(brand, v);
    const p = dot(person, v);
    const l = dot(place, v);
    if (p >= KIND_MIN && p - b >= KIND_OVER_BRAND && p >= l) return 'person';
    if (l >= KIND_MIN && l - b >= KIND_OVER_BRAND) return 'place';
    return null;
  };
  cache.set(wv, f);
  return f;
}
