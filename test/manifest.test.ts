/** The manifest stays minimal and in step with the site profiles (deterministic checks). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json';

const profiles = readdirSync('rules/sites').map((f) => JSON.parse(readFileSync(`rules/sites/${f}`, 'utf8')) as { name: string; urlPatterns: string[] });

describe('manifest.json', () => {
  it('runs both content scripts exactly where a site profile applies, in all frames', () => {
    const patterns = [...new Set(profiles.flatMap((p) => p.urlPatterns))].sort();
    for (const script of manifest.content_scripts) {
      expect([...script.matches].sort()).toEqual(patterns);
      expect(script).toMatchObject({ run_at: 'document_start', all_frames: true });
    }
  });

  it('asks for the minimum: storage and declarativeNetRequest, no host permissions', () => {
    expect(manifest.permissions).toEqual(['storage', 'declarativeNetRequest']);
    expect(manifest).not.toHaveProperty('host_permissions');
    expect(manifest).not.toHaveProperty('optional_host_permissions');
  });
});
