// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import type { Directory } from '../policy/types';
import demoProfile from '../../rules/sites/demo-ehr.json';
import { attributesRead, extractContext, findControls, isNoteScreen } from './extract';
import type { Extractor, SiteProfile } from './types';

const dir = directory as Directory;
const profile = (facts: SiteProfile['facts'], more: Partial<SiteProfile> = {}): SiteProfile => ({
  name: 'test',
  version: '1.0.0',
  urlPatterns: ['http://127.0.0.1/*'],
  noteScreen: 'main.note',
  finalizeControls: ['[data-action=finalize]'],
  facts,
  ...more,
});
/** Reads one field with the given extractors from <main class="note">html</main>. */
const read = (html: string, field: keyof SiteProfile['facts'], ...extractors: Extractor[]) => {
  document.body.innerHTML = `<header><span class="who">Avery Kim</span></header><main class="note" data-note-id="n-1">${html}</main>`;
  return extractContext(document, profile({ [field]: extractors }), dir)[field];
};

describe('extractContext', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('reads an attribute, a property, or the text with whitespace collapsed', () => {
    expect(read('<span class="u" data-user-id="u-pta-jamie">x</span>', 'userId', { selector: '.u', attribute: 'data-user-id' })).toBe('u-pta-jamie');
    expect(read('<input class="d" value="2026-11-27">', 'dateOfService', { selector: '.d', property: 'value' })).toBe('2026-11-27');
    expect(read('<p class="t">\n  Daily\n   Note </p>', 'noteType', { selector: '.t', text: true })).toBe('Daily Note');
    expect(read('<p class="t"> daily </p>', 'noteType', { selector: '.t', property: 'textContent' })).toBe(' daily ');
  });

  it('keeps attribute values as they are, so a stray space fails closed later', () => {
    expect(read('<span class="u" data-user-id=" u-pta-jamie">x</span>', 'userId', { selector: '.u', attribute: 'data-user-id' })).toBe(' u-pta-jamie');
  });

  it('searches inside the note screen, the screen element itself included', () => {
    expect(read('', 'noteId', { selector: '[data-note-id]', attribute: 'data-note-id' })).toBe('n-1');
    expect(read('', 'userId', { selector: '.who', lookup: 'users' })).toBeUndefined();
  });

  it('reads what a <select> shows: its selected option, as the user changes it', () => {
    const html = '<select class="s"><option value="1">Avery Kim, PT</option><option value="2" selected>Blake Osei, PT</option></select>';
    const ex: Extractor = { selector: '.s', capture: '{value}, ', lookup: 'users' };
    expect(read(html, 'supervisingTherapistId', ex)).toBe('u-pt-blake');
    const pick = (value: string) => {
      (document.querySelector('.s') as HTMLSelectElement).value = value;
      return extractContext(document, profile({ supervisingTherapistId: [ex] }), dir).supervisingTherapistId;
    };
    expect(pick('1')).toBe('u-pt-avery');
    expect(pick('2')).toBe('u-pt-blake');
    expect(read('<select class="s"></select>', 'supervisingTherapistId', { selector: '.s' })).toBeUndefined();
  });

  it('captures the text between a literal prefix and suffix, or nothing', () => {
    const sup = (text: string, capture: string) => read(`<p class="s">${text}</p>`, 'supervisingTherapistId', { selector: '.s', capture, lookup: 'users' });
    expect(sup('Supervised by: Avery Kim', 'Supervised by: {value}')).toBe('u-pt-avery');
    expect(sup('Note · Supervised by: Blake Osei (PT) · 11/27', 'Supervised by: {value} (')).toBe('u-pt-blake');
    expect(sup('Supervised by Avery Kim', 'Supervised by: {value}')).toBeUndefined();
    expect(sup('Supervised by: Avery Kim', 'Supervised by: {value}.')).toBeUndefined();
    expect(sup('Supervised by: ', 'Supervised by: {value}')).toBeUndefined();
    expect(sup('(\\d+) Avery Kim', '(\\d+) {value}')).toBe('u-pt-avery'); // literal, never a regular expression
    expect(sup('Avery Kim', '{value} {value}')).toBeUndefined();
  });

  it('maps exact words only', () => {
    const ex: Extractor = { selector: '.t', map: { 'Daily Note': 'daily' } };
    expect(read('<h1 class="t">Daily Note</h1>', 'noteType', ex)).toBe('daily');
    expect(read('<h1 class="t">daily note</h1>', 'noteType', ex)).toBeUndefined();
    expect(read('<h1 class="t">constructor</h1>', 'noteType', ex)).toBeUndefined();
    expect(read('<h1 class="t">toString</h1>', 'noteType', ex)).toBeUndefined();
  });

  it('looks names up exactly and case-sensitively, and reads nothing for unknown or shared names', () => {
    const user = (name: string, d: Directory = dir) => {
      document.body.innerHTML = `<main class="note"><span class="u">${name}</span></main>`;
      return extractContext(document, profile({ userId: [{ selector: '.u', lookup: 'users' }] }), d).userId;
    };
    expect(user('Jamie Rivera')).toBe('u-pta-jamie');
    expect(user('jamie rivera')).toBeUndefined();
    expect(user('Jamie')).toBeUndefined();
    const twins = { ...dir, users: [...dir.users, { id: 'u-pta-jamie-2', name: 'Jamie Rivera', credential: 'PTA' as const }] };
    expect(user('Jamie Rivera', twins)).toBeUndefined();
    expect(user('Jamie Rivera', { users: 'nope' } as never)).toBeUndefined();
    expect(read('<span class="c">North Clinic</span>', 'clinicId', { selector: '.c', lookup: 'clinics' })).toBe('clinic-north');
  });

  it('tries the extractors in order and skips empty values', () => {
    const html = '<span class="u" data-user-id="">Jamie Rivera, PTA</span>';
    expect(
      read(html, 'userId', { selector: '.u', attribute: 'data-user-id' }, { selector: '.missing' }, { selector: '.u', capture: '{value}, ', lookup: 'users' }),
    ).toBe('u-pta-jamie');
    expect(read(html, 'userId', { selector: '.u', attribute: 'data-user-id' })).toBeUndefined();
  });

  it('collects every insurance with all, all of them or none', () => {
    const li = (id: string | null, name: string) => `<li class="i"${id === null ? '' : ` data-insurance-id="${id}"`}>${name}</li>`;
    const ids: Extractor = { selector: '.i', attribute: 'data-insurance-id', all: true };
    const names: Extractor = { selector: '.i', all: true, lookup: 'insurances' };
    expect(read(`<ul>${li('ins-acme-ppo', 'Acme Health PPO')}${li('ins-summit-wc', 'x')}</ul>`, 'insuranceIds', ids)).toEqual([
      'ins-acme-ppo',
      'ins-summit-wc',
    ]);
    expect(read(`<ul>${li('ins-acme-ppo', 'Acme Health PPO')}${li(null, 'Medicare Part B')}</ul>`, 'insuranceIds', ids, names)).toEqual([
      'ins-acme-ppo',
      'ins-medicare-b',
    ]);
    expect(read(`<ul>${li('ins-acme-ppo', 'Acme Health PPO')}${li(null, 'Unknown Payer')}</ul>`, 'insuranceIds', ids, names)).toBeUndefined();
    expect(read(`<ul>${li('a', 'x')}${li('a', 'y')}</ul>`, 'insuranceIds', ids)).toEqual(['a']);
    expect(read(`<ul>${li('a', 'x')}${li('b', 'y')}</ul>`, 'insuranceIds', { selector: '.i', attribute: 'data-insurance-id' })).toEqual(['a']);
  });

  it('reads nothing for a single-valued field whose matches disagree', () => {
    const html = '<b class="t" data-t="daily"></b><b class="t" data-t="progress"></b>';
    expect(read(html, 'noteType', { selector: '.t', attribute: 'data-t', all: true })).toBeUndefined();
    expect(read(html, 'noteType', { selector: '.t', attribute: 'data-t' })).toBe('daily');
  });

  it('reads whole numbers for the treatment day: digits from an attribute or a captured piece of text, nothing else', () => {
    const day = (html: string, ...ex: Extractor[]) => read(html, 'treatmentDay', ...ex);
    expect(day('<p class="d" data-day="8">x</p>', { selector: '.d', attribute: 'data-day' })).toBe(8);
    expect(day('<p class="d">Treatment day 10 since last progress report</p>', { selector: '.d', capture: 'Treatment day {value} since' })).toBe(10);
    expect(day('<p class="d">Treatment day 10 since last progress report</p>', { selector: '.d' })).toBeNaN();
    expect(day('<p class="d" data-day="">x</p>', { selector: '.d', attribute: 'data-day' })).toBeNaN();
    for (const text of ['8.5', '-3', '+3', '1,000', '8 min', 'eight', '8 days', '123456']) {
      expect(day(`<p class="d" data-day="${text}">x</p>`, { selector: '.d', attribute: 'data-day' }), text).toBeNaN();
    }
    expect(day('<p class="d" data-day="08">x</p>', { selector: '.d', attribute: 'data-day' })).toBe(8);
    expect(day('<p class="d">—</p>', { selector: '.d', map: { '—': '0' } })).toBe(0);
  });

  it('reads one value per row for services and minutes, in order and with repeats, so the lists stay aligned', () => {
    const table = (rows: Array<[string, string, string]>) =>
      `<table>${rows.map(([c, a, t]) => `<tr class="s"><td class="c">${c}</td><td class="a">${a}</td><td class="t">${t}</td></tr>`).join('')}</table>`;
    const services = (html: string) => {
      document.body.innerHTML = `<main class="note">${html}</main>`;
      return extractContext(
        document,
        profile({
          serviceCodes: [{ selector: 'tr.s > td.c', all: true }],
          assistantMinutes: [{ selector: 'tr.s > td.a', all: true }],
          therapistMinutes: [{ selector: 'tr.s > td.t', all: true }],
        }),
        dir,
      );
    };
    expect(
      services(
        table([
          ['97110', '25 min', '0 min'],
          ['97110', '8', '7 minutes'],
          ['97140', '0 mins', '15 Min'],
        ]),
      ),
    ).toEqual({ serviceCodes: ['97110', '97110', '97140'], assistantMinutes: [25, 8, 0], therapistMinutes: [0, 7, 15] });
    // A row that cannot be read makes its whole column unreadable: an empty list, which the facts refuse.
    expect(
      services(
        table([
          ['97110', '25 min', '0 min'],
          ['97140', '', '15 min'],
        ]),
      ),
    ).toEqual({ serviceCodes: ['97110', '97140'], assistantMinutes: [], therapistMinutes: [0, 15] });
    expect(services(table([['97110', '2 units', '0 min']])).assistantMinutes).toEqual([]);
    expect(services(table([['97110', '2.5 min', '0 min']])).assistantMinutes).toEqual([]);
    // No services table on screen: nothing is read, and the facts say no services are shown.
    expect(services('<p>No services</p>')).toEqual({});
  });

  it('falls back to the next extractor for a row list, and marks it unreadable only when none reads every row', () => {
    const html = '<table><tr class="s"><td class="a" data-m="x">25 min</td></tr><tr class="s"><td class="a" data-m="7">7 min</td></tr></table>';
    const byAttribute: Extractor = { selector: 'td.a', attribute: 'data-m', all: true };
    expect(read(html, 'assistantMinutes', byAttribute, { selector: 'td.a', all: true })).toEqual([25, 7]);
    expect(read(html, 'assistantMinutes', byAttribute)).toEqual([]);
    expect(read(html, 'assistantMinutes', { selector: 'td.none', all: true })).toBeUndefined();
  });

  it('reads an unreadable treatment day on screen as NaN, which the facts refuse, and no treatment day as nothing', () => {
    expect(
      read('<p class="d">Treatment day ten since last progress report</p>', 'treatmentDay', { selector: '.d', capture: 'Treatment day {value} since' }),
    ).toBeNaN();
    expect(read('<p class="d">Visit 8 of 12</p>', 'treatmentDay', { selector: '.d', capture: 'Treatment day {value} since' })).toBeNaN();
    expect(read('<p class="x">Treatment day 8 since</p>', 'treatmentDay', { selector: '.d', capture: 'Treatment day {value} since' })).toBeUndefined();
    const fallback = [
      { selector: '.d', attribute: 'data-d' },
      { selector: '.d', capture: 'Treatment day {value} since' },
    ];
    expect(read('<p class="d">Treatment day 8 since</p>', 'treatmentDay', ...fallback)).toBe(8);
  });

  it('reads a treatment day whose matches disagree as unreadable', () => {
    const html = '<b class="d" data-d="8"></b><b class="d" data-d="9"></b>';
    expect(read(html, 'treatmentDay', { selector: '.d', attribute: 'data-d', all: true })).toBeNaN();
    expect(read('<b class="d" data-d="8"></b><b class="d" data-d="08"></b>', 'treatmentDay', { selector: '.d', attribute: 'data-d', all: true })).toBe(8);
  });

  it('reads nothing, and does not throw, for selectors the browser rejects', () => {
    expect(
      read(
        '<span class="u" data-user-id="u-pta-jamie"></span>',
        'userId',
        { selector: 'span[' },
        { selector: ':nope(' },
        { selector: '.u', attribute: 'data-user-id' },
      ),
    ).toBe('u-pta-jamie');
  });

  it('returns {} off the note screen, or when the note screen selector is invalid', () => {
    document.body.innerHTML = '<div><span class="u" data-user-id="u-pta-jamie"></span></div>';
    const facts = { userId: [{ selector: '.u', attribute: 'data-user-id' }] };
    expect(extractContext(document, profile(facts), dir)).toEqual({});
    expect(extractContext(document, profile(facts, { noteScreen: 'main[' }), dir)).toEqual({});
    expect(isNoteScreen(document, profile(facts, { noteScreen: 'main[' }))).toBe(false);
  });

  it('never throws on a broken profile, and ignores fields that are not note-context fields', () => {
    document.body.innerHTML = '<main class="note"><i data-x="1"></i></main>';
    const broken = [
      profile(null as never),
      profile({ userId: null as never }),
      profile({ userId: [null, 7, 'x'] as never }),
      profile({ userId: [{ selector: 42 } as never] }),
      profile({ userId: [{ selector: 'i', attribute: 7 } as never] }),
      profile({ userId: [{ selector: 'i', attribute: 'data-x', map: null } as never] }),
      null as never,
      {} as never,
      profile(JSON.parse('{"__proto__": [{"selector": "i", "attribute": "data-x"}], "toString": [{"selector": "i", "attribute": "data-x"}]}')),
    ];
    for (const p of broken) expect(extractContext(document, p, dir)).toEqual({});
    expect(extractContext(document, profile({ userId: [{ selector: 'i', attribute: 'data-x', lookup: 'users' }] }), null as never)).toEqual({});
  });
});

