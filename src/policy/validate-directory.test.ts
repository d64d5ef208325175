import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import { formatPath } from './problems';
import { validateDirectory } from './validate-directory';

type Mutable = Record<string, any>;
function problemsOf(mutate: (d: Mutable) => void, severity: 'error' | 'warning' = 'error'): string[] {
  const d = structuredClone(directory) as Mutable;
  mutate(d);
  return validateDirectory(d)
    .list.filter((p) => p.severity === severity)
    .map((p) => `${formatPath(p.path)}: ${p.message}`);
}

describe('validateDirectory', () => {
  it('accepts the example directory; its unconfirmed permission is only a warning', () => {
    expect(problemsOf(() => {})).toEqual([]);
    expect(problemsOf(() => {}, 'warning')).toEqual([
      `users[6].finishSoapNotes: 'Finish SOAP Notes' is on for "u-pta-morgan" but was never confirmed, so it does not count`,
    ]);
  });

  it('never guesses a credential from a near miss (PTX is not taken for PT), only from case or spaces', () => {
    const d = structuredClone(directory) as Mutable;
    d.users[4].credential = 'PTX';
    const ptx = validateDirectory(d).list.find((p) => p.message === 'Unknown credential "PTX"');
    expect(ptx?.hint).toMatch(/^Write the person's credential exactly, one of: PT, OT/);
    d.users[4].credential = 'pta ';
    expect(validateDirectory(d).list.find((p) => p.message === 'Unknown credential "pta "')?.hint).toBe("Did you mean 'PTA'?");
  });

  it.each([
    [
      'a credential with a trailing space',
      (d: Mutable) => {
        d.users[4].credential = 'PTA ';
      },
      /users\[4\]\.credential: Unknown credential "PTA "/,
    ],
    [
      'a lowercase credential',
      (d: Mutable) => {
        d.users[4].credential = 'pta';
      },
      /Unknown credential "pta"/,
    ],
    [
      'an insurance without its assistant setting',
      (d: Mutable) => {
        delete d.insurances[0].assistantFinalization;
      },
      /insurances\[0\]\.assistantFinalization: Each insurance needs/,
    ],
    [
      'a clinic setting written as text',
      (d: Mutable) => {
        d.clinics[1].assistantFinalization = 'false';
      },
      /must be true or false \(not "false"\)/,
    ],
    [
      'duplicate ids',
      (d: Mutable) => {
        d.users[1].id = d.users[0].id;
      },
      /Duplicate id "u-admin-pat" in 'users'/,
    ],
    [
      'a confirmation by an unknown user',
      (d: Mutable) => {
        d.users[4].finishSoapNotes.confirmedBy = 'u-ghost';
      },
      /confirmedBy "u-ghost" is not a user/,
    ],
    [
      'a confirmation time that is not a date',
      (d: Mutable) => {
        d.users[4].finishSoapNotes.confirmedAt = 'yesterday';
      },
      /'confirmedAt' must be a date and time/,
    ],
    [
      'a permission written as text',
      (d: Mutable) => {
        d.users[4].finishSoapNotes.enabled = 'true';
      },
      /'finishSoapNotes' must be/,
    ],
    [
      'a billing provider who is not a user',
      (d: Mutable) => {
        d.billing.providers[0].userId = 'u-ghost';
      },
      /providers\[0\]\.userId: userId "u-ghost" is not a user/,
    ],
    [
      'negative licenses',
      (d: Mutable) => {
        d.billing.licenses = -1;
      },
      /'licenses' must be a whole number/,
    ],
    [
      'an unknown key',
      (d: Mutable) => {
        d.insurance = [];
      },
      /insurance: Unknown key 'insurance'/,
    ],
    [
      'a missing list',
      (d: Mutable) => {
        delete d.users;
      },
      /users: 'users' must be a list/,
    ],
    [
      'an id with spaces',
      (d: Mutable) => {
        d.clinics[0].id = 'north clinic';
      },
      /clinics\[0\]\.id: 'id' must be text like/,
    ],
    [
      'a clinic state in lower case',
      (d: Mutable) => {
        d.clinics[0].state = 'oh';
      },
      /clinics\[0\]\.state: /,
    ],
    [
      'an unknown clinic setting',
      (d: Mutable) => {
        d.clinics[0].setting = 'private practice';
      },
      /clinics\[0\]\.setting: Unknown setting "private practice"/,
    ],
    [
      'clinic packs written as text',
      (d: Mutable) => {
        d.clinics[0].packs = 'state-oh';
      },
      /clinics\[0\]\.packs: 'packs' must be a list of distinct rule pack names/,
    ],
    [
      'a pack named twice at a clinic',
      (d: Mutable) => {
        d.clinics[0].packs = ['state-oh', 'state-oh'];
      },
      /'packs' must be a list of distinct/,
    ],
    [
      'an unknown UHC choice',
      (d: Mutable) => {
        d.clinics[0].uhcEvaluationCodes = 'deny';
      },
      /Unknown uhcEvaluationCodes "deny"/,
    ],
    [
      'an unknown payer',
      (d: Mutable) => {
        d.insurances[0].payer = 'medicare';
      },
      /insurances\[0\]\.payer: Unknown payer "medicare"/,
    ],
  ])('rejects %s', (_, mutate, expected) => {
    const errors = problemsOf(mutate);
    expect(
      errors.some((e) => expected.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });
});
