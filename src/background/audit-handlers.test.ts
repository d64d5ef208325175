/**
 * The worker's side of an import, on an in-memory IndexedDB (fake-indexeddb) with the real writer: each
 * part of a file is checked entry by entry again (the page's check is not trusted), a part with one bad
 * entry is refused whole, and ids already stored are skipped, within a part and across parts.
 * Also the collection of attempts content scripts could not deliver.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CHAIN_A, CHAIN_B, chainOf } from '../audit/fixtures';
import type { AuditEntry } from '../audit/types';
import { isAuditEntry } from '../audit/validate';
import { sha256Hex } from '../policy/sha256';
import type { Gate } from '../policy/types';
import { MAX_GATES, MAX_INSURANCE_IDS, MAX_RULES } from '../shared/audit-fields';
import { parseContentMessage, type AttemptRecord } from '../shared/messages';
import { auditDbConnection } from './audit-db';
import { createHandlers } from './audit-handlers';
import { IDENTITY_KEY, identityLoader, problemReporter } from './audit-settings';
import { AUDIT_NOTICE_KEY, AUDIT_PROBLEM_KEY as PROBLEM_KEY } from '../shared/storage-keys';
import { AuditWriter } from './audit-writer';
import { memoryArea } from '../../test/support/memory-area';

/** This browser's own chain: neither fixture chain, so imports are never claims on its future. */
const OWN_CHAIN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function setup() {
  const local = memoryArea({ [IDENTITY_KEY]: { chainId: OWN_CHAIN, salt: 'ab'.repeat(32) } });
  const identity = identityLoader(local);
  const db = auditDbConnection();
  const problems = problemReporter(local);
  const writer = new AuditWriter({ db, chainId: async () => (await identity()).chainId, problems });
  const dnr = { getSessionRules: async () => [], updateSessionRules: async () => undefined };
  const service = createHandlers({ local, session: memoryArea(), dnr, writer, db, identity, adminSession: async () => null, problems });
  const stored = async () => (await db()).getAll('entries');
  return { local, service, stored };
}

const part = (entries: unknown[], last = true, fileName = 'north.json') => ({ type: 'audit:import-entries' as const, fileName, entries, last });
/** A JSON copy, as a message carries it (and as a tamperer would edit it). */
const copy = (entries: AuditEntry[]) => JSON.parse(JSON.stringify(entries)) as Array<Record<string, unknown>>;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('importEntries (one part of an imported file)', () => {
  it('stores a part and counts what it stored', async () => {
    const { service, stored } = setup();
    const log = await chainOf(CHAIN_A, 5);
    expect(await service.handlers.importEntries(part(log))).toEqual({ ok: true, imported: 5, skipped: 0 });
    expect(await stored()).toHaveLength(5);
  });

  it('skips ids already stored, across parts and within one', async () => {
    const { service, stored } = setup();
    const log = await chainOf(CHAIN_A, 8);
    expect(await service.handlers.importEntries(part(log.slice(0, 5), false))).toEqual({ ok: true, imported: 5, skipped: 0 });
    // The next part overlaps the first by two entries and repeats one of its own.
    expect(await service.handlers.importEntries(part([...log.slice(3), log[7]]))).toEqual({ ok: true, imported: 3, skipped: 3 });
    expect(await service.handlers.importEntries(part(log))).toEqual({ ok: true, imported: 0, skipped: 8 });
    expect((await stored()).map((e) => e.id).sort()).toEqual(log.map((e) => e.id).sort());
  });

  it('refuses a part with one edited entry whole, naming the file and the entry', async () => {
    const { service, stored } = setup();
    const entries = copy(await chainOf(CHAIN_A, 6));
    entries[4].gates = ['billing'];
    expect(await service.handlers.importEntries(part(entries))).toEqual({
      ok: false,
      error: 'invalid entry',
      reason: '"north.json" was refused: entry 4 of this part does not match its hash; nothing of this part was stored',
    });
    expect(await stored()).toEqual([]);
  });

  it.each([
    [
      'a patient name added',
      (e: Record<string, unknown>) => {
        e.patientName = 'Jane Doe';
      },
      /entry 2 of this part is malformed \(unexpected field "patientName"\)/,
    ],
    [
      'a missing hash',
      (e: Record<string, unknown>) => {
        delete e.hash;
      },
      /entry 2 of this part is malformed \(hash is not a SHA-256\)/,
    ],
    [
      'an unknown type',
      (e: Record<string, unknown>) => {
        e.type = 'delete';
      },
      /entry 2 of this part is malformed \(unknown type\)/,
    ],
  ])('refuses a part with %s whole, storing nothing of it', async (_, edit, reason) => {
    const { service, stored } = setup();
    const entries = copy(await chainOf(CHAIN_B, 4));
    edit(entries[2]);
    const reply = (await service.handlers.importEntries(part(entries))) as { ok: boolean; reason: string };
    expect(reply.ok).toBe(false);
    expect(reply.reason).toMatch(reason);
    expect(reply.reason).toContain('"north.json"');
    expect(await stored()).toEqual([]);
  });

  it('refuses a part holding something that is not an entry at all', async () => {
    const { service, stored } = setup();
    const reply = (await service.handlers.importEntries(part([...(await chainOf(CHAIN_A, 2)), 'not an entry', null]))) as { reason: string };
    expect(reply.reason).toMatch(/entry 2 of this part is malformed \(not an object\)/);
    expect(await stored()).toEqual([]);
  });

  it('keeps what earlier parts stored when a later part is refused', async () => {
    const { service, stored } = setup();
    const entries = copy(await chainOf(CHAIN_A, 10));
    expect(await service.handlers.importEntries(part(entries.slice(0, 5), false))).toMatchObject({ ok: true, imported: 5 });
    entries[9].outcome = 'would-block';
    expect(await service.handlers.importEntries(part(entries.slice(5)))).toMatchObject({ ok: false, reason: expect.stringContaining('entry 4 of this part') });
    expect(await stored()).toHaveLength(5);
  });

  it('shows the file name without control characters', async () => {
    const { service } = setup();
    const reply = (await service.handlers.importEntries(part([{}], true, 'a\nb\u0007.json'))) as { reason: string };
    expect(reply.reason).toMatch(/^"ab\.json" was refused/);
  });
});

