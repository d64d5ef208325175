/**
 * A host added at run time, in real Firefox (ESR, WebDriver BiDi): the Firefox side of ../runtime-host.test.ts.
 * An EHR Finalize Guard does not ship (demo/chartwell) on a host no manifest entry names (ehr.test, resolved to
 * 127.0.0.1 by this Firefox's own profile), its profile published in the admin console and its host allowed there
 * with a real click; the worker registers the content script (scripting.registerContentScripts), the page is
 * locked and decided by that profile; Stop gives the host back and the next load runs without the guard.
 *
 * Granting: the console's Allow calls permissions.request in the click's task. Firefox refuses it without a user
 * gesture (also with prompts off), so the click is a real one; Firefox's door-hanger is switched off in this test's
 * profile (extensions.webextOptionalPermissionPrompts), so the request grants at once, as the prompt's "Allow" does.
 * The tests run in order and share one Firefox.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import chartwell from '../../../demo/chartwell/chartwell.profile.json';
import directory from '../../../rules/directory.example.json';
import pack from '../../../rules/packs/webpt-default.json';
import type { LaunchedFirefox } from '../../../scripts/firefox';
import { noteContextOf } from '../../../scripts/ehr-page';
import { overlayTextOf, trustedClick } from '../../../scripts/firefox-page';
import { REGISTRATION_ID } from '../../../src/background/content-scripts';
import { decide } from '../../../src/policy/decide';
import { addProfileIn, gotoSectionIn, openConsoleIn, pressButton, setPasscodeAndUnlockIn, textOf } from './console-page';
import { useFirefoxDemo } from './setup';

const HOST = 'http://ehr.test/*';
const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
const ALLOWED = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };
const BLOCKED = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-summit-wc' };
type Row = typeof ALLOWED;
type Sign = { how: string; guard: string | null };

/** Preferences of this test's Firefox profile only (nothing machine-wide). */
const PREFS = {
  // ehr.test resolves to loopback, where the demo server listens: a second host name, which no manifest entry names.
  'network.dns.localDomains': 'ehr.test',
  // permissions.request grants without Firefox's prompt, which nothing can press in a headless Firefox.
  'extensions.webextOptionalPermissionPrompts': false,
};

interface Registration {
  js?: string[];
  matches?: string[];
  runAt?: string;
  allFrames?: boolean;
  matchOriginAsFallback?: boolean;
  persistAcrossSessions?: boolean;
}
/** The extension's API in the page puppeteer evaluates in (the add-on's popup page). */
type Extension = {
  scripting: { getRegisteredContentScripts(f: { ids: string[] }): Promise<Registration[]> };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
};

/** This extension's run-time registration as Firefox holds it (null: none). */
const registration = (ff: LaunchedFirefox) =>
  ff.extensionPage.evaluate(
    async (id) => (await (globalThis as unknown as { browser: Extension }).browser.scripting.getRegisteredContentScripts({ ids: [id] }))[0] ?? null,
    REGISTRATION_ID,
  );

/** Whether Firefox has granted the host to the extension. */
const granted = (ff: LaunchedFirefox) =>
  ff.extensionPage.evaluate((host) => (globalThis as unknown as { browser: Extension }).browser.permissions.contains({ origins: [host] }), HOST);

