import type { DeclarativeNetRequest } from 'webextension-polyfill';
/**
 * The audit writer on an in-memory IndexedDB (fake-indexeddb): dedupe by id, one chain across worker
 * restarts, pruning that logs itself, serialized concurrent appends, failures that are reported and
 * never acknowledged. The real browser's IndexedDB is exercised by test/e2e/audit-writer.test.ts.
 */
import 'fake-indexeddb/auto';
import { IDBObjectStore as FDBObjectStore, IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryArea } from '../../test/support/memory-area';
import { type EntryBody, sealEntry, verifyChain } from '../audit/chain';
import { attemptRecord } from '../audit/fixtures';
import type { AttemptEntry, AuditEntry } from '../audit/types';
import { isAuditEntry } from '../audit/validate';
import { CHAIN_RECORD_KEY, chainRecords } from './audit-chain-record';
import { type AuditDb, auditDbConnection, chainEntries, openAuditDb } from './audit-db';
import { createHandlers, tabKey } from './audit-handlers';
import { IDENTITY_KEY, identityLoader, LEGACY_SETTINGS_KEY, problemReporter } from './audit-settings';
import { AUDIT_PROBLEM_KEY as PROBLEM_KEY } from '../shared/storage-keys';
import { AuditWriteError, AuditWriter } from './audit-writer';

const CHAIN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER_CHAIN = '9b2d3c4e-0000-4000-8000-0000000000bb';

let n = 0;
const id = () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
const body = (over: Partial<AttemptEntry> = {}, chainId = CHAIN): EntryBody =>
  ({
    id: id(),
    chainId,
    at: new Date(Date.UTC(2026, 10, 27, 9, 0, n % 60)).toISOString(),
    type: 'attempt',
    kind: 'click',
    outcome: 'blocked',
    userId: 'u-pta-riley',
    gates: ['clinic'],
    rules: ['clinic-allows-assistants'],
    pack: null,
    profile: 'demo-ehr',
    ...over,
  }) as EntryBody;

/** One "worker": its own connection and writer (a restart is a new one on the same database). */
function startWorker(local = memoryArea(), chainId = CHAIN) {
  const db = auditDbConnection();
  const writer = new AuditWriter({ db, chainId: async () => chainId, problems: problemReporter(local), records: chainRecords(local) });
  return { db, writer, local };
}

async function all(db: () => Promise<AuditDb>): Promise<AuditEntry[]> {
  return (await db()).getAll('entries');
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('audit database', () => {
  it('has the layout of AUDIT_DB: entries by id, a unique chain-seq index and an at index', async () => {
    const db = await openAuditDb();
    expect(db.name).toBe('finalize-guard-audit');
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['anchor', 'entries', 'keys', 'settings']);
    const store = db.transaction('entries').store;
    expect(store.keyPath).toBe('id');
    expect(store.index('chain-seq').unique).toBe(true);
    expect(store.index('chain-seq').keyPath).toEqual(['chainId', 'seq']);
    expect(store.index('at').keyPath).toBe('at');
    db.close();
  });
});

