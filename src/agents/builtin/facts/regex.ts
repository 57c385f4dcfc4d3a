/**
 * Compiled patterns for the fact extractors (issue 11, performance): a rule
 * whose pattern is a template filled in at run time ("I'm <speaker's first
 * name> from <Org>") used to be built and compiled again for every sentence.
 * `rx(flags)` is a template tag that hands back the RegExp compiled for the
 * same template (call site) and the same filled-in values: no string is built
 * or hashed on a hit (values are compared as they are, and the constant ones
 * are the same string every time). Bounded: a long-lived worker sees new
 * speaker names every call, so a template's memo is emptied when it holds
 * MAX_PER_TEMPLATE value combinations (no unbounded cache).
 * Owns: that memo. Must not: hold anything else, or change what a pattern matches
 * (the source is exactly the untagged template's text).
 */

const MAX_PER_TEMPLATE = 256;

interface Node {
  re?: RegExp;
  next?: Map<string, Node>;
}
const memo = new WeakMap<TemplateStringsArray, Map<string, Node>>(); // flags -> tree of values

function build(strings: TemplateStringsArray, values: readonly string[]): string {
  let s = strings[0]!;
  for (let i = 0; i < values.length; i++) s += values[i]! + strings[i + 1]!;
  return s;
}

/**
 * `rx('gu')\`\\b${name}\\s+here\`` is `new RegExp(\`\\b${name}\\s+here\`, 'gu')`, compiled once per
 * template and values. lastIndex is reset to 0, so a global pattern starts at the beginning of the
 * string as a fresh one would. Callers must not keep two `exec` loops of one pattern alive at once
 * (none do: each loop runs to its end before the next use).
 */
export function rx(flags = ''): (strings: TemplateStringsArray, ...values: string[]) => RegExp {
  return (strings, ...values) => {
    let byFlags = memo.get(strings);
    if (!byFlags) memo.set(strings, (byFlags = new Map()));
    let node = byFlags.get(flags);
    if (!node) byFlags.set(flags, (node = {}));
    const root = node;
    let leaves = 0;
    for (const v of values) {
      node.next ??= new Map();
      let child = node.next.get(v);
      if (!child) node.next.set(v, (child = {}));
      leaves = Math.max(leaves, node.next.size);
      node = child;
    }
    if (!node.re) {
      if (leaves > MAX_PER_TEMPLATE) {
        // Too many combinations under one template: start that template afresh.
        root.next = undefined;
        return rx(flags)(strings, ...values);
      }
      node.re = new RegExp(build(strings, values), flags);
    }
    node.re.lastIndex = 0;
    return node.re;
  };
}
