/** Export signatures: the organisation's key from policy (any browser with it can check), else this browser's own. */
import { describe, expect, it } from 'vitest';
import { checkSignature, organisationKey, signDigest } from './audit-signing';

const DIGEST = 'ab'.repeat(32);
const KEY_TEXT = '0f'.repeat(32);

describe('export signatures', () => {
  it('reads the organisation key from policy, named by a fingerprint, and nothing from a malformed one', async () => {
    const k = await organisationKey({ auditKey: KEY_TEXT });
    expect(k?.keyId).toMatch(/^organisation:[0-9a-f]{16}$/);
    expect(k?.keyId).not.toContain(KEY_TEXT.slice(0, 16));
    expect(k?.key.extractable).toBe(false);
    expect(await organisationKey({})).toBeNull();
    expect(await organisationKey({ auditKey: 'short' })).toBeNull();
  });

  it('checks a signature made with the same key on another browser, and refuses a changed digest or mac', async () => {
    const here = (await organisationKey({ auditKey: KEY_TEXT }))!;
    const there = (await organisationKey({ auditKey: KEY_TEXT.toUpperCase() }))!;
    const sig = await signDigest(here, DIGEST);
    expect(await checkSignature([there], DIGEST, sig)).toBe(true);
    expect(await checkSignature([there], 'cd'.repeat(32), sig)).toBe(false);
    expect(await checkSignature([there], DIGEST, { ...sig, mac: sig.mac.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toBe(false);
  });

  it('cannot say for a key it does not hold', async () => {
    const other = (await organisationKey({ auditKey: '1e'.repeat(32) }))!;
    const mine = (await organisationKey({ auditKey: KEY_TEXT }))!;
    expect(await checkSignature([mine], DIGEST, await signDigest(other, DIGEST))).toBeNull();
  });
});
