/**
 * The active configuration (rule packs + directory + published site profiles) in storage.local. Invalid input
 * never replaces it. What ships: every bundled pack, and an empty directory — a fresh install is "not set up"
 * (policy/not-set-up.ts) until an admin publishes the clinic's directory or browser policy sets one; the
 * example directory (rules/directory.example.json) is only ever published on purpose (the demo and tests).
 */
import { SHIPPED_PACKS } from '../config/bundled';
import { EMPTY_DIRECTORY } from '../policy/not-set-up';
import type { ActiveConfig } from '../config/types';

/** Only ever written after validation, so content scripts can decide without the validators. */
export type { ActiveConfig } from '../config/types';

/**
 * Validated and hashed at build time (vite.shipped-packs.ts: a shipped pack that does not validate fails the build),
 * not here: in a fresh profile's cold worker that took 100–450 ms, all of it before the first note could be decided.
 */
export async function defaultConfig(shipped: typeof SHIPPED_PACKS = SHIPPED_PACKS): Promise<ActiveConfig> {
  const packs = shipped.map(({ file, pack, hash }) => {
    if (!hash) throw new Error(`Finalize Guard: the build did not check the shipped pack ${file}; nothing was installed`);
    return { pack, hash, enabled: true };
  });
  return { packs, directory: structuredClone(EMPTY_DIRECTORY), installedAt: new Date().toISOString(), version: 0 };
}
