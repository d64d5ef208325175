/**
 * Every way around a locked Finalize we know of, tried against the demo EHR (delegated root handlers,
 * its own Ctrl+Enter shortcut registered before the body, re-renders that replace the button).
 * Each leaves the EHR's own finalize handler uncalled; the allowed case proves the counter counts.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoExtension } from './setup';
import { finalizeCalls, lockState, openNote, overlayText } from '../../scripts/ehr-page';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };

/** POSTs the demo's finalize request from the page: the HTTP status, or 0 when the browser blocked the request. */
const postFinalize = (page: Page, noteId: string) =>
  page.evaluate(
    (id) =>
      fetch(`/api/notes/${id}/finalize`, { method: 'POST' }).then(
        (r) => r.status,
        () => 0,
      ),
    noteId,
  );

describe('bypasses of a locked Finalize', () => {
  const env = useDemoExtension();

  async function lockedNote(path?: string): Promise<Page> {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED, path);
    expect(await lockState(page)).toBe('locked');
    return page;
  }
  async function trustedClick(page: Page, selector: string): Promise<void> {
    const box = (await page.locator(selector).boundingBox())!;
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
  }
  /** The EHR counts a finalize synchronously in its handlers: once the page has run a later task, any would be counted. */
  async function expectUncalled(page: Page): Promise<void> {
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  }

  it('lets an allowed finalize through (the counter counts)', async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(page)).toBe('open');
    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => finalizeCalls(page)).toBe(1);
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
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');
    }
    await page.focus('input[name=pain-score]');
    await page.keyboard.press('Enter');
    await expectUncalled(page);
  });

  it("stops the EHR's own Ctrl+Enter shortcut, registered before the body", async () => {
    const page = await lockedNote();
    await page.focus('textarea');
    await page.keyboard.press('Control+Enter');
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
      bottom.disabled = false;
      form.requestSubmit(bottom);
    });
    await expectUncalled(page);
  });

  it('stops every submit of the note form (finalizeForms): unlisted submitters inside and outside it, Enter, requestSubmit()', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('#note-form')!;
      // A button without a type (a submit button) inside the form, and a submit input outside it that names it.
      // Named fields that shadow the form's own properties (form.matches, form.elements) must not break the guard.
      form.insertAdjacentHTML(
        'afterbegin',
        '<button class="unlisted-inside">Save</button><input type="hidden" name="matches"><input type="hidden" name="elements">',
      );
      document.body.insertAdjacentHTML('beforeend', '<input type="submit" class="unlisted-outside" form="note-form" value="Send">');
    });
    await trustedClick(page, 'button.unlisted-inside');
    await trustedClick(page, 'input.unlisted-outside');
    await page.focus('input[name=pain-score]');
    await page.keyboard.press('Enter');
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('#note-form')!;
      form.requestSubmit(document.querySelector<HTMLInputElement>('input.unlisted-outside'));
      form.requestSubmit();
    });
    await expectUncalled(page);
  });

  it('locks a Finalize inside a form whose named fields shadow its methods (form.matches, form.querySelectorAll)', async () => {
    const page = await lockedNote();
    // Outside the note screen, so that only the lock's own observer sees it; read right after its callback (a microtask).
    const lockedNow = await page.evaluate(async () => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<form><input name="matches"><input name="querySelectorAll"><input name="querySelector"><input name="getAttribute"><button type="button" class="finalize shadowed" data-action="finalize">Finalize</button></form>',
      );
      await Promise.resolve();
      return document.querySelector<HTMLButtonElement>('button.shadowed')!.getAttribute('aria-disabled');
    });
    expect(lockedNow).toBe('true');
    await trustedClick(page, 'button.shadowed');
    await expectUncalled(page);
  });

  it('holds after the SPA replaces the button 100 times, then a trusted click', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      for (let i = 0; i < 100; i++) (window as unknown as { __rerender(): void }).__rerender();
    });
    await trustedClick(page, 'button.finalize.top');
    expect(await page.$$eval('[data-action=finalize]', (els) => els.every((e) => e.getAttribute('aria-disabled') === 'true'))).toBe(true);
    await expectUncalled(page);
  });

  it('holds when the page patches Event.prototype to defeat preventDefault and stopImmediatePropagation', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      Event.prototype.preventDefault = () => {};
      Event.prototype.stopImmediatePropagation = () => {};
      Event.prototype.stopPropagation = () => {};
      const b = document.querySelector<HTMLButtonElement>('button.finalize.top')!;
      b.disabled = false;
      b.click();
    });
    await expectUncalled(page);
  });

  it('holds when the page removes or hides the overlay, and the overlay comes back', async () => {
    const page = await lockedNote();
    await page.evaluate(() => {
      document.querySelector('finalize-guard-overlay')!.remove();
      document.querySelector<HTMLButtonElement>('button.finalize.top')!.click();
    });
    await expect.poll(() => page.evaluate(() => document.querySelector('finalize-guard-overlay')?.parentNode === document.documentElement)).toBe(true);
    await page.evaluate(() => document.querySelector<HTMLElement>('finalize-guard-overlay')!.style.setProperty('display', 'none'));
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector('finalize-guard-overlay')!).display)).not.toBe('none');
    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => overlayText(page)).toContain('Finalize is locked');
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

  it('blocks the finalize request itself while locked (form.submit(), a direct API call or a beacon), in this tab only', async () => {
    const page = await lockedNote();
    const before = env.server.finalizeRequests().length;
    expect(await postFinalize(page, 'note-20001')).toBe(0);
    await page.evaluate(() => navigator.sendBeacon('/api/notes/beacon-locked/finalize'));
    expect(env.server.finalizeRequests().length).toBe(before);
    const open = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(open)).toBe('open');
    // The open tab's beacon, sent after the locked tab's, arrives; the locked tab's never does.
    await open.evaluate(() => navigator.sendBeacon('/api/notes/beacon-open/finalize'));
    await expect.poll(() => env.server.finalizeRequests()).toContain('beacon-open');
    expect(env.server.finalizeRequests()).not.toContain('beacon-locked');
    await expect.poll(() => postFinalize(open, 'note-20001')).toBe(200);
    await page.close();
    await open.close();
  });

  it('locks the Finalize buttons of a note screen inside an iframe', async () => {
    const page = await env.ext.context.newPage();
    const q = new URLSearchParams(BLOCKED);
    await page.goto(`${env.server.url}/ehr/frame.html?${q}`);
    const frame = page.frameLocator('#ehr-frame');
    await expect.poll(() => frame.locator('button.finalize.top').getAttribute('data-finalize-guard')).toBe('locked');
    await frame.locator('button.finalize.top').click({ force: true });
    const calls = await page.frames()[1].evaluate(() => (window as unknown as { __finalizeCalls: number }).__finalizeCalls);
    expect(calls).toBe(0);
    await page.close();
  });
});

describe('Back to a locked note, with the back/forward cache people have (Playwright turns it off)', () => {
  const env = useDemoExtension({ backForwardCache: true });

  it("the note's finalize request is blocked again after another page of the EHR, which released the tab's block", async () => {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('locked');
    expect(await postFinalize(page, 'note-20001')).toBe(0);
    await page.goto(`${env.server.url}/`); // no note screen here: its report releases the tab's block
    await expect.poll(() => postFinalize(page, 'other')).toBe(200);
    // Chromium restores the note from the cache or loads it again (changed request rules flush the cache): either way, blocked.
    await page.goBack({ waitUntil: 'commit' });
    await page.locator('[data-action=finalize]').first().waitFor();
    expect(await lockState(page)).toBe('locked');
    await expect.poll(() => postFinalize(page, 'note-20001')).toBe(0);
    expect(env.server.finalizeRequests()).not.toContain('note-20001');
    await page.close();
  });
});
