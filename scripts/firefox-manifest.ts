/**
 * The Firefox build's manifest, made from the Chromium one that crxjs wrote (one manifest source: manifest.json).
 * What Firefox needs, and why:
 * - an add-on id (`browser_specific_settings.gecko.id`): Firefox has no manifest `key`; policies name the add-on by it;
 * - `strict_min_version` 140: `data_collection_permissions` needs it; everything else used (`match_origin_as_fallback`,
 *   declarativeNetRequest session rules, `storage.session`, a module background script) is older (ESR 140 has all);
 * - `background.scripts` in place of `service_worker`: Firefox runs the worker's module as an event page (it
 *   ignores `service_worker`, and web-ext lint warns about it, so this build names the same file as a script);
 * - `data_collection_permissions: none`: nothing leaves the browser (the audit log stays in IndexedDB); Firefox for
 *   Android reads that key from 142 on, hence `gecko_android`;
 * - `options_ui` instead of Chromium's `options_page`;
 * and what Firefox does not read is dropped (it would only draw lint warnings): the Chromium `key`,
 * `minimum_chrome_version`, `storage.managed_schema` (Firefox takes managed storage from policies.json without a
 * schema), `use_dynamic_url` and the `offscreen` permission (the event page has a document of its own).
 */
import { GECKO_ID } from '../src/shared/extension-id.ts';

export const FIREFOX_MIN_VERSION = '140.0';
const FIREFOX_ANDROID_MIN_VERSION = '142.0';

type Manifest = Record<string, unknown> & {
  background: { service_worker: string; type?: string };
  options_page?: string;
  web_accessible_resources?: Array<Record<string, unknown>>;
  permissions?: string[];
};

export function firefoxManifest(chromium: Manifest): Record<string, unknown> {
  const { key: _key, minimum_chrome_version: _min, storage: _schema, options_page, background, web_accessible_resources, permissions, ...rest } = chromium;
  const { service_worker, type } = background;
  return {
    ...rest,
    ...(permissions ? { permissions: permissions.filter((p) => p !== 'offscreen') } : {}),
    browser_specific_settings: {
      gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    },
    background: { scripts: [service_worker], ...(type ? { type } : {}) },
    ...(options_page ? { options_ui: { page: options_page, open_in_tab: true } } : {}),
    ...(web_accessible_resources ? { web_accessible_resources: web_accessible_resources.map(({ use_dynamic_url: _dynamic, ...entry }) => entry) } : {}),
  };
}
