/**
 * Messages from the admin console (an extension page) to the service worker about the configuration,
 * and their validation on the receiving side (tiny hand-written validators: every field is checked).
 * A bundle is only checked to be an object here: the worker validates it fully (validateBundle) and names
 * every problem, which a yes/no message check could not.
 */
import { isObject as isObj } from '../policy/json';

type PublishKind = 'publish' | 'import';

export type ConfigMessage =
  | { type: 'config:access' }
  | { type: 'config:set-passcode'; current?: string; next: string }
  | { type: 'config:unlock'; author: string; passcode: string }
  | { type: 'config:lock' }
  /**
   * `baseVersion`: the published version the draft (or, for an import, the comparison shown) was made from
   * (ActiveConfig.version, 0 for the bundled default). The worker refuses when a newer one was published since.
   */
  | { type: 'config:publish'; bundle: Record<string, unknown>; kind: PublishKind; summary: string; baseVersion: number }
  | { type: 'config:rollback'; version: number };

export const MAX_AUTHOR_CHARS = 80;
/** Long enough for any passphrase; the minimum length is checked by the worker, with a clear message. */
const MAX_PASSCODE_CHARS = 256;
export const MAX_SUMMARY_CHARS = 500;

const onlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
const isVersion = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPasscode = (v: unknown) => typeof v === 'string' && v.length <= MAX_PASSCODE_CHARS;
/** 1 to 80 characters, not only spaces, no control characters. */
export const isAuthor = (v: unknown): v is string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  typeof v === 'string' && v.trim().length >= 1 && v.length <= MAX_AUTHOR_CHARS && !/[\u0000-\u001f\u007f]/.test(v);

/** True for any message meant for the configuration handlers (so they, not the audit router, answer it). */
export const isConfigRequest = (m: unknown): boolean => isObj(m) && typeof m.type === 'string' && m.type.startsWith('config:');

/** A well-formed configuration request, or null. */
export function parseConfigMessage(m: unknown): ConfigMessage | null {
  if (!isObj(m)) return null;
  switch (m.type) {
    case 'config:access':
    case 'config:lock':
      return onlyKeys(m, ['type']) ? (m as ConfigMessage) : null;
    case 'config:set-passcode':
      return onlyKeys(m, ['type', 'current', 'next']) && (m.current === undefined || isPasscode(m.current)) && isPasscode(m.next) ? (m as ConfigMessage) : null;
    case 'config:unlock':
      return onlyKeys(m, ['type', 'author', 'passcode']) && isAuthor(m.author) && isPasscode(m.passcode) ? (m as ConfigMessage) : null;
    case 'config:publish':
      return onlyKeys(m, ['type', 'bundle', 'kind', 'summary', 'baseVersion']) &&
        isObj(m.bundle) &&
        (m.kind === 'publish' || m.kind === 'import') &&
        typeof m.summary === 'string' &&
        m.summary.length <= MAX_SUMMARY_CHARS &&
        isVersion(m.baseVersion)
        ? (m as ConfigMessage)
        : null;
    case 'config:rollback':
      return onlyKeys(m, ['type', 'version']) && isVersion(m.version) ? (m as ConfigMessage) : null;
    default:
      return null;
  }
}
