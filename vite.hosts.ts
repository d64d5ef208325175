/**
 * Where the content script may run, at build time. The manifest's `content_scripts` cover the shipped profiles'
 * hosts from install; every other host a profile names is registered at run time by the worker
 * (src/background/content-scripts.ts) once the browser grants it (`optional_host_permissions`).
 *
 * The content script is one classic script (src/content/guard.iife.ts): it loads nothing from the extension, so
 * no file is web-accessible and a page cannot probe for the extension's files.
 *
 * A release build (`npm run build:release`) drops loopback hosts from `content_scripts`: production runs on
 * 127.0.0.1/localhost only where a profile names them and an admin granted them. The demo and tests use
 * `npm run build`, which keeps them.
 */
import type { Plugin } from 'vite';

interface Manifest {
  content_scripts?: Array<{ matches?: string[] }>;
}

const LOOPBACK = /^(\*|https?):\/\/(127\.0\.0\.1|localhost)(:[^/]*)?\//;

/** The manifest as a release ships it: no content script on loopback hosts unless a profile asks at run time. */
export function withoutLoopback<M extends Manifest>(manifest: M): M {
  return {
    ...manifest,
    content_scripts: manifest.content_scripts?.map((c) => ({ ...c, matches: (c.matches ?? []).filter((m) => !LOOPBACK.test(m)) })),
  };
}

export function runtimeHosts({ release }: { release: boolean }): Plugin & { renderCrxManifest(manifest: Manifest): Manifest } {
  return {
    name: 'finalize-guard:runtime-hosts',
    enforce: 'post', // after crxjs has written content_scripts
    renderCrxManifest: (manifest) => (release ? withoutLoopback(manifest) : manifest),
  };
}
