/**
 * The admin console in real-Firefox tests (puppeteer-core over WebDriver BiDi): the Firefox side of
 * ../console-page.ts, driving it as an admin does — the section links, the passcode typed, buttons clicked with
 * real (trusted) mouse clicks. Buttons are found by their text, as a person finds them.
 */
import type { ElementHandle, JSHandle, Page } from 'puppeteer-core';
import { type LaunchedFirefox, openExtensionPage } from '../../../scripts/firefox';

const CONSOLE_PATH = 'src/ui/options/index.html';
const WAIT_MS = 30_000;

/**
 * Until `fn`, run in the page, returns something truthy; that value's handle. Puppeteer's waitForFunction builds its
 * poller with Function(), which an extension page's CSP blocks in Firefox 140, so this polls from here.
 */
async function pollIn(page: Page, fn: (...args: string[]) => unknown, ...args: string[]): Promise<JSHandle> {
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const handle = await page.evaluateHandle(fn, ...args);
    if (await handle.evaluate((v) => Boolean(v))) return handle;
    await handle.dispose();
    if (Date.now() > until) throw new Error(`Waited ${WAIT_MS / 1000} s in ${page.url()} for: ${fn.toString().slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens the console and waits until it knows the configuration and who may edit. */
export async function openConsoleIn(ff: LaunchedFirefox): Promise<Page> {
  const page = await openExtensionPage(ff, CONSOLE_PATH);
  await pollIn(page, () => {
    const access = document.querySelector('[data-testid=access-status]')?.textContent ?? '';
    return access !== '' && !access.startsWith('Checking') && document.querySelector('[data-testid=draft-status]') !== null;
  });
  return page;
}

/** The enabled button whose text is `text` (inside `within`, a CSS selector), once there is one. */
async function buttonIn(page: Page, text: string, within = 'body'): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = await pollIn(
    page,
    (t: string, w: string) => [...document.querySelectorAll<HTMLButtonElement>(`${w} button`)].find((b) => b.textContent?.trim() === t && !b.disabled),
    text,
    within,
  );
  return handle as ElementHandle<HTMLButtonElement>;
}

/** A real mouse click on the enabled button `text` (a user gesture: what permissions.request needs). */
export async function pressButton(page: Page, text: string, within?: string): Promise<void> {
  await (await buttonIn(page, text, within)).click();
}

/** Goes to a console section by its link, as a person does, and waits for it. */
export async function gotoSectionIn(page: Page, name: string): Promise<void> {
  const link = (await pollIn(
    page,
    (n: string) => [...document.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Console sections"] a')].find((a) => a.textContent?.startsWith(n)),
    name,
  )) as ElementHandle<HTMLAnchorElement>;
  await link.click();
  await page.waitForSelector(`main[aria-label="${name}"]`);
}

/** The text of the first element matching `selector` ('' while there is none). */
export const textOf = (page: Page, selector: string) => page.evaluate((s) => document.querySelector(s)?.textContent?.trim() ?? '', selector);

/** Sets the first admin passcode when there is none yet, then unlocks as the directory user `as` (an id). */
export async function setPasscodeAndUnlockIn(page: Page, { passcode, as }: { passcode: string; as: string }): Promise<void> {
  await gotoSectionIn(page, 'Access');
  await page.waitForSelector('[data-testid=access-section] form');
  if ((await textOf(page, '[data-testid=access-status]')).startsWith('Unlocked')) return;
  if (await page.$('[data-testid=set-passcode-form]')) {
    const [next, repeat] = await page.$$('[data-testid=set-passcode-form] input[type=password]');
    await next.type(passcode);
    await repeat.type(passcode);
    await pressButton(page, 'Set passcode', '[data-testid=set-passcode-form]');
  }
  const who = await page.waitForSelector('[data-testid=unlock-form] select');
  await who?.select(as);
  await (await page.waitForSelector('[data-testid=unlock-form] input[type=password]'))?.type(passcode);
  await pressButton(page, 'Unlock', '[data-testid=unlock-form]');
  await pollIn(page, () => document.querySelector('[data-testid=access-status]')?.textContent?.startsWith('Unlocked'));
}

/**
 * Adds a site profile as an admin pastes it (the text set at once, as a paste does, then the editor's own input
 * event), applies it to the draft and publishes; returns the published version or throws with what the page said.
 */
export async function addProfileIn(page: Page, profile: unknown, summary: string): Promise<number> {
  await gotoSectionIn(page, 'Site profiles');
  await pressButton(page, 'Add a site profile');
  const editor = await page.waitForSelector('#fg-site-text');
  await editor?.evaluate(
    (area, text) => {
      (area as HTMLTextAreaElement).value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    },
    JSON.stringify(profile, null, 2),
  );
  await pollIn(page, () => document.querySelector('[data-testid=site-problems]')?.textContent?.startsWith('Valid profile'));
  await pressButton(page, 'Apply to the draft');
  await gotoSectionIn(page, 'Publish & history');
  await (await page.waitForSelector('[data-testid=publish-section] input[aria-label=Summary]'))?.type(summary);
  await pressButton(page, 'Publish', '[data-testid=publish-section]');
  await pollIn(page, () => /Published version \d+|Not published/.test(document.querySelector('[data-testid=publish-result]')?.textContent ?? ''));
  const result = await textOf(page, '[data-testid=publish-result]');
  const version = /Published version (\d+)/.exec(result);
  if (!version) throw new Error(`Publishing failed: ${result}`);
  return Number(version[1]);
}
