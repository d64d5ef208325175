/** "Verify chain" in words: the chain's own checks, gaps, and the worker's anchor check. */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../audit/chain';
import { CHAIN_A, CHAIN_B, chainOf } from '../../audit/fixtures';
import { judgeChain } from './chain-result';

describe('judgeChain', () => {
  it('verifies an intact chain whose head is as the log wrote it', async () => {
    const entries = await chainOf(CHAIN_A, 3);
    const verdict = judgeChain(entries, await verifyChain(entries), entries[0].chainId, { state: 'ok', seq: 3 });
    expect(verdict).toEqual({ ok: true, headline: 'All 3 entries verified (1 chain).', details: [] });
  });

  it('fails a chain whose tail was cut off, though the chain itself is intact', async () => {
    const entries = (await chainOf(CHAIN_A, 3)).slice(0, 2);
    const report = await verifyChain(entries);
    expect(report.ok).toBe(true);
    const verdict = judgeChain(entries, report, entries[0].chainId, { state: 'cut', lastSeq: 2, anchorSeq: 3 });
    expect(verdict.ok).toBe(false);
    expect(verdict.headline).toBe('Verification failed: 1 problem in 2 entries.');
    expect(verdict.details).toEqual(["This browser's chain ends at seq 2, but the log wrote up to seq 3: entries were cut off its end."]);
  });

  it.each([
    [{ state: 'rewritten', seq: 3 } as const, /entries were rewritten and their hashes recomputed/],
    [{ state: 'unanchored', lastSeq: 5, anchorSeq: 3 } as const, /Seq 4–5 .* entries were added/],
    [{ state: 'anchor-missing', lastSeq: 3 } as const, /lost its anchor/],
    [{ state: 'anchor-forged', lastSeq: 3 } as const, /does not carry the log's signature/],
    [
      { state: 'deleted', noticedAt: '2026-12-01T10:00:00.000Z' } as const,
      /audit log was deleted or replaced \(noticed 2026-12-01\): every entry written before then is gone/,
    ],
    [null, /could not be checked/],
  ])('fails on the anchor check %j', async (head, text) => {
    const entries = await chainOf(CHAIN_A, 3);
    const verdict = judgeChain(entries, await verifyChain(entries), entries[0].chainId, head);
    expect(verdict.ok).toBe(false);
    expect(verdict.details[0]).toMatch(text);
  });

  it('does not call a log emptied behind its anchor "empty"', async () => {
    const verdict = judgeChain([], await verifyChain([]), CHAIN_B, { state: 'cut', lastSeq: 0, anchorSeq: 4 });
    expect(verdict.ok).toBe(false);
    expect(verdict.headline).toBe('Verification failed: 1 problem in 0 entries.');
  });
});
