import { describe, expect, it } from 'vitest';
import { SHIPPED_PROFILES } from './shipped';
import { allProfiles, hostPatterns, profilesForHost } from './select';
import type { SiteProfile } from './types';

const demo = SHIPPED_PROFILES.find((p) => p.name === 'demo-ehr')!;
const webpt = SHIPPED_PROFILES.find((p) => p.name === 'webpt')!;
const own: SiteProfile = { ...demo, name: 'clinic-ehr', urlPatterns: ['http://ehr.test:8080/notes/*', 'https://*.clinic-ehr.example/*'] };

describe('which site profiles apply where', () => {
  it('uses every profile under its own name; a published one of a shipped name replaces it', () => {
    const changed = { ...webpt, version: '9.0.0' };
    expect(allProfiles(SHIPPED_PROFILES, [own, changed]).map((p) => `${p.name}@${p.version}`)).toEqual([
      `demo-ehr@${demo.version}`,
      'webpt@9.0.0',
      `clinic-ehr@${demo.version}`,
    ]);
    expect(allProfiles(SHIPPED_PROFILES, undefined)).toEqual(SHIPPED_PROFILES);
  });

  it('skips a malformed published entry instead of throwing (the early lock would stay pending for good)', () => {
    const broken = [
      null,
      7,
      'clinic',
      { name: 'half' },
      { ...own, name: 'bad-patterns', urlPatterns: 'http://ehr.test:8080/*' },
      own,
    ] as unknown as SiteProfile[];
    expect(allProfiles(SHIPPED_PROFILES, broken).map((p) => p.name)).toEqual(['demo-ehr', 'webpt', 'clinic-ehr']);
    expect(profilesForHost('http://ehr.test:8080/notes/1', SHIPPED_PROFILES, broken).map((p) => p.name)).toEqual(['clinic-ehr']);
  });

  it("the lock holds the profiles of the page's host, path aside (an SPA moves between paths without loading)", () => {
    expect(profilesForHost('http://ehr.test:8080/notes/1', SHIPPED_PROFILES, [own]).map((p) => p.name)).toEqual(['clinic-ehr']);
    expect(profilesForHost('http://ehr.test:8080/home', SHIPPED_PROFILES, [own]).map((p) => p.name)).toEqual(['clinic-ehr']);
    expect(profilesForHost('http://ehr.test:9090/notes/1', SHIPPED_PROFILES, [own])).toEqual([]);
    expect(profilesForHost('https://a.clinic-ehr.example/x', SHIPPED_PROFILES, [own]).map((p) => p.name)).toEqual(['clinic-ehr']);
    expect(profilesForHost('http://127.0.0.1:5173/', SHIPPED_PROFILES, [own]).map((p) => p.name)).toEqual(['demo-ehr']);
    // Only the shipped profiles matching the page (what the early guard holds) give the same answer.
    const matching = SHIPPED_PROFILES.filter((p) => p.urlPatterns.some((u) => u.startsWith('http://127.0.0.1')));
    expect(profilesForHost('http://127.0.0.1:5173/', matching, [{ ...demo, version: '2.0.0' }]).map((p) => p.version)).toEqual(['2.0.0']);
  });

  it('never names every site as a host, nor every site under a top-level label (never registered, never offered)', () => {
    const everywhere = {
      ...own,
      name: 'everywhere',
      urlPatterns: ['*://*/*', 'https://*/*', 'https://*.com/*', 'http://*.localhost/*', 'https://*.ehr.example/*'],
    };
    expect(hostPatterns([everywhere])).toEqual(['https://*.ehr.example/*']);
    expect(profilesForHost('https://anything.test/', [], [everywhere])).toEqual([]);
  });

  it('hosts as origin patterns (paths dropped, ports and subdomain wildcards kept), each once', () => {
    expect(hostPatterns([own, demo, { ...own, name: 'again' }])).toEqual([
      'http://127.0.0.1/*',
      'http://ehr.test:8080/*',
      'http://localhost/*',
      'https://*.clinic-ehr.example/*',
    ]);
  });
});
