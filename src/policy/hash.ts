import { sha256Hex } from './sha256';

/** A pack's content hash: SHA-256 of its canonical JSON (keys sorted), so formatting does not change it. */

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Asynchronous for its callers' sake (it once used SubtleCrypto); one SHA-256 implementation serves all. */
export async function contentHash(value: unknown): Promise<string> {
  return sha256Hex(canonicalJson(value));
}
