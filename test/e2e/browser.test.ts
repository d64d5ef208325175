// Tests of the real-browser helper itself; none of them needs a browser or a built extension.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findChrome, serveStatic } from './browser.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'fg-browser-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('findChrome', () => {
  const saved = process.env.CHROME_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
  });

  it('returns CHROME_PATH when that file exists', async () => {
    const fake = path.join(tmp, 'my-chrome');
    await writeFile(fake, '');
    process.env.CHROME_PATH = fake;
    expect(findChrome([])).toBe(fake);
  });

  it('ignores a CHROME_PATH that does not exist and falls back to the candidates', async () => {
    const candidate = path.join(tmp, 'candidate-chrome');
    await writeFile(candidate, '');
    process.env.CHROME_PATH = path.join(tmp, 'does-not-exist');
    expect(findChrome([path.join(tmp, 'also-missing'), candidate])).toBe(candidate);
  });

  it('explains how to install a browser when none is found', () => {
    process.env.CHROME_PATH = path.join(tmp, 'does-not-exist');
    expect(() => findChrome([path.join(tmp, 'also-missing')])).toThrow(/apt-get install -y chromium/);
    expect(() => findChrome([])).toThrow(/CHROME_PATH/);
  });
});

/** Sends the path as-is (fetch would normalise '/../'). */
function rawGet(url: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveStatic', () => {
  it('serves files from rootDir on 127.0.0.1 only, and 404s missing or escaping paths', async () => {
    const root = path.join(tmp, 'site');
    await rm(root, { recursive: true, force: true });
    await mkdir(root);
    await writeFile(path.join(root, 'page.html'), '<h1>hello</h1>');
    // a secret next to rootDir, which a traversal would reach
    await writeFile(path.join(tmp, 'package.json'), '{"secret":true}');

    const server = await serveStatic(root);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // bound to 127.0.0.1 alone: another loopback address (which 0.0.0.0 would answer) is refused
      const other = new URL(server.url);
      other.hostname = '127.0.0.2';
      await expect(rawGet(other.href, '/page.html')).rejects.toThrow(/ECONNREFUSED/);

      const ok = await fetch(`${server.url}/page.html`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await ok.text()).toBe('<h1>hello</h1>');

      expect((await fetch(`${server.url}/missing.html`)).status).toBe(404);

      for (const rawPath of ['/%2e%2e/etc/passwd', '/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
        const res = await rawGet(server.url, rawPath);
        expect(res.status, rawPath).toBe(404);
        expect(res.body, rawPath).not.toContain('secret');
      }
    } finally {
      await server.close();
    }
  });
});
