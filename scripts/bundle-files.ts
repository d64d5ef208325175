/**
 * Which built files a surface loads, read from dist/extension as the browser does: the content scripts (the
 * manifest's files, the modules their loaders import, and their static imports) and the popup (its page's
 * scripts and module preloads, and their static imports). Used by test/bundle.test.ts and `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const EXTENSION_DIR = 'dist/extension';

/** `start` and every file it reaches through getURL("…") loaders and static `from "./…"` imports. */
function reachable(start: string[], root: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(root, file), 'utf8');
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
    for (const m of code.matchAll(/getURL\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) visit(m[1].replace(/^\//, ''));
    for (const m of code.matchAll(/from\s*["'](\.\/[^"']+)["']/g)) visit(dir + m[1].slice(2));
  };
  start.forEach(visit);
  return [...seen];
}

const manifestOf = (root: string) =>
  JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { content_scripts: Array<{ js: string[] }>; action: { default_popup: string } };

export function contentScriptFiles(root = EXTENSION_DIR): string[] {
  return reachable(
    manifestOf(root).content_scripts.flatMap((c) => c.js),
    root,
  );
}

export function popupFiles(root = EXTENSION_DIR): string[] {
  const html = readFileSync(join(root, manifestOf(root).action.default_popup), 'utf8');
  const scripts = [...html.matchAll(/<(?:script|link rel="modulepreload")[^>]*(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  return reachable(scripts, root);
}

export const gzipBytes = (files: string[], root = EXTENSION_DIR): number => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(root, f))).length, 0);
/**
 * What every EHR page loads at most (gzip): issue 11's budget, enforced by test/bundle.test.ts and shown in the bench.
 * The guard, controller, overlay (plain DOM, no Preact) and policy core are one classic script of about 19.5 KB.
 */
export const CONTENT_SCRIPTS_BUDGET = 20 * 1024;
