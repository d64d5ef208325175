import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { AttemptRecord } from '../shared/messages';
import { sealEntry } from './chain';
import { attemptBody, isAuditEntry, noteRef } from './entries';
import { attemptRecord, CHAIN_A, chainOf } from './fixtures';
import { ENTRY_FIELDS } from './types';

// Property tests that seal (hash) every generated entry: up to ≈1.6 s on a busy 2-core machine, so a
// timeout at least 3× that.
vi.setConfig({ testTimeout: 20_000 });

const record = attemptRecord({ at: '2026-11-27T10:00:00Z' });
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/);
const junkKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !ENTRY_FIELDS.attempt.includes(k));
const records = fc.record(
  {
    id: fc.uuid({ version: 4 }),
    at: fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 0, 1), noInvalidDate: true }).map((d) => d.toISOString()),
    kind: fc.constantFrom('click', 'key', 'submit'),
    outcome: fc.constantFrom('blocked', 'would-block'),
    profile: id,
    userId: id,
    clinicId: id,
    insuranceIds: fc.array(id, { maxLength: 10 }),
    noteType: id,
    noteId: id,
    gates: fc.subarray(['clinic', 'insurance', 'user', 'billing'] as const),
    rules: fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), { maxLength: 5 }),
    pack: fc.option(fc.record({ name: id, version: fc.constant('1.0.0'), hash: fc.stringMatching(/^[0-9a-f]{0,64}$/), extra: fc.string() }), { nil: null }),
  },
  { requiredKeys: ['id', 'at', 'kind', 'outcome', 'profile', 'gates', 'rules', 'pack'] },
);
const withJunk = fc.tuple(records, fc.dictionary(junkKey, fc.jsonValue(), { maxKeys: 4 })).map(([r, junk]) => ({ ...junk, ...r }) as AttemptRecord);

describe('attemptBody', () => {
  it('copies only allowed fields, never the note id or junk, and seals into a valid entry', async () => {
    await fc.assert(
      fc.asyncProperty(withJunk, fc.option(fc.constant('ff'.repeat(32)), { nil: undefined }), async (r, ref) => {
        const body = attemptBody(r, { chainId: CHAIN_A, credential: 'PTA', noteRef: ref });
        for (const key of Object.keys(body)) expect(ENTRY_FIELDS.attempt).toContain(key);
        expect(body).not.toHaveProperty('noteId');
        if (body.pack) expect(Object.keys(body.pack).sort()).toEqual(['hash', 'name', 'version']);
        expect(Object.values(body)).not.toContain(undefined);
        expect(isAuditEntry(await sealEntry(body, null))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the fields and outcome, and normalises `at` to toISOString()', () => {
    const body = attemptBody({ ...record, outcome: 'would-block' }, { chainId: CHAIN_A });
    expect(body).toMatchObject({ id: record.id, type: 'attempt', outcome: 'would-block', at: '2026-11-27T10:00:00.000Z', userId: 'u-pta-riley' });
    expect(body).not.toHaveProperty('credential');
    expect(JSON.stringify(body)).not.toContain('note-20001');
  });
});

describe('noteRef', () => {
  it('is the SHA-256 hex of salt:noteId', async () => {
    // sha256("salt:note-1"), computed independently with `printf 'salt:note-1' | sha256sum`.
    expect(await noteRef('note-1', 'salt')).toBe('b5d53105319d91dab875c5ba509b60656d20f62d9e121ae97a9545144f19cdb2');
    expect(await noteRef('note-1', 'other')).not.toBe(await noteRef('note-1', 'salt'));
  });
});

describe('isAuditEntry', async () => {
  const [entry, second] = await chainOf(CHAIN_A, 2);
  const review = await sealEntry(
    {
      id: '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9c',
      chainId: CHAIN_A,
      at: '2026-11-27T11:00:00.000Z',
      type: 'review',
      reviewOf: entry.id,
      reviewer: 'sup@clinic',
      note: 'ok',
    },
    second,
  );

  it('accepts sealed entries', () => {
    expect([entry, second, review].every(isAuditEntry)).toBe(true);
  });

  it.each([
    ['an extra key', { ...entry, tabId: 3 }],
    ['a patient name field', { ...entry, patientName: 'Jane Doe' }],
    ['a note id', { ...entry, noteId: 'note-1' }],
    ['an id that is not a UUID', { ...entry, id: '1' }],
    ['an upper-case chain id', { ...entry, chainId: CHAIN_A.toUpperCase() }],
    ['seq 0', { ...entry, seq: 0 }],
    ['a fractional seq', { ...entry, seq: 1.5 }],
    ['a prev at seq 1', { ...entry, prev: second.hash }],
    ['no prev after seq 1', { ...second, prev: '' }],
    ['a non-ISO time', { ...entry, at: 'Nov 27 2026' }],
    ['a short hash', { ...entry, hash: 'abc' }],
    ['note text in a gate', { ...entry, gates: ['Patient reports knee pain'] }],
    ['too many insurances', { ...entry, insuranceIds: Array(11).fill('ins') }],
    ['an unknown credential', { ...entry, credential: 'MD' }],
    ['a review note over 500 characters', { ...review, note: 'x'.repeat(501) }],
    ['a reviewer with spaces', { ...review, reviewer: 'Dr Jane Doe' }],
    ['an attempt field on a review', { ...review, userId: 'u-1' }],
    ['an unknown type', { ...entry, type: 'delete' }],
    ['an array', [entry]],
  ])('rejects %s', (_, v) => {
    expect(isAuditEntry(v)).toBe(false);
  });
});
