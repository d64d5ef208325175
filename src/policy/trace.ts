/** Walks rule conditions, and flattens json-rules-engine's per-condition results into trace rows. */
import { isObject, type Json } from './json';
import type { TraceEntry } from './types';

/** Visits every fact test in a condition tree with its place, e.g. "all[1].not". */
export function forEachLeaf(c: unknown, visit: (leaf: Json, at: string) => void, at = ''): void {
  if (!isObject(c)) return;
  if (typeof c.fact === 'string') return visit(c, at || 'conditions');
  const join = (k: string) => `${at}${at ? '.' : ''}${k}`;
  for (const k of ['all', 'any'] as const) {
    const list = c[k];
    if (Array.isArray(list)) list.forEach((child, i) => forEachLeaf(child, visit, join(`${k}[${i}]`)));
  }
  if (c.not !== undefined) forEachLeaf(c.not, visit, join('not'));
}

export function traceOf(order: Map<string, number>, results: Array<{ name: string; conditions: unknown }>): TraceEntry[] {
  const rows: TraceEntry[] = [];
  const sorted = [...results].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  for (const r of sorted) {
    forEachLeaf(r.conditions, (c, at) =>
      rows.push({
        rule: r.name,
        at,
        fact: String(c.fact),
        path: typeof c.path === 'string' ? c.path : undefined,
        operator: String(c.operator),
        expected: c.value,
        seen: c.factResult,
        passed: typeof c.result === 'boolean' ? c.result : null,
      }),
    );
  }
  return rows;
}

/**
 * Makes `obj[key]` a value computed on first read (then kept): a decision's trace and rule list are built only when
 * someone reads them (what-if, the CLI, a test), not on every decision a note page takes. Enumerable, so spreading,
 * JSON and deep equality see it like any other field.
 */
export function lazyField<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  const settle = (value: T[K]) => {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    return value;
  };
  Object.defineProperty(obj, key, { enumerable: true, configurable: true, get: () => settle(compute()), set: settle });
}