describe('AuditWriter', () => {
  it('stores an id once: a retried append resolves with the stored entry', async () => {
    const { db, writer } = startWorker();
    const b = body();
    const first = await writer.append(b);
    const again = await writer.append({ ...b, at: new Date().toISOString() } as EntryBody);
    const [x, y] = await Promise.all([writer.append(b), writer.append(b)]);
    expect(again).toEqual(first);
    expect(x).toEqual(first);
    expect(y).toEqual(first);
    expect(await all(db)).toHaveLength(1);
    expect(first).toMatchObject({ seq: 1, prev: '', chainId: CHAIN });
  });

  it('continues the same chain after a restart (a new writer reads the last entry from the database)', async () => {
    const a = startWorker();
    await a.writer.append(body());
    const second = await a.writer.append(body());
    const b = startWorker();
    const third = await b.writer.append(body());
    expect(third.seq).toBe(3);
    expect(third.prev).toBe(second.hash);
    const entries = await chainEntries(await b.db(), CHAIN);
    expect((await verifyChain(entries)).ok).toBe(true);
  });

  it('lands 200 concurrent appends as seq 1..200 of one intact chain', async () => {
    const { db, writer } = startWorker();
    const bodies = Array.from({ length: 200 }, () => body());
    const entries = await Promise.all(bodies.map((b) => writer.append(b)));
    expect(entries.map((e) => e.id)).toEqual(bodies.map((b) => b.id));
    const stored = await chainEntries(await db(), CHAIN);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const report = await verifyChain(stored);
    expect(report.ok).toBe(true);
    expect(report.chains).toEqual([expect.objectContaining({ chainId: CHAIN, count: 200, firstSeq: 1, lastSeq: 200, gaps: [] })]);
  });

  it('prunes every entry older than the retention, and logs it with one prune entry', async () => {
    const { db, writer } = startWorker();
    const old = [];
    for (let i = 0; i < 3; i++) old.push(await writer.append(body({ at: `2026-01-0${i + 1}T10:00:00.000Z` })));
    const recent = await writer.append(body({ at: '2026-11-20T10:00:00.000Z' }));
    // Another browser's imported entries are pruned too.
    const [foreign] = await sealed(OTHER_CHAIN, [body({ at: '2026-01-05T10:00:00.000Z' }, OTHER_CHAIN)]);
    expect(await writer.importEntries([foreign])).toEqual({ imported: 1, skipped: 0 });

    const now = new Date('2026-11-27T12:00:00.000Z');
    const { removed, entry } = await writer.prune(180, now);
    expect(removed).toBe(4);
    expect(entry).toMatchObject({
      type: 'prune',
      chainId: CHAIN,
      seq: 5,
      prev: recent.hash,
      removed: 4,
      before: '2026-05-31T12:00:00.000Z',
      lastRemovedHash: foreign.hash,
      at: now.toISOString(),
    });
    const left = await all(db);
    expect(left.map((e) => e.id).sort()).toEqual([recent.id, entry!.id].sort());
    const report = await verifyChain(await chainEntries(await db(), CHAIN), { allowGaps: true });
    expect(report.ok).toBe(true);
    expect(report.chains[0].gaps).toEqual([[1, 3]]);
    // Nothing old left: nothing removed and nothing logged.
    expect(await writer.prune(180, now)).toEqual({ removed: 0, entry: null });
    expect(await all(db)).toHaveLength(2);
    expect(old).toHaveLength(3);
  });

  it('keeps the chain when pruning removed its own last entry, across a restart', async () => {
    const a = startWorker();
    await a.writer.append(body({ at: '2026-01-01T10:00:00.000Z' }));
    const { entry: pruned } = await a.writer.prune(30, new Date('2026-11-27T12:00:00.000Z'));
    const b = startWorker();
    const next = await b.writer.append(body());
    expect(next).toMatchObject({ seq: 3, prev: pruned!.hash });
  });

  it("imports entries as they are, skipping stored ids, taken positions and claims on this browser's future", async () => {
    const { db, writer } = startWorker();
    const mine = await writer.append(body());
    const foreign = await sealed(OTHER_CHAIN, [body({}, OTHER_CHAIN), body({}, OTHER_CHAIN)]);
    const clash = (await sealed(OTHER_CHAIN, [body({}, OTHER_CHAIN)]))[0]; // seq 1 again, another id
    const [future] = await sealed(CHAIN, [body(), body()]).then((e) => e.slice(1)); // CHAIN seq 2: not written here yet
    const result = await writer.importEntries([...foreign, clash, future, mine]);
    expect(result).toEqual({ imported: 2, skipped: 3 });
    const stored = await all(db);
    expect(stored).toHaveLength(3);
    expect(stored).toContainEqual(foreign[0]);
    expect((await writer.append(body())).seq).toBe(2);
  });

  it('on a full disk rejects (nothing acknowledged), shows the problem, and clears it after the next write', async () => {
    const { db, writer, local } = startWorker();
    await writer.append(body());
    const add = FDBObjectStore.prototype.add;
    FDBObjectStore.prototype.add = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    const b = body();
    try {
      await expect(writer.append(b)).rejects.toMatchObject({ name: 'AuditWriteError', reason: 'full' });
    } finally {
      FDBObjectStore.prototype.add = add;
    }
    expect(local.data.get(PROBLEM_KEY)).toMatchObject({ message: expect.stringMatching(/^The audit log is full: /) });
    expect(await all(db)).toHaveLength(1);
    const retried = await writer.append(b);
    expect(retried.seq).toBe(2);
    expect(local.data.has(PROBLEM_KEY)).toBe(false);
    expect((await verifyChain(await all(db))).ok).toBe(true);
  });

  it('reports a database that cannot be opened as a write failure', async () => {
    const local = memoryArea();
    const writer = new AuditWriter({ db: () => Promise.reject(new Error('disk gone')), chainId: async () => CHAIN, problems: problemReporter(local) });
    const failure = await writer.append(body()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuditWriteError);
    expect((failure as AuditWriteError).reason).toBe('failed');
    expect(local.data.get(PROBLEM_KEY)).toMatchObject({ message: expect.stringContaining('disk gone') });
  });

  it('refuses a body of another chain', async () => {
    const { writer } = startWorker();
    await expect(writer.append(body({}, OTHER_CHAIN))).rejects.toThrow(/chain/);
  });
});

