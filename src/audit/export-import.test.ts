import { describe, expect, it } from 'vitest';
import { exportDigest, importSizeProblem, MAX_IMPORT_BYTES, readImport, toExport } from './export-import';
import { CHAIN_A, CHAIN_B, chainOf, sealAll, uuid } from './fixtures';
import type { AuditEntry } from './types';

const FILE = 'audit-2026-11-27.json';
const json = (entries: AuditEntry[]) => JSON.stringify(toExport(entries, '2026-11-27T12:00:00.000Z'));

describe('toExport', () => {
  it('sorts entries by chain, then seq', async () => {
    const a = await chainOf(CHAIN_A, 2);
    const b = await chainOf(CHAIN_B, 2);
    const out = toExport([b[1], a[1], b[0], a[0]], 'now');
    expect(out.entries).toEqual([a[0], a[1], b[0], b[1]]);
    expect(out).toMatchObject({ format: 'finalize-guard-audit', version: 2, exportedAt: 'now', scope: 'whole' });
  });

  it("says whether it is whole (with each chain's head) or filtered (with the filter)", async () => {
    const a = await chainOf(CHAIN_A, 3);
    expect(toExport(a, 'now')).toMatchObject({ scope: 'whole', heads: [{ chainId: CHAIN_A, seq: 3, hash: a[2].hash }], partialChains: [] });
    const filtered = toExport([a[1]], 'now', { userId: 'u-pta-riley' });
    expect(filtered).toMatchObject({ scope: 'filtered', filter: { userId: 'u-pta-riley' } });
    expect(filtered).not.toHaveProperty('heads');
  });
});

