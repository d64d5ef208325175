/**
 * Billing warnings on the note screen: the banner never covers the note's text or its own Dismiss button, says
 * nothing while Finalize is locked for other reasons (a student is not told to become a Therabill provider), and
 * an allowed note that will not reach billing is finalized only after a confirmation that names why — the held
 * attempt is recorded in the audit log.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type Box, finalizeCalls, focused, lockState, openNote, overlayBoxes, overlayLines, overlayText, storedAttempts } from '../../scripts/ehr-page';
import { shoot } from './screenshots';
import { useDemoExtension } from './setup';

/** Jamie (PTA) may finalize, but Blake, supervising, is not a billing provider in Therabill. */
const NOT_BILLED = { supervisor: 'u-pt-blake' };
const STUDENT = { user: 'u-spt-alex', supervisor: 'u-pt-blake' };
const REASON = 'Blake Osei, is not a billing provider in Therabill';
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
/** What the note screen shows that must stay visible: its fields, the services table, its own buttons and selects. */
const noteText = (page: Page) =>
  page.$$eval('textarea, input, select, button, .services-table, .patient, .treatment-day', (els) =>
    els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
  );

describe('billing warnings', () => {
  const env = useDemoExtension();

  it("the banner covers none of the note's text or controls at 1280×720, and its Dismiss button is inside it", async () => {
    const page = await openNote(env.ext.context, env.server.url, NOT_BILLED);
    expect(await lockState(page)).toBe('open');
    await expect.poll(() => overlayText(page)).toContain(REASON);
    const [banner] = await overlayBoxes(page, 'fg-banner');
    const [dismiss] = await overlayBoxes(page, 'fg-dismiss');
    const viewport = { x: 0, y: 0, width: 1280, height: 720 };
    for (const field of await noteText(page)) expect(overlaps(banner, field), JSON.stringify({ banner, field })).toBe(false);
    expect(within(dismiss, banner) && within(banner, viewport), JSON.stringify({ banner, dismiss })).toBe(true);
    await shoot(page, 'billing-banner');
    await page.close();
  });

  it('says nothing about billing while Finalize is locked for other reasons (a student)', async () => {
    const page = await openNote(env.ext.context, env.server.url, STUDENT);
    expect(await lockState(page)).toBe('locked');
    await page.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayLines(page)).toContainEqual(expect.stringMatching(/^Finalize is locked/));
    const text = await overlayText(page);
    expect(text).not.toContain('Billing warning');
    expect(text).not.toContain(REASON);
    await page.close();
  });

  it('the first Finalize asks, naming why, and is recorded; "Finalize anyway" finalizes, Escape gives focus back', async () => {
    const page = await openNote(env.ext.context, env.server.url, NOT_BILLED);
    expect(await lockState(page)).toBe('open');
    const before = (await storedAttempts(env.ext.serviceWorker)).length;
    await page.focus('button.finalize.top');
    await page.keyboard.press('Enter');
    await expect.poll(() => overlayLines(page)).toContain('This note will not reach billing');
    expect(await overlayText(page)).toContain(REASON);
    expect(await finalizeCalls(page)).toBe(0);
    await shoot(page, 'billing-confirm');
    await expect
      .poll(async () => (await storedAttempts(env.ext.serviceWorker)).slice(before).map((a) => [a.outcome, a.gates]))
      .toEqual([['confirm-billing', ['billing']]]);
    await page.keyboard.press('Escape');
    await expect.poll(() => overlayLines(page)).not.toContain('This note will not reach billing');
    expect(await page.evaluate(() => document.activeElement?.matches('button.finalize.top'))).toBe(true);
    expect(await finalizeCalls(page)).toBe(0);

    await page.keyboard.press('Enter'); // asked again: nothing was confirmed
    await expect.poll(() => overlayLines(page)).toContain('This note will not reach billing');
    await page.keyboard.press('Tab'); // the reason's "How to fix", then the question's first button
    await expect.poll(() => focused(page)).toEqual({ role: 'button', name: 'How to fix' });
    await page.keyboard.press('Tab');
    await expect.poll(() => focused(page)).toEqual({ role: 'button', name: 'Finalize anyway' });
    await page.keyboard.press('Enter');
    await expect.poll(() => finalizeCalls(page)).toBe(1);
    await expect.poll(() => overlayText(page)).toMatch(/Finalized by JR.*supervised by BO/);
    await page.close();
  });
});
