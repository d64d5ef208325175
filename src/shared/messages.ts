/**
 * Messages to the service worker, and their validation on the receiving side (tiny hand-written
 * validators: every field is checked, whoever sent it).
 * - From content scripts: attempts and lock states. Attempt records carry identifiers and rule names
 *   only: never names, dates of birth or note text.
 * - From extension pages (review page, console): requests to the audit log's only writer.
 */
import { ID } from '../policy/facts';
import {
  isIsoTime,
  isRetentionDays,
  MAX_GATES,
  MAX_INSURANCE_IDS,
  MAX_REVIEW_NOTE_CHARS,
  MAX_RULES,
  PACK_HASH,
  REVIEWER,
  RULE,
  SENT_PACK_TEXT,
  UUID,
} from './audit-fields';
import type { Gate, Outcome } from '../policy/types';
import { isObject as isObj } from '../policy/json';

export interface AttemptRecord {
  id: string;
  at: string;
  kind: 'click' | 'key' | 'submit';
  /**
   * `confirm-billing`: finalizing was allowed, but the note will not reach billing, so the attempt was held to ask
   * for a confirmation that names why (its gates and rules are the billing warnings').
   */
  outcome: Exclude<Outcome, 'allowed'> | 'confirm-billing';
  profile: string;
  userId?: string;
  clinicId?: string;
  insuranceIds?: string[];
  noteType?: string;
  noteId?: string;
  /**
   * Set, instead of `noteId`, on the copy a content script keeps in storage.local (see
   * content/attempts.ts): the attempt was on a note, but the raw note id is never written to storage.
   */
  noteLost?: true;
  gates: Gate[];
  rules: string[];
  pack: { name: string; version: string; hash: string } | null;
}

export interface LockStateMessage {
  type: 'lock-state';
  locked: boolean;
  /** The finalize requests to block while locked: every one the page's profiles name (shipped ones included). */
  endpoints?: string[];
  /** The decision's outcome; absent while there is none (loading, orphaned, not a note screen). */
  outcome?: Outcome;
  /** The failing gates' messages, as the overlay shows them (for the popup). */
  reasons?: string[];
  /**
   * When this document became the page shown (ms since the epoch): its navigation's start (`performance.timeOrigin`),
   * or its return from the back/forward cache. The worker tells the tab's current page's frames from the page
   * before's by it, and a new page by it where the browser gives no `sender.documentId` (Firefox before 153).
   */
  page?: number;
}

export type ContentMessage = { type: 'attempt'; attempt: AttemptRecord } | LockStateMessage;

const MAX_REASONS = 10;
const MAX_REASON_CHARS = 300;
export const MAX_IMPORT_NAME_CHARS = 200;
/**
 * Entries per import message. The page sends a file in parts: Chrome refuses a message over 64 MiB, and
 * 5,000 entries (~4 MB of JSON) stay far below it while keeping a 100,000-entry file to 20 messages.
 */
export const MAX_IMPORT_ENTRIES = 5000;

export type PageMessage =
  | { type: 'audit:review'; reviewOf: string; reviewer: string; note: string }
  /**
   * One part of a file the page has read and verified (structure and chain). `entries` are AuditEntry
   * objects as sent; the worker checks each one again and names the bad one, so this only bounds the list.
   * `last` marks the file's final part (each part is stored on its own: nothing waits for it).
   */
  | { type: 'audit:import-entries'; fileName: string; entries: unknown[]; last: boolean }
  | { type: 'audit:set-retention'; days: number }
  /** "Verify chain": this browser's chain in the database against its anchor (background/audit-anchor.ts). */
  | { type: 'audit:check-head' }
  /** Sign / check a JSON export's digest (audit/export-import.ts exportDigest) with the worker's keys. */
  | { type: 'audit:sign-export'; digest: string }
  | { type: 'audit:check-signature'; digest: string; signature: { keyId: string; mac: string } }
  /** What the audit log lost has been seen (storage-keys.ts AUDIT_NOTICE_KEY): take the notice down. From the review page only. */
  | { type: 'audit:dismiss-notice' };

const isDigest = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const ENDPOINT = /^[\x21-\x7e]{1,300}$/;
/** Finalize endpoints per lock-state message (and network rules per tab: network-block.ts). */
export const MAX_ENDPOINTS = 8;
const optId = (v: unknown) => v === undefined || (typeof v === 'string' && ID.test(v));
const onlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

const ATTEMPT_KEYS = [
  'id',
  'at',
  'kind',
  'outcome',
  'profile',
  'userId',
  'clinicId',
  'insuranceIds',
  'noteType',
  'noteId',
  'noteLost',
  'gates',
  'rules',
  'pack',
];

