import { describe, expect, it } from 'vitest';
import { attempt, CHAIN_A, CHAIN_B, sealAll, uuid } from './fixtures';
import { applyFilter, perDayByGate, reviewsByAttempt, type AuditFilter } from './filter';
import type { AttemptEntry, AuditEntry } from './types';

const day = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h)).toISOString();

describe('applyFilter', async () => {
  const [a1, a2, a3, a4, r1] = await sealAll([
    attempt(CHAIN_A, 0, { at: day(25), userId: 'u-1', clinicId: 'c-1', insuranceIds: ['i-1', 'i-2'], gates: ['clinic'], noteType: 'daily' }),
    attempt(CHAIN_A, 0, { at: day(26, 0), userId: 'u-2', clinicId: 'c-2', insuranceIds: [], gates: ['insurance', 'user'], noteType: 'evaluation' }),
    attempt(CHAIN_A, 0, { at: day(26, 23), userId: 'u-1', clinicId: 'c-2', insuranceIds: ['i-2'], gates: ['user'], noteType: 'daily' }),
    attempt(CHAIN_A, 0, { at: day(27), userId: 'u-3', clinicId: 'c-1', gates: ['billing'], noteType: 'progress' }),
  ]).then(async (log) => [
    ...log,
    ...(await sealAll([{ id: uuid(), chainId: CHAIN_A, at: day(28), type: 'review', reviewOf: log[1].id, reviewer: 'sup', note: '' }], log[3])),
  ]);
  const log: AuditEntry[] = [a1, a2, a3, a4, r1];
  const ids = (filter: AuditFilter) => applyFilter(log, filter).map((e) => e.id);

  it('returns attempts only, newest first', () => {
    expect(ids({})).toEqual([a4.id, a3.id, a2.id, a1.id]);
  });

  it('sorts newest first even when the input is not in time order, ties by seq', async () => {
    const [b1, b2] = await sealAll([attempt(CHAIN_B, 0, { at: day(27) }), attempt(CHAIN_B, 0, { at: day(27) })]);
    expect(applyFilter([a3, b1, a1, b2, a4], {}).map((e) => e.id)).toEqual([a4.id, b2.id, b1.id, a3.id, a1.id]); // same time: seq 4, 2, 1;
  });

  it.each<[string, AuditFilter, () => AuditEntry[]]>([
    ['userId', { userId: 'u-1' }, () => [a3, a1]],
    ['clinicId', { clinicId: 'c-2' }, () => [a3, a2]],
    ['insuranceId', { insuranceId: 'i-2' }, () => [a3, a1]],
    ['gate', { gate: 'user' }, () => [a3, a2]],
    ['noteType', { noteType: 'daily' }, () => [a3, a1]],
    ['reviewed yes', { reviewed: 'yes' }, () => [a2]],
    ['reviewed no', { reviewed: 'no' }, () => [a4, a3, a1]],
    ['an inclusive day range', { from: '2026-11-26', to: '2026-11-26' }, () => [a3, a2]],
    ['from only', { from: '2026-11-27' }, () => [a4]],
    ['to only', { to: '2026-11-25' }, () => [a1]],
    ['ISO instants', { from: day(26, 0), to: day(26, 0) }, () => [a2]],
    ['combined fields', { userId: 'u-1', clinicId: 'c-1' }, () => [a1]],
    ['empty strings as no filter', { userId: '', from: '', to: '' }, () => [a4, a3, a2, a1]],
  ])('filters by %s', (_, filter, expected) => {
    expect(ids(filter)).toEqual(expected().map((e) => e.id));
  });

  it('uses the reviews it is given', () => {
    expect(applyFilter(log, { reviewed: 'yes' }, new Map()).map((e) => e.id)).toEqual([]);
  });

  it('groups reviews by the attempt they review', () => {
    expect([...reviewsByAttempt(log)]).toEqual([[a2.id, [r1]]]);
  });
});

describe('perDayByGate', () => {
  it('counts attempts per day and gate, days ascending', () => {
    const at = (d: number, gates: string[]) => ({ at: day(d), gates }) as AttemptEntry;
    expect(perDayByGate([at(27, ['user']), at(25, ['clinic', 'user']), at(27, ['user', 'user']), at(27, [])])).toEqual([
      { day: '2026-11-25', counts: { clinic: 1, user: 1 }, total: 1 },
      { day: '2026-11-27', counts: { user: 2 }, total: 3 },
    ]);
  });
});
