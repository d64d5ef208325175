/**
 * The page's half of an import: the file is verified before anything is sent, sent in parts of at most
 * 5,000 entries in file order, the parts' counts are summed, and a stop after stored parts is reported
 * as what it is (never "nothing was imported").
 */
import { describe, expect, it } from 'vitest';
import { toExport } from '../../audit/export-import';
import { CHAIN_A, CHAIN_B, chainOf } from '../../audit/fixtures';
import type { AuditEntry } from '../../audit/types';
import type { ImportReply } from '../shared/worker';
import { importFile, progressText, toParts, type ImportFile, type ImportProgress, type SendPart } from './import-chunks';
import { importMessage } from './import-message';

const fileOf = (name: string, text: string): ImportFile => ({ name, size: text.length, text: async () => text });
const exportOf = (entries: AuditEntry[]) => JSON.stringify(toExport(entries, '2026-11-27T12:00:00.000Z'));

/** A worker stand-in: stores ids once, and answers each part with `replies[k]` when given. */
function fakeWorker(replies: Array<ImportReply | undefined> = []) {
  const stored = new Set<string>();
  const calls: Array<{ fileName: string; size: number; last: boolean; first: string }> = [];
  const send: SendPart = async (fileName, entries, last) => {
    calls.push({ fileName, size: entries.length, last, first: entries[0].id });
    const forced = replies[calls.length - 1];
    if (forced) return forced;
    let imported = 0;
    for (const e of entries)
      if (!stored.has(e.id)) {
        stored.add(e.id);
        imported++;
      }
    return { ok: true, imported, skipped: entries.length - imported };
  };
  return { send, calls, stored };
}

// 10,001 entries: parts of 5,000, 5,000 and 1. Sealed once, shared by the tests (hashing is the slow part).
const big = chainOf(CHAIN_A, 10_001);

