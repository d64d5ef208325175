/**
 * Validates the text of a rules/ file (pack, directory, context or case file) and places every
 * problem at a line and column, so an admin can go straight to it. Runs in Node and under MV3's CSP.
 */
import { MAX_FILE_BYTES } from './catalog';
import { JsonSyntaxError, parseJsonWithPositions, positionOf, type ParsedJson, type Position } from './json-source';
import { formatPath, isObject, type Problem, type Problems } from './problems';
import { validateCases } from './validate-cases';
import { validateContext } from './validate-context';
import { validateDirectory } from './validate-directory';
import { validatePack } from './validate-pack';
import { validateSite } from '../sites/validate-site';

export type FileKind = 'pack' | 'directory' | 'context' | 'cases' | 'site';
const VALIDATORS: Record<FileKind, (v: unknown) => Problems> = {
  pack: validatePack,
  directory: validateDirectory,
  context: validateContext,
  cases: validateCases,
  site: validateSite,
};

export interface LocatedProblem extends Problem, Position {
  file: string;
  where: string;
}
export interface FileReport {
  file: string;
  kind: FileKind | null;
  value: unknown;
  problems: LocatedProblem[];
  ok: boolean;
}

/** By "$schema" (e.g. "../schema/pack.schema.json"), else by shape. */
function detectKind(value: unknown): FileKind | null {
  if (!isObject(value)) return null;
  const schema = typeof value.$schema === 'string' ? /(pack|directory|context|cases|site)\.schema\.json$/.exec(value.$schema) : null;
  if (schema) return schema[1] as FileKind;
  if ('rules' in value) return 'pack';
  if ('finalizeControls' in value) return 'site';
  if ('cases' in value) return 'cases';
  if ('users' in value || 'clinics' in value) return 'directory';
  if ('userId' in value || 'noteType' in value) return 'context';
  return null;
}

export function validateText(file: string, text: string, kind?: FileKind): FileReport {
  const report = (problems: LocatedProblem[], k: FileKind | null, value: unknown = undefined): FileReport => ({
    file,
    kind: k,
    value,
    problems,
    ok: !problems.some((p) => p.severity === 'error'),
  });
  const whole = (message: string, hint: string, at: Position = { line: 1, column: 1 }): LocatedProblem => ({
    file,
    where: '(file)',
    path: [],
    message,
    hint,
    severity: 'error',
    ...at,
  });

  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_FILE_BYTES) {
    return report(
      [
        whole(
          `File is ${Math.ceil(bytes / 1024)} KB; at most ${MAX_FILE_BYTES / 1024} KB is allowed`,
          'Split it into smaller files (e.g. one pack per jurisdiction).',
        ),
      ],
      kind ?? null,
    );
  }
  let parsed: ParsedJson;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return report([whole(`Invalid JSON: ${e.message}`, e.hint, e.position)], kind ?? null);
  }
  const k = kind ?? detectKind(parsed.value);
  if (!k) {
    return report(
      [
        whole(
          'Cannot tell what kind of file this is',
          'Add "$schema" pointing at rules/schema/pack.schema.json, directory.schema.json, context.schema.json, cases.schema.json or site.schema.json.',
        ),
      ],
      null,
      parsed.value,
    );
  }
  const located = VALIDATORS[k](parsed.value).list.map(
    (p): LocatedProblem => ({
      ...p,
      file,
      where: formatPath(p.path),
      ...(positionOf(parsed, p.path, p.atKey) ?? { line: 1, column: 1 }),
    }),
  );
  return report(located, k, parsed.value);
}

/** "rules/packs/x.json:12:7 error rules[0].event.type: Unknown event type "blok". Did you mean 'block'?" */
export function formatProblem(p: LocatedProblem): string {
  return `${p.file}:${p.line}:${p.column} ${p.severity} ${p.where}: ${p.message}. ${p.hint}`;
}
