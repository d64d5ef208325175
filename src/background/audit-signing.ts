/**
 * Signatures of JSON exports (an HMAC-SHA256 over the export's digest, audit/export-import.ts exportDigest).
 * With an organisation key in browser policy (`auditKey`), every browser of the fleet signs with it and any
 * of them can check any export; without one, this browser signs with its own anchor key, which only this
 * browser can check (elsewhere the signature "cannot be checked here"). Keys never leave the worker.
 */
import type { ExportSignature } from '../audit/types';
import { sha256Hex } from '../policy/sha256';
import { AUDIT_KEY_ITEM, isAuditKeyText } from '../shared/audit-fields';

export interface SigningKey {
  keyId: string;
  key: CryptoKey;
}

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => Number.parseInt(x, 16)));
const statement = (digest: string) => new TextEncoder().encode(`finalize-guard-export ${digest}`);

/** The organisation's key from what storage.managed holds, or null when policy sets none (or a malformed one). */
export async function organisationKey(managed: Record<string, unknown>): Promise<SigningKey | null> {
  const text = managed[AUDIT_KEY_ITEM];
  if (!isAuditKeyText(text)) return null;
  const raw = bytes(text.toLowerCase());
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  // The id names the key without revealing it: a SHA-256 of a 32-byte secret gives nothing back.
  return { keyId: `organisation:${sha256Hex(`finalize-guard-key ${text.toLowerCase()}`).slice(0, 16)}`, key };
}

export async function signDigest(k: SigningKey, digest: string): Promise<ExportSignature> {
  return { keyId: k.keyId, mac: hex(await crypto.subtle.sign('HMAC', k.key, statement(digest))) };
}

/** true/false when one of `keys` is the signature's key; null when none is (signed by a key this browser does not hold). */
export async function checkSignature(keys: SigningKey[], digest: string, sig: ExportSignature): Promise<boolean | null> {
  const k = keys.find((x) => x.keyId === sig.keyId);
  if (!k || !/^[0-9a-f]{64}$/.test(sig.mac)) return k ? false : null;
  return crypto.subtle.verify('HMAC', k.key, bytes(sig.mac), statement(digest));
}
