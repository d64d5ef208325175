/**
 * The newest part of the audit log, for the review page's first paint: a reverse cursor on the 'at'
 * index that stops after `attempts` attempt entries (and any entries with the same time as the last one,
 * so the boundary matches the whole log's order). Review entries met on the way come along: a review is
 * always newer than the attempt it reviews, so the newest attempts' reviews are among them.
 * Read-only, and opening never creates the database (as src/ui/shared/audit-db.ts).
 */
import { AUDIT_DB, type AuditEntry } from '../../audit/types';
import { byTime } from '../shared/audit-db';

function openExisting(): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(AUDIT_DB.name);
    let created = false;
    req.onupgradeneeded = () => {
      created = true;
      req.transaction?.abort();
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => (created ? resolve(null) : reject(req.error ?? new Error('IndexedDB could not be opened')));
    req.onblocked = () => reject(new Error('The audit log is being upgraded: try again in a moment.'));
  });
}

/** The newest entries holding at least `attempts` attempts (fewer if the log is smaller), oldest first. */
export async function readNewestEntries(attempts: number): Promise<AuditEntry[]> {
  const db = await openExisting();
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains(AUDIT_DB.store)) return [];
    const index = db.transaction(AUDIT_DB.store, 'readonly').objectStore(AUDIT_DB.store).index(AUDIT_DB.byAt);
    const out = await new Promise<AuditEntry[]>((resolve, reject) => {
      const got: AuditEntry[] = [];
      let seen = 0;
      let lastAt: string | null = null;
      const req = index.openCursor(null, 'prev');
      req.onerror = () => reject(req.error ?? new Error('The audit log could not be read'));
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return resolve(got);
        const e = cursor.value as AuditEntry;
        if (seen >= attempts && e.at !== lastAt) return resolve(got);
        got.push(e);
        if (e.type === 'attempt') {
          seen++;
          lastAt = e.at;
        }
        cursor.continue();
      };
    });
    return out.sort(byTime);
  } finally {
    db.close();
  }
}
