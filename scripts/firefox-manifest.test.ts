/** The Firefox manifest is the Chromium one plus what Firefox needs, minus what it does not read. */
import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json';
import { GECKO_ID } from '../src/shared/extension-id';
import { FIREFOX_MIN_VERSION, firefoxManifest } from './firefox-manifest';

const built = {
  ...manifest,
  background: { service_worker: 'service-worker-loader.js', type: 'module' },
  web_accessible_resources: [{ matches: ['http://127.0.0.1/*'], resources: ['assets/a.js'], use_dynamic_url: false }],
};

describe('firefoxManifest', () => {
  const firefox = firefoxManifest(built);

  it('names the add-on by its gecko id, from Firefox ESR 140, collecting no data', () => {
    expect(firefox.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    });
  });

  it('runs the same worker module as a background script', () => {
    expect(firefox.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
  });

  it('opens the console as options_ui in a tab, and drops the keys Firefox does not read', () => {
    expect(firefox.options_ui).toEqual({ page: manifest.options_page, open_in_tab: true });
    for (const key of ['key', 'minimum_chrome_version', 'storage', 'options_page']) expect(firefox).not.toHaveProperty(key);
    expect(firefox.web_accessible_resources).toEqual([{ matches: ['http://127.0.0.1/*'], resources: ['assets/a.js'] }]);
  });

  it('keeps the permissions but offscreen, which Firefox lacks (its event page has a document)', () => {
    expect(manifest.permissions).toContain('offscreen');
    expect(firefox.permissions).toEqual(manifest.permissions.filter((p) => p !== 'offscreen'));
  });

  it('keeps everything else as it is: content scripts, action, icons', () => {
    for (const key of ['content_scripts', 'action', 'icons', 'name', 'version', 'manifest_version'] as const) {
      expect(firefox[key]).toEqual(manifest[key]);
    }
    expect(firefox).not.toHaveProperty('host_permissions');
  });
});
