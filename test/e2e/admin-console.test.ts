/**
 * The admin console in real Chromium: edits published from the console re-decide open note tabs without a
 * reload; an unconfirmed "Finish SOAP Notes" does not count; rollback restores the earlier decision; without
 * a passcode the console is read-only and says why. The tests run in order and share one browser profile.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { lockState, openNote, overlayText } from '../../scripts/ehr-page';
import { consoleStatus, gotoSection, openConsole, publish, rollback, setPasscodeAndUnlock } from './console-page';
import { useDemoExtension } from './setup';

const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
const ACME = 'Allow therapist assistants to finalize notes';

/** The guard's state on the first Finalize control, read at once (no waiting for a decision). */
const stateNow = (page: Page) => page.evaluate(() => document.querySelector('[data-action=finalize]')?.getAttribute('data-finalize-guard') ?? 'none');

/** Opens the explanation (a click on the locked control) and returns its text. */
async function explanation(page: Page): Promise<string> {
  await page.locator('button.finalize.top').click({ force: true });
  await expect.poll(() => overlayText(page)).toMatch(/Why|locked/i);
  return overlayText(page);
}

/** Marks the page so a test can tell it was not reloaded. */
const mark = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __consoleMark: number }).__consoleMark = 1;
  });
const marked = (page: Page) => page.evaluate(() => (window as unknown as { __consoleMark?: number }).__consoleMark === 1);

/** Waits until the open tab shows `want` (how soon it does is a figure of `npm run bench`, not a test). */
async function becomes(page: Page, want: 'locked' | 'open'): Promise<void> {
  await expect.poll(() => stateNow(page), { timeout: 15_000 }).toBe(want);
}

async function setInsurance(consolePage: Page, insuranceId: string, on: boolean): Promise<void> {
  await gotoSection(consolePage, 'Directory');
  const box = consolePage.getByTestId(`insurance-${insuranceId}`).getByLabel(ACME);
  if (on) await box.check();
  else await box.uncheck();
}

