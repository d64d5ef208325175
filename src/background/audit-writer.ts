/**
 * The audit log's single writer (it runs in the service worker; pages only read). Every write goes
 * through one promise queue, so entries of this browser's chain are sealed one after another against the
 * last one actually committed: no two entries share a seq and every `prev` is the hash before it.
 *
 * Durability: a write resolves only after its readwrite transaction (durability 'strict': flushed to
 * disk) has committed, and senders are acknowledged only then. A failed write (a full disk:
 * QuotaExceededError, or anything else) rejects with AuditWriteError and shows a problem banner; the
 * sender keeps its record and retries, so nothing is dropped silently. Senders retry until acknowledged,
 * so an id already stored resolves with the stored entry instead of a second one.
 *
 * Every entry added to this browser's chain moves the chain's anchor (audit-anchor.ts) in the same
 * transaction, so a cut-off tail or recomputed hashes show on verification (checkHead).
 *
 * The worker is stopped after ~30 s idle and started again on the next event: the last entry of the chain
 * is read from the database on first use, never assumed.
 */
import { sealEntry, type EntryBody } from '../audit/chain';
import type { AuditEntry, PruneEntry, ReviewEntry } from '../audit/types';
import { anchorKey, checkHead, type HeadCheck, makeAnchor } from './audit-anchor';
import type { ChainRecords } from './audit-chain-record';
import type { SigningKey } from './audit-signing';
import { ANCHOR_STORE, AUDIT_STORE, lastEntryOf, type AuditDb } from './audit-db';

export interface WriterDeps {
  /** The (shared, reopened when closed) database connection. */
  db: () => Promise<AuditDb>;
  /** This browser's chain id (made once, kept in storage.local). */
  chainId: () => Promise<string>;
  problems: { set(message: string): Promise<void>; clear(): Promise<void> };
  /** What storage.local remembers of the chain, to notice the log's database deleted (audit-chain-record.ts). */
  records?: ChainRecords;
  now?: () => Date;
}

export class AuditWriteError extends Error {
  constructor(
    readonly reason: 'full' | 'failed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuditWriteError';
  }
}

const DAY_MS = 86_400_000;

function describeFailure(e: unknown): AuditWriteError {
  const name = (e as { name?: unknown } | null)?.name;
  const detail = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as Error).message) : String(e);
  if (name === 'QuotaExceededError') {
    return new AuditWriteError(
      'full',
      `The audit log is full: the browser refused to store more (${detail}). Blocked attempts wait in the open note screens and are saved once there is room: export the log and lower the retention, or free disk space.`,
      { cause: e },
    );
  }
  return new AuditWriteError(
    'failed',
    `The audit log could not be written (${detail || String(name)}). Blocked attempts wait in the open note screens and are saved when writing works again.`,
    { cause: e },
  );
}

export class AuditWriter {
  private queue: Promise<unknown> = Promise.resolve();
  /** The last committed entry of this browser's chain: undefined until read from the database. */
  private last: AuditEntry | null | undefined = undefined;
  private readonly now: () => Date;
  private key: Promise<CryptoKey> | null = null;
  /** The connection `last` and `key` were read from. */
  private cachedFor: AuditDb | null = null;
  /** Whether this worker has made sure storage.local knows the chain has entries. */
  private started = false;

