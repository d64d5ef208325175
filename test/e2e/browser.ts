// Helpers for real-browser tests: find a Chromium/Chrome binary, launch it with an
// unpacked MV3 extension loaded, and serve static fixture pages on 127.0.0.1.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const DEFAULT_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const MISSING_BROWSER_MESSAGE =
  'No Chromium or Chrome found. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) ' +
  'or set CHROME_PATH=/path/to/chrome';

/** CHROME_PATH if it names an existing file, else the first existing candidate. */
export function findChrome(candidates: readonly string[] = DEFAULT_CANDIDATES): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(MISSING_BROWSER_MESSAGE);
  return found;
}

export interface LaunchedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

const SERVICE_WORKER_TIMEOUT_MS = 15_000;

/** Launches Chromium (new headless mode) with the unpacked extension in distDir loaded. */
export async function launchWithExtension(distDir: string): Promise<LaunchedExtension> {
  const dist = path.resolve(distDir);
  const executablePath = findChrome();
  if (!existsSync(path.join(dist, 'manifest.json'))) {
    throw new Error(`The extension's service worker did not start: is dist/ built? Run npm run build (no manifest.json in ${dist})`);
  }
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'fg-e2e-profile-'));
  const removeProfile = () => rm(userDataDir, { recursive: true, force: true });

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: false, // '--headless=new' below: the old headless mode cannot load extensions
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        `--disable-extensions-except=${dist}`,
        `--load-extension=${dist}`,
      ],
    });
  } catch (error) {
    await removeProfile();
    throw error;
  }

  const close = async () => {
    try {
      await context.close();
    } finally {
      await removeProfile();
    }
  };

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
    throw new Error(
      `The extension's service worker did not start: is dist/ built? Run npm run build (loaded from ${dist})`,
      { cause },
    );
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves rootDir on http://127.0.0.1:<random port>; 404 for missing, unknown-type or escaping paths. */
export async function serveStatic(rootDir: string): Promise<StaticServer> {
  const root = await realpath(path.resolve(rootDir));

  const resolveRequest = async (rawUrl: string): Promise<string | undefined> => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(rawUrl.split(/[?#]/, 1)[0] ?? '');
    } catch {
      return undefined;
    }
    if (!pathname.startsWith('/') || pathname.includes('\0')) return undefined;
    if (pathname.split(/[\\/]/).includes('..')) return undefined;
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.resolve(root, '.' + pathname);
    try {
      const real = await realpath(file); // also refuses symlinks pointing outside root
      if (!real.startsWith(root + path.sep) || !(await stat(real)).isFile()) return undefined;
      return real;
    } catch {
      return undefined;
    }
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const file = await resolveRequest(req.url ?? '/');
      const type = file && CONTENT_TYPES[path.extname(file).toLowerCase()];
      if (!file || !type) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
