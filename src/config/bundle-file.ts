/**
 * A bundle file as text (what the admin console imports and `finalize-guard policy` reads): parsed with
 * positions, validated as a whole (validateBundle), each problem placed at its line and column. Pure.
 */
import { hasErrors, MAX_BUNDLE_BYTES, validateBundle } from './bundle';
import type { BundleProblem, ConfigBundle } from './types';
import { JsonSyntaxError, parseJsonWithPositions, pointer, positionOf, type ParsedJson, type Position } from '../policy/json-source';
import { isObject, segmentsOf } from '../policy/problems';

export interface LocatedBundleProblem extends BundleProblem {
  /** Where in the file (absent when it cannot be told). */
  line?: number;
  column?: number;
}

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
  if ((m = /^packs\[(\d+)\]$/.exec(where)))
    return [
      ['packs', Number(m[1]), 'pack'],
      ['packs', Number(m[1])],
    ];
  if ((m = /^pack (.+)$/.exec(where))) {
    const i = indexNamed(root.packs, m[1], 'pack');
    return i < 0
      ? [['packs']]
      : [
          ['packs', i, 'pack'],
          ['packs', i],
        ];
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
function locate(parsed: ParsedJson, p: BundleProblem): Position | undefined {
  const segments = segmentsOf(p.path);
  const prefixes = prefixesOf(p.where, parsed.value);
  const atKey = /^(Unknown|Forbidden) key/.test(p.message);
  // An entry's own keys ("enabled", an unknown key beside "pack") are relative to the entry, not the pack.
  const entryKey = prefixes.length > 1 && segments.length === 1 && segments[0] === 'enabled';
  const ordered = entryKey ? [...prefixes].reverse() : prefixes;
  const exact = ordered.find((prefix) => has(parsed, [...prefix, ...segments]));
  return positionOf(parsed, [...(exact ?? ordered[0]), ...segments], atKey);
}

/** The bundle in `text` when it has no errors (else null), and every problem, errors first. `bundledSites`: the shipped profiles' names. */
export function readBundleText(text: string, bundledSites: readonly string[]): { bundle: ConfigBundle | null; problems: LocatedBundleProblem[] } {
  const failed = (problems: LocatedBundleProblem[]) => ({ bundle: null, problems });
  const whole = (message: string, hint: string, at: Position = { line: 1, column: 1 }): LocatedBundleProblem => ({
    where: 'file',
    path: '(root)',
    message,
    hint,
    severity: 'error',
    ...at,
  });

  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_BUNDLE_BYTES) {
    return failed([
      whole(
        `The file is ${Math.ceil(bytes / 1024)} KB; a bundle may be at most ${MAX_BUNDLE_BYTES / 1024} KB`,
        'Import a bundle exported from the admin console; remove rule packs or site profiles that are not used.',
      ),
    ]);
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
  return { bundle: hasErrors(problems) ? null : (parsed.value as ConfigBundle), problems };
}

/** "team.json:12:7 error — pack webpt-default › rules[0].event.type: Unknown event type "blok". Did you mean 'block'?" */
export function problemLine(fileName: string, p: LocatedBundleProblem): string {
  const at = p.line !== undefined ? `${fileName}:${p.line}:${p.column}` : fileName;
  const part = p.where === 'file' ? '' : `${p.where}${p.path === '(root)' ? '' : ` › ${p.path}`}: `;
  return `${at} ${p.severity} — ${part}${p.message}. ${p.hint}`;
}
