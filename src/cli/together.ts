/**
 * What `validate` checks across files, with the admin console's publish check itself (validateBundle): the
 * packs given together (unique pack and rule names), each directory against them (a clinic that uses a pack
 * that is not there, a state or payer pack that cannot apply), the site profiles (unique, shipped names).
 * Only files that are valid on their own take part; each problem is placed in the file it is about.
 */
import { BUNDLE_FORMAT, validateBundle } from '../config/bundle';
import { BUNDLED_PACKS } from '../config/bundled';
import { SHIPPED_PROFILES } from '../sites/shipped';
import type { BundleProblem } from '../config/types';
import { parseJsonWithPositions, positionOf } from '../policy/json-source';
import { isObject, segmentsOf } from '../policy/problems';
import type { FileReport, LocatedProblem } from '../policy/validate-file';

/** A file as read: its report and text (to place problems found across files). */
export interface ReadFile {
  report: FileReport;
  text: string;
}

const EMPTY_DIRECTORY = { clinics: [], insurances: [], users: [] };
const nameOf = (f: ReadFile) => (isObject(f.report.value) ? f.report.value.name : undefined);

/**
 * Problems found across `files` (valid files only), each with the file it belongs to. Without pack files, a
 * directory is checked against the packs Finalize Guard ships (what a new installation has).
 */
export function crossCheck(files: ReadFile[]): { inFiles: LocatedProblem[]; together: BundleProblem[] } {
  const valid = (kind: string) => files.filter((f) => f.report.ok && f.report.kind === kind);
  const packs = valid('pack');
  const directories = valid('directory');
  const sites = valid('site');
  if (!packs.length && !directories.length && !sites.length) return { inFiles: [], together: [] };
  const installed = packs.length ? packs.map((f) => f.report.value) : directories.length ? BUNDLED_PACKS : [];
  const found = new Map<string, LocatedProblem>();
  const together = new Map<string, BundleProblem>();
  for (const directory of directories.length ? directories : [null]) {
    const bundle = {
      format: BUNDLE_FORMAT,
      packs: installed.map((pack) => ({ pack, enabled: true })),
      directory: directory?.report.value ?? EMPTY_DIRECTORY,
      sites: sites.map((f) => f.report.value),
    };
    const problems = validateBundle(bundle, { bundledSites: SHIPPED_PROFILES.map((s) => s.name), partial: !directory || installed.length === 0 });
    for (const p of problems) {
      const file = fileOf(p, { packs, directory, sites });
      // About no one file (all of them are more than one configuration may hold).
      if (['bundle', 'packs', 'sites'].includes(p.where)) together.set(p.message, p);
      const located = file && place(file, p);
      if (!located || file.report.problems.some((q) => q.where === located.where && q.message === located.message)) continue;
      found.set(`${located.file}|${located.where}|${located.message}`, located);
    }
  }
  return { inFiles: [...found.values()], together: [...together.values()] };
}

/** The file a bundle problem is about: "pack x", "packs[2]", "directory", "site y" (none for the shipped packs). */
function fileOf(p: BundleProblem, parts: { packs: ReadFile[]; directory: ReadFile | null; sites: ReadFile[] }): ReadFile | null {
  if (p.where === 'directory') return parts.directory;
  let m: RegExpExecArray | null;
  if ((m = /^pack (.+)$/.exec(p.where))) return parts.packs.findLast((f) => nameOf(f) === m![1]) ?? null;
  if ((m = /^packs\[(\d+)\]$/.exec(p.where))) return parts.packs[Number(m[1])] ?? null;
  if ((m = /^site (.+)$/.exec(p.where))) return parts.sites.findLast((f) => nameOf(f) === m![1]) ?? null;
  return null;
}

function place(file: ReadFile, p: BundleProblem): LocatedProblem {
  const path = segmentsOf(p.path);
  const at = positionOf(parseJsonWithPositions(file.text), path) ?? { line: 1, column: 1 };
  return { file: file.report.file, where: p.path, path, message: p.message, hint: p.hint, severity: p.severity, ...at };
}
