/**
 * A locked Finalize for keyboard and screen-reader users: it stays in the Tab order (aria-disabled, not disabled)
 * with its reason as its description, Enter and Space open the explanation and finalize nothing, the lock badge
 * is the next Tab stop after it (not the last on the page), and every click opens the explanation.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoExtension } from './setup';
import { finalizeCalls, focused, lockState, openNote, overlayLines } from '../../scripts/ehr-page';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
const panelOpen = async (page: Page) => (await overlayLines(page)).some((l) => l.startsWith('Finalize is locked'));
const BADGE = 'Finalize is locked. Show why.';

describe('a locked Finalize from the keyboard', () => {
  const env = useDemoExtension();

  async function lockedNote(): Promise<Page> {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('locked');
    return page;
  }

  it('stays focusable: aria-disabled, not disabled, with the reasons as its description', async () => {
    const page = await lockedNote();
    const top = page.locator('button.finalize.top');
    expect(await top.evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(false);
    expect(await top.getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => top.getAttribute('aria-description')).toMatch(/^Finalize is locked — 3 reasons: .+/);
    await page.close();
  });

  it('Tab reaches the control, Enter and Space open the explanation and finalize nothing, Escape leaves focus on the control', async () => {
    const page = await lockedNote();
    await page.focus('#note-type-select');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // the Supervised by select, then Finalize
    expect(await page.evaluate(() => document.activeElement?.matches('button.finalize.top'))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => panelOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => panelOpen(page)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.matches('button.finalize.top'))).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => panelOpen(page)).toBe(true);
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });

  it("puts the lock badge right after the control in the Tab order, then its explanation and its reasons' fixes, then what follows the control", async () => {
    const page = await lockedNote();
    await page.focus('button.finalize.top');
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page)).toEqual({ role: 'button', name: BADGE });
    await expect.poll(() => panelOpen(page)).toBe(true); // the badge's focus opens it, drawn in the next frame
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page)).toEqual({ role: 'dialog', name: 'Why Finalize is locked' });
    for (let reason = 0; reason < 3; reason++) {
      await page.keyboard.press('Tab'); // each reason's "How to fix" disclosure
      await expect.poll(() => focused(page)).toEqual({ role: 'button', name: 'How to fix' });
    }
    await page.keyboard.press('Tab'); // the offer to use the EHR's own Forward (overlay-forward.test.ts)
    await expect.poll(async () => (await focused(page))?.name).toMatch(/^Forward to /);
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('save-draft');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => focused(page)).toEqual({ role: 'button', name: BADGE });
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('button.finalize.top'))).toBe(true);
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });

  it('opens the explanation on every click, also a second one right after the first', async () => {
    const page = await lockedNote();
    await page.focus('#f-subjective');
    const bottom = page.locator('button.finalize.bottom');
    await bottom.scrollIntoViewIfNeeded();
    const box = (await bottom.boundingBox())!;
    await page.mouse.click(box.x + 5, box.y + box.height / 2);
    await expect.poll(() => panelOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => panelOpen(page)).toBe(false);
    await page.mouse.click(box.x + 5, box.y + box.height / 2);
    await expect.poll(() => panelOpen(page)).toBe(true);
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });
});