async function sealed(chainId: string, bodies: EntryBody[]): Promise<AuditEntry[]> {
  const { sealAll } = await import('../audit/fixtures');
  return sealAll(bodies.map((b) => ({ ...b, chainId }) as EntryBody));
}

describe('chain anchor', () => {
  async function threeEntries() {
    const w = startWorker();
    for (let i = 0; i < 3; i++) await w.writer.append(body());
    return { ...w, entries: await chainEntries(await w.db(), CHAIN) };
  }

  it('holds the head of the chain after appends and prunes', async () => {
    const { writer } = await threeEntries();
    expect(await writer.checkHead()).toEqual({ state: 'ok', seq: 3 });
    await writer.prune(1, new Date(Date.UTC(2030, 0, 1)));
    expect(await writer.checkHead()).toEqual({ state: 'ok', seq: 4 });
    // A restarted worker checks against the same key.
    expect(await startWorker().writer.checkHead()).toEqual({ state: 'ok', seq: 4 });
  });

  it('detects a cut-off tail', async () => {
    const { db, writer, entries } = await threeEntries();
    await (await db()).delete('entries', entries[2].id);
    expect(await writer.checkHead()).toEqual({ state: 'cut', lastSeq: 2, anchorSeq: 3 });
  });

  it('detects a tail rewritten with recomputed hashes', async () => {
    const { db, writer, entries } = await threeEntries();
    const d = await db();
    await d.delete('entries', entries[2].id);
    const forged = await sealEntry({ ...body(), at: entries[2].at } as EntryBody, entries[1]);
    await d.add('entries', forged);
    expect((await verifyChain(await chainEntries(d, CHAIN))).ok).toBe(true); // the chain alone cannot tell
    expect(await writer.checkHead()).toEqual({ state: 'rewritten', seq: 3 });
    await d.add('entries', await sealEntry(body(), forged));
    expect(await writer.checkHead()).toEqual({ state: 'unanchored', lastSeq: 4, anchorSeq: 3 });
  });

  it('detects a removed anchor and one moved without the key', async () => {
    const { db, writer, entries } = await threeEntries();
    const d = await db();
    const anchor = await d.get('anchor', CHAIN);
    await d.delete('entries', entries[2].id);
    await d.put('anchor', { ...anchor!, seq: 2, hash: entries[1].hash });
    expect(await writer.checkHead()).toEqual({ state: 'anchor-forged', lastSeq: 2 });
    await d.delete('anchor', CHAIN);
    expect(await startWorker().writer.checkHead()).toEqual({ state: 'anchor-missing', lastSeq: 2 });
  });

  it('notices the whole database deleted after the chain had entries, and says so from then on', async () => {
    const first = startWorker();
    for (let i = 0; i < 3; i++) await first.writer.append(body());
    expect(await first.writer.checkHead()).toEqual({ state: 'ok', seq: 3 });
    // The log's database deleted under the running worker (DevTools, its files); storage.local kept.
    await new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase('finalize-guard-audit');
      req.onsuccess = resolve;
      req.onerror = () => reject(req.error);
    });
    const head = await first.writer.checkHead();
    expect(head).toMatchObject({ state: 'deleted', noticedAt: expect.any(String) });
    const again = await first.writer.append(body());
    expect(again.seq).toBe(1); // the chain starts again, and a new anchor holds it...
    expect(await startWorker(first.local).writer.checkHead()).toEqual(head); // ...but verification still says what happened
  });

  it('takes neither a new log nor one kept before the record existed for a deleted one', async () => {
    const fresh = startWorker();
    expect(await fresh.writer.checkHead()).toEqual({ state: 'empty', seq: 0 });
    await fresh.writer.append(body());
    expect(await fresh.writer.checkHead()).toEqual({ state: 'ok', seq: 1 });
    expect((await fresh.local.get(CHAIN_RECORD_KEY))[CHAIN_RECORD_KEY]).toEqual({ chainId: CHAIN });
    const older = startWorker(); // its storage.local has no record: the log was written by a version without it
    await older.writer.append(body());
    expect(await older.writer.checkHead()).toEqual({ state: 'ok', seq: 2 });
  });

  it('anchors a log written before anchors existed at its current head, once', async () => {
    const d = await openAuditDb();
    let last: AuditEntry | null = null;
    for (let i = 0; i < 2; i++) {
      last = await sealEntry(body(), last);
      await d.add('entries', last);
    }
    expect(await startWorker().writer.checkHead()).toEqual({ state: 'ok', seq: 2 });
    d.close();
  });
});