describe('collectPendingAttempts', () => {
  it('stores the attempts tabs kept but could not deliver, and removes each key once stored', async () => {
    const { service, local, stored } = setup();
    const record: AttemptRecord = {
      id: '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9b',
      at: '2026-11-27T10:00:00.000Z',
      kind: 'click',
      outcome: 'blocked',
      profile: 'demo-ehr',
      gates: ['clinic'],
      rules: ['clinic-allows-assistants'],
      pack: null,
    };
    // The unreadable copy first: the valid one's write after it must not take its notice down.
    await local.set({ 'attempt:junk': { patientName: 'Jane Doe' }, [`attempt:${record.id}`]: record, other: 1 });
    await service.collectPendingAttempts();
    expect((await stored()).map((e) => e.id)).toEqual([record.id]);
    expect([...local.data.keys()].filter((k) => k.startsWith('attempt:'))).toEqual([]);
    expect(local.data.get('other')).toBe(1);
    // The unreadable copy is not kept, but not dropped unseen either: the review page and the popup say so until someone dismisses it.
    const notice = () => (local.data.get(AUDIT_NOTICE_KEY) as { message: string } | undefined)?.message;
    expect(notice()).toMatch(/^A note screen kept a blocked attempt the audit log cannot read/);
    expect(await service.handlers.attempt({ type: 'attempt', attempt: { ...record, id: '1c8e3b5f-8d2e-4c9f-8a4b-3e6d7f8a9b0c' } }, 1)).toMatchObject({
      ok: true,
    });
    expect(notice()).toMatch(/^A note screen kept a blocked attempt/);
    expect(await service.handlers.dismissNotice()).toEqual({ ok: true });
    expect(notice()).toBeUndefined();
  });
});

