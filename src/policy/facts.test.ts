import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import { buildFacts } from './fact-values';
import { isCalendarDate } from './facts';
import type { Directory } from './types';

const dir = directory as unknown as Directory;
const base = { userId: 'u-pta-jamie', clinicId: 'clinic-north', insuranceIds: ['ins-acme-ppo'], noteType: 'daily' };
const read = (fact: string, ctx: Record<string, unknown>) => {
  const f = buildFacts(dir, { ...base, ...ctx });
  return { value: { ...f.values[fact] }, problems: [...f.problems] };
};

describe('facts read from the screen for regulation packs', () => {
  it('turns the date of service into a comparable number, and blocks without one', () => {
    expect(read('visit', { dateOfService: '2024-12-31' })).toEqual({ value: { date: 20241231 }, problems: [] });
    expect(read('visit', {}).problems).toEqual(['dateOfService']);
    expect(read('visit', { dateOfService: '2025-02-30' }).problems).toEqual(['dateOfService']);
  });

  it('reads the treatment-day count only where the screen shows it', () => {
    expect(read('progress', {}).value).toEqual({ shown: false, treatmentDay: 0 });
    expect(read('progress', { treatmentDay: 10 }).value).toEqual({ shown: true, treatmentDay: 10 });
    expect(read('progress', { treatmentDay: '10' }).problems).toEqual(['treatmentDay']);
  });

  it('finds services where an assistant furnished more than 10% of the minutes, and evaluation codes', () => {
    const v = read('services', { serviceCodes: ['97110', '97140', '97161'], assistantMinutes: [2, 3, 0], therapistMinutes: [18, 27, 30] });
    // 2 of 20 is exactly 10%: no modifier; 3 of 30 is 10%: none; only more than 10% counts.
    expect(v.value).toMatchObject({ shown: true, assistantOver10: false, evaluationCodes: '97161', hasEvaluationCode: true });
    const over = read('services', { serviceCodes: ['97110', '97140'], assistantMinutes: [3, 0], therapistMinutes: [17, 15] });
    expect(over.value).toMatchObject({ assistantOver10: true, assistantOver10Codes: '97110', hasEvaluationCode: false });
  });

  it('fails closed on services whose minutes do not line up', () => {
    expect(read('services', { serviceCodes: ['97110'], assistantMinutes: [10, 5], therapistMinutes: [5] }).problems).toEqual(['services']);
    expect(read('services', { assistantMinutes: [10] }).problems).toEqual(['services']);
    expect(read('services', { serviceCodes: ['97110'], assistantMinutes: [-1], therapistMinutes: [5] }).problems).toEqual(['services']);
    expect(read('services', {}).value).toMatchObject({ shown: false, assistantOver10: false });
  });

  it("says whether the supervising therapist is of the documenting user's discipline", () => {
    const same = (userId: string, supervisingTherapistId?: string) => read('supervisor', { userId, supervisingTherapistId }).value.sameDiscipline;
    expect(same('u-pta-jamie', 'u-pt-avery')).toBe(true);
    expect(same('u-pta-jamie', 'u-ot-dana')).toBe(false);
    expect(same('u-cota-sam', 'u-ot-dana')).toBe(true);
    expect(same('u-cota-sam', 'u-pt-avery')).toBe(false);
    // Same discipline, but an assistant cannot supervise.
    expect(same('u-pta-jamie', 'u-pta-quinn')).toBe(false);
    expect(same('u-pta-jamie')).toBe(false);
  });

  it('fails the supervisor fact closed when the documenting user cannot be read', () => {
    for (const [userId, problem] of [
      [undefined, 'userId'],
      ['u-nobody', 'unknownUser'],
    ] as const) {
      const f = buildFacts(dir, { ...base, userId, supervisingTherapistId: 'u-pt-avery' });
      expect(f.values.supervisor.present).toBeUndefined();
      expect(f.values.supervisor.sameDiscipline).toBeUndefined();
      expect([...f.problems]).toEqual([problem]);
      expect([...f.failedFacts]).toEqual(['supervisor']);
    }
    // With no one in 'Supervised by' there is nothing to compare: the user is not needed.
    expect(read('supervisor', { userId: undefined }).problems).toEqual([]);
  });

  it('gives a clinic without state or setting plain defaults that packs can test', () => {
    expect(read('clinic', {}).value).toMatchObject({ state: '', setting: 'unspecified', uhcEvaluationCodes: 'warn' });
    expect(read('user', {}).value).toMatchObject({ discipline: 'PT' });
  });
});

describe('isCalendarDate', () => {
  it('agrees with the calendar on every day-of-month 01–31 of every month, leap years and century years included', () => {
    const wrong: string[] = [];
    for (const year of [1900, 2000, 2023, 2024, 2100])
      for (let month = 1; month <= 12; month++)
        for (let day = 1; day <= 31; day++) {
          const v = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const real = new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
          if (isCalendarDate(v) !== real) wrong.push(v);
        }
    expect(wrong).toEqual([]);
    expect(['2026-2-01', '2026-00-10', '2026-01-32', ' 2026-01-01', '2026-01-01T00:00'].filter(isCalendarDate)).toEqual([]);
  });
});
