/**
 * Browser policy (storage.managed) in real Firefox, through the enterprise policy file Firefox reads at start:
 * `distribution/policies.json` in its installation folder, "3rdparty" → "Extensions" → our gecko id. This Firefox
 * alone sees this file's temp folder as that distribution folder, in a private mount namespace
 * (scripts/private-etc.ts): nothing is written outside the temp folder and no other browser on the machine is
 * affected; it runs as root and as a normal user, and where the namespace is refused it fails and says what to enable.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FirefoxOptions, findFirefox, launchFirefox, openExtensionPage } from '../../../scripts/firefox';
import { finalizeCallsIn, marksSay, missingFromExplanation, openNoteIn } from '../../../scripts/firefox-page';
import { GECKO_ID } from '../../../src/shared/extension-id';
import { FIREFOX_DIST, useFirefoxDemo } from './setup';

/** The shipped directory, except that the organisation's policy lets assistants finalize Summit Workers' Comp notes. */
const shipped = JSON.parse(readFileSync('rules/directory.example.json', 'utf8')) as {
  organization?: string;
  insurances: Array<{ id: string; assistantFinalization: boolean }>;
};
const managedDirectory = structuredClone(shipped);
managedDirectory.organization = 'Managed by IT (Firefox e2e)';
managedDirectory.insurances.find((i) => i.id === 'ins-summit-wc')!.assistantFinalization = true;
/** Firefox's policies.json: the extension's managed storage under "3rdparty" → "Extensions" → its id. */
const POLICIES = { policies: { '3rdparty': { Extensions: { [GECKO_ID]: { directory: JSON.stringify(managedDirectory), readOnly: true } } } } };

const SCENARIO = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-summit-wc', noteType: 'daily' };
const machineDistribution = () => path.join(path.dirname(realpathSync(findFirefox())), 'distribution');

describe('managed configuration (Firefox enterprise policy)', () => {
  const browser: FirefoxOptions = {}; // read when the browser starts, after the hook below
  let policyFile = '';
  beforeAll(() => {
    // A profile that outlives its Firefox (the last test starts it again), with the add-on's storage under a fixed UUID.
    browser.profileDir = mkdtempSync(path.join(os.tmpdir(), 'fg-e2e-firefox-profile-'));
    browser.uuid = randomUUID();
    browser.policyDir = mkdtempSync(path.join(os.tmpdir(), 'fg-e2e-firefox-policy-'));
    policyFile = path.join(browser.policyDir, 'policies.json');
    writeFileSync(policyFile, JSON.stringify(POLICIES));
  });
  afterAll(() => {
    // after the browser has closed (after-hooks run last-registered first)
    if (browser.policyDir) rmSync(browser.policyDir, { recursive: true, force: true });
    if (browser.profileDir) rmSync(browser.profileDir, { recursive: true, force: true });
    expect(existsSync(policyFile)).toBe(false);
  });
  const env = useFirefoxDemo(browser);
  const stored = (key: string) =>
    env.ff.extensionPage.evaluate(
      async (k) =>
        (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get(k))[
          k
        ],
      key,
    );

  it('the shipped directory would lock this note (so the next test means something)', () => {
    expect(shipped.insurances.find((i) => i.id === 'ins-summit-wc')?.assistantFinalization).toBe(false);
  });

  it('Firefox hands the policy to the extension as storage.managed', async () => {
    const managed = await env.ff.extensionPage.evaluate(
      async () =>
        (await (globalThis as unknown as { browser: { storage: { managed: { get(): Promise<Record<string, unknown>> } } } }).browser.storage.managed.get()) as {
          readOnly?: unknown;
        },
    );
    expect(managed.readOnly).toBe(true);
  });

  it("the managed directory wins in a note tab's decision, and the active configuration records it", async () => {
    await expect.poll(() => stored('activeConfig').then((c) => (c as { managed?: unknown })?.managed)).toEqual({ packs: [], directory: true, sites: [] });
    expect(await stored('managedSeen')).toBe(true);
    const note = await openNoteIn(env.ff, env.server.url, SCENARIO);
    expect(await marksSay(note)).toBe('open');
    await note.close();
  });

  it('the console is read-only by policy, and the worker refuses a passcode and a publish', async () => {
    const page = await openExtensionPage(env.ff, 'src/ui/options/index.html');
    const status = () => page.evaluate(() => document.querySelector('[data-testid=console-status]')?.textContent ?? '');
    await expect.poll(status).toMatch(/browser policy/);
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

  it("no other process sees the policy: the installation's own distribution folder has no policies.json", () => {
    expect(existsSync(policyFile)).toBe(true);
    expect(existsSync(path.join(machineDistribution(), 'policies.json'))).toBe(false);
  });

  it('started again without the policy (Firefox reads policies at start), the tab stays locked with "Checking permissions…" instead of falling back', async () => {
    // This Firefox's profile recorded that policy set the configuration; start it again without the policy, as when
    // policy is late or gone at browser start.
    expect(await stored('managedSeen')).toBe(true);
    await env.ff.close();
    rmSync(policyFile);
    env.ff = await launchFirefox(FIREFOX_DIST, browser);
    expect(await stored('managedSeen')).toBe(true);
    const note = await openNoteIn(env.ff, env.server.url, SCENARIO);
    expect(await marksSay(note)).toBe('locked');
    // "Checking permissions…" for 30 s after the worker starts, then that the managed configuration is missing: locked either way.
    await expect.poll(() => missingFromExplanation(note, [/Checking permissions…|managed configuration is missing/])).toEqual([]);
    expect(await finalizeCallsIn(note)).toBe(0);
    await note.close();
  }, 120_000);
});
