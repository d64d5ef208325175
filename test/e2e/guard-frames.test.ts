/**
 * Frames without a URL of their own (srcdoc, about:blank written by script) inherit the EHR page's origin, and
 * the browser runs the content scripts in them (match_about_blank, match_origin_as_fallback): the guard must
 * lock a Finalize control there too, matched by that inherited origin.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDemoExtension } from './setup';
import { lockState, openNote } from '../../scripts/ehr-page';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
const BUTTON = '<button type="button" data-action="finalize" style="width:10em;height:3em">Finalize</button>';

describe('frames without a URL of their own', () => {
  const env = useDemoExtension();

  /** Adds a frame made by `make`, and the page's own finalize handler on its button (counted on the top window). */
  async function frameWithFinalize(page: Page, kind: 'srcdoc' | 'blank' | 'written'): Promise<void> {
    await page.evaluate(
      ([kind, button]) =>
        new Promise<void>((resolve) => {
          const w = window as unknown as { __frameCalls: number };
          w.__frameCalls = 0;
          const frame = document.createElement('iframe');
          frame.id = 'no-url-frame';
          frame.style.cssText = 'position:fixed;top:0;left:0;width:20em;height:6em;z-index:99999';
          const wire = () => {
            frame.contentDocument!.querySelector('button')!.addEventListener('click', () => w.__frameCalls++);
            resolve();
          };
          if (kind === 'srcdoc') {
            frame.srcdoc = `<!doctype html><body>${button}</body>`;
            frame.addEventListener('load', wire, { once: true });
            document.body.append(frame);
          } else if (kind === 'blank') {
            document.body.append(frame); // about:blank, written by script
            frame.contentDocument!.body.innerHTML = button;
            wire();
          } else {
            document.body.append(frame); // about:blank, replaced by document.open() and write(): that erases the guard's listeners, which it adds again
            const doc = frame.contentDocument!;
            doc.open();
            doc.write(`<!doctype html><body>${button}</body>`);
            doc.close();
            wire();
          }
        }),
      [kind, BUTTON] as const,
    );
  }

  it.each(['srcdoc', 'blank', 'written'] as const)('locks Finalize in a %s frame: no trusted or script click reaches the page', async (kind) => {
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('locked');
    await frameWithFinalize(page, kind);
    const button = page.frameLocator('#no-url-frame').locator('button');
    await expect.poll(() => button.getAttribute('data-finalize-guard')).toBe('locked');
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    const box = (await button.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // The page's own script clears the lock's mark and clicks it, in the same task (before the lock can re-mark it).
    await page.evaluate(() => {
      const b = document.querySelector<HTMLIFrameElement>('#no-url-frame')!.contentDocument!.querySelector('button')!;
      b.removeAttribute('aria-disabled');
      b.click();
    });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await page.evaluate(() => (window as unknown as { __frameCalls: number }).__frameCalls)).toBe(0);
    await page.close();
  });

  it("an empty about:blank or srcdoc frame (an editor, a widget) does not lock an allowed note's finalize request", async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(page)).toBe('open');
    const frames = () =>
      env.ext.serviceWorker.evaluate(async () => {
        const all = await (
          globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } } }
        ).chrome.storage.session.get(null);
        return Object.entries(all)
          .filter(([k]) => k.startsWith('net:'))
          .map(([, v]) => Object.keys(v as object).length);
      });
    const before = Math.max(0, ...(await frames()));
    await page.evaluate(() => {
      const blank = document.createElement('iframe');
      document.body.append(blank);
      blank.contentDocument!.body.innerHTML = '<p contenteditable="true">Editor</p>';
      const srcdoc = document.createElement('iframe');
      srcdoc.srcdoc = '<p>Widget</p>';
      document.body.append(srcdoc);
    });
    // Both frames' guards have told the worker their state (the tab's frames grow by two).
    await expect.poll(async () => Math.max(0, ...(await frames()))).toBeGreaterThanOrEqual(before + 2);
    const status = await page.evaluate(() =>
      fetch('/api/notes/note-20001/finalize', { method: 'POST' }).then(
        (r) => r.status,
        () => 0,
      ),
    );
    expect(status).toBe(200);
    await page.close();
  });

  it("the portal page around a note's iframe never holds its finalize request: an allowed note finalizes, a blocked one does not", async () => {
    // The host page has a URL of its own but no note screen: only the note's frame may hold the tab's network rule.
    const netFrames = () =>
      env.ext.serviceWorker.evaluate(async () => {
        const all = await (
          globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } } }
        ).chrome.storage.session.get(null);
        return Math.max(
          0,
          ...Object.entries(all)
            .filter(([k]) => k.startsWith('net:'))
            .map(([, v]) => Object.keys(v as object).length),
        );
      });
    for (const [scenario, reaches] of [
      [{}, true],
      [BLOCKED, false],
    ] as const) {
      const before = env.server.finalizeRequests().length;
      const page = await openNote(env.ext.context, env.server.url, scenario, '/ehr/frame.html');
      const note = page.frameLocator('#ehr-frame');
      await note
        .locator('[data-action=finalize][data-finalize-guard=' + (reaches ? 'open' : 'locked') + ']')
        .first()
        .waitFor();
      await expect.poll(netFrames).toBeGreaterThanOrEqual(2); // both frames have told the worker their state
      // The note's own request, as its Finalize sends it.
      const frame = page.frames().find((f) => f.url().includes('embedded=1'))!;
      const status = await frame.evaluate(() =>
        fetch('/api/notes/note-20001/finalize', { method: 'POST' }).then(
          (r) => r.status,
          () => 0,
        ),
      );
      expect(status).toBe(reaches ? 200 : 0);
      expect(env.server.finalizeRequests().length).toBe(before + (reaches ? 1 : 0));
      await page.close();
    }
  });
});
