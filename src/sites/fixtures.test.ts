// @vitest-environment happy-dom
/**
 * Every site profile against static snapshots of its screens (refined-github style): how many Finalize controls
 * each selector set finds and exactly which note context is read. A changed EHR screen is a new snapshot here;
 * a profile cannot ship without snapshots, and a snapshot cannot ship without its expectations.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import { buildFacts } from '../policy/fact-values';
import type { Directory, NoteContext } from '../policy/types';
import { extractContext, findControls, isNoteScreen } from './extract';
import { matchesUrl } from './match-url';
import type { SiteProfile } from './types';
import { validateSite } from './validate-site';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..'); // a string: happy-dom replaces the global URL
const SITES = join(root, 'rules/sites');
const FIXTURES = join(root, 'test/fixtures/sites');

interface Expectation {
  url: string;
  noteScreen: boolean;
  /** Text of each Finalize control found, in document order. */
  controls: string[];
  context: Partial<NoteContext>;
}
const NOT_A_NOTE = { noteScreen: false, controls: [], context: {} };
/** The demo's default services: the therapist furnished nearly all the minutes. */
const DEMO_SERVICES = { serviceCodes: ['97110', '97140'], assistantMinutes: [2, 0], therapistMinutes: [28, 15] };

const EXPECTED: Record<string, Record<string, Expectation>> = {
  'demo-ehr': {
    'note-pta.html': {
      url: 'http://127.0.0.1:5173/demo/ehr/index.html',
      noteScreen: true,
      controls: ['Finalize', 'Finalize'],
      context: {
        userId: 'u-pta-jamie',
        clinicId: 'clinic-north',
        insuranceIds: ['ins-acme-ppo'],
        noteType: 'daily',
        noteId: 'note-20001',
        supervisingTherapistId: 'u-pt-avery',
        dateOfService: '2026-11-27',
        treatmentDay: 8,
        ...DEMO_SERVICES,
      },
    },
    'note-pt.html': {
      url: 'http://localhost:5173/demo/ehr/index.html?user=u-pt-avery',
      noteScreen: true,
      controls: ['Finalize', 'Finalize'],
      context: {
        userId: 'u-pt-avery',
        clinicId: 'clinic-north',
        insuranceIds: ['ins-medicare-b'],
        noteType: 'progress',
        noteId: 'note-20001',
        dateOfService: '2026-11-27',
        treatmentDay: 8,
        ...DEMO_SERVICES,
      },
    },
    'note-two-insurances.html': {
      url: 'http://127.0.0.1/demo/ehr/index.html',
      noteScreen: true,
      controls: ['Finalize', 'Finalize'],
      context: {
        userId: 'u-pta-jamie',
        clinicId: 'clinic-south',
        insuranceIds: ['ins-acme-ppo', 'ins-summit-wc'],
        noteType: 'daily',
        noteId: 'note-20001',
        supervisingTherapistId: 'u-pt-blake',
        dateOfService: '2026-11-27',
        treatmentDay: 8,
        ...DEMO_SERVICES,
      },
    },
    'note-lakeside-cq.html': {
      url: 'http://127.0.0.1:5173/ehr/index.html?preset=lakeside-pta-medicare-daily-cq',
      noteScreen: true,
      controls: ['Finalize', 'Finalize'],
      context: {
        userId: 'u-pta-jamie',
        clinicId: 'clinic-lakeside',
        insuranceIds: ['ins-medicare-b'],
        noteType: 'daily',
        noteId: 'note-20001',
        supervisingTherapistId: 'u-pt-avery',
        dateOfService: '2026-11-27',
        treatmentDay: 10,
        serviceCodes: ['97110', '97140'],
        assistantMinutes: [25, 8],
        therapistMinutes: [0, 7],
      },
    },
    // One minutes cell shows a dash: the assistant minutes read as an empty list, which the facts refuse (fail closed).
    'note-unreadable-minutes.html': {
      url: 'http://127.0.0.1:5173/ehr/index.html',
      noteScreen: true,
      controls: ['Finalize', 'Finalize'],
      context: {
        userId: 'u-pta-jamie',
        clinicId: 'clinic-lakeside',
        insuranceIds: ['ins-medicare-b'],
        noteType: 'daily',
        noteId: 'note-20001',
        supervisingTherapistId: 'u-pt-avery',
        dateOfService: '2026-11-27',
        treatmentDay: 10,
        serviceCodes: ['97110', '97140'],
        assistantMinutes: [],
        therapistMinutes: [0, 7],
      },
    },
    'not-a-note.html': { url: 'http://127.0.0.1:5173/demo/ehr/index.html', ...NOT_A_NOTE },
  },
  webpt: {
    'soap-note-daily.html': {
      url: 'https://app.webpt.com/documentation/note/1001',
      noteScreen: true,
      controls: ['Finalize', 'Finalize Daily Note'],
      context: {
        userId: 'u-pta-jamie',
        clinicId: 'clinic-north',
        insuranceIds: ['ins-acme-ppo'],
        noteType: 'daily',
        supervisingTherapistId: 'u-pt-avery',
        serviceCodes: ['97110', '97140', '97530'],
        assistantMinutes: [25, 3, 10],
        therapistMinutes: [0, 12, 10],
      },
    },
    'soap-note-progress.html': {
      url: 'https://emr.webpt.com/documentation/note/1002',
      noteScreen: true,
      controls: ['Finalize', 'Finalize Progress Note'],
      context: {
        userId: 'u-pt-avery',
        clinicId: 'clinic-south',
        insuranceIds: ['ins-medicare-b', 'ins-summit-wc'],
        noteType: 'progress',
        serviceCodes: ['97110', '97112'],
        assistantMinutes: [0, 0],
        therapistMinutes: [30, 15],
      },
    },
    'not-a-note.html': { url: 'https://app.webpt.com/patients/2001/chart', ...NOT_A_NOTE },
  },
};

