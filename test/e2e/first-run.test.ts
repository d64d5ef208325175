/**
 * Going live, in real Chromium with the built extension, in a fresh profile that is NOT seeded with the example
 * people: the demo note screen is locked with the plain "not set up" reason; the console opens on the setup
 * guide; an admin sets it up with the keyboard and the real file input (CSV import of insurances and users),
 * confirms "Finish SOAP Notes", publishes; the open note tab then decides normally and unlocks.
 * With UPDATE_SCREENSHOTS=1 it refreshes the README's screenshots of these screens (docs/screenshots/).
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type LaunchedExtension } from '../../scripts/chromium';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { lockState, openAllFixes, openNote, overlayText, waitForConfig } from '../../scripts/ehr-page';
import { NOT_SET_UP } from '../../src/policy/not-set-up';
import { openConsole } from './console-page';
import { shoot } from './screenshots';

const PASSCODE = 'synthetic-passcode-42';
const INSURANCES_CSV =
  'name,id,assistants_may_finalize,payer\r\nAcme Health PPO,ins-acme-ppo,yes,other\r\n"Summit Workers\' Comp, WA",ins-summit-wc,no,other\r\n';
const USERS_CSV =
  '\uFEFFname,credential,id,initials,finish_soap_notes\r\nPat Morgan,PT,u-admin-pat,,\r\nAvery Kim,PT,u-pt-avery,AK,\r\nJamie Rivera,PTA,u-pta-jamie,JR,yes\r\n';
const BAD_USERS_CSV = 'name,credential,id\nJamie Rivera,PTX,u-pta-jamie\n';

/** Focuses a control and presses a key on it: the way a keyboard user operates it. */
async function press(target: Locator, key = 'Enter'): Promise<void> {
  await target.focus();
  await target.page().keyboard.press(key);
}