describe('collectPendingAttempts: kept copies have no note id', () => {
  const copy = (id: string, at: string): AttemptRecord => ({
    id,
    at,
    kind: 'click',
    outcome: 'blocked',
    profile: 'demo-ehr',
    noteLost: true,
    gates: ['clinic'],
    rules: ['clinic-allows-assistants'],
    pack: null,
  });

  it('stores a copy kept without its note id as an attempt whose note reference was lost', async () => {
    const { service, local, stored } = setup();
    const record = copy('1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '2026-11-27T10:00:00.000Z');
    await local.set({ [`attempt:${record.id}`]: record });
    await service.collectPendingAttempts();
    const [entry] = await stored();
    expect(entry).toMatchObject({ id: record.id, type: 'attempt', noteLost: true });
    expect(entry).not.toHaveProperty('noteRef');
    expect(isAuditEntry(entry)).toBe(true);
    expect(local.data.has(`attempt:${record.id}`)).toBe(false);
  });

  it('refuses a record that claims both a note id and a lost note', () => {
    expect(
      parseContentMessage({ type: 'attempt', attempt: { ...copy('2a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '2026-11-27T10:00:00.000Z'), noteId: 'n-1' } }),
    ).toBeNull();
  });

  it('leaves copies younger than minAgeMs to the open tab still sending them (with the note id)', async () => {
    const { local, stored } = setup();
    const identity = identityLoader(local);
    const writer = new AuditWriter({ db: auditDbConnection(), chainId: async () => (await identity()).chainId, problems: problemReporter(local) });
    const service = createHandlers({
      local,
      session: memoryArea(),
      dnr: { getSessionRules: async () => [], updateSessionRules: async () => undefined },
      writer,
      db: auditDbConnection(),
      identity,
      adminSession: async () => null,
      problems: problemReporter(local),
      now: () => new Date('2026-11-27T10:01:00.000Z'),
    });
    const old = copy('3a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '2026-11-27T09:59:00.000Z');
    const young = copy('4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '2026-11-27T10:00:30.000Z');
    await local.set({ [`attempt:${old.id}`]: old, [`attempt:${young.id}`]: young });
    await service.collectPendingAttempts(60_000);
    expect((await stored()).map((e) => e.id)).toEqual([old.id]);
    expect(local.data.has(`attempt:${young.id}`)).toBe(true);
    await service.collectPendingAttempts(); // a tab closed: everything
    expect((await stored()).map((e) => e.id).sort()).toEqual([old.id, young.id].sort());
  });
});

describe('attempts the message check accepts are always stored', () => {
  const base: AttemptRecord = {
    id: '5d3c2b1a-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
    at: '2026-11-27T10:00:00.000Z',
    kind: 'click',
    outcome: 'blocked',
    profile: 'demo-ehr',
    gates: ['clinic'],
    rules: ['clinic-allows-assistants'],
    pack: null,
  };

  it('stores an attempt whose joined pack names pass 300 characters, reduced and marked, never refused', async () => {
    const { service, stored, local } = setup();
    // Seven packs with 56-character names, joined as the content script joins them: 398 characters.
    const names = Array.from({ length: 7 }, (_, i) => `pack-${i}-${'x'.repeat(49)}`);
    const name = names.join('+');
    const version = names.map(() => '10.20.30').join('+');
    expect(name.length).toBeGreaterThan(300);
    const record: AttemptRecord = { ...base, pack: { name, version, hash: 'c'.repeat(64) } };
    const message = { type: 'attempt', attempt: record };
    expect(parseContentMessage(message)).toEqual(message); // the router lets it through ...
    expect(await service.handlers.attempt({ type: 'attempt', attempt: record }, 1)).toEqual({ ok: true, id: record.id }); // ... and it is stored
    const [entry] = await stored();
    expect(isAuditEntry(entry)).toBe(true);
    const pack = (entry as { pack: { name: string; version: string; hash: string } }).pack;
    expect(pack.name).toHaveLength(300);
    expect(pack.name).toBe(`${name.slice(0, 300 - 72)}~sha256:${sha256Hex(name)}`);
    expect(pack.version).toBe(version); // short enough: kept as it is
    expect(pack.hash).toBe('c'.repeat(64));
    expect(local.data.has(PROBLEM_KEY)).toBe(false);
  });

  it('stores an attempt with every field at the largest the message check accepts', async () => {
    const { service, stored } = setup();
    const id = (c: string) => `${c}${'a'.repeat(63)}`;
    const record: AttemptRecord = {
      ...base,
      profile: id('p'),
      userId: id('u'),
      clinicId: id('c'),
      noteType: id('t'),
      insuranceIds: Array.from({ length: MAX_INSURANCE_IDS }, (_, i) => id(String(i))),
      gates: Array.from({ length: MAX_GATES }, () => `g${'a'.repeat(80)}` as Gate),
      rules: Array.from({ length: MAX_RULES }, () => `r${'b'.repeat(80)}`),
      pack: { name: '~'.repeat(8000), version: '!'.repeat(8000), hash: 'f'.repeat(64) },
    };
    expect(parseContentMessage({ type: 'attempt', attempt: record })).not.toBeNull();
    expect(await service.handlers.attempt({ type: 'attempt', attempt: record }, 1)).toEqual({ ok: true, id: record.id });
    expect(await stored()).toHaveLength(1);
  });

  it('shows a problem when the message checks refuse an attempt (its tab keeps sending it)', async () => {
    const { service, local } = setup();
    expect(await service.handlers.refusedAttempt()).toEqual({ ok: false, error: 'invalid message' });
    expect((local.data.get(PROBLEM_KEY) as { message: string }).message).toMatch(/^A note screen sent a blocked attempt the audit log cannot hold/);
  });

  it('shows a problem, rather than failing unseen, when an entry is refused all the same', async () => {
    const { local } = setup();
    const identity = identityLoader(local);
    const writer = new AuditWriter({ db: auditDbConnection(), chainId: async () => (await identity()).chainId, problems: problemReporter(local) });
    const body = { id: base.id, chainId: OWN_CHAIN, at: base.at, type: 'attempt' as const, kind: 'click' as const, outcome: 'blocked' as const };
    await expect(writer.append({ ...body, gates: ['not a gate!' as Gate], rules: [], pack: null, profile: 'demo-ehr' })).rejects.toThrow(/gates is not valid/);
    expect((local.data.get(PROBLEM_KEY) as { message: string }).message).toMatch(/^The audit log refused an entry \(attempt\): .*gates is not valid/);
  });
});
