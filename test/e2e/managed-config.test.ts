/**
 * Browser policy (storage.managed) in real Chromium, through the policy files Chromium reads on Linux
 * (/etc/chromium/policies/managed/*.json, "3rdparty" → "extensions" → our id). This browser alone sees this
 * file's temp folder as that policy folder, in a private mount namespace (scripts/private-etc.ts): nothing is
 * written outside the temp folder, no other browser on the machine is affected, and it runs as root and as a
 * normal user. Where the namespace is refused, the test fails and says what to enable, rather than being skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchOptions } from '../../scripts/chromium';
import { lockState, openNote, overlayText } from '../../scripts/ehr-page';
import { EXTENSION_ID } from '../../src/shared/extension-id';
import { consoleStatus, openConsole } from './console-page';
import { useDemoExtension } from './setup';

/** The shipped directory, except that the organisation's policy lets assistants finalize Summit Workers' Comp notes. */
const shipped = JSON.parse(readFileSync('rules/directory.example.json', 'utf8')) as {
  organization?: string;
  insurances: Array<{ id: string; assistantFinalization: boolean }>;
};
const managedDirectory = structuredClone(shipped);
managedDirectory.organization = 'Managed by IT (e2e)';
managedDirectory.insurances.find((i) => i.id === 'ins-summit-wc')!.assistantFinalization = true;
const POLICY = { '3rdparty': { extensions: { [EXTENSION_ID]: { directory: JSON.stringify(managedDirectory), readOnly: true } } } };

const SCENARIO = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-summit-wc', noteType: 'daily' };
const stored = (sw: Worker, key: string) =>
  sw.evaluate(
    async (k) =>
      (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(k))[
        k
      ],
    key,
  );
const stateNow = (page: Page) => page.evaluate(() => document.querySelector('[data-action=finalize]')?.getAttribute('data-finalize-guard') ?? 'none');

describe('managed configuration (browser policy)', () => {
  const browser: LaunchOptions = {}; // read when the browser starts, after the hook below
  let policyFile = '';
  const writePolicy = () => writeFileSync(policyFile, JSON.stringify(POLICY));
  const removePolicy = () => rmSync(policyFile, { force: true });
  beforeAll(() => {
    browser.managedPolicyDir = mkdtempSync(path.join(os.tmpdir(), 'fg-e2e-policy-'));
    policyFile = path.join(browser.managedPolicyDir, 'finalize-guard-e2e.json');
    writePolicy();
  });
  afterAll(() => {
    // after the browser has closed (after-hooks run last-registered first)
    if (browser.managedPolicyDir) rmSync(browser.managedPolicyDir, { recursive: true, force: true });
    expect(existsSync(policyFile)).toBe(false);
  });
  const env = useDemoExtension(browser);

  it('the shipped directory would lock this note (so the next test means something)', () => {
    expect(shipped.insurances.find((i) => i.id === 'ins-summit-wc')?.assistantFinalization).toBe(false);
  });

  it("the managed directory wins in a note tab's decision, and the active configuration records it", async () => {
    await expect
      .poll(() => stored(env.ext.serviceWorker, 'activeConfig').then((c) => (c as { managed?: unknown })?.managed))
      .toEqual({ packs: [], directory: true, sites: [] });
    expect([undefined, { state: 'ok' }]).toContainEqual(await stored(env.ext.serviceWorker, 'configStatus')); // absent: ok
    expect(await stored(env.ext.serviceWorker, 'managedSeen')).toBe(true);
    const note = await openNote(env.ext.context, env.server.url, SCENARIO);
    expect(await lockState(note)).toBe('open');
    await note.close();
  });

  it("no other process sees the policy: the machine's own policy folder is unchanged while this browser runs", () => {
    expect(existsSync(policyFile)).toBe(true);
    expect(existsSync(path.join('/etc/chromium/policies/managed', path.basename(policyFile)))).toBe(false);
  });

  it('the options page shows the directory locked, with its source, and the console read-only by policy', async () => {
    const page = await openConsole(env.ext.context, env.ext.extensionId, 'Directory');
    expect(await consoleStatus(page)).toMatch(/browser policy/);
    expect(await page.getByTestId('managed-directory').textContent()).toContain("Set by your organisation's browser policy");
    expect(await page.getByTestId('insurance-ins-summit-wc').getByLabel('Allow therapist assistants to finalize notes').isDisabled()).toBe(true);
    // The worker refuses a passcode and a publish under the read-only policy (an unlocked session too: unit-tested).
    const replies = await page.evaluate(async () => {
      const send = (m: unknown) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m);
      return [
        await send({ type: 'config:set-passcode', next: 'synthetic-passcode-42' }),
        await send({ type: 'config:publish', bundle: { format: 'finalize-guard-bundle' }, kind: 'publish', summary: 'x', baseVersion: 0 }),
      ];
    });
    expect(replies).toEqual([
      { ok: false, reason: expect.stringMatching(/browser policy makes this console read-only: no passcode can be set here/) },
      { ok: false, reason: expect.stringMatching(/browser policy makes this console read-only.*Nothing was published/) },
    ]);
    await page.close();
  });

  it('when policy disappears (as at browser start), the tab stays locked with "Checking permissions…" instead of falling back; it opens again when policy is back', async () => {
    const note = await openNote(env.ext.context, env.server.url, SCENARIO);
    expect(await lockState(note)).toBe('open');
    removePolicy();
    // Chromium notices the policy directory changed after a few seconds.
    await expect.poll(() => stateNow(note), { timeout: 25_000, interval: 200 }).toBe('locked');
    expect(await stored(env.ext.serviceWorker, 'configStatus')).toMatchObject({ state: 'checking' });
    await note.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(note)).toContain('Checking permissions…');
    writePolicy();
    await expect.poll(() => stateNow(note), { timeout: 25_000, interval: 200 }).toBe('open');
    await note.close();
  }, 70_000);
});
