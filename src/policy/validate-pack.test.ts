import { describe, expect, it } from 'vitest';
import pack from '../../rules/packs/webpt-default.json';
import { formatPath } from './problems';
import { validatePack } from './validate-pack';

type Mutable = Record<string, any>;
const clone = (): Mutable => structuredClone(pack) as Mutable;
const leaf = (p: Mutable) => p.rules[0].conditions.all[1] as Mutable;

/** Validates a mutated copy of the default pack and returns its errors as "path: message (hint)". */
function errorsOf(mutate: (p: Mutable) => void): string[] {
  const p = clone();
  mutate(p);
  return validatePack(p)
    .list.filter((x) => x.severity === 'error')
    .map((x) => `${formatPath(x.path)}: ${x.message} (${x.hint})`);
}

describe('validatePack', () => {
  it('accepts the shipped default pack without warnings', () => {
    expect(validatePack(pack).list).toEqual([]);
  });

  it.each([
    [
      'unknown top-level key',
      (p: Mutable) => {
        p.rulez = [];
      },
      /^rulez: Unknown key 'rulez' \(Did you mean 'rules'\?\)/,
    ],
    [
      'unknown scope',
      (p: Mutable) => {
        p.scope = 'state';
      },
      /^scope: 'scope' must be "organization" or "clinic"/,
    ],
    [
      'effective dates reversed',
      (p: Mutable) => {
        p.effective = { from: '2025-01-01', until: '2024-12-31' };
      },
      /^effective: 'from' \(2025-01-01\) is after 'until'/,
    ],
    [
      'an effective date not in the calendar',
      (p: Mutable) => {
        p.effective = { from: '2025-02-30' };
      },
      /^effective\.from: 2025-02-30 is not a date in the calendar/,
    ],
    [
      'empty effective dates',
      (p: Mutable) => {
        p.effective = {};
      },
      /^effective: 'effective' must be/,
    ],
    [
      'lastChecked not a date',
      (p: Mutable) => {
        p.lastChecked = 'Nov 2026';
      },
      /^lastChecked: /,
    ],
    [
      'unknown rule key',
      (p: Mutable) => {
        p.rules[0].evnt = {};
      },
      /^rules\[0\]\.evnt: Unknown key/,
    ],
    [
      'unknown condition key',
      (p: Mutable) => {
        leaf(p).operater = 'equal';
      },
      /all\[1\]\.operater: Unknown key 'operater' \(Did you mean 'operator'\?\)/,
    ],
    [
      'unknown params key',
      (p: Mutable) => {
        p.rules[0].event.params.mesage = 'x';
      },
      /params\.mesage: Unknown key/,
    ],
    [
      'unknown operator',
      (p: Mutable) => {
        leaf(p).operator = 'equals';
      },
      /Unknown operator "equals" \(Did you mean 'equal'\?\)/,
    ],
    [
      'regular expression operator',
      (p: Mutable) => {
        leaf(p).operator = 'regex';
      },
      /Regular expressions are not supported/,
    ],
    [
      'unknown fact',
      (p: Mutable) => {
        leaf(p).fact = 'clinc';
      },
      /Unknown fact "clinc" \(Did you mean 'clinic'\?\)/,
    ],
    [
      'unknown fact path',
      (p: Mutable) => {
        leaf(p).path = 'allowAssistants';
      },
      /Fact 'clinic' has no path 'allowAssistants'/,
    ],
    [
      'missing path',
      (p: Mutable) => {
        delete leaf(p).path;
      },
      /Fact 'clinic' needs a "path"/,
    ],
    [
      'JSONPath prefix',
      (p: Mutable) => {
        leaf(p).path = '$.assistantFinalization';
      },
      /Write "assistantFinalization" instead/,
    ],
    [
      'JSONPath filter',
      (p: Mutable) => {
        leaf(p).path = '$..[?(@.x)]';
      },
      /no JSONPath filters, wildcards, recursive descent/,
    ],
    [
      'JSONPath wildcard',
      (p: Mutable) => {
        leaf(p).path = 'a.*';
      },
      /not a simple property path/,
    ],
    [
      'string "false" for a boolean',
      (p: Mutable) => {
        leaf(p).value = 'true';
      },
      /Write true without quotes/,
    ],
    [
      'misspelt enum value',
      (p: Mutable) => {
        Object.assign(leaf(p), { fact: 'user', path: 'credential', value: 'PTA ' });
      },
      /"PTA ", which is not one of PT, OT.*Did you mean 'PTA'/,
    ],
    [
      'operator that does not fit the type',
      (p: Mutable) => {
        leaf(p).operator = 'greaterThan';
      },
      /Operator 'greaterThan' does not apply to clinic\.assistantFinalization/,
    ],
    [
      'in without a list',
      (p: Mutable) => {
        Object.assign(leaf(p), { fact: 'user', path: 'credential', operator: 'in', value: 'PTA' });
      },
      /'in' needs a non-empty list/,
    ],
    [
      'unknown event type',
      (p: Mutable) => {
        p.rules[0].event.type = 'blok';
      },
      /event\.type: Unknown event type "blok" \(Did you mean 'block'\?\)/,
    ],
    [
      'unknown gate',
      (p: Mutable) => {
        p.rules[0].event.params.gate = 'insurence';
      },
      /Did you mean 'insurance'\?/,
    ],
    [
      'missing remedy',
      (p: Mutable) => {
        delete p.rules[0].event.params.remedy;
      },
      /Missing 'remedy'/,
    ],
    [
      'unknown placeholder',
      (p: Mutable) => {
        p.rules[0].event.params.message = '{{clinic.nam}} says no';
      },
      /Unknown placeholder \{\{clinic\.nam\}\}/,
    ],
    [
      'duplicate rule names',
      (p: Mutable) => {
        p.rules[1].name = p.rules[0].name;
      },
      /Duplicate rule name 'clinic-allows-assistants' \(also rules\[0\]\)/,
    ],
    [
      'rule priority',
      (p: Mutable) => {
        p.rules[0].priority = 5;
      },
      /Rule priorities are not allowed/,
    ],
    [
      'mode',
      (p: Mutable) => {
        p.mode = 'enforced';
      },
      /'mode' must be "enforce" or "monitor"/,
    ],
    [
      'version',
      (p: Mutable) => {
        p.version = 'one';
      },
      /'version' must be text like "1.0.0"/,
    ],
    [
      'shared condition reference',
      (p: Mutable) => {
        p.rules[0].conditions.all[1] = { condition: 'x' };
      },
      /Shared condition references are not supported/,
    ],
    [
      'empty rules',
      (p: Mutable) => {
        p.rules = [];
      },
      /'rules' must be a non-empty list/,
    ],
  ])('rejects %s', (_, mutate, expected) => {
    const errors = errorsOf(mutate);
    expect(
      errors.some((e) => expected.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects a %s key anywhere', (key) => {
    const errors = errorsOf((p) => Object.defineProperty(leaf(p), key, { value: { polluted: true }, enumerable: true }));
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`all\\[1\\]\\.${key}: Forbidden key '${key}'`)));
  });

  it('rejects conditions nested deeper than 16 levels, without overflowing the stack at 5,000', () => {
    const nest = (n: number) => {
      let c: Mutable = { fact: 'user', path: 'isAssistant', operator: 'equal', value: true };
      for (let i = 0; i < n; i++) c = { all: [c] };
      return c;
    };
    expect(
      errorsOf((p) => {
        p.rules[0].conditions = nest(15);
      }),
    ).toEqual([]);
    expect(
      errorsOf((p) => {
        p.rules[0].conditions = nest(17);
      }),
    ).toContainEqual(expect.stringMatching(/nested deeper than 16 levels/));
    expect(
      errorsOf((p) => {
        p.rules[0].conditions = nest(5000);
      }),
    ).toContainEqual(expect.stringMatching(/nested deeper than 16 levels/));
  });

  it('rejects more than 200 rules', () => {
    const errors = errorsOf((p) => {
      p.rules = Array.from({ length: 201 }, (_, i) => ({ ...p.rules[0], name: `rule-${i}` }));
    });
    expect(errors).toContainEqual(expect.stringMatching(/Too many rules \(201\); at most 200/));
  });

  it('rejects anything that is not an object', () => {
    for (const v of [null, [], 'pack', 42]) expect(validatePack(v).hasErrors).toBe(true);
  });
});
