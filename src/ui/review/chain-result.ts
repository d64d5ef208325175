/**
 * "Verify chain" in words. verifyChain runs with gaps allowed, then the gaps are judged here: the start of
 * this browser's chain cut by retention (a prune entry says so) is expected; an imported chain may be
 * partial (a filtered export); any other gap in this browser's own chain means entries are missing.
 * The worker's anchor check (background/audit-anchor.ts) adds what the chain alone cannot show: a cut-off
 * tail, or later hashes recomputed.
 */
import type { HeadCheck } from '../../background/audit-anchor';
import type { ChainReport } from '../../audit/chain';
import type { AuditEntry, PruneEntry } from '../../audit/types';
import { formatCount, plural } from '../shared/format';

export interface ChainVerdict {
  ok: boolean;
  headline: string;
  details: string[];
}

const WHAT: Record<ChainReport['problems'][number]['problem'], string> = {
  edited: 'does not match its hash (it was edited)',
  'broken-link': 'does not link to the entry before it (an entry was removed, inserted or replaced)',
  'duplicate-seq': 'repeats a position already taken in its chain',
  'out-of-order': 'is out of order in its chain',
  'bad-entry': 'is malformed',
};
const MAX_LISTED = 20;
const chainName = (id: string, own: string | null) => (id === own ? "this browser's chain" : `chain ${id.slice(0, 8)}…`);
const range = ([a, b]: [number, number]) => (a === b ? `seq ${a}` : `seq ${a}–${b}`);

/** What the anchor check found wrong, in words, or null when the head is as the log wrote it. */
function headProblem(head: HeadCheck | null): string | null {
  if (head === null) return "The chain's anchor could not be checked (the service worker did not answer): verify again.";
  switch (head.state) {
    case 'ok':
    case 'empty':
      return null;
    case 'cut':
      return `This browser's chain ends at seq ${head.lastSeq}, but the log wrote up to seq ${head.anchorSeq}: entries were cut off its end.`;
    case 'rewritten':
      return `Seq ${head.seq} of this browser's chain is not the entry the log wrote: entries were rewritten and their hashes recomputed.`;
    case 'unanchored':
      return `Seq ${head.anchorSeq + 1}–${head.lastSeq} of this browser's chain were not written by Finalize Guard's log: entries were added.`;
    case 'anchor-missing':
      return "This browser's chain has lost its anchor (the log's record of its last entry): the log was altered.";
    case 'anchor-forged':
      return "This browser's chain's anchor does not carry the log's signature: the log was altered.";
    case 'deleted':
      return `This browser's audit log was deleted or replaced (noticed ${head.noticedAt.slice(0, 10)}): every entry written before then is gone, and the chain started again.`;
  }
}

export function judgeChain(entries: AuditEntry[], report: ChainReport, ownChainId: string | null, head: HeadCheck | null): ChainVerdict {
  const details: string[] = [];
  const anchored = headProblem(head);
  if (anchored !== null) details.push(anchored);
  for (const p of report.problems.slice(0, MAX_LISTED)) {
    details.push(`Entry ${p.id || '(no id)'} (seq ${p.seq} of ${chainName(p.chainId, ownChainId)}) ${WHAT[p.problem]}.`);
  }
  if (report.problems.length > MAX_LISTED) details.push(`… and ${formatCount(report.problems.length - MAX_LISTED)} more problems.`);

  const prunes = new Map<string, PruneEntry[]>();
  for (const e of entries) if (e.type === 'prune') prunes.set(e.chainId, [...(prunes.get(e.chainId) ?? []), e]);
  let missing = false;
  const notes: string[] = [];
  for (const c of report.chains) {
    for (const gap of c.gaps) {
      const pruned = gap[0] === 1 && (prunes.get(c.chainId) ?? []).some((p) => p.removed > 0);
      if (pruned) notes.push(`${range(gap)} of ${chainName(c.chainId, ownChainId)} were removed by retention (logged).`);
      else if (c.chainId === ownChainId) {
        missing = true;
        details.push(`${range(gap)} of this browser's chain are missing: entries were deleted.`);
      } else notes.push(`${range(gap)} of ${chainName(c.chainId, ownChainId)} are not here (imported from a partial export).`);
    }
  }
  const ok = report.ok && !missing && anchored === null;
  const total = entries.length;
  const headline =
    total === 0 && ok
      ? 'The log is empty: nothing to verify.'
      : ok
        ? `All ${plural(total, 'entry', 'entries')} verified (${plural(report.chains.length, 'chain')}).`
        : `Verification failed: ${plural(report.problems.length + (missing ? 1 : 0) + (anchored !== null ? 1 : 0), 'problem')} in ${plural(total, 'entry', 'entries')}.`;
  return { ok, headline, details: [...details, ...notes] };
}