  constructor(private readonly deps: WriterDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Runs `job` after every job queued before it (whatever their outcome). */
  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Turns a storage failure into an AuditWriteError and shows the banner until a later write works. */
  private async failed(e: unknown): Promise<never> {
    // The cached last entry may be ahead of or behind the database now: read it again next time.
    this.last = undefined;
    const failure = e instanceof AuditWriteError ? e : describeFailure(e);
    await this.deps.problems.set(failure.message);
    throw failure;
  }

  /**
   * What this writer keeps of the database (its last entry, the anchor key) belongs to one open connection: a new
   * one (the browser closed the old one, or the database was deleted and is made anew) is read afresh.
   */
  private readFresh(db: AuditDb): void {
    if (db === this.cachedFor) return;
    this.cachedFor = db;
    this.last = undefined;
    this.key = null;
  }

  private async lastOfChain(db: AuditDb, chainId: string): Promise<AuditEntry | null> {
    this.readFresh(db);
    if (this.last === undefined || (this.last && this.last.chainId !== chainId)) this.last = await lastEntryOf(db, chainId);
    return this.last;
  }

  /**
   * The anchor's key. The first time it is made (a new log, or one written before anchors existed), the
   * chain's current head is anchored: trust on first use, and only then, so a removed anchor stays missing.
   * Made for a chain that already had entries, it means the log's database was deleted: that is remembered.
   */
  private anchorKeyOf(db: AuditDb, chainId: string): Promise<CryptoKey> {
    this.readFresh(db);
    if (!this.key) {
      this.key = (async () => {
        const { key, fresh } = await anchorKey(db);
        if (fresh && (await this.deps.records?.read(chainId))) await this.deps.records?.markDeleted(chainId, this.now());
        const last = fresh ? await lastEntryOf(db, chainId) : null;
        if (last) await db.put(ANCHOR_STORE, await makeAnchor(key, last));
        return key;
      })();
      this.key.catch(() => {
        this.key = null;
      });
    }
    return this.key;
  }

  /** Seals `body` onto this browser's chain and stores it; an id already stored resolves with the stored entry. */
  append(body: EntryBody): Promise<AuditEntry> {
    return this.enqueue(() => this.appendNow(body));
  }

  private async appendNow(body: EntryBody): Promise<AuditEntry> {
    const chainId = await this.deps.chainId();
    if (body.chainId !== chainId) throw new Error(`append: the entry is of chain ${body.chainId}, this browser writes ${chainId}`);
    let db: AuditDb;
    let last: AuditEntry | null;
    let key: CryptoKey;
    try {
      db = await this.deps.db();
      const stored = await db.get(AUDIT_STORE, body.id);
      if (stored) return stored;
      key = await this.anchorKeyOf(db, chainId);
      last = await this.lastOfChain(db, chainId);
    } catch (e) {
      return this.failed(e);
    }
    // Hash before the transaction: awaiting crypto.subtle inside one would let it auto-commit (inactive).
    // A body the validator refuses throws here. The message checks share the validator's limits, so this
    // should not happen; if it does, the banner says so rather than the sender retrying unseen.
    let entry: AuditEntry;
    try {
      entry = await sealEntry(body, last);
    } catch (e) {
      await this.deps.problems.set(
        `The audit log refused an entry (${body.type}): ${e instanceof Error ? e.message : String(e)}. It waits in the note screen that made it. Report this to your IT department.`,
      );
      throw e;
    }
    let again: AuditEntry | undefined;
    try {
      const anchor = await makeAnchor(key, entry);
      const tx = db.transaction([AUDIT_STORE, ANCHOR_STORE], 'readwrite', { durability: 'strict' });
      // Re-checked inside the transaction: only IDB requests are awaited in it, so it stays active.
      again = await tx.objectStore(AUDIT_STORE).get(entry.id);
      if (!again) {
        void tx
          .objectStore(AUDIT_STORE)
          .add(entry)
          .catch(() => undefined); // a failed request aborts: tx.done rejects
        void tx
          .objectStore(ANCHOR_STORE)
          .put(anchor)
          .catch(() => undefined);
      }
      await tx.done;
    } catch (e) {
      return this.failed(e);
    }
    await this.deps.problems.clear();
    if (again) return again;
    this.last = entry;
    await this.markStarted(chainId);
    return entry;
  }

  /** Tells storage.local the chain has entries, once per worker (a failure is tried again with the next entry). */
  private async markStarted(chainId: string): Promise<void> {
    if (this.started) return;
    try {
      await this.deps.records?.markStarted(chainId);
      this.started = true;
    } catch {
      /* storage.local unavailable now: the entry is stored all the same */
    }
  }

  /** "Mark reviewed": its own entry; the reviewed attempt is never edited. Null when no such attempt is stored. */
  async review(attemptId: string, reviewer: string, note: string): Promise<ReviewEntry | null> {
    const db = await this.deps.db();
    const target = await db.get(AUDIT_STORE, attemptId);
    if (target?.type !== 'attempt') return null;
    const chainId = await this.deps.chainId();
    const body: EntryBody = { id: crypto.randomUUID(), chainId, at: this.now().toISOString(), type: 'review', reviewOf: attemptId, reviewer, note };
    return (await this.append(body)) as ReviewEntry;
  }

  /**
   * Stores entries another browser exported (already checked by readImport: well-formed, chains intact),
   * as they are, in their own chains. Skipped: ids already stored, positions a stored entry already holds
   * (chain + seq), and anything claiming this browser's chain beyond its last entry (it would take the
   * place of entries this browser has not written yet).
   */
  importEntries(entries: AuditEntry[]): Promise<{ imported: number; skipped: number }> {
    return this.enqueue(async () => {
      const chainId = await this.deps.chainId();
      try {
        const db = await this.deps.db();
        const ownLast = (await this.lastOfChain(db, chainId))?.seq ?? 0;
        const tx = db.transaction(AUDIT_STORE, 'readwrite', { durability: 'strict' });
        const bySeq = tx.store.index('chain-seq');
        let imported = 0;
        for (const e of entries) {
          if (e.chainId === chainId && e.seq > ownLast) continue;
          const [byId, atSeq] = await Promise.all([tx.store.getKey(e.id), bySeq.getKey([e.chainId, e.seq])]);
          if (byId !== undefined || atSeq !== undefined) continue;
          void tx.store.add(e).catch(() => undefined);
          imported++;
        }
        await tx.done;
        await this.deps.problems.clear();
        return { imported, skipped: entries.length - imported };
      } catch (e) {
        return this.failed(e);
      }
    });
  }

  /**
   * Removes every entry (of any chain) older than `retentionDays` before `now`, and logs it: one 'prune'
   * entry with the count, the cutoff and the hash of the newest entry removed, in the same transaction as
   * the deletions, so entries never disappear without a trace. The entry names the retention applied.
   * Nothing to remove logs nothing (the worker prunes at every start), unless `setBy` names the admin who
   * just changed the retention: that change is always logged, with them.
   */
  prune(retentionDays: number, now: Date = this.now(), setBy?: string): Promise<{ removed: number; entry: PruneEntry | null }> {
    return this.enqueue(async () => {
      const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
      const range = IDBKeyRange.upperBound(before, true);
      const chainId = await this.deps.chainId();
      let db: AuditDb;
      let keys: string[];
      let newest: AuditEntry | undefined;
      let last: AuditEntry | null;
      let key: CryptoKey;
      try {
        db = await this.deps.db();
        key = await this.anchorKeyOf(db, chainId);
        keys = await db.getAllKeysFromIndex(AUDIT_STORE, 'at', range);
        if (keys.length === 0 && setBy === undefined) return { removed: 0, entry: null };
        newest = keys.length ? (await db.transaction(AUDIT_STORE).store.index('at').openCursor(range, 'prev'))?.value : undefined;
        last = await this.lastOfChain(db, chainId);
      } catch (e) {
        return this.failed(e);
      }
      const body: EntryBody = {
        id: crypto.randomUUID(),
        chainId,
        at: now.toISOString(),
        type: 'prune',
        removed: keys.length,
        before,
        lastRemovedHash: newest?.hash ?? '',
        retentionDays,
        ...(setBy !== undefined ? { setBy } : {}),
      };
      // The chain's own last entry may be among those removed: the prune entry still links to it.
      const entry = (await sealEntry(body, last)) as PruneEntry;
      try {
        const anchor = await makeAnchor(key, entry);
        const tx = db.transaction([AUDIT_STORE, ANCHOR_STORE], 'readwrite', { durability: 'strict' });
        const store = tx.objectStore(AUDIT_STORE);
        for (const k of keys) void store.delete(k).catch(() => undefined);
        void store.add(entry).catch(() => undefined);
        void tx
          .objectStore(ANCHOR_STORE)
          .put(anchor)
          .catch(() => undefined);
        await tx.done;
      } catch (e) {
        return this.failed(e);
      }
      this.last = entry;
      await this.markStarted(chainId);
      await this.deps.problems.clear();
      return { removed: keys.length, entry };
    });
  }

  /** This browser's own key (the anchor's), to sign exports: only this browser can check what it signs. */
  async browserSigningKey(): Promise<SigningKey> {
    const chainId = await this.deps.chainId();
    return { keyId: `browser:${chainId}`, key: await this.anchorKeyOf(await this.deps.db(), chainId) };
  }

  /** This browser's chain in the database against its anchor (after every write queued before it). */
  checkHead(): Promise<HeadCheck> {
    return this.enqueue(async () => {
      const chainId = await this.deps.chainId();
      const db = await this.deps.db();
      const key = await this.anchorKeyOf(db, chainId);
      // Read afresh: the point is to see what is in the database now, not what this worker last wrote.
      this.last = undefined;
      const [head, record] = await Promise.all([checkHead(db, key, chainId), this.deps.records?.read(chainId)]);
      return record?.deletedNoticedAt ? { state: 'deleted', noticedAt: record.deletedNoticedAt } : head;
    });
  }

  /** How much the extension's storage holds, and may hold (the log is most of it). */
  async storageUsage(): Promise<{ usage: number | null; quota: number | null }> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null };
  }
}
