import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hashPasscode, isStoredPasscode, ITERATIONS, MIN_ITERATIONS, passcodeProblem, verifyPasscode } from './passcode';

// PBKDF2 at the real iteration count is the point (≈0.5 s a derivation, several per test): a timeout
// at least 3× what these take on a busy 2-core machine.
describe('passcode', { timeout: 20_000 }, () => {
  it('needs at least 8 characters, and says so plainly', () => {
    expect(passcodeProblem('short')).toBe('The passcode must be at least 8 characters long (this one has 5).');
    expect(passcodeProblem('        ')).toMatch(/only spaces/);
    expect(passcodeProblem('x'.repeat(257))).toMatch(/at most 256/);
    expect(passcodeProblem('correct horse')).toBeNull();
  });

  it('stores PBKDF2-SHA-256 with a random 16-byte salt and at least 200,000 iterations, never the passcode', async () => {
    expect(ITERATIONS).toBeGreaterThanOrEqual(200_000);
    const a = await hashPasscode('correct horse', 1);
    expect(Object.keys(a).sort()).toEqual(['hash', 'iterations', 'salt']);
    expect(a.iterations).toBe(MIN_ITERATIONS);
    expect(atob(a.salt)).toHaveLength(16);
    expect(atob(a.hash)).toHaveLength(32);
    expect(JSON.stringify(a)).not.toContain('correct');
    const b = await hashPasscode('correct horse', MIN_ITERATIONS);
    expect(b.salt).not.toBe(a.salt);
    expect(b.hash).not.toBe(a.hash);
  });

  it('verifies the right passcode only', async () => {
    const stored = await hashPasscode('correct horse', MIN_ITERATIONS);
    expect(await verifyPasscode('correct horse', stored)).toBe(true);
    expect(await verifyPasscode('correct horsE', stored)).toBe(false);
    expect(await verifyPasscode('', stored)).toBe(false);
  });

  it('never matches a damaged or weakened stored value', async () => {
    const stored = await hashPasscode('correct horse', MIN_ITERATIONS);
    expect(await verifyPasscode('correct horse', { ...stored, hash: '!!!' })).toBe(false);
    expect(await verifyPasscode('correct horse', { ...stored, iterations: 1 })).toBe(false);
    expect(isStoredPasscode({ salt: 'a', hash: 'b' })).toBe(false);
    expect(isStoredPasscode(null)).toBe(false);
  });

  it('compares every byte', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
