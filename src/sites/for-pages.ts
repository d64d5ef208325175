import type { SiteProfile } from './types';

/**
 * A profile as the guard on a page uses it: without `$schema` and `description`, which are for people reading the
 * file. What EHR pages carry of the shipped profiles (vite.hosts.ts), and what "runs with this profile" compares.
 */
export function forPages(profile: SiteProfile): SiteProfile {
  const { $schema: _schema, description: _description, ...used } = profile;
  return used;
}
