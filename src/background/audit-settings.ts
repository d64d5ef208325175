/**
 * What the audit writer keeps in storage.local besides the log: this browser's identity (its chain id and
 * the salt of note references, made once), the retention setting, and the "audit log problem" banner the
 * pages show while writes fail.
 */
import type { Storage } from 'webextension-polyfill';
import { isRetentionDays, UUID } from '../shared/audit-fields';

export const IDENTITY_KEY = 'auditIdentity';
export const SETTINGS_KEY = 'auditSettings';
export const PROBLEM_KEY = 'auditProblem';
const DEFAULT_RETENTION_DAYS = 180;

type Area = Pick<Storage.StorageArea, 'get' | 'set' | 'remove'>;

export interface AuditIdentity {
  chainId: string;
  salt: string;
}
interface AuditSettings {
  retentionDays: number;
}
interface AuditProblem {
  at: string;
  message: string;
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

export async function readRetentionDays(area: Area): Promise<number> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<AuditSettings> | undefined;
  return isRetentionDays(stored?.retentionDays) ? stored.retentionDays : DEFAULT_RETENTION_DAYS;
}

export async function saveRetentionDays(area: Area, days: number): Promise<void> {
  await area.set({ [SETTINGS_KEY]: { retentionDays: days } satisfies AuditSettings });
}

/** The banner the pages show while the log cannot be written; cleared after the next successful write. */
export function problemReporter(area: Area, now: () => Date = () => new Date()) {
  // Unknown after a worker start: the first successful write clears whatever a previous worker left.
  let shown: boolean | null = null;
  return {
    async set(message: string): Promise<void> {
      shown = true;
      await area.set({ [PROBLEM_KEY]: { at: now().toISOString(), message } satisfies AuditProblem }).catch(() => {});
    },
    async clear(): Promise<void> {
      if (shown === false) return;
      shown = false;
      await area.remove(PROBLEM_KEY).catch(() => {});
    },
  };
}
