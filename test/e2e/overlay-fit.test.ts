/**
 * The explanation fits: "Finalize is locked — 3 reasons", each reason one line with its fix on demand, and the
 * panel and every reason's line inside the viewport at 1280×720 and at 200% zoom (a 1280×720 window at 200%
 * lays out a 640×360 CSS-pixel viewport: that is what is emulated), opened from either Finalize button.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Box, explanationBoxes, lockState, openAllFixes, openNote, overlayLines } from '../../scripts/ehr-page';
import { shoot } from './screenshots';
import { useDemoExtension } from './setup';

/** PTA Riley at South (clinic setting off) with Summit workers' comp (insurance setting off): three reasons. */
const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
/** Whether box b lies inside box c (a viewport is a box at 0,0). Sub-pixel layout is rounded. */
const inside = (b: Box, c: { x?: number; y?: number; width: number; height: number }) => {
  const [x, y] = [c.x ?? 0, c.y ?? 0];
  return b.x >= x - 0.5 && b.y >= y - 0.5 && b.x + b.width <= x + c.width + 0.5 && b.y + b.height <= y + c.height + 0.5;
};
/** The explanation's lines: its headline and the reasons under it (not the billing banner's). */
const explanation = async (page: Page) => {
  const lines = await overlayLines(page);
  const start = lines.findIndex((l) => l.startsWith('Finalize is locked'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  - '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
};

describe('the explanation fits the screen', () => {
  const env = useDemoExtension();

  async function openExplanation(size: { width: number; height: number }, button: 'top' | 'bottom'): Promise<Page> {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    await page.setViewportSize(size);
    expect(await lockState(page)).toBe('locked');
    const control = page.locator(`button.finalize.${button}`);
    await control.scrollIntoViewIfNeeded();
    await control.click({ force: true });
    await expect.poll(async () => (await explanationBoxes(page)).reasons.length).toBe(3);
    return page;
  }

  for (const [name, size] of [
    ['1280×720', { width: 1280, height: 720 }],
    ['200% zoom', { width: 640, height: 360 }],
  ] as const)
    for (const button of ['top', 'bottom'] as const)
      it(`at ${name}, from the ${button} Finalize: the panel and each reason's line are inside the viewport`, async () => {
        const page = await openExplanation(size, button);
        const { viewport, panel, reasons } = await explanationBoxes(page);
        expect(panel && inside(panel, viewport), JSON.stringify({ viewport, panel })).toBe(true);
        for (const r of reasons) expect(inside(r, viewport) && inside(r, panel!), JSON.stringify({ viewport, panel, r })).toBe(true);
        if (size.width === 1280 && button === 'top') await shoot(page, 'locked-explanation');
        await page.close();
      });

  it('with every fix open (long sources), the explanation stays inside the 1280×720 viewport and scrolls within itself', async () => {
    const page = await openNote(env.ext.context, env.server.url, { preset: 'lakeside-pta-medicare-progress' });
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await lockState(page)).toBe('locked');
    await openAllFixes(page, 2);
    await expect
      .poll(async () => {
        const { viewport, panel } = await explanationBoxes(page);
        return panel !== null && inside(panel, viewport);
      })
      .toBe(true);
    await page.close();
  });

  it('headlines the number of reasons and shows each fix only on demand', async () => {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('locked');
    await page.focus('button.finalize.top');
    await page.keyboard.press('Enter');
    await expect.poll(() => explanation(page)).toMatch(/^Finalize is locked — 3 reasons\n/);
    expect(await explanation(page)).not.toContain('How to fix:');
    await page.keyboard.press('Tab'); // the badge, the explanation, then the first reason's "How to fix" disclosure
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => explanation(page)).toContain('How to fix:');
    await page.close();
  });
});
