/** The site-profile editor's logic: text checked with line:column, only valid profiles enter the draft; test results in words. */
import { describe, expect, it } from 'vitest';
import directory from '../../../../rules/directory.example.json';
import demo from '../../../../rules/sites/demo-ehr.json';
import webpt from '../../../../rules/sites/webpt.json';
import type { ConfigBundle } from '../../../config/types';
import type { SiteProfile } from '../../../sites/types';
import { answerText, guardOf, noAnswerText, probeProblem, probeTabs, type SiteProbeResult, toResult, type ProbeApi } from './probe';
import { checkSiteText, newSiteTemplate, originOf, problemText, siteText, withoutSite, withSite } from './site-edit';

const DEMO = demo as unknown as SiteProfile;
const WEBPT = webpt as unknown as SiteProfile;
const draft = (): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: [],
  directory: directory as never,
  sites: [structuredClone(DEMO), structuredClone(WEBPT)],
});

describe('checkSiteText', () => {
  it('accepts a shipped profile as it is', () => {
    const r = checkSiteText(siteText(DEMO), 'demo-ehr.json', [WEBPT]);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.profile).toEqual(DEMO);
  });

  it('places every problem at its line and column, and keeps an invalid profile out', () => {
    const text = siteText(DEMO).replace(`"finalizeControls": [\n    "[data-action='finalize']"`, `"finalizeControls": [\n    "button["`);
    const r = checkSiteText(text, 'demo-ehr.json', [WEBPT]);
    expect(r.ok).toBe(false);
    expect(r.profile).toBeNull();
    const line = text.split('\n').findIndex((l) => l.includes('"button["')) + 1;
    expect(r.problems.map(problemText)).toEqual([
      expect.stringMatching(new RegExp(`^${line}:5 error finalizeControls\\[0\\]: The selector has an unclosed '\\['\\. Write a plain CSS selector`)),
    ]);
    expect(problemText(checkSiteText('{ "name": ', 'x.json', []).problems[0])).toMatch(/^1:11 error \(file\): Invalid JSON/);
  });

  it("edits the EHR's Forward control (forwardControl) like any selector: a changed one enters the draft, a broken one is placed", () => {
    const changed = checkSiteText(siteText(DEMO).replace(`"button[data-action='forward']"`, `"a.forward-note"`), 'demo-ehr.json', [WEBPT]);
    expect(changed.ok).toBe(true);
    expect(changed.profile?.forwardControl).toBe('a.forward-note');
    const text = siteText(DEMO).replace(`"button[data-action='forward']"`, `"button[data-action=forward"`);
    const line = text.split('\n').findIndex((l) => l.includes('"forwardControl"')) + 1;
    expect(checkSiteText(text, 'demo-ehr.json', [WEBPT]).problems.map(problemText)).toEqual([
      expect.stringMatching(new RegExp(`^${line}:\\d+ error forwardControl: The selector has an unclosed '\\['`)),
    ]);
  });

  it("refuses another profile's name", () => {
    const r = checkSiteText(siteText({ ...DEMO, name: 'webpt' }), 'demo-ehr.json', [WEBPT]);
    expect(r.ok).toBe(false);
    expect(r.problems.map(problemText)).toEqual([expect.stringMatching(/^3:\d+ error name: Another site profile in the draft is already named 'webpt'/)]);
  });

  it("asks the browser's own selector engine about every selector, and names the one it rejects where it is", () => {
    const asked: string[] = [];
    const engine = (s: string) => {
      asked.push(s);
      return s === DEMO.finalizeControls[0] ? "'x' is not a valid selector" : null;
    };
    const r = checkSiteText(siteText(DEMO), 'demo-ehr.json', [WEBPT], engine);
    expect(asked).toContain(DEMO.noteScreen);
    expect(asked.length).toBeGreaterThan(DEMO.finalizeControls.length + 5);
    expect(r.ok).toBe(false);
    expect(r.problems.map(problemText)).toEqual([
      expect.stringMatching(/^\d+:\d+ error finalizeControls\.0: This browser rejects the selector \('x' is not a valid selector\)/),
    ]);
  });
});

