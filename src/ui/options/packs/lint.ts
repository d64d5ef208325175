/**
 * The pack editor's lint: the policy core's validators over the editor's TEXT (validate-file.ts), plus
 * the checks across the draft's other packs (validate-pack-set.ts), each problem placed at its line and
 * column and turned into a document range the editor can underline. Pure: no editor, no browser APIs.
 */
import { parseJsonWithPositions, positionOf, type Position } from '../../../policy/json-source';
import { formatPath } from '../../../policy/problems';
import type { Pack } from '../../../policy/types';
import { validatePackSet } from '../../../policy/validate-pack-set';
import { validateText } from '../../../policy/validate-file';

export interface EditorProblem {
  /** Offsets in the text: what the editor underlines. */
  from: number;
  to: number;
  line: number;
  column: number;
  /** "rules[0].event.type" */
  where: string;
  severity: 'error' | 'warning';
  message: string;
  hint: string;
}

export interface LintResult {
  /** True when the text is a valid pack that fits beside the other packs: only then may it enter the draft. */
  ok: boolean;
  /** The parsed pack, when `ok`. */
  pack: Pack | null;
  problems: EditorProblem[];
}

/** Offsets where each line starts (line 1 at index 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** line:column (1-based, UTF-16 columns, as the parser counts them) → an offset in `text`. */
export function offsetOf(text: string, starts: number[], { line, column }: Position): number {
  const lineStart = starts[Math.min(Math.max(line, 1), starts.length) - 1];
  // The parser counts line 1's columns after a byte-order mark, as editors show them.
  const bom = line === 1 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return Math.min(text.length, lineStart + bom + Math.max(column, 1) - 1);
}

/** The token starting at `from`: a whole string, number or word; one character for punctuation. */
export function tokenEnd(text: string, from: number): number {
  if (from >= text.length) return text.length;
  if (text[from] === '"') {
    for (let i = from + 1; i < text.length; i++) {
      if (text[i] === '\\') {
        i++;
        continue;
      }
      if (text[i] === '"') return i + 1;
      if (text[i] === '\n') return i;
    }
    return text.length;
  }
  let i = from;
  while (i < text.length && /[A-Za-z0-9_.+\-$]/.test(text[i])) i++;
  return i > from ? i : from + 1;
}

function place(text: string, starts: number[], at: Position): { from: number; to: number } {
  const from = offsetOf(text, starts, at);
  return { from, to: Math.max(from, Math.min(text.length, tokenEnd(text, from))) };
}

/**
 * Lints the editor's text as a rule pack. `others`: the draft's other packs (names and rule names must
 * not clash with theirs).
 */
export function lintPack(text: string, others: Pack[] = []): LintResult {
  const report = validateText('pack', text, 'pack');
  const starts = lineStarts(text);
  const problems: EditorProblem[] = report.problems.map((p) => ({
    ...place(text, starts, p),
    line: p.line,
    column: p.column,
    where: p.where,
    severity: p.severity,
    message: p.message,
    hint: p.hint,
  }));
  if (!report.ok) return { ok: false, pack: null, problems };

  const pack = report.value as Pack;
  const set = validatePackSet([...others, pack]).list.filter((p) => p.path[0] === others.length);
  if (set.length > 0) {
    const parsed = parseJsonWithPositions(text);
    for (const p of set) {
      const path = p.path.slice(1);
      const at = positionOf(parsed, path, p.atKey) ?? { line: 1, column: 1 };
      problems.push({ ...place(text, starts, at), ...at, where: formatPath(path), severity: p.severity, message: p.message, hint: p.hint });
    }
  }
  const ok = !problems.some((p) => p.severity === 'error');
  return { ok, pack: ok ? pack : null, problems };
}

/** "12:19 error rules[0].event.type: Unknown event type "blok". Did you mean 'block'?" */
export function formatEditorProblem(p: EditorProblem): string {
  return `${p.line}:${p.column} ${p.severity} ${p.where}: ${p.message}. ${p.hint}`;
}

/** The order people write a pack's keys in (storage hands objects back with their keys sorted). */
const KEY_ORDER = [
  '$schema',
  'name',
  'version',
  'mode',
  'description',
  'scope',
  'jurisdiction',
  'effective',
  'from',
  'until',
  'lastChecked',
  'sources',
  'rules',
  'conditions',
  'all',
  'any',
  'not',
  'fact',
  'path',
  'operator',
  'value',
  'priority',
  'event',
  'type',
  'params',
  'gate',
  'message',
  'remedy',
  'source',
  'audience',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const known = keys.filter((k) => RANK.has(k)).sort((a, b) => RANK.get(a)! - RANK.get(b)!);
  const out: Record<string, unknown> = {};
  for (const k of [...known, ...keys.filter((k) => !RANK.has(k))]) out[k] = ordered((value as Record<string, unknown>)[k]);
  return out;
}

/** How a pack is shown in the editor: two-space JSON with its keys in the usual order, as in rules/packs. */
export const packText = (pack: Pack): string => `${JSON.stringify(ordered(pack), null, 2)}\n`;
