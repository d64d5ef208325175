/** What Finalize Guard ships with: every pack in rules/packs and every site profile in rules/sites, in file-name order. */
import type { Pack } from '../policy/types';
import { SHIPPED_PROFILES } from '../sites/shipped';

const inFileOrder = <T>(files: Record<string, T>): T[] =>
  Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, v]) => v);

export const BUNDLED_PACKS = inFileOrder(import.meta.glob<Pack>('../../rules/packs/*.json', { eager: true, import: 'default' }));
export const BUNDLED_SITES = SHIPPED_PROFILES;
