// Shim for the held-out ports (run-at.sh): the rules before round 4 had no companies.ts; only the generic pieces buyerFeatures.ts needs.
const DEPARTMENTS = /^(?:Finance|Procurement|Legal|IT|HR|Operations|Engineering|Sales|Marketing|Security)$/;
export interface SpeakerClaim { org: string; speaker: string; rel: 'own' | 'other'; weight: number; why: string }
export interface CompanyChoice { tally: { org: string; seller: number; buyer: number; why: string[] }[] }
export function notACompany(org: string, people: Set<string>): string | null {
  if (DEPARTMENTS.test(org)) return 'department';
  if (people.has(org) || people.has(org.split(/\s+/)[0]!)) return 'person';
  return null;
}
export const sameCompany = (a: string, b: string): boolean => {
  const x = a.toLowerCase().replace(/[^a-z0-9]/g, '');
  const y = b.toLowerCase().replace(/[^a-z0-9]/g, '');
  return x === y || (x.length >= 4 && y.length >= 4 && (x.startsWith(y) || y.startsWith(x)));
};
