/**
 * What the audit writer keeps besides the log: in storage.local, this browser's identity (its chain id and the
 * salt of note references, made once) and the "audit log problem" banner the pages show while writes fail; in
 * the log's own IndexedDB, the retention setting. Retention deletes history, and content scripts can write
 * storage.local (a page's script cannot, but a compromised content script could): so it lives where only the
 * extension's pages and worker reach, and only the worker writes it, for an unlocked admin (audit-handlers.ts).
 */
import type { Storage } from 'webextension-polyfill';
import { DEFAULT_RETENTION_DAYS, isRetentionDays, UUID } from '../shared/audit-fields';
import { AUDIT_NOTICE_KEY, AUDIT_PROBLEM_KEY, type AuditProblem } from '../shared/storage-keys';
import { type AuditDb, SETTINGS_STORE } from './audit-db';

export const IDENTITY_KEY = 'auditIdentity';
/** Where versions before 2026-12 kept the retention (storage.local): read once, moved into the log's database. */
export const LEGACY_SETTINGS_KEY = 'auditSettings';
const RETENTION = 'retention';

type Area = Pick<Storage.StorageArea, 'get' | 'set' | 'remove'>;

export interface AuditIdentity {
  chainId: string;
  salt: string;
}
interface AuditSettings {
  retentionDays: number;
}

const SALT = /^[0-9a-f]{64}$/;

function newIdentity(): AuditIdentity {
  const salt = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { chainId: crypto.randomUUID(), salt };
}

/**
 * This browser's identity, made on first use and kept. The returned function memoizes one promise, so
 * concurrent first uses (a prune at start and an attempt arriving together) never make two chains.
 */
export function identityLoader(area: Area): () => Promise<AuditIdentity> {
  let loading: Promise<AuditIdentity> | null = null;
  return () => {
    if (!loading) {
      loading = (async () => {
        const stored = (await area.get(IDENTITY_KEY))[IDENTITY_KEY] as Partial<AuditIdentity> | undefined;
        if (stored && typeof stored.chainId === 'string' && UUID.test(stored.chainId) && typeof stored.salt === 'string' && SALT.test(stored.salt)) {
          return { chainId: stored.chainId, salt: stored.salt };
        }
        // Absent (first run). A malformed one is replaced too: a new chain is better than no log.
        const made = newIdentity();
        await area.set({ [IDENTITY_KEY]: made });
        return made;
      })();
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
}

/**
 * The retention in force. A setting an older version kept in storage.local is moved here the first time
 * (the admins set it through the worker then); after that storage.local is never read for it again.
 */
export async function readRetentionDays(db: AuditDb, legacy: Area): Promise<number> {
  const stored = await db.get(SETTINGS_STORE, RETENTION);
  if (stored) return isRetentionDays(stored.retentionDays) ? stored.retentionDays : DEFAULT_RETENTION_DAYS;
  const old = (await legacy.get(LEGACY_SETTINGS_KEY))[LEGACY_SETTINGS_KEY] as Partial<AuditSettings> | undefined;
  const days = isRetentionDays(old?.retentionDays) ? old.retentionDays : DEFAULT_RETENTION_DAYS;
  await saveRetentionDays(db, days);
  await legacy.remove(LEGACY_SETTINGS_KEY);
  return days;
}

export async function saveRetentionDays(db: AuditDb, days: number): Promise<void> {
  await db.put(SETTINGS_STORE, { retentionDays: days } satisfies AuditSettings, RETENTION);
}

/**
 * The banner the pages show while the log cannot be written (set; cleared after the next successful write), and the
 * notice of what the log lost (keep; it stays until someone dismisses it).
 */
export function problemReporter(area: Area, now: () => Date = () => new Date()) {
  // Unknown after a worker start: the first successful write clears whatever a previous worker left.
  let shown: boolean | null = null;
  return {
    async set(message: string): Promise<void> {
      shown = true;
      await area.set({ [AUDIT_PROBLEM_KEY]: { at: now().toISOString(), message } satisfies AuditProblem }).catch(() => {});
    },
    async clear(): Promise<void> {
      if (shown === false) return;
      shown = false;
      await area.remove(AUDIT_PROBLEM_KEY).catch(() => {});
    },
    /** Something the log lost: kept, whatever is written next, until someone dismisses it. Throws when it cannot be kept. */
    async keep(message: string): Promise<void> {
      await area.set({ [AUDIT_NOTICE_KEY]: { at: now().toISOString(), message } satisfies AuditProblem });
    },
    async dismiss(): Promise<void> {
      await area.remove(AUDIT_NOTICE_KEY);
    },
  };
}
