import { describe, expect, it } from 'vitest';
import { MANAGED_WAIT_MS, statusNow } from './status';

const checking = { state: 'checking', since: 1000, reason: 'Did not arrive.', remedy: 'Contact IT.' };

describe('statusNow', () => {
  it('ok when absent or ok', () => {
    expect(statusNow(undefined, 0)).toEqual({ kind: 'ok' });
    expect(statusNow({ state: 'ok' }, 0)).toEqual({ kind: 'ok' });
  });

  it('checking for 30 s, then locked with the words the worker wrote', () => {
    expect(statusNow(checking, 1000 + MANAGED_WAIT_MS - 1)).toEqual({ kind: 'checking', until: 1000 + MANAGED_WAIT_MS });
    expect(statusNow(checking, 1000 + MANAGED_WAIT_MS)).toEqual({
      kind: 'locked',
      rule: 'finalize-guard:managed-missing',
      message: 'Did not arrive.',
      remedy: 'Contact IT.',
    });
  });

  it('locked with the reason when invalid, and on anything it does not understand', () => {
    expect(statusNow({ state: 'invalid', reason: 'Bad.', remedy: 'Call IT.' }, 0)).toEqual({
      kind: 'locked',
      rule: 'finalize-guard:managed-invalid',
      message: 'Bad.',
      remedy: 'Call IT.',
    });
    expect(statusNow({ state: 'checking' }, 0)).toMatchObject({ kind: 'locked', message: expect.stringMatching(/cannot apply/), remedy: 'Contact IT.' });
    expect(statusNow({ state: 'open' }, 0).kind).toBe('locked');
    expect(statusNow('ok', 0).kind).toBe('locked');
  });
});
