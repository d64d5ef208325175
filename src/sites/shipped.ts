/**
 * The site profiles Finalize Guard ships with (rules/sites), in file-name order. The build reads the files once
 * (vite.hosts.ts, which also writes their hosts into the manifest) and defines these constants.
 */
import type { SiteProfile } from './types';

declare const __SHIPPED_PROFILES__: SiteProfile[];
declare const __SHIPPED_PROFILES_FOR_PAGES__: SiteProfile[];

/** The profiles as shipped: the worker, the console and the CLI. */
export const SHIPPED_PROFILES: SiteProfile[] = __SHIPPED_PROFILES__;
/** The same profiles without `$schema` and `description`: what every EHR page's content script carries. */
export const SHIPPED_PROFILES_FOR_PAGES: SiteProfile[] = __SHIPPED_PROFILES_FOR_PAGES__;
