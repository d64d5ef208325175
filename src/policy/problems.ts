/** What validation reports, and the small checks every input kind shares. */
import { FORBIDDEN_KEYS } from './catalog';

export type JsonPath = Array<string | number>;
export interface Problem {
  path: JsonPath;
  message: string;
  /** How to fix it, in one sentence. */
  hint: string;
  severity: 'error' | 'warning';
  /** Point at the property name rather than its value (unknown and forbidden keys). */
  atKey?: boolean;
}

import { isObject, type Json } from './json';

export { isObject, type Json };

/** "rules[0].event.type" — how paths are shown to people. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(root)';
}

/** The inverse of formatPath: "rules[0].event.type" → ["rules", 0, "event", "type"]; "(root)" → []. */
export function segmentsOf(path: string): JsonPath {
  if (path === '(root)' || path === '') return [];
  const out: JsonPath = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2]);
  return out;
}

export class Problems {
  readonly list: Problem[] = [];
  error(path: JsonPath, message: string, hint: string, atKey = false): void {
    this.list.push({ path, message, hint, severity: 'error', atKey });
  }
  warn(path: JsonPath, message: string, hint: string): void {
    this.list.push({ path, message, hint, severity: 'warning' });
  }
  get hasErrors(): boolean {
    return this.list.some((p) => p.severity === 'error');
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}

/** A value as text for a message; never throws (validators see arbitrary values, not only parsed JSON). */
export function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** "Did you mean 'insurance'?" when a known word is close, else the list of allowed words. */
export function suggest(word: unknown, known: readonly string[]): string {
  const lower = (typeof word === 'string' ? word : show(word)).trim().toLowerCase();
  const best = known.map((k) => ({ k, d: distance(lower, k.toLowerCase()) })).sort((x, y) => x.d - y.d)[0];
  if (best && best.d <= Math.max(2, Math.floor(best.k.length / 3))) return `Did you mean '${best.k}'?`;
  return `Use one of: ${known.join(', ')}.`;
}

/** Unknown keys are errors: a misspelt key would otherwise be silently ignored. */
export function checkKeys(obj: Json, allowed: readonly string[], path: JsonPath, out: Problems): void {
  for (const key of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(key) || allowed.includes(key)) continue;
    out.error([...path, key], `Unknown key '${key}'`, suggest(key, allowed), true);
  }
}

/** `__proto__`, `constructor` and `prototype` keys anywhere crash or poison the engine. */
export function checkForbiddenKeys(value: unknown, path: JsonPath, out: Problems, depth = 0): void {
  if (depth > 64 || typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (FORBIDDEN_KEYS.has(key)) {
      out.error(at, `Forbidden key '${key}'`, `Remove it: '${key}' keys are never allowed (they can corrupt objects).`, true);
    }
    checkForbiddenKeys(child, at, out, depth + 1);
  }
}

export function checkText(
  obj: Json,
  key: string,
  path: JsonPath,
  out: Problems,
  opts: { required: boolean; max: number; pattern?: RegExp; example: string },
): void {
  const v = obj[key];
  if (v === undefined) {
    if (!opts.required) return;
    // A misspelt key (userID for userId) holds the value already: rename it, rather than add an example value.
    const typo = Object.keys(obj).find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 1);
    out.error([...path, key], `Missing '${key}'`, typo ? `Rename '${typo}' to '${key}'.` : `Add "${key}": ${opts.example}.`);
    return;
  }
  if (typeof v !== 'string' || v.trim() === '' || v.length > opts.max || (opts.pattern && !opts.pattern.test(v))) {
    out.error(
      [...path, key],
      `'${key}' must be ${opts.pattern ? 'text like' : `non-empty text (at most ${opts.max} characters), e.g.`} ${opts.example}`,
      `Write it as "${key}": ${opts.example}.`,
    );
  }
}

/**
 * The start every file kind shares: the value must be an object, with no forbidden keys anywhere and
 * only known keys at the top. Returns the object, or null (with the problem recorded) when it is not one.
 */
export function rootObject(value: unknown, keys: readonly string[], out: Problems, what: string, hint: string): Json | null {
  if (!isObject(value)) {
    out.error([], `${what} must be a JSON object`, hint);
    return null;
  }
  checkForbiddenKeys(value, [], out);
  checkKeys(value, keys, [], out);
  return value;
}
