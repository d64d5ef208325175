/**
 * Import and export of a configuration bundle, without the page. An imported file is parsed with positions,
 * validated as a whole (validateBundle), each problem placed at its line and column in the file, and compared
 * with the configuration in force (diffBundles). Only a bundle without errors may replace the configuration.
 * Pure.
 */
import { BUNDLE_FORMAT, hasErrors, MAX_BUNDLE_BYTES, validateBundle } from '../../../config/bundle';
import { diffBundles } from '../../../config/diff';
import type { BundleProblem, Change, ConfigBundle } from '../../../config/types';
import { JsonSyntaxError, parseJsonWithPositions, pointer, positionOf, type ParsedJson, type Position } from '../../../policy/json-source';
import { isObject, segmentsOf } from '../../../policy/problems';
import { plural } from '../../shared/format';

export interface LocatedBundleProblem extends BundleProblem {
  /** Where in the file (absent when it cannot be told). */
  line?: number;
  column?: number;
}

export interface ChangeCounts { pack: number; directory: number; site: number }

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

/** The index in `list` of the first item whose name (or pack's name) is `name`, or -1. */
function indexNamed(list: unknown, name: string, inner?: 'pack'): number {
  if (!Array.isArray(list)) return -1;
  return list.findIndex((item) => {
    const v = inner && isObject(item) ? item[inner] : item;
    return isObject(v) && v.name === name;
  });
}

/** The JSON paths a problem's `where` may start at, most specific first ("pack x": inside the pack, then its entry). */
function prefixesOf(where: string, value: unknown): Array<Array<string | number>> {
  const root = isObject(value) ? value : {};
  let m: RegExpExecArray | null;
  if (where === 'bundle') return [[]];
  if (where === 'packs' || where === 'directory' || where === 'sites') return [[where]];
  if ((m = /^packs\[(\d+)\]$/.exec(where))) return [['packs', Number(m[1]), 'pack'], ['packs', Number(m[1])]];
  if ((m = /^pack (.+)$/.exec(where))) {
    const i = indexNamed(root.packs, m[1], 'pack');
    return i < 0 ? [['packs']] : [['packs', i, 'pack'], ['packs', i]];
  }
  if ((m = /^sites\[(\d+)\]$/.exec(where))) return [['sites', Number(m[1])]];
  if ((m = /^site (.+)$/.exec(where))) {
    const i = indexNamed(root.sites, m[1]);
    return i < 0 ? [['sites']] : [['sites', i]];
  }
  return [[]];
}

const has = (parsed: ParsedJson, path: Array<string | number>) => parsed.valueAt.has(pointer(path)) || parsed.keyAt.has(pointer(path));

/** Where a problem sits in the file: the exact path when it exists there, else its nearest part that does. */
export function locate(parsed: ParsedJson, p: BundleProblem): Position | undefined {
  const segments = segmentsOf(p.path);
  const prefixes = prefixesOf(p.where, parsed.value);
  const atKey = /^(Unknown|Forbidden) key/.test(p.message);
  // An entry's own keys ("enabled", an unknown key beside "pack") are relative to the entry, not the pack.
  const entryKey = prefixes.length > 1 && segments.length === 1 && segments[0] === 'enabled';
  const ordered = entryKey ? [...prefixes].reverse() : prefixes;
  const exact = ordered.find((prefix) => has(parsed, [...prefix, ...segments]));
  return positionOf(parsed, [...(exact ?? ordered[0]), ...segments], atKey);
}

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
  const failed = (problems: LocatedBundleProblem[]): ImportReport => ({ fileName, ok: false, bundle: null, problems, changes: [], counts: { ...NO_CHANGES } });
  const whole = (message: string, hint: string, at: Position = { line: 1, column: 1 }): LocatedBundleProblem =>
    ({ where: 'file', path: '(root)', message, hint, severity: 'error', ...at });

  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BUNDLE_BYTES) {
    return failed([whole(`The file is ${Math.ceil(bytes / 1024)} KB; a bundle may be at most ${MAX_BUNDLE_BYTES / 1024} KB`, 'Import a bundle exported from the admin console; remove rule packs or site profiles that are not used.')]);
  }
  if (text.trim() === '') return failed([whole('The file is empty', 'Choose a bundle file exported from the admin console (Export).')]);
  let parsed: ParsedJson;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return failed([whole(`Invalid JSON: ${e.message}`, e.hint, e.position)]);
  }
  const problems: LocatedBundleProblem[] = validateBundle(parsed.value, { bundledSites }).map((p) => ({ ...p, ...locate(parsed, p) }));
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  if (hasErrors(problems)) return failed(problems);
  const bundle = parsed.value as ConfigBundle;
  const changes = inForce ? diffBundles(inForce, bundle) : [];
  return { fileName, ok: true, bundle, problems, changes, counts: countChanges(changes) };
}

/** "team.json:12:7 error — pack webpt-default › rules[0].event.type: Unknown event type "blok". Did you mean 'block'?" */
export function problemLine(fileName: string, p: LocatedBundleProblem): string {
  const at = p.line !== undefined ? `${fileName}:${p.line}:${p.column}` : fileName;
  const part = p.where === 'file' ? '' : `${p.where}${p.path === '(root)' ? '' : ` › ${p.path}`}: `;
  return `${at} ${p.severity} — ${part}${p.message}. ${p.hint}`;
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
