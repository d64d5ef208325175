import { describe, expect, it } from 'vitest';
import context from '../../rules/contexts/pta-allowed.json';
import { formatPath } from './problems';
import { validateContext } from './validate-context';

const errorsOf = (extra: Record<string, unknown>) =>
  validateContext({ ...context, ...extra })
    .list.filter((p) => p.severity === 'error')
    .map((p) => `${formatPath(p.path)}: ${p.message}`);

describe('validateContext: what the screen shows for regulation packs', () => {
  it('accepts services with minutes per provider and a treatment-day count', () => {
    expect(errorsOf({ treatmentDay: 9, serviceCodes: ['97110', '97140'], assistantMinutes: [25, 0], therapistMinutes: [0, 15] })).toEqual([]);
  });

  it.each([
    ['a treatment day that is not a whole number', { treatmentDay: 2.5 }, /^treatmentDay: /],
    ['minutes without services', { assistantMinutes: [10] }, /^serviceCodes: 'serviceCodes' must be a list of 1 to 50 CPT codes/],
    [
      'minutes that do not line up with the services',
      { serviceCodes: ['97110'], assistantMinutes: [10, 5], therapistMinutes: [5] },
      /^assistantMinutes: 'assistantMinutes' must list whole minutes for each of the 1 service codes/,
    ],
    ['a code that is not a CPT code', { serviceCodes: ['97110-GP'], assistantMinutes: [1], therapistMinutes: [1] }, /^serviceCodes: /],
  ])('rejects %s', (_, extra, expected) => {
    const errors = errorsOf(extra);
    expect(
      errors.some((e) => expected.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });
});

describe('validateContext: a missing id says how to fix it without inventing one', () => {
  const hintsFor = (value: Record<string, unknown>) =>
    validateContext(value)
      .list.filter((p) => p.message.startsWith('Missing'))
      .map((p) => `${formatPath(p.path)}: ${p.hint}`);

  it('a misspelt key is to be renamed: its value is already there', () => {
    const { userId, ...rest } = context as Record<string, unknown>;
    expect(hintsFor({ ...rest, userID: userId })).toEqual(["userId: Rename 'userID' to 'userId'."]);
  });

  it('a key left out gets an example of its own kind (a clinic id for the clinic)', () => {
    const { userId: _u, clinicId: _c, ...rest } = context as Record<string, unknown>;
    expect(hintsFor(rest)).toEqual(['userId: Add "userId": "u-pta-jamie".', 'clinicId: Add "clinicId": "clinic-north".']);
  });
});
