/**
 * What `validate` checks for a case file beyond its own shape: the pack and directory files it names can be
 * read and are valid, and its packs fit together (crossCheck: unique pack and rule names). Its directories
 * are not held against its packs: a case may test a clinic that uses a pack that is not installed.
 */
import type { JsonPath } from '../policy/problems';
import { formatPath, isObject } from '../policy/problems';
import { parseJsonWithPositions, positionOf } from '../policy/json-source';
import { validateText, type FileKind, type LocatedProblem } from '../policy/validate-file';
import { readInput, relativeTo, UnreadableError, type Io } from './io';
import { crossCheck, type ReadFile } from './together';

interface Reference {
  at: JsonPath;
  path: string;
  kind: FileKind;
}

/** The files a (valid) case file names: `pack` or `packs`, and `directory` for the file or a case, each once. */
function referencesOf(value: Record<string, unknown>): Reference[] {
  const packs = Array.isArray(value.packs)
    ? value.packs.map((p, i): Reference => ({ at: ['packs', i], path: p as string, kind: 'pack' }))
    : typeof value.pack === 'string'
      ? [{ at: ['pack'], path: value.pack, kind: 'pack' as const }]
      : [];
  const cases = Array.isArray(value.cases) ? value.cases : [];
  const directories = [
    { at: ['directory'], source: value.directory },
    ...cases.map((c, i) => ({ at: ['cases', i, 'directory'], source: isObject(c) ? c.directory : undefined })),
  ]
    .filter((d): d is { at: JsonPath; source: string } => typeof d.source === 'string')
    .map((d): Reference => ({ at: d.at, path: d.source, kind: 'directory' }));
  const seen = new Set<string>();
  return [...packs, ...directories].filter((r) => !seen.has(r.path) && !!seen.add(r.path));
}

export function checkCaseFile(io: Io, caseFile: ReadFile): LocatedProblem[] {
  const { file, value } = caseFile.report;
  if (!isObject(value)) return [];
  const problems: LocatedProblem[] = [];
  const files: ReadFile[] = [];
  for (const ref of referencesOf(value)) {
    const path = relativeTo(file, ref.path);
    try {
      const text = readInput(io, path);
      const report = validateText(path, text, ref.kind);
      problems.push(...report.problems.filter((p) => p.severity === 'error')); // its warnings show when it is validated itself
      files.push({ report, text });
    } catch (e) {
      if (!(e instanceof UnreadableError)) throw e;
      const at = positionOf(parseJsonWithPositions(caseFile.text), ref.at) ?? { line: 1, column: 1 };
      problems.push({
        file,
        where: formatPath(ref.at),
        path: ref.at,
        severity: 'error',
        ...at,
        message: `Cannot read the ${ref.kind} file it names, ${e.path}: ${e.reason}`,
        hint: 'Paths in a case file are relative to the case file: correct the path or add the file.',
      });
    }
  }
  return [...problems, ...crossCheck(files.filter((f) => f.report.kind === 'pack')).inFiles];
}
