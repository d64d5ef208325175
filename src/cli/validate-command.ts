/**
 * `finalize-guard validate <files…>`: each file on its own, then everything given together, as the admin
 * console's publish checks it (crossCheck), and the files each case file names. A configuration bundle
 * (exported from the console) is whole in itself: it is checked as the console's import checks it.
 * Exit 0 when nothing has an error, 1 when something does (a finding, invalid JSON included), 2 when a file
 * cannot be read at all.
 */
import { formatProblem, validateText, type FileKind, type FileReport, type LocatedProblem } from '../policy/validate-file';
import { BUNDLE_FORMAT, hasErrors } from '../config/bundle';
import { readBundleText } from '../config/bundle-file';
import { SHIPPED_PROFILES } from '../sites/shipped';
import type { BundleProblem } from '../config/types';
import type { Args } from './args';
import { checkCaseFile } from './case-files';
import { readInput, UnreadableError, UsageError, type Io } from './io';
import { crossCheck, type ReadFile } from './together';

const KINDS = ['pack', 'directory', 'context', 'cases', 'site', 'bundle'];

interface Checked {
  file: string;
  kind: FileKind | 'bundle' | null;
  ok: boolean;
  unreadable?: string;
  problems: LocatedProblem[];
}

export function validateCommand(io: Io, args: Args): number {
  if (args.positional.length === 0) throw new UsageError('validate needs at least one file');
  const kind = args.options.get('kind') as FileKind | 'bundle' | undefined;
  if (kind && !KINDS.includes(kind)) throw new UsageError('--kind must be pack, directory, context, cases, site or bundle');
  const { read, bundles, unreadable } = readAll(io, args.positional, kind);
  const extra = new Map<string, LocatedProblem[]>();
  const add = (file: string, problems: LocatedProblem[]) => extra.set(file, [...(extra.get(file) ?? []), ...problems]);
  const across = crossCheck(read);
  for (const p of across.inFiles) add(p.file, [p]);
  // A case file's own pack and directory files are listed under it.
  for (const f of read) if (f.report.ok && f.report.kind === 'cases') add(f.report.file, checkCaseFile(io, f));
  const checked = args.positional.map((file): Checked => {
    const e = unreadable.get(file);
    if (e) return { file, kind: null, ok: false, unreadable: e.reason, problems: [] };
    const bundle = bundles.get(file);
    if (bundle) return bundle;
    const { report } = read.find((f) => f.report.file === file)!;
    return withProblems(report, extra.get(file) ?? []);
  });
  print(io, checked, across.together, args.json);
  if (unreadable.size) return 2;
  return checked.every((c) => c.ok) && !hasErrors(across.together) ? 0 : 1;
}

/** Each file read and validated on its own (bundles apart: they are whole in themselves); those that cannot be read, with why. */
function readAll(io: Io, files: string[], kind: FileKind | 'bundle' | undefined) {
  const unreadable = new Map<string, UnreadableError>();
  const read: ReadFile[] = [];
  const bundles = new Map<string, Checked>();
  for (const file of files) {
    try {
      const text = readInput(io, file);
      if (kind === 'bundle' || (!kind && isBundleText(text))) bundles.set(file, checkBundle(file, text));
      else read.push({ report: validateText(file, text, kind), text });
    } catch (e) {
      if (!(e instanceof UnreadableError)) throw e;
      unreadable.set(file, e);
    }
  }
  return { read, bundles, unreadable };
}

function isBundleText(text: string): boolean {
  try {
    return (JSON.parse(text) as { format?: unknown } | null)?.format === BUNDLE_FORMAT;
  } catch {
    return false;
  }
}

/** A bundle as the console's import (and `finalize-guard policy`) checks it, each problem where it is in the file. */
function checkBundle(file: string, text: string): Checked {
  const problems = readBundleText(
    text,
    SHIPPED_PROFILES.map((s) => s.name),
  ).problems.map(
    (p): LocatedProblem => ({
      file,
      where: p.where === 'file' ? '(file)' : `${p.where}${p.path === '(root)' ? '' : ` › ${p.path}`}`,
      path: [],
      message: p.message,
      hint: p.hint,
      severity: p.severity,
      line: p.line ?? 1,
      column: p.column ?? 1,
    }),
  );
  return { file, kind: 'bundle', ok: !problems.some((p) => p.severity === 'error'), problems };
}

function withProblems(report: FileReport, more: LocatedProblem[]): Checked {
  const problems = [...report.problems, ...more];
  return { file: report.file, kind: report.kind, ok: !problems.some((p) => p.severity === 'error'), problems };
}

function print(io: Io, checked: Checked[], together: BundleProblem[], json: boolean): void {
  if (json) {
    io.out(JSON.stringify({ ok: checked.every((c) => c.ok) && !hasErrors(together), files: checked, together }, null, 2));
    return;
  }
  for (const c of checked) {
    if (c.unreadable) {
      io.out(`FAIL  ${c.file}: cannot read it: ${c.unreadable}`);
      continue;
    }
    io.out(`${c.ok ? 'ok   ' : 'FAIL '} ${c.file}${c.kind ? ` (${c.kind})` : ''}`);
    for (const p of c.problems) io.out(`  ${formatProblem(p)}`);
  }
  for (const p of together) io.out(`${p.severity === 'error' ? 'FAIL ' : 'ok   '} all files together: ${p.severity} ${p.message}. ${p.hint}`);
}
