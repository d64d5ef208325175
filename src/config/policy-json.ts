/**
 * A configuration bundle as the Chrome policy IT deploys: `{"3rdparty":{"extensions":{"<id>":{…}}}}` with the
 * items managed_schema.json declares — each pack, the directory and each site profile as JSON text (Chrome
 * drops object keys a schema does not list, so they travel as text). readManaged() reads them back. Pure.
 */
import { canonicalJson } from '../policy/hash';
import type { SiteProfile } from '../sites/types';
import { BUNDLE_FORMAT } from './bundle';
import type { ConfigBundle } from './types';

interface ManagedPolicyValue {
  packs: string[];
  directory: string;
  sites: string[];
  readOnly?: boolean;
}
export interface ChromePolicy {
  '3rdparty': { extensions: Record<string, ManagedPolicyValue> };
}

export interface PolicyOptions {
  extensionId: string;
  /** The site profiles Finalize Guard ships: one left as shipped is not pinned by policy (an update's fix then applies). */
  shippedSites: readonly SiteProfile[];
  /** Make the admin console read-only on managed browsers. */
  readOnly?: boolean;
}

/** What goes into policy: managed packs are always on, so only the bundle's enabled packs. */
export function managedBundleOf(bundle: ConfigBundle, shippedSites: readonly SiteProfile[]): ConfigBundle {
  const asShipped = (s: SiteProfile) => shippedSites.some((x) => x.name === s.name && canonicalJson(x) === canonicalJson(s));
  return {
    format: BUNDLE_FORMAT,
    packs: bundle.packs.filter((e) => e.enabled),
    directory: bundle.directory,
    sites: bundle.sites.filter((s) => !asShipped(s)),
  };
}

export function chromePolicyOf(bundle: ConfigBundle, options: PolicyOptions): ChromePolicy {
  const managed = managedBundleOf(bundle, options.shippedSites);
  const value: ManagedPolicyValue = {
    packs: managed.packs.map((e) => JSON.stringify(e.pack)),
    directory: JSON.stringify(managed.directory),
    sites: managed.sites.map((s) => JSON.stringify(s)),
  };
  if (options.readOnly) value.readOnly = true;
  return { '3rdparty': { extensions: { [options.extensionId]: value } } };
}
