/**
 * The shapes and limits of what an audit entry may hold, written once: the worker's message checks
 * (src/shared/messages.ts) and the entry validator (src/audit/validate.ts) both use these, so a message the
 * worker accepts is always one it can store.
 *
 * One deliberate exception: the pack's name and version. Several packs decide together and their names
 * are joined ('a+b+c'), which can outgrow PACK_TEXT. Messages may carry up to SENT_PACK_TEXT, and the
 * worker stores a longer one reduced (packText below) rather than refusing the attempt.
 */
import { sha256Hex } from '../policy/sha256';

/** Canonical toISOString() form only: text order is then time order (the review filter compares strings). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const isIsoTime = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Gate and rule names. */
export const RULE = /^[a-z0-9][a-z0-9:-]{0,80}$/i;
/** Who reviewed an attempt (an identifier the supervisor enters). */
export const REVIEWER = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;
/** A pack's name or version as stored (joined names of several packs included). */
export const PACK_TEXT = /^[\x21-\x7e]{1,300}$/;
const PACK_TEXT_MAX = 300;
/** A pack's name or version as a content script may send it: the worker reduces it to PACK_TEXT. */
export const SENT_PACK_TEXT = /^[\x21-\x7e]{1,8000}$/;
export const PACK_HASH = /^[0-9a-f]{0,64}$/;
export const MAX_INSURANCE_IDS = 10;
export const MAX_GATES = 50;
export const MAX_RULES = 200;
export const MAX_REVIEW_NOTE_CHARS = 500;
export const MIN_RETENTION_DAYS = 1;
export const DEFAULT_RETENTION_DAYS = 180;
export const MAX_RETENTION_DAYS = 3650;
export const isRetentionDays = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= MIN_RETENTION_DAYS && (v as number) <= MAX_RETENTION_DAYS;

/** The organisation's audit signing key in browser policy (storage.managed): hex text of 32 to 64 bytes. */
export const AUDIT_KEY_ITEM = 'auditKey';
export const isAuditKeyText = (v: unknown): v is string => typeof v === 'string' && /^(?:[0-9a-fA-F]{2}){32,64}$/.test(v);

/** Marks a reduced pack text: '~' is in no pack name or version, so a reduced text never passes for a real one. */
const REDUCED = '~sha256:';

/**
 * A pack name or version that fits PACK_TEXT: as it is when it fits, otherwise its start, the marker and the
 * SHA-256 of the whole text (which still identifies it: hash the joined names of the packs in force to match).
 */
export function packText(text: string): string {
  if (PACK_TEXT.test(text)) return text;
  const suffix = `${REDUCED}${sha256Hex(text)}`;
  return `${text.slice(0, PACK_TEXT_MAX - suffix.length)}${suffix}`;
}
