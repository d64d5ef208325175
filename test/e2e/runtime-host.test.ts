/**
 * Any EHR by configuration, end to end: an EHR Finalize Guard does not ship (demo/chartwell), on a second loopback
 * host name that no manifest entry names (ehr.test, mapped to 127.0.0.1 by Chromium's --host-resolver-rules), with
 * its own profile added through the admin console and its host allowed there. Then the truth table, no lock gap
 * from navigation commit, the bypasses, and the registration following what is published and granted.
 *
 * Granting: the console's "Allow" calls permissions.request on the click, and headless Chromium shows its prompt,
 * which nothing can press (Chromium has no switch that accepts it; its auto-confirm exists only inside its own C++
 * tests). So the test records the grant as the prompt's "Allow" does — in the browser profile's granted permissions
 * (Default/Preferences) — and restarts the browser on that profile. Revoking uses the console's own button.
 * The tests run in order and share one browser profile.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import chartwell from '../../demo/chartwell/chartwell.profile.json';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import { launchWithExtension, type LaunchedExtension } from '../../scripts/chromium';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server';
import { guardState, noteContextOf } from '../../scripts/ehr-page';
import { seedExampleConfig } from '../../scripts/seed-example';
import { REGISTRATION_ID } from '../../src/background/content-scripts';
import { CONFIG_KEY } from '../../src/shared/storage-keys';
import { decide } from '../../src/policy/decide';
import { gotoSection, openConsole, publish, setPasscodeAndUnlock } from './console-page';

const HOST = 'http://ehr.test/*';
/** Granted too, though no profile names it: the registration must still leave it alone. */
const OTHER_HOST = 'http://other.test/*';
/** Named by the profile too, never granted: registering it would make every `toEqual([HOST])` below fail. */
const NOT_GRANTED = 'http://not-granted.test/*';
const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
const ALLOWED = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };
const BLOCKED = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-summit-wc' };
type Row = { user: string; clinic: string; insurance: string; cosigner?: string };
type Sign = { how: string; guard: string | null };

declare const chrome: {
  scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string; matches?: string[] }>> };
  declarativeNetRequest: { getSessionRules(): Promise<Array<{ condition: { urlFilter?: string } }>> };
  storage: { local: { get(key: string): Promise<Record<string, { sites?: unknown[] } | undefined>>; set(items: Record<string, unknown>): Promise<void> } };
};

/** The hosts of this extension's run-time registration (none: []). */
const registeredHosts = (sw: Worker) =>
  sw.evaluate(async (id) => (await chrome.scripting.getRegisteredContentScripts()).find((r) => r.id === id)?.matches ?? [], REGISTRATION_ID);

/** The published site profiles in the active configuration (as the console wrote them). */
const publishedSites = (sw: Worker) => sw.evaluate(async (key) => (await chrome.storage.local.get(key))[key]?.sites ?? [], CONFIG_KEY);
/** Replaces them in storage, as a broken or hand-edited configuration would be: what the pages read. */
const setPublishedSites = (sw: Worker, sites: unknown[]) =>
  sw.evaluate(
    async ([key, next]) => {
      const config = (await chrome.storage.local.get(key as string))[key as string];
      await chrome.storage.local.set({ [key as string]: { ...config, sites: next } });
    },
    [CONFIG_KEY, sites] as const,
  );

/** What the prompt's "Allow" writes: the origin among the extension's granted (and active) host permissions. */
function grantInProfile(profileDir: string, extensionId: string, origin: string): void {
  const file = path.join(profileDir, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(file, 'utf8'));
  const settings = prefs.extensions.settings[extensionId];
  for (const key of ['granted_permissions', 'active_permissions']) {
    settings[key] ??= {};
    settings[key].explicit_host = [...new Set([...(settings[key].explicit_host ?? []), origin])];
  }
  writeFileSync(file, JSON.stringify(prefs));
}

/** Adds the Chartwell profile (with a second, never granted host) in the console's Site profiles section, as an admin pastes it, and publishes. */
async function addProfileInConsole(page: Page): Promise<void> {
  await gotoSection(page, 'Site profiles');
  await page.getByRole('button', { name: 'Add a site profile' }).click();
  const profile = { ...chartwell, urlPatterns: [...chartwell.urlPatterns, NOT_GRANTED] };
  await page.getByLabel('Profile as JSON').fill(JSON.stringify(profile, null, 2));
  await page.getByTestId('site-problems').filter({ hasText: 'Valid profile' }).waitFor();
  await page.getByRole('button', { name: 'Apply to the draft' }).and(page.locator(':enabled')).click();
  await publish(page, 'Chartwell, our EHR');
}

