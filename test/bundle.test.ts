/**
 * What the built bundles must not contain (deterministic, so a test): json-rules-engine's debug hook
 * (a page can switch it on through localStorage.debug and read fact values in the console),
 * the JSONPath library (CVE surface; we resolve plain property paths), and run-time code generation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import sourceManifest from '../manifest.json' with { type: 'json' };
import { CONTENT_SCRIPTS_BUDGET, contentScriptFiles, gzipBytes, popupFiles } from '../scripts/bundle-files';
import { shippedHosts } from '../vite.hosts';

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run build\` first (npm test does).`);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .map((f) => join(dir, f));
}

/** Both extension builds (Chromium, Firefox): the same code, each with its own manifest. */
const EXTENSIONS = ['dist/extension', 'dist/firefox'];

// The extensions and the CLI; the demo and bench runners drive a browser from Node and are not shipped.
const bundles = [...EXTENSIONS, 'dist/node'].flatMap(jsFiles).filter((f) => !/(demo|bench)\.mjs$/.test(f));

describe('built bundles', () => {
  it('include the rules engine (so the checks below mean something)', () => {
    expect(bundles.some((f) => readFileSync(f, 'utf8').includes('UNDEFINED_FACT'))).toBe(true);
  });

  it.each([
    ['json-rules-engine debug output switched on by localStorage.debug', /localStorage\.debug|DEBUG\.match\(\/json-rules-engine/],
    ['the JSONPath library', /jsonpath-plus|JSONPath\.prototype|\$\.\.\[|evaluate:\s*function/],
    ['run-time code generation', /\bFunction\s*\(\s*[`'"]|[^.\w$]eval\s*\(/], // not Playwright's page.$$eval( in the demo's helpers
  ])('contain no %s', (_, pattern) => {
    const hits = bundles.filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });
});

/** Files holding json-rules-engine or the pack/directory validators (their messages are unique to them). */
const heavyFiles = (files: string[], root = 'dist/extension') => files.filter((f) => HEAVY.test(readFileSync(join(root, f), 'utf8')));
const HEAVY = /UNDEFINED_FACT|EventEmitter2|Unknown operator|is not a simple property path|needs a "path"|Known paths: /;

describe('the toolbar popup', () => {
  it('loads neither the rules engine nor the validators (its self-check runs what note tabs run)', () => {
    const files = popupFiles();
    expect(files.length).toBeGreaterThan(1);
    expect(heavyFiles(files)).toEqual([]);
  });

  it('the check above can fail: the options page, which lints packs, does load them', () => {
    const html = readFileSync('dist/extension/src/ui/options/index.html', 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(heavyFiles(scripts).length).toBeGreaterThan(0);
  });
});

describe.each(EXTENSIONS)('content scripts of %s', (root) => {
  const files = contentScriptFiles(root);
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
    content_scripts: Array<{ js: string[]; run_at: string; all_frames: boolean }>;
    web_accessible_resources?: unknown[];
  };

  it(`stay within ${CONTENT_SCRIPTS_BUDGET / 1024} KB gzip in total`, () => {
    expect(files.length).toBeGreaterThan(0);
    expect(gzipBytes(files, root), files.join(', ')).toBeLessThanOrEqual(CONTENT_SCRIPTS_BUDGET);
  });

  it('load neither the rules engine nor the validators', () => {
    expect(heavyFiles(files, root)).toEqual([]);
  });

  it('are one classic script (no imports, no loader), so the lock holds at document_start before the page runs', () => {
    expect(manifest.content_scripts).toHaveLength(1);
    expect(manifest.content_scripts[0]).toMatchObject({ run_at: 'document_start', all_frames: true });
    expect(manifest.content_scripts[0].js).toHaveLength(1);
    expect(files).toEqual(manifest.content_scripts[0].js); // it reaches no other file of the extension
    const code = readFileSync(join(root, files[0]), 'utf8');
    expect(code).toContain('__finalizeGuard');
    expect(code).toContain('__finalizeGuardController'); // the controller is in it, not loaded later
    expect(code).not.toMatch(/\bimport\s*[({"'`]|\bimport\s+\w|\bexport\s/);
  });

  it('make no file web-accessible, so a page cannot tell the extension is installed by loading one', () => {
    expect(manifest).not.toHaveProperty('web_accessible_resources');
  });
});

describe('the two extension builds', () => {
  const manifestOf = (root: string) => JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;

  it('ask for the same permissions as the manifest source (pinned in manifest.test.ts; Firefox without offscreen), host access only optional, and run the same content scripts', () => {
    const [chromium, firefox] = EXTENSIONS.map(manifestOf);
    expect(chromium.permissions).toEqual(sourceManifest.permissions);
    expect(firefox.permissions).toEqual(sourceManifest.permissions.filter((p) => p !== 'offscreen'));
    for (const m of [chromium, firefox]) expect(m.optional_host_permissions).toEqual(sourceManifest.optional_host_permissions);
    for (const m of [chromium, firefox]) expect(m).not.toHaveProperty('host_permissions');
    expect(firefox.content_scripts).toEqual(chromium.content_scripts);
  });

  it("run on the shipped site profiles' hosts, which the build wrote in (the test build keeps loopback hosts)", () => {
    for (const root of EXTENSIONS) {
      const scripts = manifestOf(root).content_scripts as Array<{ matches: string[] }>;
      for (const script of scripts) expect(script.matches, root).toEqual(shippedHosts({ release: false }));
    }
  });

  it('ship the same files, byte for byte, apart from the manifest (and the managed schema Firefox does not read)', () => {
    const list = (root: string) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((f) => !['manifest.json', 'managed_schema.json'].includes(f) && /\.\w+$/.test(f))
        .sort();
    const files = list('dist/extension');
    expect(list('dist/firefox')).toEqual(files);
    expect(files.filter((f) => !readFileSync(join('dist/extension', f)).equals(readFileSync(join('dist/firefox', f))))).toEqual([]);
  });

  it('carry every icon the manifest names, in both builds', () => {
    for (const root of EXTENSIONS) {
      const icons = manifestOf(root).icons as Record<string, string>;
      expect(Object.keys(icons).length).toBeGreaterThan(3);
      for (const file of Object.values(icons)) expect(existsSync(join(root, file)), `${root}/${file}`).toBe(true);
    }
  });
});
