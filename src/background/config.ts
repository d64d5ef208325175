/**
 * The active configuration (rule packs + directory + published site profiles) in storage.local. Invalid input
 * never replaces it. What ships: every bundled pack, and an empty directory — a fresh install is "not set up"
 * (policy/not-set-up.ts) until an admin publishes the clinic's directory or browser policy sets one; the
 * example directory (rules/directory.example.json) is only ever published on purpose (the demo and tests).
 */
import { BUNDLED_PACKS } from '../config/bundled';
import { EMPTY_DIRECTORY } from '../policy/not-set-up';
import { validatePack } from '../policy/validate-pack';
import { validatePackSet } from '../policy/validate-pack-set';
import { contentHash } from '../policy/hash';
import type { ActiveConfig } from '../config/types';

/** Only ever written after validation, so content scripts can decide without the validators. */
export type { ActiveConfig } from '../config/types';

export async function defaultConfig(): Promise<ActiveConfig> {
  if (BUNDLED_PACKS.some((p) => validatePack(p).hasErrors) || validatePackSet(BUNDLED_PACKS).hasErrors) {
    throw new Error('Finalize Guard: the bundled default configuration is invalid; nothing was installed');
  }
  const packs = await Promise.all(BUNDLED_PACKS.map(async (pack) => ({ pack, hash: await contentHash(pack), enabled: true })));
  return { packs, directory: structuredClone(EMPTY_DIRECTORY), installedAt: new Date().toISOString(), version: 0 };
}