async function chooseCsv(step: Locator, kind: 'users' | 'insurances', name: string, text: string): Promise<void> {
  await step
    .getByTestId(`csv-import-${kind}`)
    .getByLabel(`CSV file of ${kind}`)
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

describe('first run: not set up until an admin sets it up', () => {
  let ext: LaunchedExtension;
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
    ext = await launchWithExtension(process.env.FG_DIST ?? 'dist/extension');
    await waitForConfig(ext.serviceWorker); // installed, deliberately not seeded
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  let note: Page;
  it('a fresh install locks the demo note with the plain "not set up" reason and who to ask', async () => {
    note = await openNote(ext.context, server.url);
    expect(await lockState(note)).toBe('locked');
    await openAllFixes(note, 1); // the explanation and its one fix, from the keyboard
    await expect.poll(() => overlayText(note)).toContain(NOT_SET_UP.message);
    const text = await overlayText(note);
    expect(text).toContain(NOT_SET_UP.remedy);
    expect(text).not.toMatch(/not in the directory|unknown/i); // one plain reason, not a list of unknown people
    expect(text).toMatch(/^Finalize is locked/); // a plain lock, not "could not check this note"
    expect(text).not.toContain('Forward to'); // no directory yet: no supervising therapist to forward to
    await shoot(note, 'first-run-note');
  });

  it('the admin sets it up with the setup guide, imports CSV files through the file input, publishes; the open note unlocks', async () => {
    const page = await openConsole(ext.context, ext.extensionId);
    await page.setViewportSize({ width: 1280, height: 1000 });
    expect(await page.locator('main').getAttribute('data-section')).toBe('setup');
    expect(await page.getByTestId('console-not-set-up').textContent()).toContain(NOT_SET_UP.message);
    const guide = page.getByTestId('setup-section');

    // Step 1: the passcode, then unlock with a name (the directory has nobody in it yet).
    const access = guide.getByTestId('setup-step-access');
    await access.getByLabel('New passcode', { exact: true }).fill(PASSCODE);
    await access.getByLabel('Repeat the new passcode').fill(PASSCODE);
    await press(access.getByRole('button', { name: 'Set passcode' }));
    await access.getByLabel(/^I am/).fill('Dana Admin');
    await access.getByLabel('Passcode', { exact: true }).fill(PASSCODE);
    await press(access.getByRole('button', { name: 'Unlock' }));
    await page.getByTestId('access-status').filter({ hasText: 'Unlocked as Dana Admin.' }).waitFor();

    // Step 2, by keyboard: "Next" moves the focus to the step's heading; Tab reaches its first field.
    await press(guide.getByRole('button', { name: 'Next: Clinics' }));
    const clinics = guide.getByTestId('setup-step-clinics');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Step 2 of 6: Clinics');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Harbor Physical Therapy (synthetic)');
    expect(await clinics.getByLabel('Organisation').inputValue()).toBe('Harbor Physical Therapy (synthetic)');
    const addClinic = clinics.getByRole('form', { name: 'Add clinic' });
    await addClinic.getByLabel("New clinic's name").fill('North Clinic');
    await addClinic.getByLabel('Id').fill('clinic-north');
    await press(addClinic.getByRole('button', { name: 'Add clinic' }));
    await clinics.getByTestId('clinic-clinic-north').waitFor();
    await shoot(page, 'setup-guide-clinics');

    // Step 3: insurances from a spreadsheet: a preview first, applied on request.
    await press(guide.getByRole('button', { name: 'Next: Insurances' }));
    const insurances = guide.getByTestId('setup-step-insurances');
    await chooseCsv(insurances, 'insurances', 'insurances.csv', INSURANCES_CSV);
    await expect.poll(() => insurances.getByTestId('csv-preview').textContent()).toContain('insurances.csv: 2 new insurances, 0 updates');
    await press(insurances.getByRole('button', { name: /^Apply import/ }));
    await insurances.getByTestId('insurance-ins-summit-wc').waitFor();

    // Step 4: users; a bad file imports nothing and names line and column; the good one comes in with the permission unconfirmed.
    await press(guide.getByRole('button', { name: 'Next: Users' }));
    const users = guide.getByTestId('setup-step-users');
    await chooseCsv(users, 'users', 'users-draft.csv', BAD_USERS_CSV);
    await expect
      .poll(() => users.getByTestId('csv-problems').textContent())
      .toContain('Line 2, column credential: "PTX" is not a credential Finalize Guard knows');
    expect(await users.locator('[data-testid^=user-u-]').count()).toBe(0);
    await chooseCsv(users, 'users', 'users.csv', USERS_CSV);
    await expect.poll(() => users.getByTestId('csv-preview').textContent()).toContain('users.csv: 3 new users, 0 updates');
    expect(await users.getByTestId('csv-unconfirmed').textContent()).toContain('unconfirmed for 1 user');
    await shoot(users.getByTestId('csv-import-users'), 'setup-csv-preview');
    await press(users.getByRole('button', { name: /^Apply import/ }));
    const jamie = users.getByTestId('user-u-pta-jamie');
    expect(await jamie.getByTestId('unconfirmed').textContent()).toContain('does not count');
    await press(jamie.getByRole('button', { name: 'Confirm…' }));
    const dialog = page.getByRole('dialog', { name: 'Give Jamie Rivera the Finish SOAP Notes permission?' });
    await dialog.getByLabel(/Confirmed by/).selectOption('u-admin-pat');
    await press(dialog.getByRole('button', { name: 'Yes, I understand' }));
    expect(await jamie.getByTestId('confirmed').textContent()).toContain('Confirmed by Pat Morgan (u-admin-pat)');

    // Step 5: no billing integration here. Step 6: publish through the console's one publish path.
    await press(guide.getByRole('button', { name: 'Next: Billing' }));
    await press(guide.getByRole('button', { name: 'Next: Publish' }));
    const publishStep = guide.getByTestId('setup-step-publish');
    await publishStep.getByLabel('Summary').fill('Harbor PT goes live');
    await press(publishStep.getByRole('button', { name: 'Publish', exact: true }));
    await publishStep
      .getByTestId('publish-result')
      .filter({ hasText: /Published version 1\b/ })
      .waitFor();
    await expect.poll(() => page.getByTestId('setup-state').textContent()).toContain('Finalize Guard is set up');
    expect(await page.getByTestId('console-not-set-up').count()).toBe(0);

    // The note tab opened before setup decides with the published directory now, without a reload.
    await expect.poll(() => note.evaluate(() => document.querySelector('button.finalize.top')?.getAttribute('data-finalize-guard'))).toBe('open');
    expect(await lockState(note)).toBe('open');
    await page.close();
  }, 90_000);

  it('a user the directory does not know is still locked, now with the ordinary reason', async () => {
    const other = await openNote(ext.context, server.url, { user: 'u-pta-riley' });
    expect(await lockState(other)).toBe('locked');
    await other.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(other)).toMatch(/not in|unknown|directory/i);
    expect(await overlayText(other)).not.toContain(NOT_SET_UP.message);
    await other.close();
    await note.close();
  });
});
