import { describe, expect, it } from 'vitest';
import { attempt, CHAIN_A } from '../../audit/fixtures';
import type { AttemptEntry } from '../../audit/types';
import { EMPTY_DIRECTORY, NOT_SET_UP } from '../../policy/not-set-up';
import { explainAttempt } from './explain';

describe('explainAttempt', () => {
  it('explains an attempt blocked before setup with the one first-run text', () => {
    const entry = { ...attempt(CHAIN_A, 1), rules: [NOT_SET_UP.rule], gates: ['policy'] } as unknown as AttemptEntry;
    const { reasons } = explainAttempt(entry, { packs: [], directory: structuredClone(EMPTY_DIRECTORY), installedAt: '2026-12-07T00:00:00Z' });
    expect(reasons).toEqual([{ rule: NOT_SET_UP.rule, gate: 'policy', known: true, message: NOT_SET_UP.message, remedy: NOT_SET_UP.remedy }]);
  });
});
