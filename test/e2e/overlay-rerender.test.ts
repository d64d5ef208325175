/**
 * The explanation a person opened stays open while the SPA re-renders: the demo EHR replaces its Finalize
 * buttons on every render, and the overlay keys the open explanation by the control's place, not the element.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoExtension } from './setup';
import { lockState, openNote, overlayLines } from '../../scripts/ehr-page';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
/** The panel's headline (only the open explanation has it; the screen-reader echo has no heading). */
const panelOpen = async (page: Page) => (await overlayLines(page)).some((l) => l.startsWith('Finalize is locked'));
/** Until the overlay has rendered what the page shows now (it renders in an animation frame). */
const twoFrames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

describe('the explanation across re-renders', () => {
  const env = useDemoExtension();

  it('stays open while the SPA replaces the Finalize button every 250 ms for a second', async () => {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('locked');
    await page.locator('button.finalize.top').click({ force: true }); // an attempted click opens the explanation
    await expect.poll(() => panelOpen(page)).toBe(true);
    const before = await page.evaluateHandle(() => document.querySelector('button.finalize.top'));
    const renders = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const w = window as unknown as { __rerender(): void; __renderCount: number };
          const start = w.__renderCount;
          const timer = setInterval(() => {
            w.__rerender();
            if (w.__renderCount - start < 4) return;
            clearInterval(timer);
            resolve(w.__renderCount - start);
          }, 250);
        }),
    );
    expect(renders).toBe(4);
    expect(await page.evaluate((b) => b !== document.querySelector('button.finalize.top'), before)).toBe(true); // replaced
    await twoFrames(page);
    expect(await panelOpen(page)).toBe(true);
    expect(await lockState(page)).toBe('locked');
    await page.close();
  });
});
