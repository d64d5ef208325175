/**
 * The audit log's IndexedDB (layout in AUDIT_DB): one object store of entries keyed by id, a unique
 * index on [chainId, seq] (one entry per position of a chain, so two writers or a forged import can
 * never give a chain two entries at one position) and an index on `at` for retention and filters.
 * Version 2 adds the chain anchor and its key (audit-anchor.ts), and the retention setting (audit-settings.ts).
 * Only the service worker opens it with a version (and so creates or upgrades it); pages only read.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { AUDIT_DB, type AuditEntry } from '../audit/types';
import type { Anchor } from './audit-anchor';

interface AuditSchema extends DBSchema {
  entries: {
    key: string;
    value: AuditEntry;
    indexes: { 'chain-seq': [string, number]; at: string };
  };
  /** Each chain's anchored head (audit-anchor.ts), by chain id. */
  anchor: { key: string; value: Anchor };
  /** The anchor's MAC key (a non-extractable CryptoKey), by name. */
  keys: { key: string; value: CryptoKey };
  /** Settings only the worker writes, by name ('retention': { retentionDays }). */
  settings: { key: string; value: { retentionDays: number } };
}
export type AuditDb = IDBPDatabase<AuditSchema>;

// The schema's literal names must be AUDIT_DB's: a change of one without the other fails to compile.
const STORE: typeof AUDIT_DB.store = 'entries';
const BY_SEQ: typeof AUDIT_DB.bySeq = 'chain-seq';
const BY_AT: typeof AUDIT_DB.byAt = 'at';
export const AUDIT_STORE = STORE;
export const ANCHOR_STORE: typeof AUDIT_DB.anchors = 'anchor';
export const KEY_STORE: typeof AUDIT_DB.keys = 'keys';
export const SETTINGS_STORE: typeof AUDIT_DB.settings = 'settings';

export function openAuditDb(): Promise<AuditDb> {
  return openDB<AuditSchema>(AUDIT_DB.name, AUDIT_DB.version, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const store = db.createObjectStore(STORE, { keyPath: 'id' });
        store.createIndex(BY_SEQ, ['chainId', 'seq'], { unique: true });
        store.createIndex(BY_AT, 'at');
      }
      if (oldVersion < 2) {
        db.createObjectStore(ANCHOR_STORE, { keyPath: 'chainId' });
        db.createObjectStore(KEY_STORE);
        db.createObjectStore(SETTINGS_STORE);
      }
    },
  });
}

/** A connection opened once and reopened after the browser closed it (e.g. the profile's storage was cleared). */
export function auditDbConnection(open: () => Promise<AuditDb> = openAuditDb): () => Promise<AuditDb> {
  let current: Promise<AuditDb> | null = null;
  return () => {
    if (!current) {
      current = open().then((db) => {
        const drop = () => {
          current = null;
        };
        db.addEventListener('close', drop);
        // A later version wants in (a future worker): let it, and reopen on next use.
        db.addEventListener('versionchange', () => {
          db.close();
          drop();
        });
        return db;
      });
      current.catch(() => {
        current = null;
      });
    }
    return current;
  };
}

/** The key range of one chain in the 'chain-seq' index. */
const chainRange = (chainId: string) => IDBKeyRange.bound([chainId, 0], [chainId, Number.MAX_SAFE_INTEGER]);

/** The entry with the highest seq of a chain, or null when the chain has none here. */
export async function lastEntryOf(db: AuditDb, chainId: string): Promise<AuditEntry | null> {
  const cursor = await db.transaction(STORE).store.index(BY_SEQ).openCursor(chainRange(chainId), 'prev');
  return cursor?.value ?? null;
}

/** Every entry of a chain, in seq order. */
export async function chainEntries(db: AuditDb, chainId: string): Promise<AuditEntry[]> {
  return db.getAllFromIndex(STORE, BY_SEQ, chainRange(chainId));
}
