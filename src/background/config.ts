/** The active configuration (rule packs + directory + published site profiles) in storage.local. Invalid input never replaces it. */
import type { Storage } from 'webextension-polyfill';
import defaultDirectory from '../../rules/directory.example.json';
import { validateDirectory } from '../policy/validate-directory';
import { validatePack } from '../policy/validate-pack';
import { validatePackSet } from '../policy/validate-pack-set';
import { contentHash } from '../policy/hash';
import type { Directory, Pack } from '../policy/types';
import type { SiteProfile } from '../sites/types';
import type { ActiveConfig } from '../config/types';

/** Only ever written after validation, so content scripts can decide without the validators. */
export type { ActiveConfig } from '../config/types';
export const CONFIG_KEY = 'activeConfig';

/** Every pack in rules/packs, in file-name order: organisation-wide ones apply at once, clinic ones where enabled. */
export const BUNDLED_PACKS = Object.entries(import.meta.glob<Pack>('../../rules/packs/*.json', { eager: true, import: 'default' }))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, pack]) => pack);

/** The site profiles Finalize Guard ships with (rules/sites), in file-name order. */
export const BUNDLED_SITES = Object.entries(import.meta.glob<SiteProfile>('../../rules/sites/*.json', { eager: true, import: 'default' }))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, site]) => site);

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