describe('whole and filtered exports', () => {
  const whole = (entries: AuditEntry[]) => toExport(entries, '2026-11-27T12:00:00.000Z');
  const refused = async (file: unknown) => {
    const r = await readImport(JSON.stringify(file), FILE);
    return r.ok ? 'imported' : r.reason;
  };

  it('refuses a whole export with one entry deleted from the middle', async () => {
    const file = whole(await chainOf(CHAIN_A, 10));
    file.entries.splice(4, 1);
    expect(await refused(file)).toBe(`"${FILE}" was altered: seq 5 of chain 1a2b3c4d… is missing from this whole export — nothing was imported from it`);
  });

  it('refuses a whole export whose tail was cut off', async () => {
    const file = whole(await chainOf(CHAIN_A, 10));
    file.entries.pop();
    expect(await refused(file)).toMatch(/chain 1a2b3c4d… ends at seq 9, but the export's head is seq 10: entries were cut off its end/);
  });

  it('refuses a whole export that lost a whole chain, or claims one without a head', async () => {
    const file = whole([...(await chainOf(CHAIN_A, 2)), ...(await chainOf(CHAIN_B, 2))]);
    const lost = { ...file, entries: file.entries.filter((e) => e.chainId === CHAIN_A) };
    expect(await refused(lost)).toMatch(/every entry of chain 5e6f7a8b… is missing/);
    expect(await refused({ ...file, heads: file.heads!.slice(0, 1) })).toMatch(/chain 5e6f7a8b… has no head in the export/);
  });

  it('imports a whole export whose start retention removed (a prune entry records it)', async () => {
    const log = await chainOf(CHAIN_A, 5);
    const prune = (
      await sealAll(
        [
          {
            id: uuid(),
            chainId: CHAIN_A,
            at: '2026-11-28T00:00:00.000Z',
            type: 'prune',
            removed: 2,
            before: '2026-11-20T00:00:00.000Z',
            lastRemovedHash: log[1].hash,
          },
        ],
        log[4],
      )
    )[0];
    const r = await readImport(JSON.stringify(whole([...log.slice(2), prune])), FILE);
    expect(r).toMatchObject({ ok: true, scope: { scope: 'whole' } });
  });

  it('imports a whole export holding a chain this log has only in part, which it names as partial', async () => {
    const b = await chainOf(CHAIN_B, 5);
    const file = whole([...(await chainOf(CHAIN_A, 2)), b[1], b[3]]);
    expect(file.partialChains).toEqual([CHAIN_B]);
    expect(await refused(file)).toBe('imported');
    expect(await refused({ ...file, partialChains: [] })).toMatch(/chain 5e6f7a8b… has no head/);
  });

  it('imports a filtered export as partial, with its filter', async () => {
    const log = await chainOf(CHAIN_A, 10);
    const r = await readImport(JSON.stringify(toExport([log[1], log[5]], 'now', { gate: 'clinic', from: '2026-11-01' })), FILE);
    expect(r).toMatchObject({ ok: true, gaps: 2, scope: { scope: 'filtered', filter: { gate: 'clinic', from: '2026-11-01' } } });
  });

  it('reads an older (version 1) export as partial: it did not say', async () => {
    const log = await chainOf(CHAIN_A, 4);
    const old = { format: 'finalize-guard-audit', version: 1, exportedAt: 'now', entries: [log[0], log[3]] };
    expect(await readImport(JSON.stringify(old), FILE)).toMatchObject({ ok: true, scope: { scope: 'unknown' } });
  });

  it.each([
    ['a filter on a whole export', (f: Record<string, unknown>) => ({ ...f, filter: { gate: 'clinic' } })],
    ['a filtered export with heads', (f: Record<string, unknown>) => ({ ...f, scope: 'filtered', filter: {}, partialChains: undefined })],
    ['an unknown scope', (f: Record<string, unknown>) => ({ ...f, scope: 'most' })],
    [
      'a filter with a field the page has not',
      (f: Record<string, unknown>) => ({ ...f, scope: 'filtered', heads: undefined, partialChains: undefined, filter: { patientName: 'x' } }),
    ],
    ['a malformed signature', (f: Record<string, unknown>) => ({ ...f, signature: { keyId: 'k', mac: 'no' } })],
  ])('refuses %s as not well-formed', async (_, change) => {
    const file = whole(await chainOf(CHAIN_A, 2)) as unknown as Record<string, unknown>;
    expect(await refused(change(file))).toMatch(/is not a well-formed audit export/);
  });

  it('digests everything but the signature: a removed entry or a moved head changes it', async () => {
    const file = whole(await chainOf(CHAIN_A, 3));
    const digest = await exportDigest(file);
    expect(await exportDigest({ ...file, signature: { keyId: 'k', mac: '0'.repeat(64) } })).toBe(digest);
    expect(await exportDigest({ ...file, entries: file.entries.slice(0, 2) })).not.toBe(digest);
    expect(await exportDigest({ ...file, heads: [] })).not.toBe(digest);
    const r = await readImport(JSON.stringify({ ...file, signature: { keyId: 'browser:x', mac: 'a'.repeat(64) } }), FILE);
    expect(r.ok && r.signed).toEqual({ digest, signature: { keyId: 'browser:x', mac: 'a'.repeat(64) } });
  });
});

describe('readImport', () => {
  it('round-trips an export', async () => {
    const log = [...(await chainOf(CHAIN_A, 3)), ...(await chainOf(CHAIN_B, 2))];
    const result = await readImport(json(log), FILE);
    expect(result).toMatchObject({ ok: true, entries: log, gaps: 0 });
  });

  it('rejects a tampered file, naming it and the entry, and imports nothing', async () => {
    const log = await chainOf(CHAIN_A, 20);
    const file = JSON.parse(json(log));
    file.entries[14].gates = ['clinic'];
    const result = await readImport(JSON.stringify(file), FILE);
    expect(result).toEqual({
      ok: false,
      fileName: FILE,
      reason: `"${FILE}" was altered: entry 14 (seq 15 of chain 1a2b3c4d…) does not match its hash — nothing was imported from it`,
    });
  });

  it('rejects a file with two entries swapped', async () => {
    const file = JSON.parse(json(await chainOf(CHAIN_A, 4)));
    [file.entries[1], file.entries[2]] = [file.entries[2], file.entries[1]];
    const swapped = await readImport(JSON.stringify(file), FILE);
    expect(swapped.ok === false && swapped.reason).toMatch(/entry 2 \(seq 2 of chain 1a2b3c4d…\) is out of order/);
  });

  it('imports a filtered export and counts its gaps', async () => {
    const log = await chainOf(CHAIN_A, 10);
    const result = await readImport(JSON.stringify(toExport([log[1], log[2], log[5], log[9]], 'now', { gate: 'clinic' })), FILE);
    expect(result.ok).toBe(true);
    expect(result.ok && result.gaps).toBe(3);
  });

  it.each([
    ['not JSON', '{"format":', /is not a JSON file/],
    ['another format', '{"format":"other","version":1,"exportedAt":"","entries":[]}', /is not a Finalize Guard audit export/],
    ['a later version', '{"format":"finalize-guard-audit","version":3,"exportedAt":"","entries":[]}', /unsupported version/],
    ['an extra top-level key', '{"format":"finalize-guard-audit","version":1,"exportedAt":"","entries":[],"x":1}', /not a well-formed/],
    ['an entry with a patient name', null, /entry 1: unexpected field "patientName"/],
    ['a repeated id', 'dup', /entry 1 repeats the id of entry 0/],
  ])('rejects %s', async (_, text, reason) => {
    const log = await chainOf(CHAIN_A, 2);
    const file = JSON.parse(json(log));
    if (text === null) file.entries[1].patientName = 'Jane Doe';
    if (text === 'dup') file.entries[1] = file.entries[0];
    const result = await readImport(typeof text === 'string' && text !== 'dup' ? text : JSON.stringify(file), FILE);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(reason);
    expect(result.ok === false && result.reason).toContain(`"${FILE}"`);
  });

  it('rejects a text over the limit without parsing it, naming the file and the limit', async () => {
    const result = await readImport(' '.repeat(2 * 1024 * 1024 + 1), FILE, 2 * 1024 * 1024);
    expect(result).toEqual({ ok: false, fileName: FILE, reason: `"${FILE}" is larger than 2 MB — nothing was imported from it` });
  });
});

describe('importSizeProblem', () => {
  it('allows files up to 500 MB and names the file and the limit beyond', () => {
    expect(MAX_IMPORT_BYTES).toBe(500 * 1024 * 1024);
    expect(importSizeProblem(FILE, MAX_IMPORT_BYTES)).toBeNull();
    expect(importSizeProblem(FILE, MAX_IMPORT_BYTES + 1)).toBe(`"${FILE}" is larger than 500 MB — nothing was imported from it`);
  });

  it('shows a file name without control characters', () => {
    expect(importSizeProblem('a\nb\u0007.json', MAX_IMPORT_BYTES + 1)).toMatch(/^"ab\.json" is larger/);
  });
});