describe('identity', () => {
  it('is made once, even when asked for concurrently, and kept', async () => {
    const local = memoryArea();
    const load = identityLoader(local);
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toEqual(b);
    expect(a.chainId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(await identityLoader(local)()).toEqual(a);
    expect(local.data.get(IDENTITY_KEY)).toEqual(a);
  });
});

describe('message handlers', () => {
  const record = attemptRecord({ at: '2026-11-27T10:00:00Z', gates: ['clinic'] });
  const config = { directory: { users: [{ id: 'u-pta-riley', name: 'Riley Chen', credential: 'PTA' }] } };

  /** The admin console's session as the configuration store reports it: unlocked by Pat Morgan unless a test locks it. */
  function setup(admin: { author: string } | null = { author: 'Pat Morgan' }) {
    const local = memoryArea({ activeConfig: config, [IDENTITY_KEY]: { chainId: CHAIN, salt: 'ab'.repeat(32) } });
    const session = memoryArea();
    const rules: unknown[] = [];
    let inPlace: DeclarativeNetRequest.Rule[] = [];
    const dnr = {
      getSessionRules: async () => structuredClone(inPlace),
      updateSessionRules: async (u: DeclarativeNetRequest.UpdateSessionRulesOptionsType) => {
        rules.push(u);
        const [remove, add] = [u.removeRuleIds ?? [], u.addRules ?? []];
        const ids = new Set(inPlace.map((r) => r.id));
        for (const r of add) if (ids.has(r.id) && !remove.includes(r.id)) throw new Error(`Duplicate rule id ${r.id}`);
        inPlace = [...inPlace.filter((r) => !remove.includes(r.id)), ...add];
      },
    };
    const identity = identityLoader(local);
    const db = auditDbConnection();
    const writer = new AuditWriter({ db, chainId: async () => (await identity()).chainId, problems: problemReporter(local) });
    const service = createHandlers({
      local,
      session,
      dnr,
      writer,
      db,
      identity,
      adminSession: async () => admin,
      problems: problemReporter(local),
      now: () => new Date('2026-11-27T12:00:00.000Z'),
    });
    const inPlaceFilters = () => inPlace.map((r) => r.condition.urlFilter).sort();
    return { local, session, rules, db, writer, service, inPlaceFilters };
  }

  it('stores an attempt with the credential and a salted note reference, and acknowledges it once committed', async () => {
    const { service, db } = setup();
    const reply = await service.handlers.attempt({ type: 'attempt', attempt: record }, 4);
    expect(reply).toEqual({ ok: true, id: record.id });
    const [entry] = await all(db);
    expect(entry).toMatchObject({
      id: record.id,
      type: 'attempt',
      credential: 'PTA',
      userId: 'u-pta-riley',
      at: '2026-11-27T10:00:00.000Z',
      chainId: CHAIN,
      seq: 1,
    });
    expect((entry as AttemptEntry).noteRef).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(entry)).not.toContain('note-20001');
    expect(await service.handlers.attempt({ type: 'attempt', attempt: record }, 4)).toEqual({ ok: true, id: record.id });
    expect(await all(db)).toHaveLength(1);
  });

  it('does not acknowledge an attempt it could not store', async () => {
    const { service, local } = setup();
    const add = FDBObjectStore.prototype.add;
    FDBObjectStore.prototype.add = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    try {
      expect(await service.handlers.attempt({ type: 'attempt', attempt: record }, 4)).toEqual({ ok: false, error: 'full' });
    } finally {
      FDBObjectStore.prototype.add = add;
    }
    expect(local.data.has(PROBLEM_KEY)).toBe(true);
  });

  it('records a review of a stored attempt, and refuses one of an unknown attempt', async () => {
    const { service, db } = setup();
    await service.handlers.attempt({ type: 'attempt', attempt: record }, 4);
    const reply = (await service.handlers.review({ type: 'audit:review', reviewOf: record.id, reviewer: 'u-pt-avery', note: 'Discussed.' })) as {
      ok: boolean;
      id: string;
    };
    expect(reply.ok).toBe(true);
    expect(await all(db)).toContainEqual(expect.objectContaining({ id: reply.id, type: 'review', reviewOf: record.id, reviewer: 'u-pt-avery', seq: 2 }));
    expect(
      await service.handlers.review({ type: 'audit:review', reviewOf: '11111111-1111-4111-8111-111111111111', reviewer: 'u-pt-avery', note: '' }),
    ).toMatchObject({ ok: false, reason: expect.any(String) });
  });

  const retentionInDb = async (db: () => Promise<AuditDb>) => (await db()).get('settings', 'retention');

  it("saves the retention in the log's own database (not storage.local, which content scripts can write) and prunes once", async () => {
    const { service, local, db, writer } = setup();
    await writer.append(body({ at: '2026-11-01T10:00:00.000Z' }));
    expect(await service.handlers.setRetention({ type: 'audit:set-retention', days: 10 })).toEqual({ ok: true, removed: 1 });
    expect(await retentionInDb(db)).toEqual({ retentionDays: 10 });
    expect(local.data.has(LEGACY_SETTINGS_KEY)).toBe(false);
    expect((await all(db)).filter((e) => e.type === 'prune')).toHaveLength(1);
  });

  it('ignores a retention written to storage.local after the setting moved: a content script cannot shorten it', async () => {
    const { service, local, db, writer } = setup();
    await service.pruneOnStart(); // moves (here: makes) the setting: 180 days
    await writer.append(body({ at: '2026-11-01T10:00:00.000Z' }));
    await local.set({ [LEGACY_SETTINGS_KEY]: { retentionDays: 1 } });
    await service.pruneOnStart(); // the next worker start
    expect((await all(db)).map((e) => e.type)).toEqual(['attempt']);
    expect(await retentionInDb(db)).toEqual({ retentionDays: 180 });
  });

  it('moves a retention an older version kept in storage.local into the database, once', async () => {
    const { service, local, db } = setup();
    await local.set({ [LEGACY_SETTINGS_KEY]: { retentionDays: 30 } });
    await service.pruneOnStart();
    expect(await retentionInDb(db)).toEqual({ retentionDays: 30 });
    expect(local.data.has(LEGACY_SETTINGS_KEY)).toBe(false);
  });

  it('refuses to change the retention without an unlocked admin console: nothing saved, nothing removed', async () => {
    const { service, db, writer } = setup(null);
    await writer.append(body({ at: '2020-03-01T10:00:00.000Z' }));
    expect(await service.handlers.setRetention({ type: 'audit:set-retention', days: 1 })).toEqual({
      ok: false,
      error: 'locked',
      reason: 'Unlock the admin console to change retention (Finalize Guard → Options → Access).',
    });
    expect(await retentionInDb(db)).toBeUndefined();
    expect((await all(db)).map((e) => e.type)).toEqual(['attempt']);
  });

  it('logs a retention change with the new retention and who made it, even when nothing is old enough to remove', async () => {
    const { service, db, writer } = setup({ author: 'Pat Morgan' });
    await writer.append(body({ at: '2026-11-26T10:00:00.000Z' }));
    expect(await service.handlers.setRetention({ type: 'audit:set-retention', days: 30 })).toEqual({ ok: true, removed: 0 });
    const prune = (await all(db)).find((e) => e.type === 'prune');
    expect(prune).toMatchObject({ type: 'prune', removed: 0, retentionDays: 30, setBy: 'Pat Morgan', lastRemovedHash: '', seq: 2 });
    expect(isAuditEntry(prune)).toBe(true);
    // A prune at a later start names the retention it applied, not an admin.
    await writer.append(body({ at: '2026-04-01T10:00:00.000Z' }));
    await service.pruneOnStart();
    const later = (await all(db))
      .filter((e) => e.type === 'prune')
      .sort((a, b) => a.seq - b.seq)
      .at(-1); // stored by id: order by seq
    expect(later).toMatchObject({ removed: 1, retentionDays: 30 });
    expect(later).not.toHaveProperty('setBy');
  });

  it('keeps the latest lock state per tab for the popup, and forgets it when the tab closes', async () => {
    const { service, session, rules } = setup();
    await service.handlers.lockState(
      { type: 'lock-state', locked: true, outcome: 'blocked', reasons: ['South Clinic does not allow it.'], endpoints: ['/api/notes/*/finalize'] },
      9,
      0,
      'doc-a',
    );
    expect(session.data.get(tabKey(9))).toMatchObject({ locked: true, outcome: 'blocked', reasons: ['South Clinic does not allow it.'] });
    // A frame without a decision does not hide the note frame's decision; the same frame may.
    await service.handlers.lockState({ type: 'lock-state', locked: true }, 9, 3, 'doc-b');
    expect(session.data.get(tabKey(9))).toMatchObject({ outcome: 'blocked' });
    await service.handlers.lockState({ type: 'lock-state', locked: false, outcome: 'allowed', reasons: [] }, 9, 0, 'doc-a');
    expect(session.data.get(tabKey(9))).toMatchObject({ locked: false, outcome: 'allowed', reasons: [] });
    expect(rules).toHaveLength(3);
    await service.tabRemoved(9);
    expect(session.data.has(tabKey(9))).toBe(false);
  });

  it('blocks the finalize request while any frame of the page is locked, and starts afresh on a new page', async () => {
    const { service, rules } = setup();
    const endpoints = ['/api/notes/*/finalize'];
    const blocking = () => (rules.at(-1) as { addRules: unknown[] }).addRules.length > 0;
    await service.handlers.lockState({ type: 'lock-state', locked: true, endpoints }, 4, 2, 'frame-doc');
    await service.handlers.lockState({ type: 'lock-state', locked: false, endpoints }, 4, 0, 'top-1');
    expect(blocking()).toBe(true);
    await service.handlers.lockState({ type: 'lock-state', locked: false, endpoints }, 4, 2, 'frame-doc');
    expect(blocking()).toBe(false);
    await service.handlers.lockState({ type: 'lock-state', locked: true, endpoints }, 4, 2, 'frame-doc');
    expect(blocking()).toBe(true);
    // The top frame navigated: the old page's frames are gone.
    await service.handlers.lockState({ type: 'lock-state', locked: false, endpoints }, 4, 0, 'top-2');
    expect(blocking()).toBe(false);
  });

  it("tells the new page's frames from the page before's by when each began: a frame that reports before its top frame keeps its lock", async () => {
    const { service, rules } = setup();
    const endpoints = ['/api/notes/*/finalize'];
    const blocking = () => (rules.at(-1) as { addRules: unknown[] }).addRules.length > 0;
    const at = (seconds: number) => Date.UTC(2026, 11, 8, 9, 0, seconds);
    const lock = (locked: boolean, page: number) => ({ type: 'lock-state' as const, locked, endpoints, page });
    // Page A: an open top frame, a locked frame in it.
    await service.handlers.lockState(lock(false, at(0)), 4, 0, 'top-a');
    await service.handlers.lockState(lock(true, at(2)), 4, 5, 'frame-a');
    expect(blocking()).toBe(true);
    // Page B (a portal) begins at 60 s: its note frame, locked, reports before B's top frame does.
    await service.handlers.lockState(lock(true, at(61)), 4, 7, 'frame-b');
    await service.handlers.lockState(lock(false, at(60)), 4, 0, 'top-b');
    expect(blocking()).toBe(true); // B's frame still holds; A's frame is gone
    await service.handlers.lockState(lock(false, at(61)), 4, 7, 'frame-b');
    expect(blocking()).toBe(false);
    // A late report from page A's frame changes nothing.
    await service.handlers.lockState(lock(true, at(2)), 4, 5, 'frame-a');
    expect(blocking()).toBe(false);
    // Back to page A from the back/forward cache at 120 s: B's locked frame (again) belongs to the page before.
    await service.handlers.lockState(lock(true, at(100)), 4, 7, 'frame-b');
    expect(blocking()).toBe(true);
    await service.handlers.lockState(lock(false, at(120)), 4, 0, 'top-a');
    expect(blocking()).toBe(false);
  });

  it("blocks every endpoint of every locked frame: a published profile's endpoint never replaces the shipped one's", async () => {
    const { service, rules, inPlaceFilters } = setup();
    const filters = () => (rules.at(-1) as { addRules: Array<{ condition: { urlFilter: string } }> }).addRules.map((r) => r.condition.urlFilter).sort();
    await service.handlers.lockState({ type: 'lock-state', locked: true, endpoints: ['/api/notes/*/finalize', '/published/sign'] }, 5, 0, 'top');
    expect(filters()).toEqual(['/api/notes/*/finalize', '/published/sign']);
    await service.handlers.lockState({ type: 'lock-state', locked: true, endpoints: ['/frame/finalize'] }, 5, 1, 'frame');
    expect(filters()).toEqual(['/api/notes/*/finalize', '/frame/finalize', '/published/sign']);
    // Another tab's rules live beside them (tab ids are large: rule ids are not derived from them).
    await service.handlers.lockState({ type: 'lock-state', locked: true, endpoints: ['/other/tab'] }, 637221391, 0, 'tab-b');
    await service.handlers.lockState({ type: 'lock-state', locked: true, endpoints: ['/frame/finalize', '/x'] }, 5, 1, 'frame');
    expect(filters()).toEqual(['/api/notes/*/finalize', '/frame/finalize', '/published/sign', '/x']);
    await service.handlers.lockState({ type: 'lock-state', locked: false, endpoints: ['/frame/finalize'] }, 5, 1, 'frame');
    expect(filters()).toEqual(['/api/notes/*/finalize', '/published/sign']);
    expect(inPlaceFilters()).toEqual(['/api/notes/*/finalize', '/other/tab', '/published/sign']);
  });
});
