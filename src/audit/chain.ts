/**
 * The hash chain: each entry's hash covers all its other fields, and its `prev` is the hash of the entry
 * before it in its chain, so an edited, deleted, inserted or reordered entry shows on verification.
 * (A plain hash chain does not stop someone who rewrites every later hash, nor a cut-off tail: anchor the
 * latest seq and hash somewhere else to catch those.)
 */
import { contentHash } from '../policy/hash';
import type { AttemptEntry, AuditEntry, PruneEntry, ReviewEntry } from './types';
import { auditEntryProblem } from './validate';

type Unsealed<T> = Omit<T, 'seq' | 'prev' | 'hash'>;
export type EntryBody = Unsealed<AttemptEntry> | Unsealed<ReviewEntry> | Unsealed<PruneEntry>;

export interface ChainReport {
  ok: boolean;
  chains: Array<{ chainId: string; count: number; firstSeq: number; lastSeq: number; gaps: Array<[number, number]> }>;
  problems: Array<{ id: string; chainId: string; seq: number; problem: 'edited' | 'broken-link' | 'duplicate-seq' | 'out-of-order' | 'bad-entry' }>;
}
type Problem = ChainReport['problems'][number]['problem'];

/** The hash of every field but `hash`; absent and `undefined` fields are the same (JSON drops both). */
function hashOf(e: Record<string, unknown>): Promise<string> {
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(e)) if (k !== 'hash' && e[k] !== undefined) rest[k] = e[k];
  return contentHash(rest);
}

export async function sealEntry(body: EntryBody, last: AuditEntry | null): Promise<AuditEntry> {
  if (last && last.chainId !== body.chainId) throw new Error(`sealEntry: last entry is of chain ${last.chainId}, not ${body.chainId}`);
  // A JSON copy: what is hashed is exactly what an export carries, and later edits to `body` cannot reach it.
  const entry = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  delete entry.hash;
  entry.seq = last ? last.seq + 1 : 1;
  entry.prev = last ? last.hash : '';
  entry.hash = await hashOf(entry);
  // Never store what an import would refuse (and never store a field the allow-list does not know).
  const problem = auditEntryProblem(entry);
  if (problem !== null) throw new Error(`sealEntry: invalid entry: ${problem}`);
  return entry as unknown as AuditEntry;
}

export async function entryHashOk(e: AuditEntry): Promise<boolean> {
  if (typeof e !== 'object' || e === null || typeof e.hash !== 'string') return false;
  return (await hashOf(e as unknown as Record<string, unknown>)) === e.hash;
}

/** Enough shape to place an entry in a chain; anything less is reported as 'bad-entry' and skipped. */
const placeable = (e: AuditEntry) =>
  typeof e === 'object' &&
  e !== null &&
  typeof e.id === 'string' &&
  typeof e.chainId === 'string' &&
  Number.isSafeInteger(e.seq) &&
  e.seq >= 1 &&
  typeof e.prev === 'string' &&
  typeof e.hash === 'string';

/** Own-hash checks in batches: parallel enough to be quick, bounded so 100,000 entries stay cheap. */
async function hashesOk(entries: AuditEntry[], skip: boolean[]): Promise<boolean[]> {
  const out = new Array<boolean>(entries.length).fill(true);
  for (let start = 0; start < entries.length; start += 256) {
    const end = Math.min(entries.length, start + 256);
    const jobs: Promise<void>[] = [];
    for (let i = start; i < end; i++)
      if (!skip[i])
        jobs.push(
          entryHashOk(entries[i]).then((ok) => {
            out[i] = ok;
          }),
        );
    await Promise.all(jobs);
  }
  return out;
}

export async function verifyChain(entries: AuditEntry[], opts: { allowGaps?: boolean } = {}): Promise<ChainReport> {
  const allowGaps = opts.allowGaps === true;
  const found: Array<{ at: number; problem: ChainReport['problems'][number] }> = [];
  const report = (i: number, problem: Problem) => {
    const e = entries[i] as Partial<AuditEntry> | null;
    found.push({
      at: i,
      problem: {
        id: typeof e?.id === 'string' ? e.id : '',
        chainId: typeof e?.chainId === 'string' ? e.chainId : '',
        seq: typeof e?.seq === 'number' ? e.seq : 0,
        problem,
      },
    });
  };

  const skip = entries.map((e) => !placeable(e));
  const groups = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (skip[i]) return report(i, 'bad-entry');
    if (auditEntryProblem(e) !== null) report(i, 'bad-entry'); // still placed: its successor links to it
    const group = groups.get(e.chainId);
    if (group) group.push(i);
    else groups.set(e.chainId, [i]);
  });
  const own = await hashesOk(entries, skip);

  const chains: ChainReport['chains'] = [];
  for (const [chainId, idx] of groups) {
    // Order, in the given order: seq must strictly increase.
    const bySeq = new Map<number, string[]>();
    let maxSeq = 0;
    for (const i of idx) {
      const e = entries[i];
      if (!own[i]) report(i, 'edited');
      if (e.seq <= maxSeq) report(i, bySeq.has(e.seq) ? 'duplicate-seq' : 'out-of-order');
      maxSeq = Math.max(maxSeq, e.seq);
      const same = bySeq.get(e.seq);
      if (same) same.push(e.hash);
      else bySeq.set(e.seq, [e.hash]);
    }
    // Links, by seq: n's prev is the hash of n-1; with n-1 missing the link cannot be checked (a gap).
    for (const i of idx) {
      const e = entries[i];
      if (e.seq === 1) {
        if (e.prev !== '') report(i, 'broken-link');
        continue;
      }
      const before = bySeq.get(e.seq - 1);
      if (before ? !before.includes(e.prev) : !allowGaps) report(i, 'broken-link');
    }
    const seqs = [...bySeq.keys()].sort((a, b) => a - b);
    const gaps: Array<[number, number]> = [];
    let expected = 1;
    for (const s of seqs) {
      if (s > expected) gaps.push([expected, s - 1]);
      expected = s + 1;
    }
    chains.push({ chainId, count: idx.length, firstSeq: seqs[0], lastSeq: seqs[seqs.length - 1], gaps });
  }

  found.sort((a, b) => a.at - b.at); // stable: problems in file order, so "the first" is the first in the file
  return { ok: found.length === 0, chains, problems: found.map((f) => f.problem) };
}
