/**
 * Reads the ground truth that ../shared/samples/README.md states per call, at
 * test time (nothing of it is copied into this repository). Only used when that
 * folder exists: a user's clone has no ../shared, and the tests skip these checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');

export interface TruthStep {
  owners: string[]; // first names
  dates: string[]; // ISO dates on the line
  text: string;
}
export interface Truth {
  file: string;
  seller: string | null;
  buyer: string | null;
  sellerPeople: string[]; // full names
  buyerPeople: string[]; // full names (speakers and mentioned)
  competitors: string[];
  objections: string[];
  amounts: number[];
  steps: TruthStep[];
}

function field(section: string, label: string): string | null {
  const re = new RegExp(`^- \\*\\*${label}:\\*\\*\\s*([\\s\\S]*?)(?=^- \\*\\*|^###|^---|(?![\\s\\S]))`, 'm');
  const m = re.exec(section);
  return m ? m[1]!.replace(/\s+/g, ' ').trim() : null;
}

function expandAmounts(s: string): number[] {
  const out: number[] = [];
  const re = /[$€£¥]\s?(\d[\d,  ]*(?:\.\d+)?)\s*([kKM])?(?:\s*[–-]\s*(\d[\d,  ]*(?:\.\d+)?)\s*([kKM])?)?/g;
  let m: RegExpExecArray | null;
  const num = (x: string, suf?: string) => Number(x.replace(/[,  ]/g, '')) * (suf === 'M' ? 1e6 : suf?.toLowerCase() === 'k' ? 1e3 : 1);
  while ((m = re.exec(s))) {
    out.push(num(m[1]!, m[2]));
    if (m[3]) out.push(num(m[3], m[4]));
  }
  return out;
}

export function loadSharedTruth(): Truth[] | null {
  const readme = resolve(SHARED_SAMPLES, 'README.md');
  if (!existsSync(readme)) return null;
  const text = readFileSync(readme, 'utf8');
  const parts = text.split(/^### \d+\. /m).slice(1);
  const out: Truth[] = [];
  for (const part of parts) {
    const file = /^`([^`]+)`/.exec(part)?.[1];
    if (!file) continue;
    const sellerLine = field(part, 'Seller') ?? '';
    const buyerLine = field(part, 'Buyer') ?? '';
    const companies = (line: string) => {
      // "Dana Whitfield, Quorvane, Account Executive." / "Northwind Traders (…)" / "Globex Corporation — Nadia …"
      const m = /^(?:[^,;—(]+?,\s*)?(\p{Lu}[\p{L}\d&-]*(?: \p{Lu}[\p{L}\d&-]*)*)/u.exec(line);
      return m ? m[1]! : null;
    };
    const people = (line: string) => [...line.matchAll(/(?<![\p{L}])(\p{Lu}[\p{L}-]+ \p{Lu}[\p{L}-]+)(?=,)/gu)].map((m) => m[1]!);
    const seller = /,\s*([A-Z][\w-]+)[,.( ]/.exec(sellerLine)?.[1] ?? null;
    const buyer = companies(buyerLine.replace(/\s*[—(].*$/, ''));
    const compLine = field(part, 'Competitors') ?? '';
    const competitors = compLine
      .replace(/\([^)]*\)/g, '')
      .split(/[;,]/)
      .map((c) => c.replace(/\.$/, '').trim().split(/\s+/)[0]!)
      .filter((c) => c && /^[A-Z]/.test(c) && c !== 'None' && c !== 'none');
    const objLine = field(part, 'Objections') ?? '';
    const objections = [...new Set([...objLine.replace(/\([^)]*\)/g, '').matchAll(/\b(price|timing|integration|security|authority|need|competitor)\b/g)].map((m) => m[1]!))];
    const figures = field(part, 'Figures') ?? field(part, 'Figures / competitors / objections') ?? '';
    const amounts = [...new Set(expandAmounts(figures))];
    const stepsBlock = /^- \*\*Next steps:\*\*([\s\S]*?)(?=^- \*\*|^###|^---|(?![\s\S]))/m.exec(part)?.[1] ?? '';
    const steps: TruthStep[] = [];
    const lines = stepsBlock.includes('\n  - ')
      ? stepsBlock.split(/\n\s+- /).slice(1)
      : stepsBlock.split(/;\s*(?=[A-Z][a-zé]+ —)|\.\s+(?=[A-Z][a-zé]+ —)/);
    for (const l of lines) {
      const line = l.replace(/\s+/g, ' ').trim();
      if (!line) continue;
      const owners = [...line.matchAll(/(?:^|;\s*|\/\s*)([A-Z][\p{L}]+)(?=\s*(?:—|\/))/gu)].map((m) => m[1]!);
      const dates = [...line.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]);
      if (owners.length) steps.push({ owners, dates, text: line });
    }
    out.push({
      file,
      seller,
      buyer,
      sellerPeople: people(sellerLine),
      buyerPeople: people(buyerLine),
      competitors,
      objections,
      amounts,
      steps,
    });
  }
  return out;
}
