/** The shipped packs' hashes are computed at build time (vite.shipped-packs.ts), and only after the packs validate. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash } from '../src/policy/hash';
import { SHIPPED_PACKS_ID, shippedPacks } from '../vite.shipped-packs';

/** The plugin's module for `dir` (each pack's content hash by file), as the build loads it (its errors thrown, as Vite's this.error does). */
async function load(dir: string): Promise<Record<string, string>> {
  const plugin = shippedPacks(dir);
  const ctx = {
    addWatchFile: () => undefined,
    error: (message: string) => {
      throw new Error(message);
    },
  };
  const id = (plugin.resolveId as unknown as (id: string) => string | null)(SHIPPED_PACKS_ID);
  const code = await (plugin.load as unknown as (this: typeof ctx, id: string) => Promise<string>).call(ctx, id!);
  const shipped = JSON.parse(code.replace(/^export default /, '').replace(/;$/, '')) as Array<{ file: string; hash: string }>;
  return Object.fromEntries(shipped.map((s) => [s.file, s.hash]));
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('shipped pack hashes (build time)', () => {
  it('hashes every shipped pack as the content hash of its JSON, in file-name order', async () => {
    const hashes = await load('rules/packs');
    const files = readdirSync('rules/packs').filter((f) => f.endsWith('.json'));
    expect(Object.keys(hashes)).toEqual(files.sort((a, b) => a.localeCompare(b)));
    for (const file of files) expect(hashes[file]).toBe(await contentHash(JSON.parse(readFileSync(join('rules/packs', file), 'utf8'))));
  });

  it('fails the build when a shipped pack does not validate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fg-packs-'));
    temps.push(dir);
    writeFileSync(join(dir, 'a.json'), readFileSync('rules/packs/webpt-default.json', 'utf8'));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ name: 'broken', rules: [{ conditions: {} }] }));
    await expect(load(dir)).rejects.toThrow(/broken\.json/);
  });
});
