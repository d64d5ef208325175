/** The manifest stays minimal and in step with the site profiles (deterministic checks). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json';
import { hostPatterns } from '../src/sites/select';
import { withoutLoopback } from '../vite.hosts';

const profiles = readdirSync('rules/sites').map((f) => JSON.parse(readFileSync(`rules/sites/${f}`, 'utf8')) as { name: string; urlPatterns: string[] });

describe('manifest.json', () => {
  it("runs the one content script from install on the shipped profiles' hosts, in all frames, at document_start", () => {
    for (const script of manifest.content_scripts) {
      expect([...script.matches].sort()).toEqual(hostPatterns(profiles as never));
      expect(script).toMatchObject({ run_at: 'document_start', all_frames: true, match_origin_as_fallback: true });
    }
    // One classic script (the .iife naming): no loader, nothing web-accessible (bundle.test.ts checks the build).
    expect(manifest.content_scripts.map((c) => c.js)).toEqual([['src/content/guard.iife.ts']]);
    expect(manifest).not.toHaveProperty('web_accessible_resources');
  });

  it('asks for the minimum: storage, declarativeNetRequest and scripting; other hosts only when an admin grants them', () => {
    expect(manifest.permissions).toEqual(['storage', 'declarativeNetRequest', 'scripting']);
    expect(manifest).not.toHaveProperty('host_permissions');
    // Any EHR's host, asked for at run time (permissions.request on an admin's click, or granted by IT policy).
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
  });

  it('a release build runs on loopback hosts only where a profile asks and the host is granted', () => {
    const release = withoutLoopback(manifest);
    for (const script of release.content_scripts) expect(script.matches).toEqual(['https://app.webpt.com/*', 'https://*.webpt.com/*']);
    expect(manifest.content_scripts[0].matches).toContain('http://127.0.0.1/*'); // the demo and test build keep them
  });
});
