/**
 * The built-in draft_email and draft_social agents (src/agents/builtin/drafts.ts).
 *
 * E-mail grounding: every number, capitalised word and number word in the e-mail
 * must come from the transcript (text, speaker labels or the meeting title the
 * file stores) or from the fixed template text; dates written as "Friday,
 * October 9" are allowed only when they are a next step's resolved due date in
 * the facts.
 * Social post: at most 600 characters, no person, customer, vendor or competitor
 * name, and no figure (digits or number words).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { extractCallFacts } from '../src/agents/builtin/callFacts.ts';
import { TEMPLATE_TEXT, THEMES, draftFollowUpEmail, draftSocialPost, formatDueDate } from '../src/agents/builtin/drafts.ts';
import { normalize } from '../src/agents/builtin/facts/text.ts';
import { emailDraftSchema, socialPostSchema, type CallFacts, type CallInput } from '../src/agents/types.ts';
import { NOW, loadCall, projectSamples } from './support/agent-samples.ts';
import { SHARED_SAMPLES } from './support/shared-truth.ts';

const NUMBER_WORDS_SRC =
  /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|percent|half|double|twice|triple)\b/.source;
/** Global (for matchAll) and non-global (for test/match, which would otherwise keep lastIndex) forms. */
const NUMBER_WORDS = new RegExp(NUMBER_WORDS_SRC, 'gi');
const NUMBER_WORD = new RegExp(NUMBER_WORDS_SRC, 'i');

const flat = (s: string) => normalize(s).replace(/\s+/g, ' ').toLowerCase();

