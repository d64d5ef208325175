import { describe, expect, it } from 'vitest';
import { entryHashOk, sealEntry, verifyChain } from './chain';
import { attempt, CHAIN_A, CHAIN_B, chainOf, uuid } from './fixtures';
import type { AttemptEntry, AuditEntry } from './types';

const kinds = (r: Awaited<ReturnType<typeof verifyChain>>) => r.problems.map((p) => [p.seq, p.problem]);

describe('sealEntry', () => {
  it('numbers from 1, links to the last entry, and hashes independently of key order', async () => {
    const [first, second] = await chainOf(CHAIN_A, 2);
    expect([first.seq, first.prev, second.seq, second.prev]).toEqual([1, '', 2, first.hash]);
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
    const reversed = Object.fromEntries(Object.entries(second).reverse()) as AuditEntry;
    expect(await entryHashOk(reversed)).toBe(true);
  });

  it('refuses to chain onto another chain, and refuses fields outside the allow-list', async () => {
    const [last] = await chainOf(CHAIN_A, 1);
    await expect(sealEntry(attempt(CHAIN_B, 1), last)).rejects.toThrow(/chain/);
    await expect(sealEntry({ ...attempt(CHAIN_A, 1), patientName: 'Jane Doe' } as never, last)).rejects.toThrow(/patientName/);
  });
});

describe('verifyChain', () => {
  it('accepts a correct chain', async () => {
    const report = await verifyChain(await chainOf(CHAIN_A, 5));
    expect(report).toEqual({ ok: true, chains: [{ chainId: CHAIN_A, count: 5, firstSeq: 1, lastSeq: 5, gaps: [] }], problems: [] });
  });

  it('detects an edited entry (a gate changed)', async () => {
    const log = await chainOf(CHAIN_A, 5);
    const edited = { ...log[2], gates: ['clinic'] } as AttemptEntry;
    expect(await entryHashOk(edited)).toBe(false);
    const report = await verifyChain([...log.slice(0, 2), edited, ...log.slice(3)]);
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual([[3, 'edited']]);
  });

  it('detects an edit whose own hash was recomputed: the next entry no longer links', async () => {
    const log = await chainOf(CHAIN_A, 4);
    const forged = await sealEntry({ ...log[1], gates: ['clinic'] } as never, log[0]);
    expect(kinds(await verifyChain([log[0], forged, log[2], log[3]]))).toEqual([[3, 'broken-link']]);
  });

  it('detects a deleted entry as a gap after which the link breaks', async () => {
    const log = await chainOf(CHAIN_A, 5);
    const report = await verifyChain([...log.slice(0, 2), ...log.slice(3)]);
    expect(kinds(report)).toEqual([[4, 'broken-link']]);
    expect(report.chains[0].gaps).toEqual([[3, 3]]);
  });

  it('detects a forged entry inserted in the middle (own hash recomputed)', async () => {
    const log = await chainOf(CHAIN_A, 5);
    const forged = await sealEntry(attempt(CHAIN_A, 2, { id: uuid() }), log[1]); // seq 3, links to seq 2
    const report = await verifyChain([...log.slice(0, 2), forged, ...log.slice(2)]);
    expect(report.ok).toBe(false);
    expect(kinds(report)).toEqual([[3, 'duplicate-seq']]);
    // Forged onto seq 3 instead: it takes seq 4, which the genuine seq 4 then repeats.
    const next = await sealEntry(attempt(CHAIN_A, 2), log[2]);
    expect(kinds(await verifyChain([...log.slice(0, 3), next, ...log.slice(3)]))).toEqual([[4, 'duplicate-seq']]);
    // Forged without a valid link (seq 3 after seq 3): the link breaks too.
    const unlinked = { ...forged, prev: log[0].hash } as AuditEntry;
    expect(
      kinds(await verifyChain([...log.slice(0, 3), unlinked, ...log.slice(3)]))
        .map((k) => k[1])
        .sort(),
    ).toEqual(['broken-link', 'duplicate-seq', 'edited']);
  });

  it('detects reordered entries (two swapped)', async () => {
    const log = await chainOf(CHAIN_A, 5);
    const report = await verifyChain([log[0], log[3], log[2], log[1], log[4]]);
    expect(kinds(report)).toEqual([
      [3, 'out-of-order'],
      [2, 'out-of-order'],
    ]);
  });

  it('verifies two interleaved chains independently', async () => {
    const a = await chainOf(CHAIN_A, 3);
    const b = await chainOf(CHAIN_B, 3, 30);
    const mixed = [a[0], b[0], b[1], a[1], a[2], b[2]];
    const report = await verifyChain(mixed);
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.chainId, c.count])).toEqual([
      [CHAIN_A, 3],
      [CHAIN_B, 3],
    ]);
    const tampered = await verifyChain(mixed.filter((e) => e !== b[1]));
    expect(tampered.problems).toEqual([{ id: b[2].id, chainId: CHAIN_B, seq: 3, problem: 'broken-link' }]);
  });

  it('allows gaps only when asked (a filtered export), and still reports them', async () => {
    const log = await chainOf(CHAIN_A, 8);
    const filtered = [log[2], log[3], log[6]];
    const strict = await verifyChain(filtered);
    expect(kinds(strict)).toEqual([
      [3, 'broken-link'],
      [7, 'broken-link'],
    ]);
    const lenient = await verifyChain(filtered, { allowGaps: true });
    expect(lenient.ok).toBe(true);
    expect(lenient.chains[0]).toEqual({
      chainId: CHAIN_A,
      count: 3,
      firstSeq: 3,
      lastSeq: 7,
      gaps: [
        [1, 2],
        [5, 6],
      ],
    });
    // Consecutive entries must still link, gaps or not.
    const edited = { ...log[3], prev: log[0].hash } as AuditEntry;
    expect(kinds(await verifyChain([log[2], edited], { allowGaps: true }))).toEqual([
      [4, 'edited'],
      [4, 'broken-link'],
    ]);
  });

  it('reports entries that cannot be placed in a chain as bad entries', async () => {
    const log = await chainOf(CHAIN_A, 2);
    const report = await verifyChain([log[0], null as never, { ...log[1], seq: 1.5 } as never]);
    expect(report.problems.map((p) => p.problem)).toEqual(['bad-entry', 'bad-entry']);
  });
});
