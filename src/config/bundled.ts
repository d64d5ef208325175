/** The rule packs Finalize Guard ships with: every pack in rules/packs, in file-name order (the site profiles: sites/shipped.ts). */
import type { Pack } from '../policy/types';

const inFileOrder = <T>(files: Record<string, T>): T[] =>
  Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, v]) => v);

export const BUNDLED_PACKS = inFileOrder(import.meta.glob<Pack>('../../rules/packs/*.json', { eager: true, import: 'default' }));
