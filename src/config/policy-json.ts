/**
 * A configuration bundle as the Chrome policy IT deploys: `{"3rdparty":{"extensions":{"<id>":{…}}}}` (Firefox:
 * `{"policies":{"3rdparty":{"Extensions":{"<gecko id>":{…}}}}}` in policies.json) with the
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
/** Firefox's policies.json: the same value under "policies" → "3rdparty" → "Extensions" → the add-on's gecko id. */
export interface FirefoxPolicy {
  policies: { '3rdparty': { Extensions: Record<string, ManagedPolicyValue> } };
}

interface PolicyOptions {
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

/** The Chrome policy that sets `value` (managedValueOf) as the extension's storage.managed. */
export function chromePolicyOf(extensionId: string, value: ManagedPolicyValue): ChromePolicy {
  return { '3rdparty': { extensions: { [extensionId]: value } } };
}

/** Firefox's policies.json that sets `value` (managedValueOf) as the add-on's storage.managed. */
export function firefoxPolicyOf(geckoId: string, value: ManagedPolicyValue): FirefoxPolicy {
  return { policies: { '3rdparty': { Extensions: { [geckoId]: value } } } };
}

/** What storage.managed holds, in either browser. */
export function managedValueOf(bundle: ConfigBundle, options: PolicyOptions): ManagedPolicyValue {
  const managed = managedBundleOf(bundle, options.shippedSites);
  const value: ManagedPolicyValue = {
    packs: managed.packs.map((e) => JSON.stringify(e.pack)),
    directory: JSON.stringify(managed.directory),
    sites: managed.sites.map((s) => JSON.stringify(s)),
  };
  if (options.readOnly) value.readOnly = true;
  return value;
}
