/** Reads `object[path]` for a plain property name, own properties only (no JSONPath, no prototype). */
export function ownPropertyPath(object: unknown, path: string): unknown {
  if (typeof object !== 'object' || object === null || !Object.hasOwn(object, path)) return undefined;
  return (object as Record<string, unknown>)[path];
}
