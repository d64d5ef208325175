/**
 * `web-ext lint` (Mozilla's add-on linter, as addons.mozilla.org runs it) on the built Firefox extension: no error,
 * and no warning but the ones the README explains (section "Firefox"), each matched by code, message and file.
 * A new warning fails here until it is fixed or explained.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import webExt from 'web-ext';
import { describe, expect, it } from 'vitest';

const DIST = 'dist/firefox';

/** The warnings we keep, with the README's words for why (the README must carry each message). */
const EXPLAINED = [
  // Preact's runtime, in the extension pages' chunk (the content script draws without Preact).
  { code: 'UNSAFE_VAR_ASSIGNMENT', message: 'Unsafe assignment to innerHTML', file: /^assets\/jsxRuntime-[\w-]+\.js$/ },
];

describe('web-ext lint on dist/firefox', () => {
  it('reports no error and only the warnings the README explains', async () => {
    if (!existsSync(`${DIST}/manifest.json`)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does).`);
    const result = await webExt.cmd.lint({ sourceDir: DIST, output: 'none' }, { shouldExitProgram: false });
    const said = (m: { code: string; message: string; file?: string }) => `${m.code} ${m.message} (${m.file ?? 'no file'})`;
    expect(result.errors.map(said)).toEqual([]);
    const unexplained = result.warnings.filter((w) => !EXPLAINED.some((e) => e.code === w.code && e.message === w.message && e.file.test(w.file ?? '')));
    expect(unexplained.map(said)).toEqual([]);
    expect(result.notices.map(said)).toEqual([]);
  }, 90_000);

  it("the innerHTML warning is only Preact's: our code neither uses dangerouslySetInnerHTML nor assigns innerHTML", () => {
    const sources = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
    expect(sources.length).toBeGreaterThan(50);
    expect(sources.filter((f) => /dangerouslySetInnerHTML|\.(inner|outer)HTML\s*=[^=]/.test(readFileSync(`src/${f}`, 'utf8')))).toEqual([]);
  });

  it('the README explains each warning kept', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const e of EXPLAINED) expect(readme, e.message).toContain(`\`${e.code}\` "${e.message}"`);
  });
});
