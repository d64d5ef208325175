/**
 * Strict structural check of one audit entry. Import feeds it untrusted files, and sealEntry runs it on
 * every entry it makes, so the writer never stores an entry that an import would later refuse.
 * Each check says why it failed: the import page names the first bad entry and the reason.
 */
import { CREDENTIALS } from '../policy/catalog';
import { ID } from '../policy/facts';
import { isAuthor } from '../shared/config-messages';
import { ENTRY_FIELDS, type AuditEntry } from './types';
import { isObject as isObj } from '../policy/json';
// The same shapes and limits the worker's message checks use (one definition for both).
import {
  isIsoTime,
  isRetentionDays,
  MAX_GATES,
  MAX_INSURANCE_IDS,
  MAX_REVIEW_NOTE_CHARS,
  MAX_RULES,
  PACK_HASH,
  PACK_TEXT,
  REVIEWER,
  RULE,
  UUID,
} from '../shared/audit-fields';

const HEX64 = /^[0-9a-f]{64}$/;

const str = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
const list = (v: unknown, max: number, re: RegExp) => Array.isArray(v) && v.length <= max && v.every((x) => str(x, re));
const opt = (v: unknown, ok: (x: unknown) => boolean) => v === undefined || ok(v);

/** Field checks per type; `undefined` means the field is absent (only optional fields accept that). */
const ATTEMPT: Record<string, (v: unknown) => boolean> = {
  kind: (v) => v === 'click' || v === 'key' || v === 'submit',
  outcome: (v) => v === 'blocked' || v === 'would-block' || v === 'policy-error' || v === 'confirm-billing',
  userId: (v) => opt(v, (x) => str(x, ID)),
  credential: (v) => opt(v, (x) => (CREDENTIALS as unknown[]).includes(x)),
  clinicId: (v) => opt(v, (x) => str(x, ID)),
  insuranceIds: (v) => opt(v, (x) => list(x, MAX_INSURANCE_IDS, ID)),
  noteType: (v) => opt(v, (x) => str(x, ID)),
  noteRef: (v) => opt(v, (x) => str(x, HEX64)),
  noteLost: (v) => opt(v, (x) => x === true),
  gates: (v) => list(v, MAX_GATES, RULE),
  rules: (v) => list(v, MAX_RULES, RULE),
  pack: (v) =>
    v === null ||
    (isObj(v) &&
      Object.keys(v).every((k) => k === 'name' || k === 'version' || k === 'hash') &&
      str(v.name, PACK_TEXT) &&
      str(v.version, PACK_TEXT) &&
      str(v.hash, PACK_HASH)),
  profile: (v) => str(v, ID),
};
const REVIEW: Record<string, (v: unknown) => boolean> = {
  reviewOf: (v) => str(v, UUID),
  reviewer: (v) => str(v, REVIEWER),
  note: (v) => typeof v === 'string' && v.length <= MAX_REVIEW_NOTE_CHARS,
};
const PRUNE: Record<string, (v: unknown) => boolean> = {
  removed: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  before: isIsoTime,
  lastRemovedHash: (v) => v === '' || str(v, HEX64),
  retentionDays: (v) => opt(v, isRetentionDays),
  setBy: (v) => opt(v, isAuthor),
};
const BY_TYPE = { attempt: ATTEMPT, review: REVIEW, prune: PRUNE };

/** Why `v` is not a valid audit entry, or null when it is. */
export function auditEntryProblem(v: unknown): string | null {
  if (!isObj(v)) return 'not an object';
  const type = v.type;
  if (type !== 'attempt' && type !== 'review' && type !== 'prune') return 'unknown type';
  const allowed = ENTRY_FIELDS[type];
  const extra = Object.keys(v).find((k) => !allowed.includes(k));
  if (extra !== undefined) return `unexpected field "${extra.slice(0, 40)}"`;
  if (!str(v.id, UUID)) return 'id is not a UUID';
  if (!str(v.chainId, UUID)) return 'chainId is not a UUID';
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) return 'seq is not a positive integer';
  if (!isIsoTime(v.at)) return 'at is not an ISO time';
  if (!str(v.hash, HEX64)) return 'hash is not a SHA-256';
  if (v.seq === 1 ? v.prev !== '' : !str(v.prev, HEX64)) return 'prev does not fit its seq';
  const checks = BY_TYPE[type];
  for (const field of Object.keys(checks)) {
    if (!checks[field](v[field])) return `${field} is not valid`;
  }
  if (type === 'prune' && v.removed !== 0 && v.lastRemovedHash === '') return 'lastRemovedHash is missing';
  return null;
}

export function isAuditEntry(v: unknown): v is AuditEntry {
  return auditEntryProblem(v) === null;
}
