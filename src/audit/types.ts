/**
 * The audit log's entries: minimum necessary (HIPAA 164.502(b)) — identifiers, rule names and
 * outcomes, never patient names, dates of birth or note text. Each entry binds the previous one of its
 * chain (one chain per browser profile), so an edited, deleted, inserted or reordered entry shows.
 */
import type { Credential, Gate } from '../policy/types';

export type AuditEventType = 'attempt' | 'review' | 'prune';
type AttemptOutcome = 'blocked' | 'would-block' | 'policy-error' | 'confirm-billing';

interface EntryBase {
  /** UUID; the writer stores each id once (senders retry until acknowledged). */
  id: string;
  /** Which browser's chain this entry belongs to (a UUID made once per profile). */
  chainId: string;
  /** Position in its chain, from 1. */
  seq: number;
  /** ISO time the event happened. */
  at: string;
  type: AuditEventType;
  /** Hash of the previous entry of this chain ('' for the first). */
  prev: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  hash: string;
}

export interface AttemptEntry extends EntryBase {
  type: 'attempt';
  kind: 'click' | 'key' | 'submit';
  outcome: AttemptOutcome;
  userId?: string;
  credential?: Credential;
  clinicId?: string;
  insuranceIds?: string[];
  noteType?: string;
  /** Salted SHA-256 of the note id: the same note groups together, the id itself is not kept. */
  noteRef?: string;
  /** The attempt was on a note, but only the copy without the note id reached the log (its tab closed first). */
  noteLost?: true;
  gates: Gate[];
  rules: string[];
  pack: { name: string; version: string; hash: string } | null;
  profile: string;
}

/** "Mark reviewed" is its own event: the original entry is never edited. */
export interface ReviewEntry extends EntryBase {
  type: 'review';
  /** The attempt entry reviewed. */
  reviewOf: string;
  /** Who reviewed (an identifier the supervisor enters, e.g. their user id). */
  reviewer: string;
  /** The supervisor's note (they are asked not to write patient data in it). */
  note: string;
}

/** Retention pruning is logged too: entries never disappear silently. */
export interface PruneEntry extends EntryBase {
  type: 'prune';
  /** How many entries older than `before` were removed, and the hash of the last one removed. */
  removed: number;
  before: string;
  lastRemovedHash: string;
  /** The retention applied, in days; with `setBy` when an admin set it (the setting change is logged even when nothing was removed). */
  retentionDays?: number;
  /** The unlocked admin console's author who changed the retention. */
  setBy?: string;
}

export type AuditEntry = AttemptEntry | ReviewEntry | PruneEntry;

/** The only fields an entry may carry (a test checks every produced entry against it). */
export const ENTRY_FIELDS: Record<AuditEventType, readonly string[]> = {
  attempt: [
    'id',
    'chainId',
    'seq',
    'at',
    'type',
    'prev',
    'hash',
    'kind',
    'outcome',
    'userId',
    'credential',
    'clinicId',
    'insuranceIds',
    'noteType',
    'noteRef',
    'noteLost',
    'gates',
    'rules',
    'pack',
    'profile',
  ],
  review: ['id', 'chainId', 'seq', 'at', 'type', 'prev', 'hash', 'reviewOf', 'reviewer', 'note'],
  prune: ['id', 'chainId', 'seq', 'at', 'type', 'prev', 'hash', 'removed', 'before', 'lastRemovedHash', 'retentionDays', 'setBy'],
};

/** The last entry of a chain as a whole export holds it: a cut-off tail no longer ends there. */
export interface ChainHead {
  chainId: string;
  seq: number;
  hash: string;
}

/** An HMAC-SHA256 over the export's digest (exportDigest), by the key `keyId` names (background/audit-signing.ts). */
export interface ExportSignature {
  keyId: string;
  mac: string;
}

/** The JSON export / import file. Version 1 (older) did not say whether it was whole or filtered. */
export interface AuditExport {
  format: 'finalize-guard-audit';
  version: 1 | 2;
  exportedAt: string;
  /** Version 2: 'whole', every entry of the log, or 'filtered', the entries `filter` selected (and their reviews). */
  scope?: 'whole' | 'filtered';
  /** The review page's filter of a filtered export (identifiers and dates only). */
  filter?: Record<string, string>;
  /** A whole export: each complete chain's last entry. */
  heads?: ChainHead[];
  /** A whole export: chains this log holds only in part itself (imported from filtered exports). */
  partialChains?: string[];
  signature?: ExportSignature;
  /** Entries in chain order (by chainId, then seq). A filtered export carries whole chains' hashes only for what it holds. */
  entries: AuditEntry[];
}

/** IndexedDB layout, shared by the service worker (the only writer) and the review page (reader). */
export const AUDIT_DB = {
  name: 'finalize-guard-audit',
  version: 2,
  store: 'entries',
  bySeq: 'chain-seq',
  byAt: 'at',
  anchors: 'anchor',
  keys: 'keys',
  /** Settings only the worker writes (the retention): content scripts cannot reach the extension's IndexedDB. */
  settings: 'settings',
} as const;