describe('the draft', () => {
  it('replaces a profile in place, even renamed, adds a new one at the end, and removes one', () => {
    const d = draft();
    const changed = { ...DEMO, version: '9.9.9' };
    expect(withSite(d, 'demo-ehr', changed).sites.map((s) => `${s.name} ${s.version}`)).toEqual(['demo-ehr 9.9.9', `webpt ${WEBPT.version}`]);
    expect(withSite(d, 'demo-ehr', { ...DEMO, name: 'demo-2' }).sites.map((s) => s.name)).toEqual(['demo-2', 'webpt']);
    expect(withSite(d, null, { ...DEMO, name: 'mine' }).sites.map((s) => s.name)).toEqual(['demo-ehr', 'webpt', 'mine']);
    expect(withoutSite(d, 'webpt').sites.map((s) => s.name)).toEqual(['demo-ehr']);
    expect(d.sites.map((s) => s.version)).toEqual([DEMO.version, WEBPT.version]); // the old draft is unchanged
  });

  it('tells shipped, changed and own profiles apart', () => {
    expect(originOf(DEMO, [DEMO, WEBPT])).toBe('shipped');
    expect(originOf({ ...DEMO, version: '9.9.9' }, [DEMO, WEBPT])).toBe('changed');
    expect(originOf({ ...DEMO, name: 'mine' }, [DEMO, WEBPT])).toBe('added');
  });

  it('starts a new profile from a shipped one under a free name, valid as it is', () => {
    const fresh = newSiteTemplate(DEMO, ['demo-ehr', 'my-ehr']);
    expect(fresh.name).toBe('my-ehr-2');
    expect(checkSiteText(siteText(fresh), 'new.json', [DEMO]).ok).toBe(true);
  });
});

