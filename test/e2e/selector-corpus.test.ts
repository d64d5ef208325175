/**
 * The selector corpus judged by Chromium's own engine: every INVALID selector makes document.querySelector throw
 * and every VALID one does not. The grammar the CLI and the worker use (src/sites/selector-grammar.ts) is held to
 * the same corpus in selector-grammar.test.ts, so it refuses at least what Chromium refuses.
 */
import { describe, expect, it } from 'vitest';
import { INVALID_SELECTORS, VALID_SELECTORS } from '../../src/sites/selector-corpus';
import { useDemoExtension } from './setup';

describe('selector corpus in real Chromium', () => {
  const env = useDemoExtension();

  it('Chromium rejects every selector of the invalid corpus and accepts every one of the valid corpus', async () => {
    const page = await env.ext.context.newPage();
    await page.goto(`${env.server.url}/ehr/index.html`);
    const judged = await page.evaluate(
      ({ invalid, valid }) => {
        const accepted = (s: string) => {
          try {
            document.querySelector(s);
            return true;
          } catch {
            return false;
          }
        };
        return { acceptedInvalid: invalid.filter(accepted), rejectedValid: valid.filter((s) => !accepted(s)) };
      },
      { invalid: INVALID_SELECTORS, valid: VALID_SELECTORS },
    );
    expect(judged).toEqual({ acceptedInvalid: [], rejectedValid: [] });
    expect(INVALID_SELECTORS.length).toBeGreaterThan(60);
    await page.close();
  });
});
