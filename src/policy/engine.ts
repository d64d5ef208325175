/**
 * json-rules-engine set up the safe way: own-property paths only (no JSONPath), undefined facts
 * rejected (the library's allowUndefinedFacts fails open), explanation text kept on the event.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { Pack } from './types';

/** Reads `object[path]` for a plain property name, own properties only. */
export function ownPropertyPath(object: unknown, path: string): unknown {
  if (typeof object !== 'object' || object === null || !Object.hasOwn(object, path)) return undefined;
  return (object as Record<string, unknown>)[path];
}

export function buildEngine(pack: Pack): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: ownPropertyPath });
  for (const rule of pack.rules) {
    engine.addRule({ name: rule.name, conditions: rule.conditions, event: rule.event } as RuleProperties);
  }
  return engine;
}
