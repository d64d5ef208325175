/** The selector grammar against a corpus Chromium judged (test/e2e/selector-corpus.test.ts re-checks it there), and its cost rules. */
import { describe, expect, it } from 'vitest';
import { INVALID_SELECTORS, VALID_SELECTORS } from './selector-corpus';
import { costProblem, grammarProblem, MAX_COMPOUNDS } from './selector-grammar';
import { selectorProblem } from './validate-site';

describe('selector grammar', () => {
  it.each(INVALID_SELECTORS)('refuses %j, which Chromium rejects', (s) => {
    expect(selectorProblem(s)).not.toBeNull();
  });

  it.each(VALID_SELECTORS)('accepts %j, which Chromium accepts', (s) => {
    expect(grammarProblem(s)).toBeNull();
    expect(selectorProblem(s)).toBeNull();
  });

  it('says where the selector stops making sense', () => {
    expect(grammarProblem('a..b')).toBe('is not a selector this check accepts (expected a name at character 3)');
    expect(grammarProblem(':unknown-pseudo')).toMatch(/':unknown-pseudo' is not a pseudo-class this check knows/);
  });
});

describe('selector cost', () => {
  it.each([
    ['body:has(.note)', /':has\(\)' to look for an element without an id among descendants or siblings/],
    ['main:has(form .finalize)', /':has\(\)'/],
    ['li:has(+ li.active)', /':has\(\)'/],
    ['li:has(~ .x)', /':has\(\)'/],
    ['div:has(> p:has(> a))', /nests ':has\(\)'/],
    [Array.from({ length: MAX_COMPOUNDS + 1 }, (_, i) => `.c${i}`).join(' '), /has 17 parts, more than the 16/],
  ])('refuses %j', (s, why) => {
    expect(costProblem(s)).toMatch(why);
  });

  it.each(['body:has(form#soap-note)', 'main:has(> button.finalize)', '.app-header .user-name', 'tr.cpt-code-row > .cpt-code'])('allows %j', (s) => {
    expect(costProblem(s)).toBeNull();
  });
});
