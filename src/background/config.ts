/** The active configuration (rule packs + directory + published site profiles) in storage.local. Invalid input never replaces it. */
import type { Storage } from 'webextension-polyfill';
import { BUNDLED_PACKS, BUNDLED_SITES } from '../config/bundled';
import defaultDirectory from '../../rules/directory.example.json';
import { validateDirectory } from '../policy/validate-directory';
import { validatePack } from '../policy/validate-pack';
import { validatePackSet } from '../policy/validate-pack-set';
import { contentHash } from '../policy/hash';
import type { Directory, Pack } from '../policy/types';
import type { ActiveConfig } from '../config/types';

/** Only ever written after validation, so content scripts can decide without the validators. */
export type { ActiveConfig } from '../config/types';
export const CONFIG_KEY = 'activeConfig';

export { BUNDLED_PACKS, BUNDLED_SITES };

export async function defaultConfig(): Promise<ActiveConfig> {
  if (BUNDLED_PACKS.some((p) => validatePack(p).hasErrors) || validatePackSet(BUNDLED_PACKS).hasErrors || validateDirectory(defaultDirectory).hasErrors) {
    throw new Error('Finalize Guard: the bundled default configuration is invalid; nothing was installed');
  }
  const packs = await Promise.all(BUNDLED_PACKS.map(async (pack) => ({ pack, hash: await contentHash(pack), enabled: true })));
  return { packs, directory: defaultDirectory as unknown as Directory, installedAt: new Date().toISOString(), version: 0 };
}

export async function installDefaultConfig(area: Storage.StorageArea): Promise<void> {
  const existing = (await area.get(CONFIG_KEY))[CONFIG_KEY] as Partial<ActiveConfig> & { pack?: Pack; hash?: string } | undefined;
  if (existing && Array.isArray(existing.packs)) return;
  if (existing?.pack && existing.directory && existing.hash) {
    // A configuration from before packs could be combined: keep it, as its single pack.
    await area.set({ [CONFIG_KEY]: { packs: [{ pack: existing.pack, hash: existing.hash, enabled: true }], directory: existing.directory, installedAt: existing.installedAt } });
    return;
  }
  await area.set({ [CONFIG_KEY]: await defaultConfig() });
}