/** Returns the tokens of `text` that are not grounded in the transcript, the template or the facts' due dates. */
export function ungroundedTokens(text: string, call: CallInput, facts: CallFacts): string[] {
  const source = flat([call.title ?? '', ...call.turns.map((t) => `${t.speaker}: ${t.text}`), ...call.participants.map((p) => p.name)].join('\n'));
  const template = flat(TEMPLATE_TEXT);
  const inSource = (tok: string) => new RegExp(`(?<![\\p{L}\\d])${tok.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\d])`, 'u').test(source);
  let rest = normalize(text);
  for (const s of facts.nextSteps) if (s.dueDate) rest = rest.split(formatDueDate(s.dueDate)).join(' ');
  const bad: string[] = [];
  // Numbers, as written ("14 500", "$108,000", "10%"): each digit group must appear in the transcript.
  for (const m of rest.matchAll(/\d+(?:[.,]\d+)*/g)) if (!source.includes(m[0].toLowerCase())) bad.push(m[0]);
  // Number words ("sixty thousand") only where the transcript says them.
  for (const m of rest.matchAll(NUMBER_WORDS)) if (!inSource(m[0].toLowerCase()) && !template.includes(m[0].toLowerCase())) bad.push(m[0]);
  // Capitalised words: names of people, companies, products, months, weekdays.
  for (const m of rest.matchAll(/(?<![\p{L}])\p{Lu}[\p{L}'-]*/gu)) {
    const w = m[0].replace(/'s$/, '').toLowerCase();
    if (!inSource(w) && !new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'u').test(template)) bad.push(m[0]);
  }
  return bad;
}

function sampleCalls(): { name: string; call: CallInput }[] {
  const out = projectSamples().map(({ file, path }) => ({ name: file, call: loadCall(path).call }));
  if (existsSync(SHARED_SAMPLES)) {
    for (const f of readdirSync(SHARED_SAMPLES).filter((x) => /\.(txt|vtt|srt|json)$/.test(x))) out.push({ name: `shared/${f}`, call: loadCall(resolve(SHARED_SAMPLES, f)).call });
  }
  return out;
}

describe('follow-up e-mail', () => {
  const calls = sampleCalls();
  it('has samples to draft from', () => assert.ok(calls.length >= 5));
  for (const { name, call } of calls) {
    it(`${name}: grounded in the transcript, with the next steps and their owners`, () => {
      const facts = extractCallFacts(call, { now: NOW });
      const email = emailDraftSchema.parse(draftFollowUpEmail(call, facts));
      const bad = [...ungroundedTokens(email.subject, call, facts), ...ungroundedTokens(email.body, call, facts)];
      assert.deepEqual(bad, [], `ungrounded tokens in:\n${email.subject}\n${email.body}`);
      // Every next step is recapped, dated when the facts have a date.
      for (const s of facts.nextSteps.slice(0, 10)) {
        if (s.dueDate) assert.ok(email.body.includes(formatDueDate(s.dueDate)), `date of "${s.action}"`);
      }
      const buyer = facts.participants.find((p) => p.side === 'buyer');
      if (buyer) assert.match(email.body, /^Hi \p{Lu}/u);
    });
  }

  it('the grounding check catches an invented figure, name and date', () => {
    const { call } = loadCall(resolve(projectSamples()[0]!.path));
    const facts = extractCallFacts(call, { now: NOW });
    assert.deepEqual(ungroundedTokens('We agreed on $99,999 with Zebulon on Saturday, February 29.', call, facts).sort(), ['29', '99,999', 'February', 'Saturday', 'Zebulon'].sort());
  });

  it('addresses the buyer, signs as the rep and dates steps only from the facts', () => {
    const call: CallInput = {
      transcriptId: 't',
      fileName: 't.txt',
      meetingAt: new Date('2026-10-06T15:00:00Z'),
      participants: [],
      turns: [
        { speaker: 'Owen Rep', startMs: null, endMs: null, text: "I'm Owen Rep, account executive at Lanternfly. What hurts today?" },
        { speaker: 'Renata Buyer', startMs: null, endMs: null, text: 'We pay late fees every month because routes are planned by hand in a spreadsheet.' },
        { speaker: 'Owen Rep', startMs: null, endMs: null, text: "I'll send you a written recap by Friday." },
        { speaker: 'Renata Buyer', startMs: null, endMs: null, text: "Thanks. I'll invite our IT director to a security review." },
      ],
    };
    const facts = extractCallFacts(call, { now: NOW });
    const email = draftFollowUpEmail(call, facts);
    assert.match(email.body, /^Hi Renata,/);
    assert.match(email.body, /Owen Rep\nLanternfly\n$/);
    assert.match(email.body, /- Me: send you a written recap \(due Friday, October 9\)/);
    assert.match(email.body, /- You: invite our IT director to a security review/);
    assert.match(email.body, /late fees every month/);
    assert.deepEqual(ungroundedTokens(email.body, call, facts), []);
  });
});

describe('social post', () => {
  it('theme sentences carry no digits or number words', () => {
    for (const th of THEMES) {
      for (const s of [th.hook, th.insight, th.tag]) {
        assert.doesNotMatch(s, /\d/, s);
        assert.doesNotMatch(s, NUMBER_WORD, s);
      }
    }
  });
  for (const { name, call } of sampleCalls()) {
    it(`${name}: short, about the theme, with no name and no figure`, () => {
      const facts = extractCallFacts(call, { now: NOW });
      const post = socialPostSchema.parse(draftSocialPost(call, facts));
      assert.ok(post.body.length <= 600, `length ${post.body.length}`);
      assert.doesNotMatch(post.body, /\d/, post.body);
      assert.doesNotMatch(post.body, NUMBER_WORD, post.body);
      const names = new Set<string>();
      for (const p of facts.participants) for (const w of p.name.split(/\s+/)) if (w.length > 1) names.add(w.toLowerCase());
      for (const sp of new Set(call.turns.map((t) => t.speaker))) for (const w of sp.split(/\s+/)) if (w.length > 1) names.add(w.toLowerCase());
      for (const c of [facts.buyerCompany, facts.sellerCompany, ...facts.competitors]) {
        for (const w of (c ?? '').replace(/\(native\)/, '').split(/\s+/)) if (w.length > 2) names.add(w.toLowerCase());
      }
      const words = new Set((post.body.toLowerCase().match(/[\p{L}'-]+/gu) ?? []).map((w) => w.replace(/'s$/, '')));
      const leaked = [...names].filter((n) => words.has(n));
      assert.deepEqual(leaked, [], `names in post:\n${post.body}`);
    });
  }
});
