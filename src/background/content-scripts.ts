/**
 * The content scripts on hosts a site profile names beyond the manifest's: registered at run time
 * (scripting.registerContentScripts) for every profile's host the browser has granted (optional_host_permissions:
 * an admin grants a host in the console), and kept in step with what is published, granted or
 * revoked. The scripts are the manifest's own, in its order (today one classic script, guard.iife.ts):
 * the list is written once, in manifest.json, and crxjs names the built files there.
 */
import { hostPatterns, manifestHosts } from '../sites/select';
import type { SiteProfile } from '../sites/types';

/** The one registration this extension makes. */
export const REGISTRATION_ID = 'finalize-guard-profiles';

interface Registration {
  id: string;
  js?: string[];
  matches?: string[];
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  allFrames?: boolean;
  matchOriginAsFallback?: boolean;
  persistAcrossSessions?: boolean;
}

export interface ContentScriptDeps {
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Registration[]>;
    registerContentScripts(scripts: Registration[]): Promise<void>;
    updateContentScripts(scripts: Registration[]): Promise<void>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
  /** runtime.getManifest(): the built manifest, with crxjs's file names. */
  manifest: { content_scripts?: Array<{ js?: string[]; matches?: string[] }> };
}

/**
 * A script file as registerContentScripts takes it: a path from the extension's root. Firefox's
 * runtime.getManifest() names content scripts by full moz-extension:// URL, and its registerContentScripts refuses
 * those ("must be a relative URL"); Chromium's manifest already has the path. Firefox resolves a relative path
 * against the calling page, which for the worker (its background page) is the extension's root.
 */
export function extensionPath(file: string): string {
  return URL.canParse(file) ? new URL(file).pathname.replace(/^\//, '') : file.replace(/^\//, '');
}

/** The files the manifest runs on its hosts, in its order, each once, as paths from the extension's root. */
export function manifestScripts(manifest: ContentScriptDeps['manifest']): string[] {
  return [...new Set((manifest.content_scripts ?? []).flatMap((c) => c.js ?? []).map(extensionPath))];
}

/**
 * Registers the manifest's scripts for every host the profiles name that the manifest does not cover and the
 * browser has granted; unregisters when there is none. Returns the hosts registered.
 */
export async function syncContentScripts(deps: ContentScriptDeps, profiles: readonly SiteProfile[]): Promise<string[]> {
  const covered = new Set(manifestHosts(deps.manifest));
  const wanted = hostPatterns(profiles).filter((host) => !covered.has(host));
  const granted = await Promise.all(wanted.map((host) => deps.permissions.contains({ origins: [host] }).catch(() => false)));
  const hosts = wanted.filter((_, i) => granted[i]);
  const [existing] = await deps.scripting.getRegisteredContentScripts({ ids: [REGISTRATION_ID] });
  if (hosts.length === 0) {
    if (existing) await deps.scripting.unregisterContentScripts({ ids: [REGISTRATION_ID] });
    return [];
  }
  const script: Registration = {
    id: REGISTRATION_ID,
    js: manifestScripts(deps.manifest),
    matches: hosts,
    runAt: 'document_start',
    allFrames: true,
    // about:blank, srcdoc, blob: and data: frames get the scripts of the origin they inherit, as on the manifest's hosts.
    matchOriginAsFallback: true,
    persistAcrossSessions: true,
  };
  if (!existing) await deps.scripting.registerContentScripts([script]);
  else if (JSON.stringify([existing.js?.map(extensionPath), existing.matches]) !== JSON.stringify([script.js, script.matches]))
    await deps.scripting.updateContentScripts([script]);
  return hosts;
}

/** What a failed registration tells the admin (the problem banner); the browser's own error follows it. */
export const REGISTRATION_FAILED = 'Finalize Guard could not register its content scripts for the hosts allowed in Site profiles, so it does not run there:';

/**
 * Runs one sync at a time, and at most one more after it with the newest profiles (triggers come in bursts).
 * `report` gets the browser's error when a sync fails (one pattern Chrome rejects fails the whole registration:
 * every run-time host is then unguarded, which the admin must see), and null when a sync succeeds.
 */
export function contentScriptSyncer(
  deps: ContentScriptDeps,
  profiles: () => Promise<readonly SiteProfile[]>,
  report: (error: string | null) => Promise<void>,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      const error = await syncContentScripts(deps, await profiles()).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 300),
      );
      await report(error).catch(() => undefined);
    } while (again);
    running = null;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = run();
    return running;
  };
}
