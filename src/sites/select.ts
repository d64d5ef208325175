/**
 * Which site profiles apply where: the one place that answers it for the early guard, the controller, the
 * worker's content-script registrations and the console. Profiles are data: shipped (rules/sites), published
 * in the console, or set by browser policy (the worker merges those into the active configuration's `sites`).
 * Each is used under its own name; a published profile of a shipped name replaces it for reading the page.
 */
// With its extension: the build config imports this module (vite.hosts.ts), and Vite's native config loader needs it.
import { matchesHost, namesEverySite, parseMatchPattern } from './match-url.ts';
import type { SiteProfile } from './types';

/**
 * Whether a published entry has the shape the guard reads (validated when published, but storage is not a contract):
 * one malformed entry is skipped, never thrown on — a throw here would leave the page's early lock pending for good.
 * Lists are enough: a selector or pattern that is not a string matches nothing (lock.ts, match-url.ts).
 */
const isUsable = (p: unknown): p is SiteProfile => {
  const o = p as Partial<SiteProfile> | null;
  return (
    typeof o?.name === 'string' &&
    typeof o.noteScreen === 'string' &&
    [o.urlPatterns, o.finalizeControls, o.finalizeForms ?? [], o.shortcuts ?? []].every(Array.isArray)
  );
};

/** Every profile by name: shipped ones, each replaced by a published one of its name, then the published others. */
export function allProfiles(shipped: readonly SiteProfile[], published: readonly SiteProfile[] | undefined): SiteProfile[] {
  const own = Array.isArray(published) ? published.filter(isUsable) : [];
  return [...shipped.map((s) => own.find((p) => p.name === s.name) ?? s), ...own.filter((p) => !shipped.some((s) => s.name === p.name))];
}

/**
 * The profiles whose hosts match the page, path aside: what the lock holds. An SPA moves between paths without
 * loading (pushState), so a profile restricted to "/notes/*" must already hold its controls on "/home"; its path
 * only decides whether it reads the page (the controller matches it).
 */
export function profilesForHost(url: string, shipped: readonly SiteProfile[], published: readonly SiteProfile[] | undefined): SiteProfile[] {
  return allProfiles(shipped, published).filter((p) => matchesHost(p.urlPatterns, url));
}

/**
 * The hosts profiles name, as origin patterns ("https://*.example.com/*", port kept): what content scripts are
 * registered for and host permissions are asked for. A profile's path is checked on the page itself (a host
 * permission has no path, and Chrome's match_origin_as_fallback needs a pattern without one).
 */
export function hostPatterns(profiles: readonly SiteProfile[]): string[] {
  const out = new Set<string>();
  for (const profile of profiles)
    for (const text of profile.urlPatterns) {
      const p = parseMatchPattern(text);
      if (!p || namesEverySite(p)) continue; // rejected when published; never registered or offered even so
      const host = p.subdomains ? `*.${p.host}` : p.host;
      out.add(`${p.scheme}://${host}${p.port ? `:${p.port}` : ''}/*`);
    }
  return [...out].sort();
}

/** The hosts the manifest's content scripts cover from install (`runtime.getManifest()`; the console lists them as such). */
export function manifestHosts(manifest: { content_scripts?: Array<{ matches?: string[] }> }): string[] {
  return [...new Set((manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []))];
}
