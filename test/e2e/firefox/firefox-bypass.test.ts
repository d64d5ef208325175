/**
 * The ways around a locked Finalize that matter most, in real Firefox against the demo EHR (delegated root
 * handlers, its own Ctrl+Enter shortcut registered first thing in <head>, re-renders that replace the button).
 * Each leaves the EHR's own finalize handler uncalled; the allowed case proves the counter counts.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { finalizeCallsIn, marksSay, missingFromExplanation, openNoteIn, trustedClick } from '../../../scripts/firefox-page';
import { useFirefoxDemo } from './setup';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
/** Shown once the guard has decided this note (not merely "loading", which looks locked too). */
const DECIDED = "You do not have the 'Finish SOAP Notes' permission.";

describe('bypasses of a locked Finalize in Firefox', () => {
  const env = useFirefoxDemo();

  /** A note the guard has decided to lock: its explanation is on screen after one (stopped) click. */
  async function lockedNote(): Promise<Page> {
    const page = await openNoteIn(env.ff, env.server.url, BLOCKED);
    expect(await marksSay(page)).toBe('locked');
    await expect.poll(() => missingFromExplanation(page, [DECIDED])).toEqual([]);
    return page;
  }
  /** The EHR counts a finalize synchronously in its handlers: once the page has run a later task, any would be counted. */
  async function expectUncalled(page: Page): Promise<void> {
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await finalizeCallsIn(page)).toBe(0);
    await page.close();
  }

  it('lets an allowed finalize through (the counter counts)', async () => {
    const page = await openNoteIn(env.ff, env.server.url, {});
    expect(await marksSay(page)).toBe('open');
    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => finalizeCallsIn(page)).toBe(1);
    await page.close();
  });

  it('stops trusted clicks on both Finalize buttons', async () => {
    const page = await lockedNote();
    await trustedClick(page, 'button.finalize.top');
    await trustedClick(page, 'button.finalize.bottom');
    await expectUncalled(page);
  });

  it('stops Tab then Space or Enter, and Enter in a text field (implicit submit)', async () => {
    const page = await lockedNote();
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press('Tab');
      await page.keyboard.press(' '); // Space
      await page.keyboard.press('Enter');
    }
    await page.focus('input[name=pain-score]');
    await page.keyboard.press('Enter');
    await expectUncalled(page);
  });

  it("stops the EHR's own Ctrl+Enter shortcut, a capture listener the page registers first thing in <head>: the guard's, from document_start, runs before it", async () => {
    const page = await lockedNote();
    await page.focus('textarea');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await expectUncalled(page);
  });

  it('stops script clicks: removeAttribute("aria-disabled") then click(), and dispatchEvent on the locked button', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      const b = document.querySelector<HTMLButtonElement>('button.finalize.top')!;
      b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      b.removeAttribute('aria-disabled');
      b.click();
    });
    await expectUncalled(page);
  });

  it('stops form.requestSubmit(), with and without the Finalize submitter', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('#note-form')!;
      form.requestSubmit();
      const bottom = document.querySelector<HTMLButtonElement>('button.finalize.bottom')!;
      bottom.removeAttribute('aria-disabled');
      form.requestSubmit(bottom);
    });
    await expectUncalled(page);
  });

  it('holds after the SPA replaces the button 100 times (new nodes), then a trusted click', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      for (let i = 0; i < 100; i++) (window as unknown as { __rerender(): void }).__rerender();
    });
    await trustedClick(page, 'button.finalize.top');
    expect(await page.$$eval('[data-action=finalize]', (els) => els.every((e) => e.getAttribute('aria-disabled') === 'true'))).toBe(true);
    await expectUncalled(page);
  });

  it('leaves no window between a button appearing and the lock: same-task, next-frame and trusted clicks', async () => {
    const page = await lockedNote();
    const box = await page.evaluate(
      () =>
        new Promise<{ x: number; y: number }>((resolve) => {
          const b = document.createElement('button');
          b.dataset.action = 'finalize';
          b.textContent = 'Finalize (new)';
          b.style.cssText = 'position:fixed;top:200px;left:200px;width:160px;height:40px';
          document.querySelector('main')!.append(b);
          b.click();
          requestAnimationFrame(() => {
            b.click();
            const r = b.getBoundingClientRect();
            resolve({ x: r.x + 20, y: r.y + 20 });
          });
        }),
    );
    await page.mouse.click(box.x, box.y);
    await expectUncalled(page);
  });

  it('blocks the finalize request itself while locked (a declarativeNetRequest session rule for this tab only)', async () => {
    const page = await lockedNote();
    const before = env.server.finalizeRequests().length;
    const post = (p: Page) =>
      p.evaluate(() =>
        fetch('/api/notes/note-20001/finalize', { method: 'POST' }).then(
          (r) => r.status,
          () => 0,
        ),
      );
    expect(await post(page)).toBe(0);
    expect(env.server.finalizeRequests().length).toBe(before);
    const open = await openNoteIn(env.ff, env.server.url, {});
    expect(await marksSay(open)).toBe('open');
    await expect.poll(() => post(open)).toBe(200);
    await page.close();
    await open.close();
  });
});
