/**
 * Small synthetic sales calls (plain `Name: text`), unique per index, for tests
 * and benchmarks that need many distinct transcripts (the same bytes are
 * stored once).
 */
const ACCOUNTS = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Soylent', 'Acme'];

export function syntheticTranscript(i: number): string {
  const account = ACCOUNTS[i % ACCOUNTS.length];
  return [
    `Dana Reyes: Thanks for joining, this is call number ${i} with ${account}. How is the rollout going?`,
    `Chris Park: Slowly. Our team of ${20 + (i % 30)} reps spends hours on manual notes after every call.`,
    'Dana Reyes: What happens to those notes today? Who reads them?',
    'Chris Park: Mostly nobody. Our managers want a weekly summary but building it takes a day.',
    `Dana Reyes: We can produce that summary automatically. Pricing starts at $${1000 + i * 10} per month.`,
    'Chris Park: That is more than we planned. We also looked at Gong last quarter.',
    'Dana Reyes: Understood. Shall I send a proposal by Friday and set up a pilot next week?',
    'Chris Park: Yes, please send it over and include the security documentation.',
  ].join('\n');
}

/** About `bytes` (20 KB) of a realistic two-party sales call in "Name: text" lines (the intake benchmark, the CPU-load fault test). */
export function sizedSalesCall(bytes = 20 * 1024): string {
  const lines = [
    'Alice Moreno: Thanks for making the time today. I want to understand how your team handles renewals right now.',
    'Ben Okafor: Sure. Today it is mostly spreadsheets and a weekly call, and we lose track of who owns which account.',
    'Alice Moreno: What happens when a renewal slips? Who notices first, and how long does it take?',
    'Ben Okafor: Usually finance notices at the end of the quarter, which is far too late. Last quarter we lost two accounts that way.',
    'Alice Moreno: That sounds painful. If we could flag at-risk renewals ninety days out, what would that be worth to you?',
    'Ben Okafor: Honestly a lot. Our budget for this is around forty thousand a year, and the decision sits with our CFO, Dana.',
    'Alice Moreno: Understood. Are you looking at anyone else, or is this the first conversation?',
    'Ben Okafor: We had a demo from Globex last month, but their pricing was per seat and that does not work for us.',
    'Alice Moreno: Makes sense. Next step on my side: I will send a proposal by Friday and set up a call with Dana next week.',
    'Ben Okafor: Great, Tuesday afternoon works best for Dana. Please include the security questionnaire as well.',
  ];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = lines[i % lines.length];
    out.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return out.join('\n') + '\n';
}
