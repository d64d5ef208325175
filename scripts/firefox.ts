// Real Firefox for the tests and the demo: find firefox-esr (or FIREFOX_PATH), start it headless over WebDriver BiDi
// (puppeteer-core, which downloads nothing), and install the built dist/firefox as a temporary add-on.
// Playwright cannot load Firefox extensions; this is the Firefox counterpart of chromium.ts.
import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../src/shared/extension-id';
import { homeIn } from './browser-home';
import { findBrowser } from './find-browser';
import { type PrivateFolder, privateBrowser } from './private-etc';

const DEFAULT_CANDIDATES: readonly string[] = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/lib/firefox/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

const MISSING_BROWSER_MESSAGE =
  'No Firefox found. Install Firefox ESR with `sudo apt-get install -y firefox-esr` (Debian/Ubuntu) or set FIREFOX_PATH=/path/to/firefox';

/** FIREFOX_PATH if it names an existing file, else the first existing candidate. */
export function findFirefox(candidates: readonly string[] = DEFAULT_CANDIDATES): string {
  return findBrowser('FIREFOX_PATH', candidates, MISSING_BROWSER_MESSAGE);
}

export interface FirefoxOptions {
  /** A window instead of headless. */
  headed?: boolean;
  /**
   * A folder whose policies.json this Firefox alone reads as its enterprise policy (shown in place of its
   * installation's distribution/ folder in a private mount namespace: see private-etc.ts). Firefox reads it at start.
   */
  policyDir?: string;
  /** A profile folder the caller owns and keeps, to start Firefox again on the same profile (default: a fresh one). */
  profileDir?: string;
  /** The add-on's internal UUID, to find its storage again on a kept profile (default: a new one). */
  uuid?: string;
  /** More preferences for this Firefox's own profile (e.g. a test's host names); never machine-wide. */
  prefs?: Record<string, unknown>;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** moz-extension://<uuid> of the installed add-on (its pages, storage and audit log live there). */
  origin: string;
  /** An extension page kept open: what a test evaluates extension-side code in (Chromium tests use the worker). */
  extensionPage: Page;
  /** The add-on's internal UUID (its moz-extension:// host). */
  uuid: string;
  close(): Promise<void>;
}

/**
 * Starts Firefox with a fresh profile in a temp folder and installs distDir as a temporary add-on (as
 * about:debugging → "Load Temporary Add-on" does). The add-on's internal UUID is fixed through a preference, so
 * its pages have a known address.
 */
export async function launchFirefox(distDir: string, options: FirefoxOptions = {}): Promise<LaunchedFirefox> {
  const dist = path.resolve(distDir);
  const firefox = findFirefox();
  if (!existsSync(path.join(dist, 'manifest.json'))) throw new Error(`No manifest.json in ${dist}: is dist/ built? Run npm run build`);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'fg-e2e-firefox-'));
  const removeTemp = () => rm(tempDir, { recursive: true, force: true });
  const uuid = options.uuid ?? randomUUID();
  let browser: Browser | undefined;
  try {
    const launch = options.policyDir ? withPrivateFirefoxPolicy(firefox, options.policyDir) : undefined;
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: launch?.executablePath ?? firefox,
      headless: !options.headed,
      userDataDir: options.profileDir ?? path.join(tempDir, 'profile'),
      env: { ...process.env, ...(options.headed ? {} : homeIn(tempDir)), ...launch?.env },
      extraPrefsFirefox: { ...FIREFOX_PREFS(uuid), ...options.prefs },
      // WebDriver BiDi refuses to open moz-extension:// pages (the console, the review page) without it.
      args: ['--remote-allow-system-access'],
    });
    await browser.installExtension(dist);
    const origin = `moz-extension://${uuid}`;
    const extensionPage = await openExtensionPage({ browser, origin }, 'src/ui/popup/index.html');
    const opened = browser;
    return {
      browser: opened,
      origin,
      extensionPage,
      uuid,
      close: async () => {
        try {
          await opened.close();
        } finally {
          await removeTemp();
        }
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await removeTemp();
    throw error;
  }
}

/** The raw WebDriver BiDi connection under puppeteer-core's Firefox browser (for what puppeteer does not wrap). */
interface Bidi {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}
export const bidiOf = (page: Page) => (page.browser() as unknown as { connection: Bidi }).connection;
/** A frame's WebDriver BiDi browsing context id. */
export const contextOf = (frame: Frame) => (frame as unknown as { _id: string })._id;

/**
 * Opens one of the extension's pages (console, review page, popup). puppeteer's goto loses track of a
 * navigation that moves the tab into the extension's process, so navigate through BiDi and wait for the load.
 */
export async function openExtensionPage(ff: Pick<LaunchedFirefox, 'browser' | 'origin'>, pathname: string): Promise<Page> {
  const page = await ff.browser.newPage();
  await bidiOf(page).send('browsingContext.navigate', { context: contextOf(page.mainFrame()), url: `${ff.origin}/${pathname}`, wait: 'complete' });
  return page;
}

/**
 * Preferences of the test profile: the add-on's UUID (so its pages have a known address), and a quiet browser
 * (the closed network floods one that phones home).
 */
const FIREFOX_PREFS = (uuid: string): Record<string, unknown> => ({
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
  // A temporary add-on is uninstalled when Firefox closes: keep its storage, for a test that starts the profile again.
  'extensions.webextensions.keepStorageOnUninstall': true,
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
});

/**
 * Firefox reads enterprise policy from `distribution/policies.json` in its installation folder (and, on Linux,
 * /etc/firefox/policies/policies.json). This Firefox sees `policyDir` as that distribution folder, in a private
 * mount namespace; the installation's own distribution files are not needed by the tests.
 */
function withPrivateFirefoxPolicy(firefox: string, policyDir: string): ReturnType<typeof privateBrowser> {
  // /usr/bin/firefox-esr is a link to the installation folder's binary.
  const distribution = path.join(path.dirname(realpathSync(firefox)), 'distribution');
  if (!existsSync(distribution)) {
    throw new Error(
      `${firefox} reads enterprise policy from ${distribution}/policies.json, and ${distribution} does not exist. Create it once (sudo mkdir ${distribution}): the tests never write into it.`,
    );
  }
  const folders: PrivateFolder[] = [{ source: policyDir, target: distribution }];
  return privateBrowser(firefox, folders);
}
