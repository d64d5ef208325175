/** The site profiles Finalize Guard ships with (rules/sites), in file-name order: one list for every bundle. */
import type { SiteProfile } from './types';

export const SHIPPED_PROFILES: SiteProfile[] = Object.entries(import.meta.glob<SiteProfile>('../../rules/sites/*.json', { eager: true, import: 'default' }))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, v]) => v);
