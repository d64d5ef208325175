/** Walks rule conditions. */
import { isObject, type Json } from './json';

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