describe('the admin console', () => {
  const env = useDemoExtension();
  const versions: Record<string, number> = {};

  it('without a passcode, is read-only and says why; nothing can be changed', async () => {
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    expect(await consoleStatus(page)).toContain('Read-only: no admin passcode has been set yet');
    await gotoSection(page, 'Directory');
    expect(await page.getByTestId(`insurance-ins-acme-ppo`).getByLabel(ACME).isDisabled()).toBe(true);
    expect(await page.getByTestId('user-u-pta-riley').getByLabel('Finish SOAP Notes').isDisabled()).toBe(true);
    await gotoSection(page, 'Publish & history');
    expect(await page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    await gotoSection(page, 'Access');
    expect(await page.getByTestId('access-explanation').textContent()).toContain('no admin passcode has been set yet');
    expect(await page.getByTestId('set-passcode-form').count()).toBe(1);
    await page.close();
  });

  it("turning an insurance's permission off and publishing locks an open note tab with the insurance reason, without a reload", async () => {
    const note = await openNote(env.ext.context, env.server.url, { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' });
    expect(await lockState(note)).toBe('open');
    await mark(note);
    const first = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(first, ADMIN);
    expect(await consoleStatus(first)).toContain('Unlocked as Pat Morgan (u-admin-pat)');
    await setInsurance(first, 'ins-acme-ppo', false);
    expect(await first.getByTestId('draft-status').textContent()).toContain('1 unpublished change');
    // The draft outlives its tab (as when the browser is closed before Publish): a new console picks it up.
    await first.close();
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await expect.poll(() => page.getByTestId('draft-status').textContent()).toContain('1 unpublished change');
    versions.acmeOff = await publish(page, 'Acme PPO no longer lets assistants finalize');
    await becomes(note, 'locked');
    expect(await marked(note)).toBe(true);
    const text = await explanation(note);
    expect(text).toContain("The patient's insurance (Acme Health PPO) does not allow therapist assistants to finalize notes.");
    expect(text).not.toContain('Finish SOAP Notes');
    // The history names the version, its author and summary; the draft follows what is in force.
    const item = page.getByTestId(`version-${versions.acmeOff}`);
    expect(await item.textContent()).toMatch(/Pat Morgan \(u-admin-pat\).*Publish.*in force/);
    expect(await item.textContent()).toContain('Acme PPO no longer lets assistants finalize');
    await item.getByText(/^Changes from version/).click();
    expect(await item.getByRole('list').textContent()).toMatch(/Acme Health PPO.*off|Acme Health PPO.*Allow/);
    expect(await page.getByTestId('draft-status').textContent()).toContain('the same as the configuration in force');
    await page.close();
    await note.close();
  });

  it('rollback restores the earlier decision in an open tab', async () => {
    const note = await openNote(env.ext.context, env.server.url, { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' });
    expect(await lockState(note)).toBe('locked');
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await setInsurance(page, 'ins-acme-ppo', true);
    versions.acmeOn = await publish(page, 'Acme PPO lets assistants finalize again');
    await becomes(note, 'open');

    await rollback(page, versions.acmeOff);
    await becomes(note, 'locked');
    expect(await explanation(note)).toContain("The patient's insurance (Acme Health PPO) does not allow therapist assistants to finalize notes.");
    const restored = page.getByTestId('publish-result');
    expect(await restored.textContent()).toMatch(new RegExp(`Rolled back to version ${versions.acmeOff}, published as version \\d+`));

    await rollback(page, versions.acmeOn);
    await becomes(note, 'open');
    // The tab may re-decide before the console's history list has re-rendered with the new version.
    const top = page.locator('ol.history > li').first();
    await expect.poll(() => top.textContent()).toMatch(new RegExp(`Rollback to version ${versions.acmeOn}.*in force`));
    await page.close();
    await note.close();
  });

  it('"Finish SOAP Notes" turned on without its confirmation does not count; confirming it unlocks the tab', async () => {
    const note = await openNote(env.ext.context, env.server.url, { user: 'u-pta-riley', clinic: 'clinic-north', insurance: 'ins-acme-ppo' });
    expect(await lockState(note)).toBe('locked');
    expect(await explanation(note)).toContain("You do not have the 'Finish SOAP Notes' permission.");
    await mark(note);

    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Directory');
    const riley = page.getByTestId('user-u-pta-riley');
    await riley.getByLabel('Finish SOAP Notes').check();
    const dialog = page.getByRole('dialog', { name: 'Give Riley Chen the Finish SOAP Notes permission?' });
    expect(await dialog.textContent()).toContain('Recorded as confirmed by Pat Morgan (u-admin-pat)');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await riley.getByTestId('unconfirmed').textContent()).toContain('does not count');
    const unconfirmed = await publish(page, 'Riley: Finish SOAP Notes, not confirmed yet');
    await expect.poll(() => activeUser(page, 'u-pta-riley')).toEqual({ version: unconfirmed, finishSoapNotes: { enabled: true } });
    await expect.poll(() => overlayText(note)).toContain("never confirmed with 'Yes, I understand'");
    expect(await stateNow(note)).toBe('locked');

    await gotoSection(page, 'Directory');
    await riley.getByRole('button', { name: 'Confirm…' }).click();
    const beforeConfirming = Date.now();
    await dialog.getByRole('button', { name: 'Yes, I understand' }).click();
    expect(await riley.getByTestId('confirmed').textContent()).toContain('Confirmed by Pat Morgan (u-admin-pat)');
    const confirmed = await publish(page, 'Riley: Finish SOAP Notes confirmed');
    await becomes(note, 'open');
    expect(await marked(note)).toBe(true);
    const stored = await activeUser(page, 'u-pta-riley');
    expect(stored).toMatchObject({ version: confirmed, finishSoapNotes: { enabled: true, confirmedBy: 'u-admin-pat' } });
    // Stamped when the admin confirmed: not before the click, not in the future.
    const confirmedAt = Date.parse((stored.finishSoapNotes as { confirmedAt: string }).confirmedAt);
    expect(confirmedAt).toBeGreaterThanOrEqual(beforeConfirming - 1000); // stored in whole seconds
    expect(confirmedAt).toBeLessThanOrEqual(Date.now());
    await page.close();
    await note.close();
  });
});

/** The user's record in the configuration in force, and its version (read from the console page's storage). */
async function activeUser(page: Page, id: string): Promise<{ version?: number; finishSoapNotes?: unknown }> {
  return page.evaluate(async (userId) => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, any>> } } } }).chrome;
    const { activeConfig } = await api.storage.local.get('activeConfig');
    const user = activeConfig.directory.users.find((u: { id: string }) => u.id === userId);
    return { version: activeConfig.version, finishSoapNotes: user?.finishSoapNotes };
  }, id);
}
