// Tests of the Firefox helper itself; none of them needs a browser or a built extension.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFirefox } from './firefox';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'fg-browser-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('findFirefox', () => {
  const saved = process.env.FIREFOX_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.FIREFOX_PATH;
    else process.env.FIREFOX_PATH = saved;
  });

  it('returns FIREFOX_PATH when that file exists, else the first candidate that exists', async () => {
    const fake = path.join(tmp, 'my-firefox');
    const candidate = path.join(tmp, 'candidate-firefox');
    await writeFile(fake, '');
    await writeFile(candidate, '');
    process.env.FIREFOX_PATH = fake;
    expect(findFirefox([candidate])).toBe(fake);
    process.env.FIREFOX_PATH = path.join(tmp, 'does-not-exist');
    expect(findFirefox([path.join(tmp, 'also-missing'), candidate])).toBe(candidate);
  });

  it('explains how to install Firefox ESR when none is found', () => {
    process.env.FIREFOX_PATH = path.join(tmp, 'does-not-exist');
    expect(() => findFirefox([path.join(tmp, 'also-missing')])).toThrow(/apt-get install -y firefox-esr/);
    expect(() => findFirefox([])).toThrow(/FIREFOX_PATH/);
  });
});
