/** The active configuration (rule packs + directory + published site profiles) in storage.local. Invalid input never replaces it. */
import { BUNDLED_PACKS, BUNDLED_SITES } from '../config/bundled';
import defaultDirectory from '../../rules/directory.example.json';
import { validateDirectory } from '../policy/validate-directory';
import { validatePack } from '../policy/validate-pack';
import { validatePackSet } from '../policy/validate-pack-set';
import { contentHash } from '../policy/hash';
import type { Directory } from '../policy/types';
import type { ActiveConfig } from '../config/types';

/** Only ever written after validation, so content scripts can decide without the validators. */
export type { ActiveConfig } from '../config/types';

export { BUNDLED_SITES };

export async function defaultConfig(): Promise<ActiveConfig> {
  if (BUNDLED_PACKS.some((p) => validatePack(p).hasErrors) || validatePackSet(BUNDLED_PACKS).hasErrors || validateDirectory(defaultDirectory).hasErrors) {
    throw new Error('Finalize Guard: the bundled default configuration is invalid; nothing was installed');
  }
  const packs = await Promise.all(BUNDLED_PACKS.map(async (pack) => ({ pack, hash: await contentHash(pack), enabled: true })));
  return { packs, directory: defaultDirectory as unknown as Directory, installedAt: new Date().toISOString(), version: 0 };
}
