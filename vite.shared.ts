/**
 * Build settings every bundle shares (extension, CLI, bench, tests).
 * json-rules-engine's debug module turns on when the PAGE sets localStorage.debug (content scripts
 * share the page's localStorage) and prints fact values: replace it with a no-op everywhere.
 * We resolve paths ourselves, so its JSONPath dependency (and that CVE surface) is left out too.
 * Its event emitter has an (unreached) `new Function` fallback that MV3's CSP forbids: use globalThis.
 */
import type { Plugin } from 'vite';

const SILENT_DEBUG = '\0fg:silent-debug';
const NO_JSONPATH = '\0fg:no-jsonpath';

export function hardenRulesEngine(): Plugin {
  return {
    name: 'finalize-guard:harden-rules-engine',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.replaceAll('\\', '/').includes('/json-rules-engine/')) return null;
      if (source === './debug' || source === './debug.js') return SILENT_DEBUG;
      if (source === 'jsonpath-plus') return NO_JSONPATH;
      return null;
    },
    transform(code, id) {
      if (!id.replaceAll('\\', '/').includes('/eventemitter2/')) return null;
      return code.replace(/new Function\(\s*''\s*,\s*'return this'\s*\)\(\)/, 'globalThis');
    },
    load(id) {
      if (id === SILENT_DEBUG) return 'export default function debug() {}';
      if (id === NO_JSONPATH) {
        return "export function JSONPath() { throw new Error('JSONPath is disabled in Finalize Guard: use plain property paths'); }";
      }
      return null;
    },
  };
}
