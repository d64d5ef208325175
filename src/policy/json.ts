/** The smallest JSON helpers, on their own so the content script does not load the validators' problem helpers. */
export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
