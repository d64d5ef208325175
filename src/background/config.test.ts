import { describe, expect, it } from 'vitest';
import { BUNDLED_PACKS, SHIPPED_PACKS } from '../config/bundled';
import { contentHash } from '../policy/hash';
import { isNotSetUp } from '../policy/not-set-up';
import { defaultConfig } from './config';

describe('defaultConfig (what a fresh profile installs)', () => {
  it('holds every shipped pack with the hash the build computed, which is its content hash, and nobody in the directory', async () => {
    const active = await defaultConfig();
    expect(active.packs.map((p) => p.pack)).toEqual(BUNDLED_PACKS);
    for (const p of active.packs) expect(p.hash).toBe(await contentHash(p.pack));
    expect(active.packs.every((p) => p.enabled)).toBe(true);
    expect(isNotSetUp(active.directory)).toBe(true);
  });

  it('installs nothing when the build did not check a shipped pack (no hash for it)', async () => {
    const [first, ...others] = SHIPPED_PACKS;
    await expect(defaultConfig([{ ...first, hash: '' }, ...others])).rejects.toThrow(/did not check the shipped pack/);
  });
});