describe('toParts', () => {
  it('splits in order into parts of at most 5,000', () => {
    const items = Array.from({ length: 10_001 }, (_, i) => i);
    const parts = toParts(items);
    expect(parts.map((p) => p.length)).toEqual([5000, 5000, 1]);
    expect(parts.flat()).toEqual(items);
    expect(toParts([])).toEqual([]);
    expect(toParts([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });
});

// Each import verifies the whole 10,001-entry chain (≈1 s when the machine is busy): a timeout at least 3× that.
describe('importFile', { timeout: 20_000 }, () => {
  it('sends a verified file in parts of at most 5,000, in file order, the last one marked, and sums the counts', async () => {
    const log = await big;
    const worker = fakeWorker();
    worker.stored.add(log[7].id); // already in the log
    const seen: ImportProgress[] = [];
    const result = await importFile(fileOf('big.json', exportOf(log)), worker.send, (p) => seen.push(p));
    expect(result).toEqual({ ok: true, imported: 10_000, skipped: 1, about: 'A whole export; not signed.' });
    expect(worker.calls).toEqual([
      { fileName: 'big.json', size: 5000, last: false, first: log[0].id },
      { fileName: 'big.json', size: 5000, last: false, first: log[5000].id },
      { fileName: 'big.json', size: 1, last: true, first: log[10_000].id },
    ]);
    expect(seen).toEqual([
      { stage: 'checking' },
      { stage: 'sending', part: 1, parts: 3, sent: 0, total: 10_001 },
      { stage: 'sending', part: 2, parts: 3, sent: 5000, total: 10_001 },
      { stage: 'sending', part: 3, parts: 3, sent: 10_000, total: 10_001 },
    ]);
    expect(importMessage('big.json', result).text).toBe('big.json: imported 10,000, skipped 1 duplicate. A whole export; not signed.');
  });

  it('sends nothing of a tampered file, and names it', async () => {
    const file = JSON.parse(exportOf(await big));
    file.entries[9_000].gates = ['billing'];
    const worker = fakeWorker();
    const result = await importFile(fileOf('tampered.json', JSON.stringify(file)), worker.send);
    expect(worker.calls).toEqual([]);
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/^"tampered\.json" was altered: entry 9000 .*does not match its hash — nothing was imported from it$/),
    });
    expect(importMessage('tampered.json', result)).toEqual({ ok: false, text: `${(result as { reason: string }).reason}.` });
  });

  it('does not read a file over 500 MB', async () => {
    let read = false;
    const file: ImportFile = {
      name: 'huge.json',
      size: 500 * 1024 * 1024 + 1,
      text: async () => {
        read = true;
        return '';
      },
    };
    const result = await importFile(file, fakeWorker().send);
    expect(read).toBe(false);
    expect(importMessage('huge.json', result).text).toBe('"huge.json" is larger than 500 MB — nothing was imported from it.');
  });

  it('says so when the file cannot be read', async () => {
    const file: ImportFile = {
      name: 'gone.json',
      size: 10,
      text: async () => {
        throw new DOMException('gone', 'NotReadableError');
      },
    };
    expect(importMessage('gone.json', await importFile(file, fakeWorker().send)).text).toBe('"gone.json" could not be read — nothing was imported from it.');
  });

  it('an empty export sends nothing and imports nothing', async () => {
    const worker = fakeWorker();
    expect(await importFile(fileOf('empty.json', exportOf([])), worker.send)).toMatchObject({ ok: true, imported: 0, skipped: 0 });
    expect(worker.calls).toEqual([]);
  });

  it("checks a signed export's signature with the worker: wrong refuses it whole, unknown key says so", async () => {
    const log = await chainOf(CHAIN_B, 3);
    const signed = JSON.stringify({ ...toExport(log, 'now'), signature: { keyId: 'organisation:0123456789abcdef', mac: 'a'.repeat(64) } });
    const worker = fakeWorker();
    const wrong = await importFile(fileOf('signed.json', signed), worker.send, undefined, async () => false);
    expect(wrong).toEqual({ ok: false, reason: '"signed.json" was altered: its signature does not match its contents — nothing was imported from it' });
    expect(worker.calls).toEqual([]);
    const right = await importFile(fileOf('signed.json', signed), worker.send, undefined, async () => true);
    expect(right).toMatchObject({ ok: true, imported: 3, about: 'A whole export; its signature verified.' });
    const unknown = await importFile(fileOf('signed.json', signed), worker.send, undefined, async () => null);
    expect(unknown).toMatchObject({ ok: true, about: expect.stringMatching(/key this browser does not hold, so its signature could not be checked here/) });
    const filtered = JSON.stringify(toExport([log[0], log[2]], 'now', { userId: 'u-pta-riley' }));
    const partial = await importFile(fileOf('filtered.json', filtered), fakeWorker().send);
    expect(importMessage('filtered.json', partial).text).toBe(
      'filtered.json: imported 2, skipped 0 duplicates. A filtered export (userId u-pta-riley), imported as partial; not signed.',
    );
  });

  it('stops at a refused part, and says what the parts before it stored', async () => {
    const reason = '"big.json" was refused: entry 12 of this part does not match its hash; nothing of this part was stored';
    const worker = fakeWorker([undefined, { ok: false, reason }]);
    const result = await importFile(fileOf('big.json', exportOf(await big)), worker.send);
    expect(worker.calls).toHaveLength(2); // the third part is not sent
    expect(result).toEqual({ ok: false, reason, stopped: { part: 2, parts: 3, imported: 5000, skipped: 0, remaining: 5001, unanswered: false } });
    const { ok, text } = importMessage('big.json', result);
    expect(ok).toBe(false);
    expect(text).toBe(
      `big.json: imported 5,000, skipped 0 duplicates from part 1 of 3, then the import stopped at part 2 of 3: ${reason}. ` +
        'The remaining 5,001 entries were not imported; import the file again to finish (entries already stored are skipped as duplicates).',
    );
    expect(text).not.toMatch(/nothing (was )?imported/);
  });

  it('counts several stored parts before the stop', () => {
    const stopped = { part: 4, parts: 20, imported: 14_990, skipped: 10, remaining: 85_000, unanswered: false };
    expect(importMessage('big.json', { ok: false, reason: 'The audit log is full.', stopped }).text).toMatch(
      /^big\.json: imported 14,990, skipped 10 duplicates from parts 1–3 of 20, then the import stopped at part 4 of 20: The audit log is full\. The remaining 85,000 entries were not imported;/,
    );
  });

  it('a refused first part imported nothing, and says so', async () => {
    const worker = fakeWorker([{ ok: false, reason: 'The audit log is full: the browser refused to store more.' }]);
    const result = await importFile(fileOf('big.json', exportOf(await big)), worker.send);
    expect(worker.calls).toHaveLength(1);
    expect(importMessage('big.json', result).text).toBe('big.json: The audit log is full: the browser refused to store more — nothing was imported from it.');
  });

  it('a part without an answer may have been stored: it never claims nothing was', async () => {
    const reason = 'The service worker did not answer (The message port closed before a response was received.).';
    const worker = fakeWorker([{ ok: false, reason, unanswered: true }]);
    const text = importMessage('big.json', await importFile(fileOf('big.json', exportOf(await big)), worker.send)).text;
    expect(text).toBe(
      `big.json: the import stopped at part 1 of 3: ${reason.replace(/\.$/, '')}. Part 1 may or may not have been stored; ` +
        'import the file again to finish (entries already stored are skipped as duplicates).',
    );
    expect(text).not.toMatch(/nothing (was )?imported/);
  });
});

describe('progressText', () => {
  it('reads as the steps of an import', () => {
    expect(progressText('a.json', { stage: 'checking' })).toBe('a.json: reading and verifying…');
    expect(progressText('a.json', { stage: 'sending', part: 2, parts: 20, sent: 5000, total: 100_000 })).toBe(
      'a.json: storing part 2 of 20 (5,000 of 100,000 entries done)…',
    );
  });
});