export function isAttemptRecord(a: unknown): a is AttemptRecord {
  return (
    isObj(a) &&
    onlyKeys(a, ATTEMPT_KEYS) &&
    typeof a.id === 'string' &&
    UUID.test(a.id) &&
    isIsoTime(a.at) &&
    (a.kind === 'click' || a.kind === 'key' || a.kind === 'submit') &&
    (a.outcome === 'blocked' || a.outcome === 'would-block' || a.outcome === 'confirm-billing') &&
    typeof a.profile === 'string' &&
    ID.test(a.profile) &&
    optId(a.userId) &&
    optId(a.clinicId) &&
    optId(a.noteType) &&
    optId(a.noteId) &&
    (a.noteLost === undefined || (a.noteLost === true && a.noteId === undefined)) &&
    (a.insuranceIds === undefined ||
      (Array.isArray(a.insuranceIds) && a.insuranceIds.length <= MAX_INSURANCE_IDS && a.insuranceIds.every((i) => typeof i === 'string' && ID.test(i)))) &&
    Array.isArray(a.gates) &&
    a.gates.length <= MAX_GATES &&
    a.gates.every((g) => typeof g === 'string' && RULE.test(g)) &&
    Array.isArray(a.rules) &&
    a.rules.length <= MAX_RULES &&
    a.rules.every((r) => typeof r === 'string' && RULE.test(r)) &&
    (a.pack === null ||
      (isObj(a.pack) &&
        onlyKeys(a.pack, ['name', 'version', 'hash']) &&
        typeof a.pack.name === 'string' &&
        SENT_PACK_TEXT.test(a.pack.name) &&
        typeof a.pack.version === 'string' &&
        SENT_PACK_TEXT.test(a.pack.version) &&
        typeof a.pack.hash === 'string' &&
        PACK_HASH.test(a.pack.hash)))
  );
}

const isOutcome = (v: unknown) => v === 'allowed' || v === 'blocked' || v === 'would-block';
const isReasons = (v: unknown) => Array.isArray(v) && v.length <= MAX_REASONS && v.every((r) => typeof r === 'string' && r.length <= MAX_REASON_CHARS);

export function parseContentMessage(m: unknown): ContentMessage | null {
  if (!isObj(m)) return null;
  if (m.type === 'attempt' && onlyKeys(m, ['type', 'attempt']) && isAttemptRecord(m.attempt)) return m as ContentMessage;
  if (
    m.type === 'lock-state' &&
    onlyKeys(m, ['type', 'locked', 'endpoints', 'outcome', 'reasons', 'page']) &&
    typeof m.locked === 'boolean' &&
    (m.endpoints === undefined ||
      (Array.isArray(m.endpoints) && m.endpoints.length <= MAX_ENDPOINTS && m.endpoints.every((e) => typeof e === 'string' && ENDPOINT.test(e)))) &&
    (m.outcome === undefined || isOutcome(m.outcome)) &&
    (m.reasons === undefined || isReasons(m.reasons)) &&
    (m.page === undefined || Number.isFinite(m.page))
  )
    return m as ContentMessage;
  return null;
}

/** Requests from extension pages; null for anything else (including content-script messages). */
export function parsePageMessage(m: unknown): PageMessage | null {
  if (!isObj(m)) return null;
  if (
    m.type === 'audit:review' &&
    onlyKeys(m, ['type', 'reviewOf', 'reviewer', 'note']) &&
    typeof m.reviewOf === 'string' &&
    UUID.test(m.reviewOf) &&
    typeof m.reviewer === 'string' &&
    REVIEWER.test(m.reviewer) &&
    typeof m.note === 'string' &&
    m.note.length <= MAX_REVIEW_NOTE_CHARS
  )
    return m as PageMessage;
  if (
    m.type === 'audit:import-entries' &&
    onlyKeys(m, ['type', 'fileName', 'entries', 'last']) &&
    typeof m.fileName === 'string' &&
    m.fileName.length <= MAX_IMPORT_NAME_CHARS &&
    Array.isArray(m.entries) &&
    m.entries.length >= 1 &&
    m.entries.length <= MAX_IMPORT_ENTRIES &&
    typeof m.last === 'boolean'
  )
    return m as PageMessage;
  if (m.type === 'audit:set-retention' && onlyKeys(m, ['type', 'days']) && isRetentionDays(m.days)) return m as PageMessage;
  if ((m.type === 'audit:check-head' || m.type === 'audit:dismiss-notice') && onlyKeys(m, ['type'])) return m as PageMessage;
  if (m.type === 'audit:sign-export' && onlyKeys(m, ['type', 'digest']) && isDigest(m.digest)) return m as PageMessage;
  if (
    m.type === 'audit:check-signature' &&
    onlyKeys(m, ['type', 'digest', 'signature']) &&
    isDigest(m.digest) &&
    isObj(m.signature) &&
    onlyKeys(m.signature, ['keyId', 'mac']) &&
    typeof m.signature.keyId === 'string' &&
    ID.test(m.signature.keyId) &&
    isDigest(m.signature.mac)
  )
    return m as PageMessage;
  return null;
}
