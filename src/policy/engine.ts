/**
 * json-rules-engine set up the safe way: own-property paths only (no JSONPath), undefined facts
 * rejected (the library's allowUndefinedFacts fails open), explanation text kept on the event.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { ownPropertyPath } from './path';
import type { Pack } from './types';

export function buildEngine(pack: Pack): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: ownPropertyPath });
  for (const rule of pack.rules) {
    engine.addRule({ name: rule.name, conditions: rule.conditions, event: rule.event } as RuleProperties);
  }
  return engine;
}