describe('a host added at run time, in Firefox', () => {
  const env = useFirefoxDemo({ prefs: PREFS });
  const base = () => env.server.url.replace('127.0.0.1', 'ehr.test');

  const openChart = async (row: Row): Promise<Page> => {
    const page = await env.ff.browser.newPage();
    await page.goto(`${base()}/chartwell/note.html?${new URLSearchParams(row)}`);
    await page.waitForSelector('#sign');
    return page;
  };
  const signs = (page: Page) => page.evaluate(() => (window as unknown as { __signs: Sign[] }).__signs);
  /** The EHR's own capture-phase shortcut (Alt+S signs), pressed as a person does. */
  const pressAltS = async (page: Page) => {
    await page.keyboard.down('Alt');
    await page.keyboard.press('s');
    await page.keyboard.up('Alt');
  };
  const mark = (page: Page) => page.evaluate(() => document.querySelector('#sign')?.getAttribute('data-finalize-guard') ?? null);
  const hostState = (page: Page) => textOf(page, `[data-host="${HOST}"] [data-testid=host-access-state]`);

  it('unguarded until allowed; Allow (a real click) grants the host and the worker registers the guard there, every key kept', async () => {
    const before = await openChart(BLOCKED);
    await trustedClick(before, '#sign');
    await expect.poll(async () => (await signs(before)).length).toBe(1); // nothing guards a host no one allowed
    expect(await mark(before)).toBeNull();
    await before.close();

    const console = await openConsoleIn(env.ff);
    await setPasscodeAndUnlockIn(console, ADMIN);
    await addProfileIn(console, chartwell, 'Chartwell, our EHR');
    await gotoSectionIn(console, 'Site profiles');
    await expect.poll(() => hostState(console)).toBe('not allowed yet');
    expect(await registration(env.ff)).toBeNull(); // published, but not granted: nothing runs there
    expect(await granted(env.ff)).toBe(false);

    await pressButton(console, `Allow ${HOST}`);
    await expect.poll(() => hostState(console)).toBe('allowed');
    expect(await granted(env.ff)).toBe(true);
    await expect
      .poll(() => registration(env.ff))
      .toMatchObject({
        matches: [HOST],
        js: ['src/content/guard.iife.js'],
        runAt: 'document_start',
        allFrames: true,
        matchOriginAsFallback: true,
        persistAcrossSessions: true,
      });
    expect(await console.$('[data-testid=host-registration-error]')).toBeNull();
    await console.close();
  });

  it("a page on that host is locked and decided by the profile: a trusted click on a blocked note's Sign never reaches the page", async () => {
    const expected = await decide(pack, directory, noteContextOf(BLOCKED, 'c-30001'));
    expect(expected.failures.map((f) => f.gate)).toEqual(['insurance']);
    const blocked = await openChart(BLOCKED);
    await expect.poll(() => mark(blocked)).toBe('locked');
    // Decided, not still loading: the explanation names the reason read from Chartwell's own markup (a click opens it).
    await expect
      .poll(async () => {
        const shown = (await overlayTextOf(blocked)).includes(expected.failures[0].message);
        if (!shown) await trustedClick(blocked, '#sign');
        return shown;
      })
      .toBe(true);
    await trustedClick(blocked, '#sign');
    await pressAltS(blocked);
    await blocked.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    expect(await signs(blocked)).toEqual([]);
    await blocked.close();

    // The same page with all three permissions on: open, and the same click reaches the EHR (the counter counts).
    const allowed = await openChart(ALLOWED);
    await expect.poll(() => mark(allowed)).toBe('open');
    await trustedClick(allowed, '#sign');
    await expect.poll(() => signs(allowed)).toEqual([{ how: 'click', guard: 'open' }]);
    await pressAltS(allowed);
    await expect.poll(async () => (await signs(allowed)).map((s) => s.how)).toEqual(['click', 'shortcut']);
    await allowed.close();
  });

  it('Stop gives the host back: the registration goes, and the next page load runs without Finalize Guard', async () => {
    const console = await openConsoleIn(env.ff);
    await setPasscodeAndUnlockIn(console, ADMIN);
    await gotoSectionIn(console, 'Site profiles');
    await expect.poll(() => hostState(console)).toBe('allowed');
    await pressButton(console, `Stop running on ${HOST}`);
    await expect.poll(() => hostState(console)).toBe('not allowed yet');
    expect(await granted(env.ff)).toBe(false);
    await expect.poll(() => registration(env.ff)).toBeNull();
    await console.close();

    const note = await openChart(BLOCKED);
    await trustedClick(note, '#sign');
    await expect.poll(async () => (await signs(note)).length).toBe(1);
    expect(await mark(note)).toBeNull();
    await note.close();
  });
});
