/**
 * The admin console's site-profile editor and bundle import in real Chromium: "test against open tabs" runs an
 * edited, unsaved profile on an open demo note (counts only, no page values, nothing changed); an imported bundle
 * with an error changes nothing; a valid one replaces the configuration and re-decides the open note tab.
 * The tests run in order and share one browser profile.
 */
import type { Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import demo from '../../rules/sites/demo-ehr.json';
import webpt from '../../rules/sites/webpt.json';
import { lockState, openNote } from '../../scripts/ehr-page';
import { gotoSection, openConsole, setPasscodeAndUnlock } from './console-page';
import { useDemoExtension } from './setup';

declare const chrome: { storage: { local: { get(key: string): Promise<Record<string, any>> } } };

const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
/** The demo's default note: a PTA at North Clinic with Acme Health PPO, allowed to finalize. */
const NOTE = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };
const PAGE_VALUES = /u-pta-jamie|Jamie|Rivera|clinic-north|North Clinic|ins-acme-ppo|Acme|note-20001|2026-\d\d-\d\d/;

const stored = (sw: Worker, key: string) => sw.evaluate(async (k) => (await chrome.storage.local.get(k))[k] ?? null, key);
/** The published history as stored: its index, then one key per version. */
const storedHistory = (sw: Worker) =>
  sw.evaluate(async () => {
    const index = ((await chrome.storage.local.get('configVersions')).configVersions ?? []) as number[];
    const keys = index.map((n) => `configVersion:${n}`);
    const got = (await chrome.storage.local.get(keys as never)) as Record<string, unknown>;
    return keys.map((k) => got[k]);
  });

/** The configuration in force as a bundle file would hold it (shipped site profiles included). */
async function bundleInForce(sw: Worker): Promise<Record<string, any>> {
  const active = await stored(sw, 'activeConfig');
  return {
    format: 'finalize-guard-bundle',
    packs: active.packs.map((e: { pack: unknown; enabled: boolean }) => ({ pack: e.pack, enabled: e.enabled })),
    directory: active.directory,
    sites: active.sites ?? [demo, webpt],
  };
}

async function chooseFile(page: Page, name: string, bundle: unknown): Promise<void> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle, null, 2)) });
  await page.getByTestId('import-report').waitFor();
}

async function testAgainstTabs(page: Page): Promise<string[]> {
  const editor = page.getByTestId('site-editor');
  await editor.getByRole('button', { name: 'Test against open tabs' }).click();
  const results = page.getByTestId('probe-results');
  await results.locator('li, p').first().waitFor();
  return results.locator('li, p').allTextContents();
}

