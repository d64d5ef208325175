import { describe, expect, it } from 'vitest';
import { importSizeProblem, MAX_IMPORT_BYTES, readImport, toExport } from './export-import';
import { CHAIN_A, CHAIN_B, chainOf } from './fixtures';
import type { AuditEntry } from './types';

const FILE = 'audit-2026-11-27.json';
const json = (entries: AuditEntry[]) => JSON.stringify(toExport(entries, '2026-11-27T12:00:00.000Z'));

describe('toExport', () => {
  it('sorts entries by chain, then seq', async () => {
    const a = await chainOf(CHAIN_A, 2);
    const b = await chainOf(CHAIN_B, 2);
    const out = toExport([b[1], a[1], b[0], a[0]], 'now');
    expect(out.entries).toEqual([a[0], a[1], b[0], b[1]]);
    expect(out).toMatchObject({ format: 'finalize-guard-audit', version: 1, exportedAt: 'now' });
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
    const result = await readImport(json([log[1], log[2], log[5], log[9]]), FILE);
    expect(result.ok).toBe(true);
    expect(result.ok && result.gaps).toBe(3);
  });

  it.each([
    ['not JSON', '{"format":', /is not a JSON file/],
    ['another format', '{"format":"other","version":1,"exportedAt":"","entries":[]}', /is not a Finalize Guard audit export/],
    ['a later version', '{"format":"finalize-guard-audit","version":2,"exportedAt":"","entries":[]}', /unsupported version/],
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
