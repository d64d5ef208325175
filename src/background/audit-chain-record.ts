/**
 * What this browser remembers of its chain outside the log's own IndexedDB: that the chain has entries (written with
 * the first one this worker stores) and, once noticed, that the log's database was deleted or replaced since. The
 * anchor (audit-anchor.ts) shows a cut-off tail or recomputed hashes, but it lives in the same database: deleting the
 * whole database (DevTools' Application panel on an extension page, or its folder on disk) takes it along, and the
 * log would look new. A new anchor key for a chain that already had entries is that deletion; verification says so from then on.
 *
 * It is in storage.local, which a compromised content script could also write: it catches the database being
 * deleted on its own, not someone who controls the extension's storage (audit-anchor.ts says what nothing stops).
 */
import type { Storage } from 'webextension-polyfill';

export const CHAIN_RECORD_KEY = 'auditChainRecord';

interface ChainRecord {
  chainId: string;
  /** When the worker found the log's database deleted or replaced (ISO time). */
  deletedNoticedAt?: string;
}

export interface ChainRecords {
  /** The record of this chain, or null when it has no entries yet (or none this record knows of). */
  read(chainId: string): Promise<ChainRecord | null>;
  /** The chain has entries: a new database under it from now on was deleted or replaced. */
  markStarted(chainId: string): Promise<void>;
  markDeleted(chainId: string, at: Date): Promise<void>;
}

export function chainRecords(area: Pick<Storage.StorageArea, 'get' | 'set'>): ChainRecords {
  const read = async (chainId: string): Promise<ChainRecord | null> => {
    const r = (await area.get(CHAIN_RECORD_KEY))[CHAIN_RECORD_KEY] as Partial<ChainRecord> | undefined;
    if (r?.chainId !== chainId) return null;
    return typeof r.deletedNoticedAt === 'string' ? { chainId, deletedNoticedAt: r.deletedNoticedAt } : { chainId };
  };
  return {
    read,
    async markStarted(chainId) {
      if (!(await read(chainId))) await area.set({ [CHAIN_RECORD_KEY]: { chainId } });
    },
    async markDeleted(chainId, at) {
      // The first time it was noticed stays: later restarts find the same new database.
      if (!(await read(chainId))?.deletedNoticedAt) await area.set({ [CHAIN_RECORD_KEY]: { chainId, deletedNoticedAt: at.toISOString() } });
    },
  };
}
