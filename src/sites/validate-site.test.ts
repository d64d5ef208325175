import { describe, expect, it } from 'vitest';
import demo from '../../rules/sites/demo-ehr.json';
import webpt from '../../rules/sites/webpt.json';
import { formatPath } from '../policy/problems';
import { selectorProblem, validateSite } from './validate-site';

type Mutable = Record<string, any>;
const format = (severity: 'error' | 'warning', mutate: (p: Mutable) => void): string[] => {
  const p = structuredClone(demo) as Mutable;
  mutate(p);
  return validateSite(p)
    .list.filter((x) => x.severity === severity)
    .map((x) => `${formatPath(x.path)}: ${x.message} (${x.hint})`);
};
const errorsOf = (mutate: (p: Mutable) => void) => format('error', mutate);
const ex = (p: Mutable, field = 'userId', i = 0): Mutable => p.facts[field][i];

describe('validateSite', () => {
  it.each([
    ['demo-ehr', demo],
    ['webpt', webpt],
  ])('accepts the shipped %s profile without errors or warnings', (_, profile) => {
    expect(validateSite(profile).list).toEqual([]);
  });

  it("checks the optional forwardControl (the EHR's own Forward) as a selector", () => {
    expect(errorsOf((p) => delete p.forwardControl)).toEqual([]);
    expect(errorsOf((p) => (p.forwardControl = 'button[data-action=forward'))).toEqual([
      `forwardControl: The selector has an unclosed '[' (Write a plain CSS selector such as "[data-action='finalize']" and try it with document.querySelector in the page's console.)`,
    ]);
    expect(errorsOf((p) => (p.forwardControl = ''))).toHaveLength(1);
  });

  it('rejects what is not an object', () => {
    expect(validateSite([]).list[0]).toMatchObject({ path: [], message: 'A site profile must be a JSON object' });
  });

  it.each([
    [
      'unknown top-level key',
      (p: Mutable) => {
        p.urlPattern = [];
      },
      /^urlPattern: Unknown key 'urlPattern' \(Did you mean 'urlPatterns'\?\)/,
    ],
    [
      'bad name',
      (p: Mutable) => {
        p.name = 'Demo EHR';
      },
      /^name: 'name' must be text like "webpt"/,
    ],
    [
      'missing name',
      (p: Mutable) => {
        delete p.name;
      },
      /^name: Missing 'name'/,
    ],
    [
      'bad version',
      (p: Mutable) => {
        p.version = '1.0';
      },
      /^version: 'version' must be text like "1\.0\.0"/,
    ],
    [
      'empty urlPatterns',
      (p: Mutable) => {
        p.urlPatterns = [];
      },
      /^urlPatterns: 'urlPatterns' must be a non-empty list/,
    ],
    [
      'ftp pattern',
      (p: Mutable) => {
        p.urlPatterns[1] = 'ftp://localhost/*';
      },
      /^urlPatterns\[1\]: "ftp:\/\/localhost\/\*" is not a supported match pattern/,
    ],
    [
      'pattern without a path',
      (p: Mutable) => {
        p.urlPatterns[0] = 'http://127.0.0.1';
      },
      /^urlPatterns\[0\]: .* is not a supported match pattern/,
    ],
    [
      'wildcard inside a host',
      (p: Mutable) => {
        p.urlPatterns[0] = 'https://app*.webpt.com/*';
      },
      /^urlPatterns\[0\]: /,
    ],
    [
      'port out of range',
      (p: Mutable) => {
        p.urlPatterns[0] = 'http://localhost:99999/*';
      },
      /^urlPatterns\[0\]: /,
    ],
    [
      '<all_urls>',
      (p: Mutable) => {
        p.urlPatterns[0] = '<all_urls>';
      },
      /^urlPatterns\[0\]: /,
    ],
    [
      'missing noteScreen',
      (p: Mutable) => {
        delete p.noteScreen;
      },
      /^noteScreen: Missing 'noteScreen'/,
    ],
    [
      'empty noteScreen',
      (p: Mutable) => {
        p.noteScreen = ' ';
      },
      /^noteScreen: The selector must be a non-empty CSS selector/,
    ],
    [
      'noteScreen with a brace',
      (p: Mutable) => {
        p.noteScreen = 'main { color: red }';
      },
      /^noteScreen: The selector contains '\{'/,
    ],
    [
      'noteScreen with an unclosed bracket',
      (p: Mutable) => {
        p.noteScreen = "main[data-screen='soap-note'";
      },
      /^noteScreen: The selector has an unclosed '\['/,
    ],
    [
      'noteScreen with an unclosed quote',
      (p: Mutable) => {
        p.noteScreen = "main[data-screen='soap-note]";
      },
      /^noteScreen: The selector has an unclosed ' quote/,
    ],
    [
      'noteScreen longer than 300',
      (p: Mutable) => {
        p.noteScreen = `main${' div'.repeat(100)}`;
      },
      /^noteScreen: The selector is longer than 300 characters/,
    ],
    [
      'empty finalizeControls',
      (p: Mutable) => {
        p.finalizeControls = [];
      },
      /^finalizeControls: 'finalizeControls' must be a non-empty list/,
    ],
    [
      'a bad control selector',
      (p: Mutable) => {
        p.finalizeControls.push('button:is(.a');
      },
      /^finalizeControls\[1\]: The selector has an unclosed '\('/,
    ],
    [
      'empty finalizeForms',
      (p: Mutable) => {
        p.finalizeForms = [];
      },
      /^finalizeForms: 'finalizeForms' must be a non-empty list/,
    ],
    [
      'a bad form selector',
      (p: Mutable) => {
        p.finalizeForms = ['form[id=note'];
      },
      /^finalizeForms\[0\]: The selector has an unclosed '\['/,
    ],
    [
      'shortcut without key',
      (p: Mutable) => {
        delete p.shortcuts[0].key;
      },
      /^shortcuts\[0\]\.key: Missing 'key'/,
    ],
    [
      'shortcut modifier as text',
      (p: Mutable) => {
        p.shortcuts[0].ctrl = 'true';
      },
      /^shortcuts\[0\]\.ctrl: 'ctrl' must be true or false \(Write "ctrl": true without quotes\.\)/,
    ],
    [
      'unknown shortcut key',
      (p: Mutable) => {
        p.shortcuts[0].control = true;
      },
      /^shortcuts\[0\]\.control: Unknown key 'control'/,
    ],
    [
      'endpoint with a space',
      (p: Mutable) => {
        p.finalizeEndpoint = '/api/notes/* /finalize';
      },
      /^finalizeEndpoint: 'finalizeEndpoint' must be a declarativeNetRequest urlFilter/,
    ],
    [
      'endpoint with | in the middle',
      (p: Mutable) => {
        p.finalizeEndpoint = '/api|finalize';
      },
      /^finalizeEndpoint: /,
    ],
    [
      'facts not an object',
      (p: Mutable) => {
        p.facts = [];
      },
      /^facts: 'facts' must be an object/,
    ],
    [
      'unknown fact field',
      (p: Mutable) => {
        p.facts.userID = p.facts.userId;
      },
      /^facts\.userID: Unknown key 'userID' \(Did you mean 'userId'\?\)/,
    ],
    [
      'empty extractor list',
      (p: Mutable) => {
        p.facts.clinicId = [];
      },
      /^facts\.clinicId: 'clinicId' must be a non-empty list of extractors/,
    ],
    [
      'extractor not an object',
      (p: Mutable) => {
        p.facts.clinicId[1] = '.clinic';
      },
      /^facts\.clinicId\[1\]: An extractor must be an object/,
    ],
    [
      'unknown extractor key',
      (p: Mutable) => {
        ex(p).attr = 'x';
      },
      /^facts\.userId\[0\]\.attr: Unknown key 'attr'/,
    ],
    [
      'missing selector',
      (p: Mutable) => {
        delete ex(p).selector;
      },
      /^facts\.userId\[0\]\.selector: Missing 'selector'/,
    ],
    [
      'selector with <',
      (p: Mutable) => {
        ex(p).selector = '<span>';
      },
      /^facts\.userId\[0\]\.selector: The selector contains '<'/,
    ],
    [
      'selector with ;',
      (p: Mutable) => {
        ex(p).selector = 'span; x';
      },
      /contains ';'/,
    ],
    [
      'selector with @',
      (p: Mutable) => {
        ex(p).selector = '@media screen';
      },
      /contains '@'/,
    ],
    [
      'selector with backslash-newline',
      (p: Mutable) => {
        ex(p).selector = '.a\\\n.b';
      },
      /has a backslash at the end of a line/,
    ],
    [
      'selector with an unbalanced )',
      (p: Mutable) => {
        ex(p).selector = '.a)';
      },
      /has an unbalanced '\)'/,
    ],
    [
      'attribute as a selector',
      (p: Mutable) => {
        ex(p).attribute = '[data-user-id]';
      },
      /^facts\.userId\[0\]\.attribute: "\[data-user-id\]" is not an attribute name/,
    ],
    [
      'unknown property',
      (p: Mutable) => {
        ex(p).property = 'innerHTML';
      },
      /^facts\.userId\[0\]\.property: Unsupported property "innerHTML"/,
    ],
    [
      'text: false',
      (p: Mutable) => {
        ex(p, 'userId', 1).text = false;
      },
      /^facts\.userId\[1\]\.text: 'text' can only be true/,
    ],
    [
      'all: false',
      (p: Mutable) => {
        ex(p, 'insuranceIds').all = false;
      },
      /^facts\.insuranceIds\[0\]\.all: 'all' can only be true/,
    ],
    [
      'attribute and text together',
      (p: Mutable) => {
        ex(p).text = true;
      },
      /^facts\.userId\[0\]: Use only one of attribute, text/,
    ],
    [
      'attribute and property together',
      (p: Mutable) => {
        ex(p).property = 'value';
      },
      /^facts\.userId\[0\]: Use only one of attribute, property/,
    ],
    [
      'capture without {value}',
      (p: Mutable) => {
        ex(p, 'userId', 1).capture = 'Documenting: ';
      },
      /^facts\.userId\[1\]\.capture: 'capture' must contain \{value\} exactly once \(found 0\) \(Write the text around/,
    ],
    [
      'capture with {value} twice',
      (p: Mutable) => {
        ex(p, 'userId', 1).capture = '{value} {value}';
      },
      /found 2/,
    ],
    [
      'regular expression capture',
      (p: Mutable) => {
        ex(p, 'userId', 1).capture = '(\\d+)';
      },
      /'capture' must contain \{value\} exactly once.*Regular expressions are not supported .*literal text around \{value\}/,
    ],
    [
      'regex key',
      (p: Mutable) => {
        ex(p).regex = 'u-(.*)';
      },
      /^facts\.userId\[0\]\.regex: 'regex' is not supported \(Regular expressions are not supported/,
    ],
    [
      'map with a non-text value',
      (p: Mutable) => {
        ex(p, 'noteType', 1).map['Daily Note'] = 1;
      },
      /^facts\.noteType\[1\]\.map: 'map' must be an object of page words to values/,
    ],
    [
      'empty map',
      (p: Mutable) => {
        ex(p, 'noteType', 1).map = {};
      },
      /^facts\.noteType\[1\]\.map: /,
    ],
    [
      'map to an unknown note type',
      (p: Mutable) => {
        ex(p, 'noteType', 1).map['Daily Note'] = 'dialy';
      },
      /^facts\.noteType\[1\]\.map\.Daily Note: Unknown note type "dialy" \(Did you mean 'daily'\?\)/,
    ],
    [
      'unknown lookup',
      (p: Mutable) => {
        ex(p, 'userId', 1).lookup = 'user';
      },
      /^facts\.userId\[1\]\.lookup: Unknown lookup "user" \(Did you mean 'users'\?\)/,
    ],
    [
      'lookup in the wrong list',
      (p: Mutable) => {
        ex(p, 'clinicId', 1).lookup = 'users';
      },
      /^facts\.clinicId\[1\]\.lookup: 'clinicId' cannot be looked up in users \(Use "lookup": "clinics"\.\)/,
    ],
    [
      'lookup of a field that is no id',
      (p: Mutable) => {
        ex(p, 'noteType', 1).lookup = 'users';
      },
      /Remove "lookup": noteType is not a directory id/,
    ],
    [
      'lookup of a service code',
      (p: Mutable) => {
        ex(p, 'serviceCodes').lookup = 'users';
      },
      /^facts\.serviceCodes\[0\]\.lookup: 'serviceCodes' cannot be looked up in users \(Remove "lookup": serviceCodes is not a directory id/,
    ],
    [
      'minutes mapped to words',
      (p: Mutable) => {
        ex(p, 'assistantMinutes').map = { '—': 'none' };
      },
      /^facts\.assistantMinutes\[0\]\.map\.—: "none" is not a whole number/,
    ],
    [
      'treatment day mapped to a decimal',
      (p: Mutable) => {
        ex(p, 'treatmentDay').map = { ten: '10.0' };
      },
      /^facts\.treatmentDay\[0\]\.map\.ten: "10\.0" is not a whole number/,
    ],
    [
      'an empty minutes list',
      (p: Mutable) => {
        p.facts.therapistMinutes = [];
      },
      /^facts\.therapistMinutes: 'therapistMinutes' must be a non-empty list of extractors/,
    ],
    [
      'a pattern for every site',
      (p: Mutable) => {
        p.urlPatterns.push('*://*/*');
      },
      /^urlPatterns\[2\]: \*:\/\/\*\/\* matches every site/,
    ],
    [
      'a pattern for every https site',
      (p: Mutable) => {
        p.urlPatterns.push('https://*/*');
      },
      /^urlPatterns\[2\]: https:\/\/\*\/\* matches every site/,
    ],
    [
      'a wildcard over a top-level label',
      (p: Mutable) => {
        p.urlPatterns.push('https://*.com/*');
      },
      /^urlPatterns\[2\]: https:\/\/\*\.com\/\* matches every site under \.com/,
    ],
    [
      'a shortcut without modifier (the pending lock cannot hold it)',
      (p: Mutable) => {
        p.shortcuts.push({ key: 'F9' });
      },
      /^shortcuts\[2\]: A shortcut without ctrl, meta or alt/,
    ],
  ])('rejects %s', (_, mutate, expected) => {
    const errors = errorsOf(mutate);
    expect(
      errors.some((e) => expected.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects a %s key anywhere', (key) => {
    const errors = errorsOf((p) => Object.defineProperty(ex(p, 'noteType', 1).map, key, { value: 'daily', enumerable: true }));
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^facts\\.noteType\\[1\\]\\.map\\.${key}: Forbidden key '${key}'`)));
  });

  it.each([
    [
      'insuranceIds without all',
      (p: Mutable) => {
        delete ex(p, 'insuranceIds').all;
      },
      /^facts\.insuranceIds\[0\]: An 'insuranceIds' extractor without "all": true reads only the first insurance/,
    ],
    [
      'all on a single-valued field',
      (p: Mutable) => {
        ex(p).all = true;
      },
      /^facts\.userId\[0\]\.all: 'all' on 'userId', which holds one value/,
    ],
    [
      'a missing required field',
      (p: Mutable) => {
        delete p.facts.clinicId;
      },
      /^facts: No extractors for 'clinicId'/,
    ],
    [
      'note-type words without a map',
      (p: Mutable) => {
        delete ex(p, 'noteType', 1).map;
      },
      /^facts\.noteType\[1\]: The screen's words are read as the note type/,
    ],
    [
      'a service column without all',
      (p: Mutable) => {
        delete ex(p, 'therapistMinutes').all;
      },
      /^facts\.therapistMinutes\[0\]: A 'therapistMinutes' extractor without "all": true reads only the first service/,
    ],
    [
      'service codes without their minutes',
      (p: Mutable) => {
        delete p.facts.assistantMinutes;
        delete p.facts.therapistMinutes;
      },
      /^facts: 'serviceCodes' without 'assistantMinutes', 'therapistMinutes' \(Services and minutes are read together/,
    ],
    [
      'all on the treatment day',
      (p: Mutable) => {
        ex(p, 'treatmentDay').all = true;
      },
      /^facts\.treatmentDay\[0\]\.all: 'all' on 'treatmentDay', which holds one value/,
    ],
    [
      'a capture that looks like a regular expression',
      (p: Mutable) => {
        ex(p, 'userId', 1).capture = '^{value}, .*$';
      },
      /looks like a regular expression, but it is matched as literal text/,
    ],
  ])('warns about %s', (_, mutate, expected) => {
    const warnings = format('warning', mutate);
    expect(
      warnings.some((w) => expected.test(w)),
      warnings.join('\n'),
    ).toBe(true);
    expect(format('error', mutate)).toEqual([]);
  });

  it('accepts a literal capture with parentheses and selectors with escapes, strings and :has()', () => {
    expect(
      errorsOf((p) => {
        ex(p, 'userId', 1).capture = '{value} (PTA)';
      }),
    ).toEqual([]);
    expect(
      format('warning', (p) => {
        ex(p, 'userId', 1).capture = '{value} (PTA)';
      }),
    ).toEqual([]);
    for (const s of ["a[title='a ] b ( c']", '.a\\:b', 'body:has(form#soap-note)', 'li:nth-child(2n+1)', 'div > span + em ~ i']) {
      expect(selectorProblem(s), s).toBeNull();
    }
  });
});
