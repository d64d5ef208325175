/**
 * "Verify chain" in words. verifyChain runs with gaps allowed, then the gaps are judged here: the start of
 * this browser's chain cut by retention (a prune entry says so) is expected; an imported chain may be
 * partial (a filtered export); any other gap in this browser's own chain means entries are missing.
 */
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

export function judgeChain(entries: AuditEntry[], report: ChainReport, ownChainId: string | null): ChainVerdict {
  const details: string[] = [];
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
  const ok = report.ok && !missing;
  const total = entries.length;
  const headline =
    total === 0
      ? 'The log is empty: nothing to verify.'
      : ok
        ? `All ${plural(total, 'entry', 'entries')} verified (${plural(report.chains.length, 'chain')}).`
        : `Verification failed: ${plural(report.problems.length + (missing ? 1 : 0), 'problem')} in ${plural(total, 'entry', 'entries')}.`;
  return { ok, headline, details: [...details, ...notes] };
}
