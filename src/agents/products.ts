/**
 * Products named in a call: the seller's products, modules, add-ons and
 * plans ("the Payments module", "our OCR add-on", "the Enterprise tier"),
 * found in what the seller's people say. They become `product` entities of
 * the knowledge graph (src/agents/graph.ts).
 * Owns: the product-mention rules (pure, one reason per rule).
 * Must not: touch the database or call a model; decide sides (the facts'
 * participants do) or competitors (the structure agent does).
 */

export interface ProductTurn {
  speaker: string;
  text: string;
}

export interface ProductContext {
  /** Speakers on the seller side (their turns are where the seller names what it sells). */
  sellerSpeakers: readonly string[];
  sellerCompany: string | null;
  /** Names that are something else already (competitors, the buyer company): never products. */
  exclude: readonly string[];
}

// A product noun after a capitalised name marks an offering: "Payments module", "OCR add-on".
const PRODUCT_NOUNS = '(?:module|add-on|addon|plug-in|plugin|tier|edition|suite|app|package|plan|platform|portal|api|connector)s?';
// A name token: capitalised word or acronym ("Payments", "OCR", "AI"), optionally hyphenated ("E-Sign").
const NAME_TOKEN = String.raw`(?:[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)?)`;
// Rule 1: a determiner the seller uses for its own things, then 1–3 name tokens, then a product noun.
// The determiner keeps sentence-initial capitals ("Honestly the module…") out.
const DETERMINED = new RegExp(String.raw`\b(?:[Tt]he|[Oo]ur|[Aa]n?|[Yy]our)\s+(${NAME_TOKEN}(?:\s+${NAME_TOKEN}){0,2})\s+(${PRODUCT_NOUNS})\b`, 'g');
// Words that are capitalised for other reasons and never name a product on their own.
const NOT_NAMES = new Set(['i', 'q1', 'q2', 'q3', 'q4', 'fy', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Product names in the seller's turns, in order of first mention, without duplicates. */
export function findProducts(turns: readonly ProductTurn[], ctx: ProductContext): string[] {
  const sellers = new Set(ctx.sellerSpeakers.map(norm));
  const excluded = new Set(ctx.exclude.filter(Boolean).map(norm));
  const seller = ctx.sellerCompany ? norm(ctx.sellerCompany) : null;
  const found = new Map<string, string>();
  const add = (name: string) => {
    const key = norm(name);
    if (!key || excluded.has(key) || found.has(key)) return;
    found.set(key, name);
  };
  for (const t of turns) {
    // Only the seller's people name the seller's products reliably; a buyer's "our ERP module" is their own tool.
    if (!sellers.has(norm(t.speaker))) continue;
    for (const m of t.text.matchAll(DETERMINED)) {
      const name = m[1];
      const words = norm(name).split(' ');
      // A date, weekday or quarter before "plan" is a schedule ("the Q3 plan"), not an offering.
      if (words.some((w) => NOT_NAMES.has(w))) continue;
      // The seller's own name before the noun ("the Lanternfly platform") is the company, not a product of it;
      // a competitor's or the buyer's name ("the Paylance app") is theirs.
      if ((seller && norm(name) === seller) || excluded.has(norm(name))) continue;
      // Keep the noun so "Payments module" and a "Payments plan" stay apart; singular form.
      add(`${name} ${m[2].toLowerCase().replace(/s$/, '').replace(/^api$/, 'API')}`);
    }
  }
  return [...found.values()];
}
