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
