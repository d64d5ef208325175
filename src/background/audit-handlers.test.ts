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
import type { AttemptRecord } from '../shared/messages';
import { auditDbConnection } from './audit-db';
import { createHandlers } from './audit-handlers';
import { IDENTITY_KEY, identityLoader, problemReporter } from './audit-settings';
import { AuditWriter } from './audit-writer';
import { memoryArea } from '../../test/support/memory-area';

/** This browser's own chain: neither fixture chain, so imports are never claims on its future. */
const OWN_CHAIN = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function setup() {
  const local = memoryArea({ [IDENTITY_KEY]: { chainId: OWN_CHAIN, salt: 'ab'.repeat(32) } });
  const identity = identityLoader(local);
  const db = auditDbConnection();
  const writer = new AuditWriter({ db, chainId: async () => (await identity()).chainId, problems: problemReporter(local) });
  const dnr = { updateSessionRules: async () => undefined };
  const service = createHandlers({ local, session: memoryArea(), dnr, writer, identity });
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
    await local.set({ [`attempt:${record.id}`]: record, 'attempt:junk': { patientName: 'Jane Doe' }, other: 1 });
    await service.collectPendingAttempts();
    expect((await stored()).map((e) => e.id)).toEqual([record.id]);
    expect([...local.data.keys()].filter((k) => k.startsWith('attempt:'))).toEqual([]);
    expect(local.data.get('other')).toBe(1);
  });
});
