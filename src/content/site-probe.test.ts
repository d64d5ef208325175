// @vitest-environment happy-dom
/** The content side of "test against the current tab": counts and yes/no from the page, never its values. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import demo from '../../rules/sites/demo-ehr.json';
import { extractContext } from '../sites/extract';

const { fromOurPage, guardOnPage, probeDocument } = await import('./site-probe');

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/sites/demo-ehr', name), 'utf8');
const URL_OK = 'http://127.0.0.1:5173/demo/ehr/index.html';

describe('probeDocument', () => {
  beforeEach(() => {
    document.documentElement.innerHTML = fixture('note-pta.html');
  });

  it('reports the URL, the note screen, the Finalize controls and which fields were read', () => {
    const guard = { profiles: ['demo-ehr'], same: null };
    const r = probeDocument(document, URL_OK, demo, directory, true, guard);
    expect(r).toMatchObject({
      ok: true,
      host: '127.0.0.1:5173',
      top: true,
      guard,
      urlMatches: true,
      noteScreen: true,
      controls: 2,
    });
    expect(r.ok && r.fields.map((f) => f.field)).toEqual(Object.keys(demo.facts));
    expect(r.ok && r.fields.every((f) => f.read)).toBe(true);
  });

  it("names the guard's profiles, and gives the one of the tested profile's name as the page runs it (the console compares)", () => {
    const published = { ...demo, version: '2.0.0' };
    const guard = { profiles: [published, { ...demo, name: 'clinic-ehr' }] };
    expect(guardOnPage(guard, demo)).toEqual({ profiles: ['demo-ehr', 'clinic-ehr'], same: published });
    expect(guardOnPage(guard, { ...demo, name: 'webpt' })).toEqual({ profiles: ['demo-ehr', 'clinic-ehr'], same: null });
    expect(guardOnPage({ profiles: [] }, demo)).toEqual({ profiles: [], same: null });
    expect(guardOnPage(undefined, demo)).toBeNull();
  });

  it('never carries a value read from the page', () => {
    const text = JSON.stringify(probeDocument(document, URL_OK, demo, directory));
    for (const value of ['u-pta-jamie', 'clinic-north', 'ins-acme-ppo', 'note-20001', '2026-11-27', 'Jamie', 'daily', '97110'])
      expect(text).not.toContain(value);
  });

  it('counts what an edited profile finds: a wrong selector finds nothing', () => {
    const wrong = {
      ...demo,
      finalizeControls: ["[data-action='finalise']"],
      facts: { ...demo.facts, dateOfService: [{ selector: '.nope', attribute: 'data-date' }] },
    };
    const r = probeDocument(document, URL_OK, wrong, directory);
    expect(r).toMatchObject({ ok: true, noteScreen: true, controls: 0 });
    expect(r.ok && r.fields.filter((f) => !f.read)).toEqual([{ field: 'dateOfService', read: false }]);
  });

  it('counts a field on screen but unreadable (NaN, an empty list) as not read', () => {
    document.querySelector('.treatment-day')!.textContent = 'Treatment day eight since last progress report';
    document.querySelector('tr.service')!.removeAttribute('data-code');
    const context = extractContext(document, demo as never, directory as never);
    expect(context.treatmentDay).toBeNaN();
    expect(context.serviceCodes).toEqual([]);
    const r = probeDocument(document, URL_OK, demo, directory);
    expect(r.ok && r.fields.filter((f) => !f.read).map((f) => f.field)).toEqual(['treatmentDay', 'serviceCodes']);
  });

  it('says when the URL does not match and when the page is not the note screen', () => {
    document.documentElement.innerHTML = fixture('not-a-note.html');
    expect(probeDocument(document, 'https://emr.example.com/x', demo, directory)).toMatchObject({
      ok: true,
      urlMatches: false,
      noteScreen: false,
      controls: 0,
    });
  });

  it('answers "not tested", without throwing, for a profile that cannot be evaluated after all', () => {
    const r = probeDocument(document, URL_OK, { ...demo, facts: null }, directory);
    expect(r).toMatchObject({ ok: false, host: '127.0.0.1:5173' });
    expect(r.ok ? '' : r.reason).toMatch(/could not be evaluated/);
    for (const junk of [null, 'x', [], { name: 'x' }]) expect(probeDocument(document, URL_OK, junk, directory).ok).toBe(false);
  });
});

describe('fromOurPage', () => {
  const origin = 'chrome-extension://ours/';
  it('accepts our extension pages only', () => {
    expect(fromOurPage({ id: 'ours', url: `${origin}src/ui/options/index.html` }, 'ours', origin)).toBe(true);
    expect(fromOurPage({ id: 'ours', url: 'http://127.0.0.1/', tab: { id: 1 } as never }, 'ours', origin)).toBe(false); // a content script
    expect(fromOurPage({ id: 'other', url: 'chrome-extension://other/x.html' }, 'ours', origin)).toBe(false);
    expect(fromOurPage({ id: 'ours' }, 'ours', origin)).toBe(false);
  });
});