const profiles = readdirSync(SITES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));
const load = (site: string): SiteProfile => JSON.parse(readFileSync(join(SITES, `${site}.json`), 'utf8'));
/** happy-dom 21.0.4 ignores most <option selected> in parsed markup (a browser does not): re-apply them. */
function applySelected<T extends Document>(doc: T): T {
  for (const option of Array.from(doc.querySelectorAll<HTMLOptionElement>('select:not([multiple]) option[selected]'))) option.selected = true;
  return doc;
}
const html = (site: string, file: string) => readFileSync(join(FIXTURES, site, file), 'utf8');
const parse = (site: string, file: string) => applySelected(new DOMParser().parseFromString(html(site, file), 'text/html'));
const intoDocument = (site: string, file: string) => {
  document.documentElement.innerHTML = html(site, file);
  return applySelected(document);
};

describe('every site profile has fixtures, and every fixture has expectations', () => {
  it.each(profiles)('%s', (site) => {
    const dir = join(FIXTURES, site);
    expect(existsSync(dir), `test/fixtures/sites/${site}/ is missing: add snapshots of the note screen and of a screen that is not one`).toBe(true);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(files.length).toBeGreaterThan(0);
    expect(files, 'each snapshot needs an entry in EXPECTED').toEqual(Object.keys(EXPECTED[site] ?? {}).sort());
    expect(
      files.some((f) => f.startsWith('not-a-note')),
      'add not-a-note.html: a screen of the same EHR without a note',
    ).toBe(true);
    expect(load(site).name).toBe(site);
    expect(validateSite(load(site)).list.filter((p) => p.severity === 'error')).toEqual([]);
  });
  it('has no expectations for a profile that does not exist', () => {
    expect(Object.keys(EXPECTED).filter((s) => !profiles.includes(s))).toEqual([]);
  });
});

describe.each(Object.entries(EXPECTED))('%s', (site, fixtures) => {
  const profile = load(site);
  it.each(Object.entries(fixtures))('%s', (file, expected) => {
    expect(matchesUrl(profile.urlPatterns, expected.url)).toBe(true);
    for (const doc of [parse(site, file), intoDocument(site, file)]) {
      expect(isNoteScreen(doc, profile)).toBe(expected.noteScreen);
      expect(findControls(doc, profile).map((el) => el.textContent?.trim())).toEqual(expected.controls);
      expect(extractContext(doc, profile, directory as Directory)).toEqual(expected.context);
    }
  });
});

