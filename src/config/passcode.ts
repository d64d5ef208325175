/**
 * The admin console's passcode: PBKDF2-SHA-256 with a random 16-byte salt (Web Crypto), stored as
 * { salt, hash, iterations } only, compared in constant time. Pure apart from Web Crypto (Node has it too).
 */
import type { StoredPasscode } from './types';

export const MIN_PASSCODE_LENGTH = 8;
const MAX_PASSCODE_LENGTH = 256;
/** OWASP's figure for PBKDF2-HMAC-SHA-256 (2023); never fewer than MIN_ITERATIONS. */
export const ITERATIONS = 600_000;
export const MIN_ITERATIONS = 200_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;

/** Why a new passcode is not acceptable, in plain words; null when it is. */
export function passcodeProblem(passcode: string): string | null {
  const length = [...passcode].length;
  if (length < MIN_PASSCODE_LENGTH) return `The passcode must be at least ${MIN_PASSCODE_LENGTH} characters long (this one has ${length}).`;
  if (length > MAX_PASSCODE_LENGTH) return `The passcode may be at most ${MAX_PASSCODE_LENGTH} characters long.`;
  if (passcode.trim() === '') return 'The passcode cannot be only spaces.';
  return null;
}

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function derive(passcode: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(passcode), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

/** Hashes a passcode that passed passcodeProblem. `iterations` below MIN_ITERATIONS are raised to it. */
export async function hashPasscode(passcode: string, iterations = ITERATIONS): Promise<StoredPasscode> {
  const rounds = Math.max(MIN_ITERATIONS, Math.floor(iterations));
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return { salt: toBase64(salt), hash: toBase64(await derive(passcode, salt, rounds)), iterations: rounds };
}

/** Same length and every byte compared, whatever differs first. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function isStoredPasscode(v: unknown): v is StoredPasscode {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as StoredPasscode;
  return typeof p.salt === 'string' && typeof p.hash === 'string' && Number.isSafeInteger(p.iterations) && p.iterations >= MIN_ITERATIONS;
}

/** Whether `passcode` is the stored one. A damaged stored value never matches. */
export async function verifyPasscode(passcode: string, stored: StoredPasscode): Promise<boolean> {
  if (!isStoredPasscode(stored) || passcode.length > MAX_PASSCODE_LENGTH * 2) return false;
  try {
    const expected = fromBase64(stored.hash);
    const actual = await derive(passcode, fromBase64(stored.salt), stored.iterations);
    return constantTimeEqual(actual, expected);
  } catch {
    return false;
  }
}