describe('site profiles and bundles in the admin console', () => {
  const env = useDemoExtension();

  it('tests the edited demo-ehr profile against an open note tab: note screen, 2 Finalize controls; a wrong selector finds 0', async () => {
    const note = await openNote(env.ext.context, env.server.url, NOTE);
    expect(await lockState(note)).toBe('open');
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN); // read-only, profiles can be viewed and tested as they are, not edited
    await gotoSection(page, 'Site profiles');
    await page.getByRole('button', { name: 'Edit demo-ehr' }).click();

    const [line, ...more] = await testAgainstTabs(page);
    expect(more).toEqual([]);
    expect(line).toMatch(
      /^Page \(127\.0\.0\.1:\d+\): guarded with demo-ehr: runs with this profile ✓\. URL matches ✓, note screen ✓, 2 Finalize controls, (\d+) of \1 fields read$/,
    );
    expect(line).not.toMatch(PAGE_VALUES);

    // Edited, not saved: a Finalize selector that matches nothing, and a field that reads nothing.
    const text = page.getByLabel('Profile as JSON');
    const edited = (await text.inputValue())
      .replace(`"[data-action='finalize']"`, `"[data-action='finalise']"`)
      .replace(`"selector": ".dos"`, `"selector": ".no-such-date"`);
    await text.fill(edited);
    await expect.poll(() => page.getByTestId('site-problems').textContent()).toContain('Valid profile');
    const [wrong] = await testAgainstTabs(page);
    expect(wrong).toMatch(/note screen ✓, 0 Finalize controls, (\d+) of (\d+) fields read \(dateOfService not read\)$/);
    expect(wrong).toContain('runs with the published demo-ehr, not this edited version ✗'); // the tab's guard does not use an unpublished edit

    // A profile with an error cannot be tested, and enters nothing.
    await text.fill(edited.replace(`"main[data-screen='soap-note']"`, `"main[data-screen='soap-note'"`));
    await expect.poll(() => page.getByTestId('site-problems').textContent()).toMatch(/^\d+:\d+ error noteScreen: The selector has an unclosed '\['/);
    expect(await page.getByRole('button', { name: 'Test against open tabs' }).isDisabled()).toBe(true);

    // Testing changed nothing: the tab decides the same, and the draft holds no edit.
    expect(await lockState(note)).toBe('open');
    expect(await page.getByTestId('draft-status').textContent()).toBe('The draft is the same as the configuration in force.');
    await page.close();
    await note.close();
  });

  it('reports a note screen inside a frame from that frame', async () => {
    const note = await openNote(env.ext.context, env.server.url, NOTE, '/ehr/frame.html');
    const page = await openConsole(env.ext.context, env.ext.extensionId, 'Site profiles');
    await page.getByRole('button', { name: 'Edit demo-ehr' }).click();
    const [line, ...more] = await testAgainstTabs(page);
    expect(more).toEqual([]);
    expect(line).toMatch(
      /^Page, in a frame \(127\.0\.0\.1:\d+\): guarded with demo-ehr: runs with this profile ✓\. URL matches ✓, note screen ✓, 2 Finalize controls, (\d+) of \1 fields read$/,
    );
    await page.close();
    await note.close();
  });

  it('an imported bundle with an error changes nothing: the configuration and the open tab stay as they were', async () => {
    const note = await openNote(env.ext.context, env.server.url, NOTE);
    expect(await lockState(note)).toBe('open');
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Import/export');
    const before = JSON.stringify(await stored(env.ext.serviceWorker, 'activeConfig'));
    const historyBefore = JSON.stringify(await storedHistory(env.ext.serviceWorker));

    const bad = await bundleInForce(env.ext.serviceWorker);
    const acme = bad.directory.insurances.findIndex((i: { id: string }) => i.id === 'ins-acme-ppo');
    bad.directory.insurances[acme].assistantFinalization = 'false'; // in quotes: not a boolean
    await chooseFile(page, 'bad-bundle.json', bad);

    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain('1 error in bad-bundle.json: nothing will change');
    expect(text).toMatch(new RegExp(`bad-bundle\\.json:\\d+:\\d+ error — directory › insurances\\[${acme}\\]\\.assistantFinalization: `));
    expect(await page.getByTestId('import-apply').isDisabled()).toBe(true);
    expect(await page.getByTestId('import-warning').count()).toBe(0);
    await page.getByTestId('import-apply').click({ force: true }); // a disabled button sends nothing

    // The thing under test is that nothing happens, so there is no event to wait for: give a publish time to show.
    await note.waitForTimeout(300);
    expect(JSON.stringify(await stored(env.ext.serviceWorker, 'activeConfig'))).toBe(before);
    expect(JSON.stringify(await storedHistory(env.ext.serviceWorker))).toBe(historyBefore);
    expect(await lockState(note)).toBe('open');
    expect(await page.getByTestId('import-result').count()).toBe(0);
    await page.close();
    await note.close();
  });

  it('a valid bundle that turns the insurance permission off shows what changes, warns, and on "Replace" locks the open note tab', async () => {
    const note = await openNote(env.ext.context, env.server.url, NOTE);
    expect(await lockState(note)).toBe('open');
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Import/export');

    const bundle = await bundleInForce(env.ext.serviceWorker);
    bundle.directory.insurances.find((i: { id: string }) => i.id === 'ins-acme-ppo').assistantFinalization = false;
    await chooseFile(page, 'acme-off.json', bundle);

    expect(await page.getByTestId('import-summary').textContent()).toContain('1 change: 1 to the directory.');
    expect(await page.getByTestId('import-changes').textContent()).toContain(
      "Insurance 'Acme Health PPO' › Allow therapist assistants to finalize notes: on → off",
    );
    expect(await page.getByTestId('import-warning').textContent()).toContain('Importing overwrites the current settings.');
    expect(await lockState(note)).toBe('open'); // nothing happens before "Replace"

    await page.getByTestId('import-apply').click();
    await page
      .getByTestId('import-result')
      .filter({ hasText: /Imported: version \d+ is in force\./ })
      .waitFor();
    await expect.poll(() => lockState(note)).toBe('locked');
    const history = await storedHistory(env.ext.serviceWorker);
    expect(history.at(-1)).toMatchObject({ kind: 'import', summary: 'Imported acme-off.json (1 change: 1 to the directory)' });
    const active = await stored(env.ext.serviceWorker, 'activeConfig');
    expect(active.directory.insurances.find((i: { id: string }) => i.id === 'ins-acme-ppo').assistantFinalization).toBe(false);
    await page.close();
    await note.close();
  });
});
