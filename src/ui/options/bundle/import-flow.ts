/**
 * Import and export of a configuration bundle, without the page. An imported file is read as the CLI reads
 * it (readBundleText: parsed, validated as a whole, each problem placed at its line and column) and compared
 * with the configuration in force (diffBundles). Only a bundle without errors may replace the configuration.
 * Pure.
 */
import { BUNDLE_FORMAT } from '../../../config/bundle';
import { readBundleText, type LocatedBundleProblem } from '../../../config/bundle-file';
import { diffBundles } from '../../../config/diff';
import type { Change, ConfigBundle } from '../../../config/types';
import { plural } from '../../shared/format';

export interface ChangeCounts {
  pack: number;
  directory: number;
  site: number;
}

export interface ImportReport {
  fileName: string;
  /** True when the file is a bundle without errors: only then may it replace the configuration. */
  ok: boolean;
  bundle: ConfigBundle | null;
  problems: LocatedBundleProblem[];
  /** What would change against the configuration in force (empty when not ok, or nothing is in force). */
  changes: Change[];
  counts: ChangeCounts;
}

const NO_CHANGES: ChangeCounts = { pack: 0, directory: 0, site: 0 };

export function countChanges(changes: readonly Change[]): ChangeCounts {
  const counts = { ...NO_CHANGES };
  for (const c of changes) counts[c.area]++;
  return counts;
}

/**
 * Reads an imported file. `inForce`: the configuration in force as a bundle (null while it is loading);
 * `bundledSites`: the names of the site profiles Finalize Guard ships with.
 */
export function readBundleFile(fileName: string, text: string, inForce: ConfigBundle | null, bundledSites: readonly string[]): ImportReport {
  const { bundle, problems } = readBundleText(text, bundledSites);
  if (!bundle) return { fileName, ok: false, bundle: null, problems, changes: [], counts: { ...NO_CHANGES } };
  const changes = inForce ? diffBundles(inForce, bundle) : [];
  return { fileName, ok: true, bundle, problems, changes, counts: countChanges(changes) };
}

/** "3 errors in team.json: nothing was changed." */
export function problemsHeading(report: ImportReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  return `${plural(errors, 'error')} in ${report.fileName}: nothing will change. Fix ${errors === 1 ? 'it' : 'them'} and choose the file again.`;
}

/** "12 changes: 3 to rule packs, 8 to the directory, 1 to site profiles" / "No changes: …" */
export function summaryText(counts: ChangeCounts): string {
  const total = counts.pack + counts.directory + counts.site;
  if (total === 0) return 'No changes: this bundle is the configuration in force.';
  const parts = [
    counts.pack && `${counts.pack} to rule packs`,
    counts.directory && `${counts.directory} to the directory`,
    counts.site && `${counts.site} to site profiles`,
  ].filter(Boolean);
  return `${plural(total, 'change')}: ${parts.join(', ')}.`;
}

/** Only a bundle without errors that changes something, with the console unlocked and nothing in flight. */
export function canReplace(report: ImportReport | null, readOnly: boolean, busy: boolean): boolean {
  return !!report && report.ok && report.bundle !== null && report.changes.length > 0 && !readOnly && !busy;
}

/** The summary kept in the version history for an import. */
export function importSummary(report: ImportReport): string {
  return `Imported ${report.fileName} (${summaryText(report.counts).replace(/\.$/, '')})`;
}

/** A bundle as the file Export saves: pretty-printed, so problems in it can be found by line. */
export function bundleText(bundle: ConfigBundle): string {
  const { packs, directory, sites } = bundle;
  return `${JSON.stringify({ format: BUNDLE_FORMAT, packs, directory, sites }, null, 2)}\n`;
}

/** "finalize-guard-bundle-draft-2026-11-27.json", "finalize-guard-bundle-v12-2026-11-27.json" */
export function bundleFileName(what: 'draft' | { version: number }, date: string): string {
  return `finalize-guard-bundle-${what === 'draft' ? 'draft' : `v${what.version}`}-${date}.json`;
}
