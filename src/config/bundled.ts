/** The rule packs Finalize Guard ships with: every pack in rules/packs, in file-name order (the site profiles: sites/shipped.ts). */
import type { Pack } from '../policy/types';

const inFileOrder = <T>(files: Record<string, T>): T[] =>
  Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, v]) => v);

const PACK_FILES = import.meta.glob<Pack>('../../rules/packs/*.json', { eager: true, import: 'default' });
export const BUNDLED_PACKS = inFileOrder(PACK_FILES);
/** Their file names, in the same order (the build's content hashes are keyed by them: vite.shipped-packs.ts). */
export const BUNDLED_PACK_FILES = inFileOrder(Object.fromEntries(Object.keys(PACK_FILES).map((path) => [path, path.slice(path.lastIndexOf('/') + 1)])));
