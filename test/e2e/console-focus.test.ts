/**
 * Keyboard focus in the admin console comes back to where it was after every dialog: Escape in the "Yes, I
 * understand" and rollback dialogs returns to what opened them, and after Publish (whose button is then disabled)
 * focus is on the result, never dropped to the page's body. The tests run in order and share one browser profile.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoSection, openConsole, setPasscodeAndUnlock } from './console-page';
import { useDemoExtension } from './setup';

const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
const hasFocus = (l: Locator) => l.evaluate((el) => el === document.activeElement);
const bodyHasFocus = (page: Page) => page.evaluate(() => document.activeElement === document.body || document.activeElement === null);

describe('focus in the admin console', () => {
  const env = useDemoExtension();

  it('returns to the checkbox after Escape in the "Yes, I understand" dialog, and to Publish\'s result after publishing', async () => {
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Directory');
    const box = page.getByTestId('user-u-pta-riley').getByLabel('Finish SOAP Notes');
    await box.focus();
    await page.keyboard.press('Space');
    const dialog = page.getByRole('dialog', { name: 'Give Riley Chen the Finish SOAP Notes permission?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape'); // leaves it on, unconfirmed: a change to publish
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(box)).toBe(true);

    await gotoSection(page, 'Publish & history');
    const section = page.getByTestId('publish-section');
    await section.getByRole('button', { name: 'Publish', exact: true }).focus();
    await page.keyboard.press('Enter');
    await section
      .getByTestId('publish-result')
      .filter({ hasText: /Published version \d+/ })
      .waitFor();
    await expect.poll(() => hasFocus(section.getByTestId('publish-result'))).toBe(true);
    expect(await bodyHasFocus(page)).toBe(false);
    await page.close();
  });

  it('returns to the "Roll back to version N" button after Escape in the rollback dialog', async () => {
    const page = await openConsole(env.ext.context, env.ext.extensionId, 'Publish & history');
    const button = page.getByRole('button', { name: /^Roll back to version \d+$/ }).first();
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Roll back to version \d+\?$/ });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => hasFocus(button)).toBe(true);
    await page.close();
  });
});
