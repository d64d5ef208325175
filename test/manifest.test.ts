/** The manifest stays minimal, and runs where the shipped site profiles say (deterministic checks). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json';
import { parseMatchPattern } from '../src/sites/match-url';
import { hostPatterns } from '../src/sites/select';
import { SHIPPED_PROFILES, SHIPPED_PROFILES_FOR_PAGES } from '../src/sites/shipped';
import { shippedHosts, withShippedHosts } from '../vite.hosts';

describe('manifest.json', () => {
  it("names no host itself: the build fills in the shipped profiles' hosts", () => {
    for (const script of manifest.content_scripts) for (const m of script.matches) expect(parseMatchPattern(m), m).toBeNull();
    expect(shippedHosts({ release: false })).toEqual(hostPatterns(SHIPPED_PROFILES));
  });

  it('ships every profile in rules/sites, in file-name order; EHR pages carry them without what is only for people', () => {
    const files = readdirSync('rules/sites')
      .filter((f) => f.endsWith('.json'))
      .sort();
    const onDisk = files.map((f) => JSON.parse(readFileSync(`rules/sites/${f}`, 'utf8')));
    expect(SHIPPED_PROFILES).toEqual(onDisk);
    onDisk.forEach((profile, i) => {
      const { $schema, description, ...forPages } = profile;
      expect([$schema, description].every(Boolean), files[i]).toBe(true);
      expect(SHIPPED_PROFILES_FOR_PAGES[i]).toEqual(forPages);
    });
  });

  it("runs the one content script from install on the shipped profiles' hosts, in all frames, at document_start", () => {
    for (const script of withShippedHosts(manifest, { release: false }).content_scripts) {
      expect(script.matches).toEqual(hostPatterns(SHIPPED_PROFILES));
      expect(script).toMatchObject({ run_at: 'document_start', all_frames: true, match_origin_as_fallback: true });
    }
    // One classic script (the .iife naming): no loader, nothing web-accessible (bundle.test.ts checks the build).
    expect(manifest.content_scripts.map((c) => c.js)).toEqual([['src/content/guard.iife.ts']]);
    expect(manifest).not.toHaveProperty('web_accessible_resources');
  });

  it('asks for the minimum: storage, declarativeNetRequest, scripting and offscreen (a DOM for the selector check); other hosts only when an admin grants them', () => {
    expect(manifest.permissions).toEqual(['storage', 'declarativeNetRequest', 'scripting', 'offscreen']);
    expect(manifest).not.toHaveProperty('host_permissions');
    // Any EHR's host, asked for at run time (permissions.request on an admin's click, or granted by IT policy).
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
  });

  it('a release build runs on loopback hosts only where a profile asks and the host is granted', () => {
    for (const script of withShippedHosts(manifest, { release: true }).content_scripts)
      expect(script.matches).toEqual(['https://*.webpt.com/*', 'https://app.webpt.com/*']);
    // the demo and test build keep them
    expect(withShippedHosts(manifest, { release: false }).content_scripts[0].matches).toContain('http://127.0.0.1/*');
  });
});
