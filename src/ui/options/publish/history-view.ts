/** The version history as the console lists it: newest first, each with its predecessor, in words. Pure. */
import type { Change, PublishedVersion } from '../../../config/types';
import { userLabel } from '../access/status';

export interface HistoryRow {
  version: PublishedVersion;
  /** The version before it in the history (null for the oldest kept). */
  previous: PublishedVersion | null;
  inForce: boolean;
  kindText: string;
  authorText: string;
}

export function kindText(v: Pick<PublishedVersion, 'kind' | 'from' | 'version'>): string {
  if (v.kind === 'rollback') return v.from === undefined ? 'Rollback' : `Rollback to version ${v.from}`;
  if (v.kind === 'import') return 'Import';
  return v.version === 0 ? 'Before the first publish' : 'Publish';
}

/** `inForceVersion`: the version the configuration in force came from (activeConfig.version). */
export function historyRows(history: readonly PublishedVersion[], inForceVersion: number | undefined): HistoryRow[] {
  const sorted = [...history].sort((a, b) => a.version - b.version);
  return sorted
    .map((version, i) => ({
      version,
      previous: i > 0 ? sorted[i - 1] : null,
      inForce: version.version === inForceVersion,
      kindText: kindText(version),
      authorText: version.author ? userLabel(version.bundle.directory, version.author) : 'Finalize Guard',
    }))
    .reverse();
}

/** A summary for a publish the admin did not describe: the first changes, in words (at most `max` characters). */
export function defaultSummary(changes: readonly Change[], max = 500): string {
  if (changes.length === 0) return 'No changes';
  const head = changes
    .slice(0, 3)
    .map((c) => c.what)
    .join('; ');
  const text = changes.length > 3 ? `${head}; and ${changes.length - 3} more` : head;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
