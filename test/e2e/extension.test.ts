/**
 * The built extension in real Chromium: it loads with its stable id, installs the default configuration (the
 * bundled packs and an empty directory: not set up yet) and runs the policy core under MV3's CSP.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedExtension, launchWithExtension } from '../../scripts/chromium';
import { contentHash } from '../../src/policy/hash';
import { NOT_SET_UP } from '../../src/policy/not-set-up';
// Derived from the manifest `key` (checked by extension-id.test.ts): browser policies and tests address the extension by it.
import { EXTENSION_ID as STABLE_ID } from '../../src/shared/extension-id';

declare const chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };

const DIST = 'dist/extension';

describe('the built extension in Chromium', () => {
  let ext: LaunchedExtension;
  beforeAll(async () => {
    ext = await launchWithExtension(DIST);
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('loads with the stable id from its manifest key', () => {
    expect(ext.extensionId).toBe(STABLE_ID);
  });

  it('installs the bundled packs and an empty directory (not the example people) as the active configuration', async () => {
    const read = () =>
      ext.serviceWorker.evaluate(
        async () =>
          (await chrome.storage.local.get('activeConfig')).activeConfig as
            | { packs: Array<{ pack: { name: string }; enabled: boolean }>; directory: { users: unknown[] } }
            | undefined,
      );
    await expect.poll(read, { timeout: 30_000 }).toBeDefined();
    const stored = await read();
    expect(stored?.packs.find((e) => e.pack.name === 'webpt-default')?.enabled).toBe(true);
    expect(stored?.directory).toEqual({ clinics: [], insurances: [], users: [] });
  });

  it('decides in an extension page under MV3 CSP: the popup shows the pack, its hash, a fail-closed self-check and that nothing is set up', async () => {
    const page = await ext.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`chrome-extension://${ext.extensionId}/src/ui/popup/index.html`);
    const pack = JSON.parse(readFileSync('rules/packs/webpt-default.json', 'utf8'));
    const hash = (await contentHash(pack)).slice(0, 12);
    await expect.poll(() => page.getByTestId('pack').textContent()).toContain(`webpt-default 1.0.0 #${hash}`);
    expect(await page.getByTestId('self-check').textContent()).toBe('Fails closed: an unreadable note stays locked.');
    expect(await page.getByTestId('directory').textContent()).toContain('0 clinics, 0 insurances, 0 users');
    expect(await page.getByTestId('locked-everywhere').textContent()).toBe(`${NOT_SET_UP.message} ${NOT_SET_UP.remedy}`);
    expect(problems).toEqual([]);
    await page.close();
  });
});
