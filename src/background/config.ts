/** The active configuration (rule pack + directory) in storage.local. Invalid input never replaces it. */
import type { Storage } from 'webextension-polyfill';
import defaultDirectory from '../../rules/directory.example.json';
import defaultPack from '../../rules/packs/webpt-default.json';
import { validateDirectory } from '../policy/validate-directory';
import { validatePack } from '../policy/validate-pack';
import { contentHash } from '../policy/hash';
import type { Directory, Pack } from '../policy/types';

/** Only ever written after validation, so content scripts can decide without the validators. */
export interface ActiveConfig { pack: Pack; directory: Directory; hash: string; installedAt: string }
export const CONFIG_KEY = 'activeConfig';

export async function installDefaultConfig(area: Storage.StorageArea): Promise<void> {
  const existing = (await area.get(CONFIG_KEY))[CONFIG_KEY];
  if (existing) return;
  if (validatePack(defaultPack).hasErrors || validateDirectory(defaultDirectory).hasErrors) {
    throw new Error('Finalize Guard: the bundled default configuration is invalid; nothing was installed');
  }
  const config: ActiveConfig = {
    pack: defaultPack as unknown as Pack, directory: defaultDirectory as unknown as Directory,
    hash: await contentHash(defaultPack), installedAt: new Date().toISOString(),
  };
  await area.set({ [CONFIG_KEY]: config });
}
