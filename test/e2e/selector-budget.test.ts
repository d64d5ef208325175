/**
 * The selector check the worker runs on every configuration it would accept, in real Chromium: through its
 * offscreen document, a site profile whose selectors are grammar-legal but measured over the budget is refused
 * at import with the plain message (shown by the console; nothing written), a plain profile is published, and
 * browser policy carrying the slow profile is not applied: every note stays locked with the reason.
 * The tests run in order and share one browser profile. No timing is asserted: the ratio is the product's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../rules/sites/demo-ehr.json';
import webpt from '../../rules/sites/webpt.json';
import type { LaunchOptions } from '../../scripts/chromium';
import { lockState, openNote, overlayText } from '../../scripts/ehr-page';
import { EXTENSION_ID } from '../../src/shared/extension-id';
import { gotoSection, openConsole, setPasscodeAndUnlock } from './console-page';
import { FAST, OVER_BUDGET, SLOW } from './selector-profiles';
import { useDemoExtension } from './setup';

declare const chrome: { storage: { local: { get(key: string): Promise<Record<string, any>> } } };

const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
/** The demo's default note: a PTA at North Clinic with Acme Health PPO, allowed to finalize. */
const NOTE = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };

const stored = (sw: Worker, key: string) => sw.evaluate(async (k) => (await chrome.storage.local.get(k))[k] ?? null, key);
const storedAll = (sw: Worker) => sw.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null as never)));

/** The configuration in force as a bundle file would hold it, with `sites` added. */
async function bundleWith(sw: Worker, ...sites: unknown[]): Promise<Record<string, any>> {
  const active = await stored(sw, 'activeConfig');
  return {
    format: 'finalize-guard-bundle',
    packs: active.packs.map((e: { pack: unknown; enabled: boolean }) => ({ pack: e.pack, enabled: e.enabled })),
    directory: active.directory,
    sites: [...(active.sites ?? [demo, webpt]), ...sites],
  };
}

/** Imports `bundle` in the console as an admin would ("Replace"), and returns what the console shows. */
async function importInConsole(page: Page, name: string, bundle: unknown): Promise<string> {
  await gotoSection(page, 'Import/export');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle, null, 2)) });
  await page.getByTestId('import-report').waitFor();
  await page.getByTestId('import-apply').click();
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 45_000 });
  return (await result.textContent()) ?? '';
}

describe('the selector check in the worker (offscreen document)', () => {
  const browser: LaunchOptions = {};
  let policyFile = '';
  beforeAll(() => {
    // Empty at start (nothing managed); the last test sets a policy.
    browser.managedPolicyDir = mkdtempSync(path.join(os.tmpdir(), 'fg-e2e-policy-'));
    policyFile = path.join(browser.managedPolicyDir, 'finalize-guard-e2e.json');
  });
  afterAll(() => {
    // after the browser has closed (after-hooks run last-registered first)
    if (browser.managedPolicyDir) rmSync(browser.managedPolicyDir, { recursive: true, force: true });
  });
  const env = useDemoExtension(browser);

  it('refuses at import a profile measured over the budget, with the plain message in the console, and writes nothing', async () => {
    const sw = env.ext.serviceWorker;
    const before = await storedAll(sw);
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    const shown = await importInConsole(page, 'slow.json', await bundleWith(sw, SLOW));
    expect(shown).toMatch(/^Not imported: Nothing was published: the configuration has 1 problem \(first: site slow-ehr finalizeControls\[\d+\]: /);
    expect(shown).toMatch(OVER_BUDGET);
    expect(shown).toContain('name elements by id, class or attribute');
    // Nothing written (the passcode set on the way is the one change, in its own key).
    const after = JSON.parse(await storedAll(sw));
    const { adminPasscode: _set, ...rest } = after;
    const { adminPasscode: _none, ...restBefore } = JSON.parse(before);
    expect(rest).toEqual(restBefore);
    await page.close();
  });

  it('publishes a profile of plain selectors through the same path', async () => {
    const sw = env.ext.serviceWorker;
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    expect(await importInConsole(page, 'fast.json', await bundleWith(sw, FAST))).toMatch(/^Imported: version \d+ is in force\./);
    const active = await stored(sw, 'activeConfig');
    expect(active.sites.map((s: { name: string }) => s.name)).toContain('fast-ehr');
    await page.close();
  });

  it('browser policy with the slow profile is not applied: the note stays locked, with the reason', async () => {
    const note = await openNote(env.ext.context, env.server.url, NOTE);
    expect(await lockState(note)).toBe('open');
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: { sites: [JSON.stringify(SLOW)] } } } }));
    // Chromium notices the policy folder changed after a few seconds; the check then runs in the offscreen document.
    await expect.poll(() => stored(env.ext.serviceWorker, 'configStatus'), { timeout: 40_000, interval: 250 }).toMatchObject({ state: 'invalid' });
    const status = await stored(env.ext.serviceWorker, 'configStatus');
    expect(status.reason).toMatch(/^The configuration your organisation sets through browser policy is not applied, so Finalize stays locked: site slow-ehr /);
    expect(status.reason).toMatch(OVER_BUDGET);
    expect((await stored(env.ext.serviceWorker, 'activeConfig')).sites.map((s: { name: string }) => s.name)).not.toContain('slow-ehr');
    await expect.poll(() => lockState(note)).toBe('locked');
    await note.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(note)).toContain('browser policy is not applied');
    await note.close();
  }, 90_000);
});
