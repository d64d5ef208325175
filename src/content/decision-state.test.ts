import { describe, expect, it } from 'vitest';
import { notSetUp, policyError } from '../policy/decision';
import { stateFor } from './decision-state';

describe('stateFor', () => {
  it('headlines "not set up" as a lock with its reason, and other policy failures as errors of the check', () => {
    expect(stateFor(notSetUp())).toEqual({ locked: true, reason: 'blocked' });
    expect(stateFor(policyError('The rule pack is invalid.', 'Fix it.'))).toEqual({ locked: true, reason: 'error' });
  });
});