describe('findControls and isNoteScreen', () => {
  it('finds every control of every selector once, in document order, anywhere under root', () => {
    document.body.innerHTML = `<nav><a id="a" role="menuitem" data-action="finalize">Finalize</a></nav>
      <main class="note"><button id="b" class="fin" data-action="finalize">Finalize</button><button id="c">Save</button>
      <button id="d" class="fin">Finalize</button></main>`;
    const p = profile({}, { finalizeControls: ['.fin', '[data-action=finalize]', 'button['] });
    expect(findControls(document, p).map((e) => e.id)).toEqual(['a', 'b', 'd']);
    expect(isNoteScreen(document, p)).toBe(true);
    expect(findControls(document, profile({}, { finalizeControls: 'x' as never }))).toEqual([]);
  });

  it('accepts an element as root, itself included', () => {
    document.body.innerHTML = '<main class="note"><button data-action="finalize"></button></main>';
    const main = document.querySelector('main')!;
    expect(isNoteScreen(main, profile({}))).toBe(true);
    expect(findControls(main, profile({}))).toHaveLength(1);
  });
});

describe('attributesRead: the attributes whose change re-decides', () => {
  it("are the extractors' attributes, and value/selected where a property or text is read", () => {
    expect(attributesRead(profile({ userId: [{ selector: '.u', attribute: 'data-person' }], clinicId: [{ selector: '.c', attribute: 'data-site' }] }))).toEqual(
      ['data-person', 'data-site'],
    );
    expect(attributesRead(profile({ noteType: [{ selector: '.t', property: 'value' }] }))).toEqual(['value', 'selected']);
  });
  it("include the demo profile's data-date and data-code", () => {
    expect(attributesRead(demoProfile as SiteProfile)).toEqual(expect.arrayContaining(['data-user-id', 'data-date', 'data-code', 'value', 'selected']));
  });
  it('read nothing from a broken profile', () => {
    expect(attributesRead({ facts: { userId: 'x' } } as unknown as SiteProfile)).toEqual([]);
  });
});
