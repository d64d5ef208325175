/**
 * Where the content scripts may run, at build time. The manifest's `content_scripts` cover the shipped profiles'
 * hosts from install; every other host a profile names is registered at run time by the worker
 * (src/background/content-scripts.ts) once the browser grants it (`optional_host_permissions`).
 *
 * - The controller's loader imports its chunks from the extension, which the page's origin must be allowed to
 *   load (web_accessible_resources): crxjs allows the manifest's hosts only, so `withRuntimeHosts` adds the
 *   `optional_host_permissions` patterns (`http://*` and `https://*`, every path). That is EVERY http(s) site,
 *   granted or not: any page can load a chunk and so tell that Finalize Guard is installed (fingerprinting).
 *   Chrome does not gate web-accessible resources by host grants, and `use_dynamic_url` does not help (crxjs 3.0.0
 *   writes use_dynamic_url:false for loader entries; import() of a dynamic URL fails, crxjs#918). The fix is to
 *   build the controller as a classic `*.iife.ts` content script like the guard (no web-accessible chunks) — not
 *   done yet (review of h-hosts, MEDIUM 5).
 * - A release build (`npm run build:release`) drops loopback hosts from `content_scripts`: production runs on
 *   127.0.0.1/localhost only where a profile names them and an admin granted them. The demo and tests use
 *   `npm run build`, which keeps them.
 */
import type { Plugin } from 'vite';

interface Manifest {
  content_scripts?: Array<{ matches?: string[] }>;
  optional_host_permissions?: string[];
  web_accessible_resources?: Array<{ matches?: string[]; resources: string[] }>;
}

const LOOPBACK = /^(\*|https?):\/\/(127\.0\.0\.1|localhost)(:[^/]*)?\//;

/** The manifest as a release ships it: no content script on loopback hosts unless a profile asks at run time. */
export function withoutLoopback<M extends Manifest>(manifest: M): M {
  return {
    ...manifest,
    content_scripts: manifest.content_scripts?.map((c) => ({ ...c, matches: (c.matches ?? []).filter((m) => !LOOPBACK.test(m)) })),
  };
}

/** Every web-accessible resource also for the hosts that may be granted at run time. */
export function withRuntimeHosts<M extends Manifest>(manifest: M): M {
  const hosts = manifest.optional_host_permissions ?? [];
  return {
    ...manifest,
    web_accessible_resources: manifest.web_accessible_resources?.map((r) => ({ ...r, matches: [...new Set([...(r.matches ?? []), ...hosts])] })),
  };
}

export function runtimeHosts({ release }: { release: boolean }): Plugin & { renderCrxManifest(manifest: Manifest): Manifest } {
  return {
    name: 'finalize-guard:runtime-hosts',
    enforce: 'post', // after crxjs has written web_accessible_resources
    renderCrxManifest: (manifest) => withRuntimeHosts(release ? withoutLoopback(manifest) : manifest),
  };
}
