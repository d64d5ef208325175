// Tests of the real-browser helper itself; none of them needs a browser or a built extension.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findChrome } from './chromium';

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
