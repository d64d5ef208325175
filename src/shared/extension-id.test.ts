/** The id in extension-id.ts is the one Chrome derives from manifest.json's key. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json';
import { EXTENSION_ID } from './extension-id';

/** Chrome: the first 16 bytes of SHA-256 of the public key (DER), each hex digit 0–f written as a–p. */
const idOfKey = (key: string) =>
  [...createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32)].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');

describe('EXTENSION_ID', () => {
  it("is the id Chrome derives from the manifest's key", () => {
    expect(EXTENSION_ID).toMatch(/^[a-p]{32}$/);
    expect(idOfKey(manifest.key)).toBe(EXTENSION_ID);
  });
});
