/**
 * What the built bundles must not contain (deterministic, so a test): json-rules-engine's debug hook
 * (a page can switch it on through localStorage.debug and read fact values in the console),
 * the JSONPath library (CVE surface; we resolve plain property paths), and run-time code generation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` first (npm test does).`);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') || f.endsWith('.mjs')).map((f) => join(dir, f));
}

const bundles = ['dist/extension', 'dist/node'].flatMap(jsFiles);

describe('built bundles', () => {
  it('include the rules engine (so the checks below mean something)', () => {
    expect(bundles.some((f) => readFileSync(f, 'utf8').includes('UNDEFINED_FACT'))).toBe(true);
  });

  it.each([
    ['json-rules-engine debug output switched on by localStorage.debug', /localStorage\.debug|DEBUG\.match\(\/json-rules-engine/],
    ['the JSONPath library', /jsonpath-plus|JSONPath\.prototype|\$\.\.\[|evaluate:\s*function/],
    ['run-time code generation', /\bFunction\s*\(\s*[`'\"]|[^.\w]eval\s*\(/],
  ])('contain no %s', (_, pattern) => {
    const hits = bundles.filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });
});
