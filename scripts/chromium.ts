// Helpers for real-browser tests: find a Chromium/Chrome binary, launch it with an
// unpacked MV3 extension loaded, and serve static fixture pages on 127.0.0.1.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { homeIn } from './browser-home';
import { findBrowser } from './find-browser';
import { withPrivatePolicy } from './private-etc';

const DEFAULT_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const MISSING_BROWSER_MESSAGE =
  'No Chromium or Chrome found. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) ' + 'or set CHROME_PATH=/path/to/chrome';

/** CHROME_PATH if it names an existing file, else the first existing candidate. */
export function findChrome(candidates: readonly string[] = DEFAULT_CANDIDATES): string {
  return findBrowser('CHROME_PATH', candidates, MISSING_BROWSER_MESSAGE);
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

const SERVICE_WORKER_TIMEOUT_MS = 15_000;

export interface LaunchOptions {
  /** A window instead of headless. */
  headed?: boolean;
  /**
   * A folder whose *.json files the browser reads as its managed (machine-wide) policy, seen by this browser
   * only: see private-etc.ts. The test owns the folder and may change it while the browser runs.
   */
  managedPolicyDir?: string;
  /** More switches, e.g. `--host-resolver-rules=MAP ehr.test 127.0.0.1` for a second loopback host name. */
  args?: string[];
  /** The back/forward cache people have (Playwright turns it off by default): a test of pages restored by Back. */
  backForwardCache?: boolean;
  /**
   * The browser profile's folder, kept after close (the caller removes it): a test that restarts the browser on the
   * same profile. Without it the profile lives in the launch's temp folder and goes with it.
   */
  userDataDir?: string;
}

/** The switches every test and bench browser gets (the closed network floods a browser that phones home). */
export const BROWSER_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches Chromium with the unpacked extension in distDir loaded: new headless mode, or a window with `headed`. */
export async function launchWithExtension(distDir: string, options: LaunchOptions = {}): Promise<LaunchedExtension> {
  const dist = path.resolve(distDir);
  if (!existsSync(path.join(dist, 'manifest.json'))) {
    throw new Error(`The extension's service worker did not start: is dist/ built? Run npm run build (no manifest.json in ${dist})`);
  }
  const { context, close } = await launchProfile({
    ...options,
    args: [...(options.args ?? []), `--disable-extensions-except=${dist}`, `--load-extension=${dist}`],
  });
  try {
    const serviceWorker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (w) => w.url().startsWith('chrome-extension://'),
        timeout: SERVICE_WORKER_TIMEOUT_MS,
      }));
    const extensionId = new URL(serviceWorker.url()).host;
    return { context, extensionId, serviceWorker, close };
  } catch (cause) {
    await close().catch(() => undefined);
    throw new Error(`The extension's service worker did not start: is dist/ built? Run npm run build (loaded from ${dist})`, { cause });
  }
}

/**
 * Chromium on a profile of its own (a temp folder, or `userDataDir`), as the tests launch it: with the extension
 * when `args` load it (launchWithExtension), without it for a same-machine control (the bench).
 */
export async function launchProfile(options: LaunchOptions = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const browser = findChrome();
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'fg-e2e-browser-'));
  const removeTemp = () => rm(tempDir, { recursive: true, force: true });

  let context: BrowserContext;
  try {
    const launch = options.managedPolicyDir ? withPrivatePolicy(browser, options.managedPolicyDir, tempDir) : undefined;
    // Chromium will not start its sandbox as root, and inside the private namespace a normal user is root too.
    const asRoot = process.getuid?.() === 0 || launch !== undefined;
    // A window (npm run demo -- --headed) keeps the real home: the display's credentials may live there.
    const env = { ...process.env, ...(options.headed ? {} : homeIn(tempDir)), ...launch?.env };
    const start = (sandbox: boolean) =>
      chromium.launchPersistentContext(options.userDataDir ?? path.join(tempDir, 'profile'), {
        executablePath: launch?.executablePath ?? browser,
        env,
        headless: false, // '--headless=new' below: the old headless mode cannot load extensions
        ignoreDefaultArgs: ['--disable-extensions', ...(options.backForwardCache ? ['--disable-back-forward-cache'] : [])],
        args: [...(options.headed ? [] : ['--headless=new']), ...(sandbox ? [] : ['--no-sandbox']), ...BROWSER_ARGS, ...(options.args ?? [])],
      });
    context = await start(!asRoot).catch((error: Error) => {
      if (asRoot || !/sandbox/i.test(error.message)) throw error;
      console.warn(`Chromium's sandbox cannot start for this user, so the tests run it with --no-sandbox. Chromium said: ${sandboxLine(error.message)}`);
      return start(false);
    });
  } catch (error) {
    await removeTemp();
    throw error;
  }

  const close = async () => {
    try {
      await context.close();
    } finally {
      await removeTemp();
    }
  };
  return { context, close };
}

/** The line of a failed launch that names the sandbox problem. */
function sandboxLine(message: string): string {
  return (
    message
      .split('\n')
      .find((line) => /sandbox/i.test(line))
      ?.trim() ?? message
  );
}
