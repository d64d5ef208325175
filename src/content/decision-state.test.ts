/** How a decision locks the guard: the overlay's headline follows the lock reason. */
import { describe, expect, it } from 'vitest';
import { ENGINE_FAILED, policyError } from '../policy/decision';
import { notSetUp } from '../policy/not-set-up';
import { stateFor } from './decision-state';

describe('stateFor', () => {
  it('locks a clinic that is not set up yet as a plain lock, not as "could not check"', () => {
    expect(stateFor(notSetUp())).toEqual({ locked: true, reason: 'blocked' });
  });

  it('locks as an error when something went wrong', () => {
    expect(stateFor(policyError(...ENGINE_FAILED))).toEqual({ locked: true, reason: 'error' });
  });
});
