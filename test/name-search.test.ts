/**
 * The name searches the feature builders run for every name of a call, written without compiling a pattern per
 * name (issue 11, structure CPU): text.ts's wholeWordAt / hasWholeWord and competitors.ts's isIntegrationTarget.
 * Each is checked against the pattern it replaced, on generated text (fast-check) and on fixed cases.
 * Owns: those equivalences. Must not: test what the features mean (competitor-model.test.ts, buyer-model tests).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isIntegrationTarget } from '../src/agents/builtin/facts/competitors.ts';
import { escapeRe, hasWholeWord, sentencesOf, wholeWordAt } from '../src/agents/builtin/facts/text.ts';

/** What wholeWordAt replaced: every match of the name with no letter or digit (or no letter) beside it. */
const byPattern = (text: string, word: string, lettersOnly: boolean) => {
  const edge = lettersOnly ? '\\p{L}' : '\\p{L}\\d';
  return [...text.matchAll(new RegExp(`(?<![${edge}])${escapeRe(word)}(?![${edge}])`, 'gu'))].map((m) => m.index!);
};

/** What isIntegrationTarget replaced: two case-insensitive patterns with the name inside. */
function integrationByPattern(name: string, norms: string[]): boolean {
  const n = escapeRe(name);
  const after = new RegExp(`\\b${n}(?:'s)?\\s+(?:connector|integration|sync|api|export|import|feed|plugin|plug-in|interface|instance|data|side|app|add-on|extension)\\b`, 'i');
  const before = new RegExp(`\\b(?:connect\\w*|integrat\\w*|sync\\w*|plug\\w*|hook\\w*|push\\w*|feed\\w*|flow\\w*|export\\w*|writes? back)\\s+(?:(?:it|them|straight|directly|back|everything|jobs|data)\\s+)?(?:to|into|with|out of|from)\\s+(?:your\\s+|our\\s+|the\\s+)?${n}\\b|`
    + `\\b(?:pull|pulls|pulled|pulling|read|reads|fetch\\w*)\\s+(?:[a-z]+\\s+){0,2}?(?:from|out of)\\s+(?:your\\s+|our\\s+|the\\s+)?${n}\\b|`
    + `\\b(?:connectors?|integrations?|apis?)\\s+(?:(?:doesn't|does not|don't|do not|can't|cannot|won't|will|already|also)\\s+)?(?:supports?|handles?|covers?|works? with)\\s+${n}\\b|(?<!\\block(?:ed|s)?\\s+(?:us\\s+)?)\\binto\\s+(?:your\\s+|our\\s+)?${n}\\b`, 'i');
  if (norms.some((t) => after.test(t) || before.test(t))) return true;
  const [head, ...rest] = name.split(/\s+/);
  return rest.length > 0 && head!.length >= 4 && integrationByPattern(head!, norms);
}

// Text from a small alphabet, so names recur, touch letters, digits, accents and astral letters, and overlap.
const piece = fc.constantFrom('Ab', 'ab', 'A', 'b', ' ', ' ', '-', '1', 'é', '𝒜', "'", 'Ab Ab', '.');
const text = fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));
const word = fc.array(fc.constantFrom('Ab', 'ab', 'A', 'b', ' ', 'é', '𝒜', '1', '-'), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));

describe('wholeWordAt and hasWholeWord', () => {
  it('find what the lookaround pattern finds, letters-and-digits or letters-only edges', () => {
    fc.assert(fc.property(text, word, fc.boolean(), (t, w, lettersOnly) => {
      assert.deepEqual(wholeWordAt(t, w, lettersOnly), byPattern(t, w, lettersOnly));
      assert.equal(hasWholeWord(t, w, lettersOnly), byPattern(t, w, lettersOnly).length > 0);
    }), { numRuns: 3000 });
  });
  it('fixed cases: edges, overlaps, astral letters', () => {
    assert.deepEqual(wholeWordAt('Acme, Acme2 and xAcme', 'Acme'), [0]);
    assert.deepEqual(wholeWordAt('Acme2 Acme', 'Acme', true), [0, 6]);
    assert.deepEqual(wholeWordAt('A A A', 'A A'), [0]);
    assert.deepEqual(wholeWordAt('𝒜Acme Acme', 'Acme'), [7]); // 𝒜 is two UTF-16 units, and a letter
    assert.equal(hasWholeWord('no name here', ''), false);
  });
});

describe('isIntegrationTarget', () => {
  const wiring = fc.constantFrom(
    'we sync it into', 'connect to the', 'pull orders from our', 'the connector supports', 'locked us into', 'into your',
    'we use', "the", 'with', 'export data from', 'writes back to', ' ', ',', 'Hemline', 'hemline', 'Hemline Commerce',
    "Hemline's API", 'Hemline data', 'Hemline side', 'HEMLINE', 'xHemline', 'Hemline2', 'İ', 'app', 'and',
  );
  const sentence = fc.array(wiring, { maxLength: 8 }).map((a) => a.join(' '));
  it('agrees with the name-in-pattern form on generated sentences', () => {
    fc.assert(fc.property(fc.array(sentence, { minLength: 1, maxLength: 3 }), fc.constantFrom('Hemline', 'Hemline Commerce', 'hemline', 'Commerce'), (lines, name) => {
      const ss = sentencesOf(lines.map((text) => ({ speaker: 'A', startMs: null, endMs: null, text })));
      assert.equal(isIntegrationTarget(name, ss), integrationByPattern(name, ss.map((s) => s.norm)));
    }), { numRuns: 3000 });
  });
  it('fixed cases', () => {
    const ss = (t: string) => sentencesOf([{ speaker: 'A', startMs: null, endMs: null, text: t }]);
    assert.equal(isIntegrationTarget('Hemline', ss('We push everything into Hemline nightly.')), true);
    assert.equal(isIntegrationTarget('Hemline', ss("They locked us into Hemline for years.")), false);
    assert.equal(isIntegrationTarget('Hemline Commerce', ss("Your connector doesn't support Hemline.")), true);
    assert.equal(isIntegrationTarget('Hemline', ss('We looked at Hemline last year.')), false);
    assert.equal(isIntegrationTarget('Hemline (native)', ss("The Hemline's API is old.")), true);
  });
});
