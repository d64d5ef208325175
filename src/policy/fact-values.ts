/**
 * The facts as plain objects whose every catalog path is a lazy getter over one FactReader: what json-rules-engine
 * (decide()) and the pages that show a fact's values read. Note pages read the FactReader directly (compiled.ts).
 */
import { FACTS } from './catalog';
import { FACT_NAMES, type FactReader, readFacts } from './facts';
import type { Directory } from './types';

export interface Facts {
  /** The reader behind the getters: a value is read once, whichever way it is asked for. */
  reader: FactReader;
  values: Record<string, Record<string, unknown>>;
  /** Keys of UNREADABLE, in the order met. */
  problems: Set<string>;
  /** Fact names whose reading raised a problem. */
  failedFacts: Set<string>;
}

export function buildFacts(directory: Directory, rawContext: unknown): Facts {
  const reader = readFacts(directory, rawContext);
  const values: Record<string, Record<string, unknown>> = {};
  for (const name of FACT_NAMES) {
    const fact: Record<string, unknown> = {};
    for (const path of Object.keys(FACTS[name])) {
      Object.defineProperty(fact, path, { enumerable: true, get: () => reader.get(name)?.[path] });
    }
    values[name] = fact;
  }
  return { values, problems: reader.problems, failedFacts: reader.failedFacts, reader };
}