describe('test against open tabs', () => {
  const result: SiteProbeResult = {
    ok: true,
    host: '127.0.0.1:5173',
    top: true,
    guard: { profiles: ['demo-ehr'], runs: 'this' },
    urlMatches: true,
    noteScreen: true,
    controls: 2,
    fields: [
      ...['userId', 'clinicId', 'insuranceIds', 'noteType', 'noteId', 'supervisingTherapistId'].map((field) => ({ field, read: true })),
      { field: 'dateOfService', read: false },
    ],
  };

  it('words an answer with counts and field names only', () => {
    expect(answerText(result, 'demo-ehr')).toBe(
      'Page (127.0.0.1:5173): guarded with demo-ehr: runs with this profile ✓. URL matches ✓, note screen ✓, 2 Finalize controls, 6 of 7 fields read (dateOfService not read)',
    );
    expect(answerText({ ...result, guard: null, top: false, urlMatches: false, noteScreen: false, controls: 1, fields: [] }, 'demo-ehr')).toBe(
      'Page, in a frame (127.0.0.1:5173): Finalize Guard is not guarding it. URL does not match ✗, note screen ✗, 1 Finalize control, the profile reads no fields',
    );
    expect(answerText({ ...result, guard: { profiles: ['demo-ehr', 'clinic-ehr'], runs: 'other-version' } }, 'demo-ehr')).toMatch(
      /^Page \(127\.0\.0\.1:5173\): guarded with demo-ehr, clinic-ehr: runs with the published demo-ehr, not this edited version ✗ \(publish to use it\)\. URL/,
    );
    expect(answerText({ ...result, guard: { profiles: [], runs: 'no' } }, 'chartwell')).toMatch(
      /^Page \(127\.0\.0\.1:5173\): no profile guards it: not with this profile ✗\. /,
    );
    expect(answerText({ ok: false, host: 'x:1', reason: 'The profile has an error: fix it before testing' }, 'demo-ehr')).toBe(
      'Tab (x:1): not tested: The profile has an error: fix it before testing',
    );
    expect(noAnswerText(['http://127.0.0.1/*'])).toMatch(
      /^No open tab answered\. Open the EHR's note screen in a tab \(Finalize Guard runs on http:\/\/127\.0\.0\.1\/\*, where allowed\)/,
    );
  });

  it('says whether the guard runs with the profile under test: as edited, another version of its name, or not at all', () => {
    const published = { ...DEMO, version: '2.0.0' };
    const onPage = (same: unknown) => ({ profiles: ['demo-ehr', 'clinic-ehr'], same });
    expect(guardOf(onPage(published), structuredClone(published))).toEqual({ profiles: ['demo-ehr', 'clinic-ehr'], runs: 'this' });
    expect(guardOf(onPage(published), DEMO)).toEqual({ profiles: ['demo-ehr', 'clinic-ehr'], runs: 'other-version' });
    expect(guardOf(onPage(null), { ...DEMO, name: 'webpt' })).toEqual({ profiles: ['demo-ehr', 'clinic-ehr'], runs: 'no' });
    expect(guardOf({ profiles: [], same: null }, DEMO)).toEqual({ profiles: [], runs: 'no' });
    expect(guardOf(null, DEMO)).toBeNull();
    expect(guardOf({ profiles: ['demo-ehr'], runs: 'this' }, DEMO)).toBeNull(); // an older content script's answer
    // Pages carry shipped profiles without their description and $schema: the same profile as far as the guard goes.
    const { description: _d, $schema: _s, ...shipped } = { ...DEMO, description: 'For people', $schema: '../schema/site.schema.json' };
    expect(guardOf(onPage(shipped), { ...DEMO, description: 'For people' })?.runs).toBe('this');
    expect(guardOf(onPage(shipped), { ...DEMO, noteScreen: 'main' })?.runs).toBe('other-version');
  });

  it('asks every tab, leaves out tabs that do not answer or answer something else, and keeps no page values', async () => {
    const sent: unknown[] = [];
    const api: ProbeApi = {
      tabIds: async () => [1, 2, 3, 4],
      send: async (tabId, message) => {
        sent.push(message);
        if (tabId === 1)
          return {
            ...result,
            guard: { profiles: ['demo-ehr'], same: DEMO },
            noteText: 'Jamie Rivera',
            fields: [{ field: 'userId', read: true, value: 'u-pta-jamie' }],
          };
        if (tabId === 2) throw new Error('Could not establish connection. Receiving end does not exist.');
        if (tabId === 3) return undefined;
        return new Promise(() => {}); // a frozen tab
      },
    };
    const answers = await probeTabs(api, DEMO, { users: [] }, 50);
    expect(sent).toEqual([1, 2, 3, 4].map(() => ({ type: 'site:probe', profile: DEMO, directory: { users: [] } })));
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers)).not.toMatch(/Jamie|u-pta-jamie|noteText/);
    expect(answers[0]).toEqual({ tabId: 1, result: { ...result, fields: [{ field: 'userId', read: true }] } });
    expect(toResult({ ok: true, host: 'h' }, DEMO)).toBeNull();
  });

  it('asks no tab to run the selectors of an invalid profile, and says why', async () => {
    const sent: unknown[] = [];
    const api: ProbeApi = { tabIds: async () => [1], send: async (_, message) => sent.push(message) };
    const broken = { ...DEMO, noteScreen: 'main[' };
    expect(probeProblem(broken)).toMatch(/^The profile has an error: fix it before testing/);
    expect(probeProblem(DEMO)).toBeNull();
    await expect(probeTabs(api, broken, {})).rejects.toThrow(/^The profile has an error/);
    for (const junk of [null, 'x', [], { name: 'x' }]) await expect(probeTabs(api, junk, {})).rejects.toThrow(/^The profile has/);
    expect(sent).toEqual([]);
  });
});