describe('an EHR Finalize Guard does not ship, on a host added at run time', () => {
  let server: DemoServer;
  let ext: LaunchedExtension;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    server = await startDemoServer();
    base = server.url.replace('127.0.0.1', 'ehr.test');
    dir = await mkdtemp(path.join(os.tmpdir(), 'fg-e2e-host-'));
    const launch = () =>
      launchWithExtension(process.env.FG_DIST ?? 'dist/extension', {
        args: ['--host-resolver-rules=MAP ehr.test 127.0.0.1, MAP other.test 127.0.0.1'],
        userDataDir: path.join(dir, 'profile'),
      });
    ext = await launch();
    await seedExampleConfig(ext);
    const page = await openConsole(ext.context, ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await addProfileInConsole(page);
    // The published profile's host is listed as not allowed yet, and Allow asks the browser (its prompt stays open here).
    await gotoSection(page, 'Site profiles');
    const host = page.locator(`[data-host="${HOST}"]`);
    await host.getByTestId('host-access-state').filter({ hasText: 'not allowed yet' }).waitFor();
    await page.locator(`[data-host="${NOT_GRANTED}"]`).getByTestId('host-access-state').filter({ hasText: 'not allowed yet' }).waitFor();
    await host.getByRole('button', { name: `Allow ${HOST}` }).click();
    expect(await registeredHosts(ext.serviceWorker)).toEqual([]); // nothing runs on a host the browser has not granted
    const id = ext.extensionId;
    await ext.close();
    grantInProfile(path.join(dir, 'profile'), id, HOST);
    grantInProfile(path.join(dir, 'profile'), id, OTHER_HOST);
    ext = await launch();
    // Waits for the condition (expect.poll runs only inside a test).
    await vi.waitFor(async () => expect(await registeredHosts(ext.serviceWorker)).toEqual([HOST]), { timeout: 15_000, interval: 50 });
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function openChart(row: Row, waitUntil: 'load' | 'commit' = 'load'): Promise<Page> {
    const page = await ext.context.newPage();
    await page.goto(`${base}/chartwell/note.html?${new URLSearchParams(row)}`, { waitUntil });
    return page;
  }
  /** The guard's decision (waits while it is loading), checked against the Sign button's own mark. */
  async function decided(page: Page): Promise<'locked' | 'open'> {
    let state = await guardState(page);
    await expect
      .poll(async () => {
        state = await guardState(page);
        return state !== undefined && state.reason !== 'loading';
      })
      .toBe(true);
    const mark = await page.locator('#sign').getAttribute('data-finalize-guard');
    expect(mark).toBe(state!.locked ? 'locked' : 'open');
    return state!.locked ? 'locked' : 'open';
  }
  const signs = (page: Page) => page.evaluate(() => (window as unknown as { __signs: Sign[] }).__signs);
  const trustedClick = async (page: Page) => {
    const box = (await page.locator('#sign').boundingBox())!;
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
  };

  it('truth table: the clinic, insurance and user permissions are all required; a therapist is unaffected', async () => {
    const rows: Row[] = [
      ...['clinic-north', 'clinic-south'].flatMap((clinic) => ['ins-acme-ppo', 'ins-summit-wc'].map((insurance) => ({ ...ALLOWED, clinic, insurance }))),
      { ...ALLOWED, user: 'u-pta-riley' },
      { user: 'u-pt-avery', clinic: 'clinic-south', insurance: 'ins-summit-wc' },
    ];
    const gates = new Set<string>();
    const wrong: string[] = [];
    for (const row of rows) {
      const therapist = row.user === 'u-pt-avery';
      const expected = await decide(pack, directory, noteContextOf(row, 'c-30001'));
      for (const f of expected.failures) gates.add(f.gate);
      const page = await openChart(therapist ? { ...row, cosigner: 'none' } : row);
      const state = await decided(page);
      if (state !== (expected.outcome === 'allowed' ? 'open' : 'locked')) wrong.push(`${JSON.stringify(row)}: ${state}, expected ${expected.outcome}`);
      await trustedClick(page);
      const expectedSigns = expected.outcome === 'allowed' ? 1 : 0;
      await expect.poll(async () => (await signs(page)).length).toBe(expectedSigns);
      await page.close();
    }
    expect(wrong).toEqual([]);
    expect([...gates].sort()).toEqual(expect.arrayContaining(['clinic', 'insurance', 'user'])); // each permission locks on its own
  });

  it("lock gap 0 from navigation commit: trusted clicks and the EHR's own Alt+S during load never sign before the guard opens", async () => {
    for (const row of [ALLOWED, BLOCKED]) {
      const page = await openChart(row, 'commit');
      // Hammer until the guard has decided, then twice more (the allowed note's later signs prove the counter counts).
      let after = 0;
      while (after < 2) {
        await page.mouse.click(60, 34).catch(() => undefined);
        await page.keyboard.press('Alt+s').catch(() => undefined);
        const state = await guardState(page).catch(() => undefined);
        if (state && state.reason !== 'loading') after++;
      }
      const all = await signs(page);
      expect(all.filter((s) => s.guard !== 'open')).toEqual([]); // nothing signed while the guard had not opened Sign
      // The allowed note signs by both ways the test hammers: the counter counts clicks, not only the shortcut.
      if (row === ALLOWED) expect(all.map((s) => s.how)).toEqual(expect.arrayContaining(['click', 'shortcut']));
      else expect(all).toEqual([]);
      await page.close();
    }
  });

  it('the bypasses the guard tests try: keys, the shortcut, script clicks, requestSubmit, re-rendering, the request itself', async () => {
    const requestsBefore = server.finalizeRequests().length;
    const page = await openChart(BLOCKED);
    expect(await decided(page)).toBe('locked');
    await trustedClick(page);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');
    }
    await page.focus('input[name=pain]');
    await page.keyboard.press('Enter'); // implicit submit of the visit form (finalizeForms)
    await page.keyboard.press('Alt+s');
    await page.evaluate(() => {
      const b = document.querySelector<HTMLButtonElement>('#sign')!;
      b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      b.removeAttribute('aria-disabled');
      b.click();
      const form = document.querySelector<HTMLFormElement>('#visit-form')!;
      form.requestSubmit();
      form.requestSubmit(b);
      // Re-rendered 20 times: each new Sign button is locked before anything can reach it.
      for (let i = 0; i < 20; i++) {
        const current = form.querySelector('#sign')!;
        form.replaceChild(current.cloneNode(true), current);
      }
    });
    await trustedClick(page);
    // The request itself (a script's fetch, form.submit()): the tab's network rule blocks the profile's endpoint.
    await expect
      .poll(() => ext.serviceWorker.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).map((r) => r.condition.urlFilter)))
      .toContain(chartwell.finalizeEndpoint);
    const sent = await page.evaluate(() =>
      fetch('/api/notes/c-30001/finalize', { method: 'POST' }).then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await signs(page)).toEqual([]);
    expect(sent).toBe('blocked');
    expect(server.finalizeRequests().length).toBe(requestsBefore);
    await page.close();
  });

  it('a malformed published entry is skipped: the EHR is never frozen pending, and the profile still guards it', async () => {
    const sites = await publishedSites(ext.serviceWorker);
    await setPublishedSites(ext.serviceWorker, [null, 'chartwell', { name: 'half' }, ...sites]);
    try {
      const page = await openChart(BLOCKED);
      expect(await decided(page)).toBe('locked');
      // The rest of the page works: a click elsewhere and typing reach the EHR.
      await page.evaluate(() => {
        const w = window as unknown as { __clicks: number };
        w.__clicks = 0;
        document.querySelector('h1')!.addEventListener('click', () => w.__clicks++);
      });
      await page.locator('h1').click();
      await page.locator('input[name=pain]').fill('7');
      expect(await page.evaluate(() => (window as unknown as { __clicks: number }).__clicks)).toBe(1);
      expect(await page.locator('input[name=pain]').inputValue()).toBe('7');
      await trustedClick(page);
      expect(await signs(page)).toEqual([]);
      await page.close();
    } finally {
      await setPublishedSites(ext.serviceWorker, sites);
    }
  });

  it("an SPA going into a path-restricted profile's path (pushState) finds Sign held, then decided with that profile", async () => {
    const sites = (await publishedSites(ext.serviceWorker)) as Array<{ name: string }>;
    const visitsOnly = sites.map((p) => (p.name === chartwell.name ? { ...p, urlPatterns: ['http://ehr.test/chartwell/visit/*'] } : p));
    await setPublishedSites(ext.serviceWorker, visitsOnly);
    // The SPA's own navigation: a new address without a load, and the note re-rendered.
    const goToVisit = (page: Page) =>
      page.evaluate(() => {
        history.pushState(null, '', '/chartwell/visit/c-30001');
        const sign = document.querySelector('#sign')!;
        sign.parentElement!.insertBefore(sign, sign.parentElement!.firstChild); // re-inserted, its click handler kept
      });
    try {
      for (const row of [BLOCKED, ALLOWED]) {
        const page = await openChart(row); // /chartwell/note.html: the profile's host, not its path
        // Held from load on every path of its host (no profile reads this one: undecided, locked).
        await expect.poll(() => page.locator('#sign').getAttribute('data-finalize-guard')).toBe('locked');
        if (row === BLOCKED) await trustedClick(page); // (on the allowed note it would open the explanation over Sign)
        await page.keyboard.press('Alt+s');
        expect(await signs(page)).toEqual([]);
        await goToVisit(page);
        const state = await decided(page);
        await trustedClick(page);
        if (row === BLOCKED) {
          expect(state).toBe('locked');
          await page.keyboard.press('Alt+s');
          expect(await signs(page)).toEqual([]);
        } else {
          expect(state).toBe('open');
          await expect.poll(async () => (await signs(page)).map((s) => s.how)).toEqual(['click']);
        }
        await page.close();
      }
    } finally {
      await setPublishedSites(ext.serviceWorker, sites);
    }
  });

  it('never runs on a host no profile names, even one the browser has granted', async () => {
    expect(await registeredHosts(ext.serviceWorker)).toEqual([HOST]);
    const page = await ext.context.newPage();
    await page.goto(`${server.url.replace('127.0.0.1', 'other.test')}/chartwell/note.html`);
    expect(await guardState(page)).toBeUndefined();
    await trustedClick(page);
    await expect.poll(async () => (await signs(page)).length).toBe(1); // nothing there stops the page
    await page.close();
  });

  it('unpublishing the profile unregisters the scripts; publishing it again registers them, and the console sees the tab run with it', async () => {
    const page = await openConsole(ext.context, ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Site profiles');
    await page.getByRole('button', { name: 'Remove chartwell' }).click();
    await publish(page, 'Chartwell removed');
    await expect.poll(() => registeredHosts(ext.serviceWorker)).toEqual([]);
    const note = await openChart(ALLOWED);
    expect(await guardState(note)).toBeUndefined();
    await note.close();

    await addProfileInConsole(page);
    await expect.poll(() => registeredHosts(ext.serviceWorker)).toEqual([HOST]);
    const again = await openChart(BLOCKED);
    expect(await decided(again)).toBe('locked');

    // "Test against open tabs" says the tab's guard runs with this very profile.
    await gotoSection(page, 'Site profiles');
    await page.getByRole('button', { name: 'Edit chartwell' }).click();
    await page.getByRole('button', { name: 'Test against open tabs' }).click();
    const line = page.getByTestId('probe-result').filter({ hasText: 'ehr.test' });
    await line.waitFor();
    expect(await line.textContent()).toMatch(
      /^Page \(ehr\.test:\d+\): guarded with chartwell: runs with this profile ✓\. URL matches ✓, note screen ✓, 1 Finalize control, 7 of 7 fields read$/,
    );
    // The README's walkthrough shows this screen (UPDATE_SCREENSHOTS=1 refreshes it).
    const shot = await page
      .getByTestId('sites-section')
      .screenshot({ path: process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots/site-profile-new-ehr.png' : undefined });
    expect(shot.byteLength).toBeGreaterThan(0);
    await again.close();
    await page.close();
  });

  it('revoking the host permission in the console unregisters the scripts: the next page load runs without Finalize Guard', async () => {
    const page = await openConsole(ext.context, ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Site profiles');
    const host = page.locator(`[data-host="${HOST}"]`);
    await expect.poll(() => host.getByTestId('host-access-state').textContent()).toBe('allowed');
    await host.getByRole('button', { name: `Stop running on ${HOST}` }).click();
    await expect.poll(() => host.getByTestId('host-access-state').textContent()).toBe('not allowed yet');
    await expect.poll(() => registeredHosts(ext.serviceWorker)).toEqual([]);
    const note = await openChart(BLOCKED);
    expect(await guardState(note)).toBeUndefined();
    await note.close();
    await page.close();
  });
});