describe('what must never count as Finalize', () => {
  it.each([
    ['demo-ehr', 'note-pta.html'],
    ['webpt', 'soap-note-daily.html'],
    ['webpt', 'soap-note-progress.html'],
  ])('%s %s', (site, file) => {
    const doc = parse(site, file);
    const controls = findControls(doc, load(site));
    const others = Array.from(doc.querySelectorAll('button, [role=menuitem], a')).filter((el) => !controls.includes(el));
    const labels = others.map((el) => el.textContent?.trim());
    expect(labels).toEqual(expect.arrayContaining(site === 'webpt' ? ['Save as Draft', 'Preview', 'Forward'] : ['Save draft']));
    expect(labels.filter((l) => /finali[sz]e/i.test(l ?? ''))).toEqual([]);
  });
});

describe('the supervising therapist follows the drop-down', () => {
  it.each([
    ['demo-ehr', 'note-pta.html', 'select#supervised-by', '.case-therapist'],
    ['webpt', 'soap-note-daily.html', 'select.supervising-therapist', '.case-therapist'],
  ])('%s: "Supervised by" starts on the case therapist', (site, file, select, caseTherapist) => {
    const doc = parse(site, file);
    const shown = doc.querySelector(select) as HTMLSelectElement;
    expect(shown.options[shown.selectedIndex].textContent).toBe(doc.querySelector(caseTherapist)?.textContent);
    expect(extractContext(doc, load(site), directory as Directory).supervisingTherapistId).toBe('u-pt-avery');
  });

  it('reads the therapist the assistant picks in WebPT, not the case therapist', () => {
    const doc = parse('webpt', 'soap-note-daily.html');
    const select = doc.querySelector('select.supervising-therapist') as HTMLSelectElement;
    select.value = '20418';
    expect(extractContext(doc, load('webpt'), directory as Directory).supervisingTherapistId).toBe('u-pt-blake');
    select.value = '20422'; // an OT is listed too: read as is, and the rules decide whether that is allowed
    expect(extractContext(doc, load('webpt'), directory as Directory).supervisingTherapistId).toBe('u-ot-dana');
  });
});

describe('services and minutes read from a screen', () => {
  const servicesFact = (site: string, file: string) => {
    const facts = buildFacts(directory as Directory, extractContext(parse(site, file), load(site), directory as Directory));
    return { services: { ...facts.values.services }, problems: [...facts.problems] };
  };
  it('give the CQ/CO fact from the minutes', () => {
    expect(servicesFact('demo-ehr', 'note-lakeside-cq.html').services).toMatchObject({
      shown: true,
      assistantOver10: true,
      assistantOver10Codes: '97110, 97140',
    });
    expect(servicesFact('demo-ehr', 'note-pta.html').services).toMatchObject({ shown: true, assistantOver10: false });
    expect(servicesFact('webpt', 'soap-note-daily.html').services).toMatchObject({
      shown: true,
      assistantOver10: true,
      assistantOver10Codes: '97110, 97140, 97530',
    });
  });
  it('fail closed when one minutes cell cannot be read', () => {
    expect(servicesFact('demo-ehr', 'note-unreadable-minutes.html').problems).toEqual(['services']);
  });
  it('read the treatment day, and fail closed when the line is on screen but unreadable', () => {
    const progress = (text: string) => {
      const doc = parse('demo-ehr', 'note-lakeside-cq.html');
      doc.querySelector('.treatment-day')!.textContent = text;
      const facts = buildFacts(directory as Directory, extractContext(doc, load('demo-ehr'), directory as Directory));
      return { progress: { ...facts.values.progress }, problems: [...facts.problems] };
    };
    expect(progress('Treatment day 10 since last progress report')).toEqual({ progress: { shown: true, treatmentDay: 10 }, problems: [] });
    expect(progress('Treatment day — since last progress report').problems).toEqual(['treatmentDay']);
  });
});
