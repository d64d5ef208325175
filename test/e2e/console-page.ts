/**
 * Page object for the admin console (the extension's options page) in real-Chromium tests.
 * It drives the page the way an admin does: through labels, buttons and the section navigation.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { vi } from 'vitest';

const CONSOLE_PATH = 'src/ui/options/index.html';

/** Section names as the navigation shows them. */
export type SectionName = 'Directory' | 'Rule packs' | 'What-if & replay' | 'Site profiles' | 'Publish & history' | 'Import/export' | 'Access';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens the console in a new tab and waits until it knows the configuration and who may edit. */
export async function openConsole(context: BrowserContext, extensionId: string, section?: SectionName): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${CONSOLE_PATH}`);
  await waitForConsole(page);
  if (section) await gotoSection(page, section);
  return page;
}

/** Until the status line has its answer (not "Checking…") and the configuration is loaded. */
async function waitForConsole(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const access = document.querySelector('[data-testid=access-status]')?.textContent ?? '';
    return access !== '' && !access.startsWith('Checking') && document.querySelector('[data-testid=draft-status]') !== null;
  });
}

export async function gotoSection(page: Page, name: SectionName): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: new RegExp(`^${escapeRegExp(name)}`) })
    .click();
  await page
    .locator('main[aria-label]')
    .and(page.locator(`[aria-label="${name}"]`))
    .waitFor();
}

/** The status line: read-only and why, or who unlocked it; and what the draft holds. */
export async function consoleStatus(page: Page): Promise<string> {
  return (await page.getByTestId('console-status').textContent())?.trim() ?? '';
}

/**
 * Sets the first admin passcode when there is none yet, then unlocks as the directory user `as` (an id).
 * Already unlocked: nothing to do.
 */
export async function setPasscodeAndUnlock(page: Page, { passcode, as }: { passcode: string; as: string }): Promise<void> {
  await gotoSection(page, 'Access');
  const section = page.getByTestId('access-section');
  await section.locator('form').first().waitFor();
  if (
    await page
      .getByTestId('access-status')
      .textContent()
      .then((t) => t?.startsWith('Unlocked'))
  )
    return;
  const setForm = section.getByTestId('set-passcode-form');
  if (await setForm.count()) {
    await setForm.getByLabel('New passcode', { exact: true }).fill(passcode);
    await setForm.getByLabel('Repeat the new passcode').fill(passcode);
    await setForm.getByRole('button', { name: 'Set passcode' }).click();
    await section
      .getByTestId('unlock-form')
      .or(page.getByTestId('access-status').filter({ hasText: /^Unlocked/ }))
      .first()
      .waitFor();
    if (
      await page
        .getByTestId('access-status')
        .textContent()
        .then((t) => t?.startsWith('Unlocked'))
    )
      return;
  }
  const unlock = section.getByTestId('unlock-form');
  await unlock.getByLabel('I am').selectOption(as);
  await unlock.getByLabel('Passcode', { exact: true }).fill(passcode);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await page
    .getByTestId('access-status')
    .filter({ hasText: /^Unlocked/ })
    .waitFor();
}

/** Publishes the draft with a summary; returns the published version number, or throws with what the page said. */
export async function publish(page: Page, summary = 'Published by an end-to-end test'): Promise<number> {
  await gotoSection(page, 'Publish & history');
  const section = page.getByTestId('publish-section');
  await section.getByLabel('Summary').fill(summary);
  const result = section.getByTestId('publish-result');
  const before = await resultText(result);
  await section.getByRole('button', { name: 'Publish', exact: true }).click();
  const text = await newResult(result, before, /Published version \d+|Not published/);
  const m = /Published version (\d+)/.exec(text);
  if (!m) throw new Error(`Publishing failed: ${text}`);
  return Number(m[1]);
}

/** The publish result's text now ('' while there is none). */
const resultText = async (result: Locator) => ((await result.count()) > 0 ? ((await result.textContent()) ?? '') : '');

/** Waits for a result that is not the one before (a second publish or rollback must not read the first one's). */
async function newResult(result: Locator, before: string, done: RegExp): Promise<string> {
  let text = '';
  // vi.waitFor, not expect.poll: publish() also runs in beforeAll hooks.
  await vi.waitFor(
    async () => {
      text = await resultText(result);
      if (text === before || !done.test(text)) throw new Error(`no new publish result yet (now: "${text}")`);
    },
    { timeout: 30_000, interval: 50 },
  );
  return text;
}

/** Rolls back to `version` from the history list, confirming the dialog. */
export async function rollback(page: Page, version: number): Promise<void> {
  await gotoSection(page, 'Publish & history');
  const item = page.getByTestId(`version-${version}`);
  await item.getByRole('button', { name: `Roll back to version ${version}` }).click();
  const dialog = page.getByRole('dialog', { name: `Roll back to version ${version}?` });
  const result = page.getByTestId('publish-section').getByTestId('publish-result');
  const before = await resultText(result);
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  const text = await newResult(result, before, /Rolled back|Not rolled back/);
  if (!text.includes('Rolled back')) throw new Error(`Rollback failed: ${text}`);
}
