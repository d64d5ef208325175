/**
 * Where the content script runs from install: on the hosts the shipped site profiles (rules/sites) name. The build
 * writes them into the manifest's `content_scripts` (manifest.json holds only a placeholder there), so the profiles
 * are the one list; the Firefox build copies the Chromium manifest, so both carry the same hosts. Every other host a
 * profile names is registered at run time by the worker (src/background/content-scripts.ts) once the browser grants
 * it (`optional_host_permissions`).
 *
 * The content script is one classic script (src/content/guard.iife.ts): it loads nothing from the extension, so
 * no file is web-accessible and a page cannot probe for the extension's files.
 *
 * A release build (`npm run build:release`) leaves loopback hosts out: production runs on 127.0.0.1/localhost
 * only where a profile names them and an admin granted them. The demo and tests use `npm run build`, which keeps them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { forPages } from './src/sites/for-pages.ts';
import { hostPatterns } from './src/sites/select.ts';
import type { SiteProfile } from './src/sites/types.ts';

interface Manifest {
  content_scripts?: Array<{ matches?: string[] }>;
}

const SHIPPED_DIR = 'rules/sites';
const LOOPBACK = /^(\*|https?):\/\/(127\.0\.0\.1|localhost)(:[^/]*)?\//;

/**
 * The shipped profiles, read from disk in file-name order: the build config runs in plain Node, where
 * import.meta.glob does not. Every bundle gets them from here, through `shippedProfilesDefine` (src/sites/shipped.ts).
 */
function shippedProfiles(): Array<{ file: string; profile: SiteProfile }> {
  const files = readdirSync(SHIPPED_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => a.localeCompare(b));
  return files.map((file) => ({ file, profile: JSON.parse(readFileSync(`${SHIPPED_DIR}/${file}`, 'utf8')) as SiteProfile }));
}

/**
 * Vite's `define` for src/sites/shipped.ts: the shipped profiles as JSON literals, whole, and as EHR pages carry them:
 * without `$schema` and `description`, which are for people reading the files.
 */
export function shippedProfilesDefine(): Record<string, string> {
  const profiles = shippedProfiles().map((s) => s.profile);
  return {
    __SHIPPED_PROFILES__: JSON.stringify(profiles),
    __SHIPPED_PROFILES_FOR_PAGES__: JSON.stringify(profiles.map(forPages)),
  };
}

/** The shipped profiles' hosts (hostPatterns, as the worker and the console compute them). */
export function shippedHosts({ release }: { release: boolean }): string[] {
  const shipped = shippedProfiles();
  // hostPatterns skips a pattern it cannot use: in a shipped profile that would leave its EHR unguarded, silently.
  for (const { file, profile } of shipped)
    for (const pattern of profile.urlPatterns)
      if (hostPatterns([{ ...profile, urlPatterns: [pattern] }]).length === 0)
        throw new Error(
          `${SHIPPED_DIR}/${file}: "${pattern}" in urlPatterns names no host the extension can run on; fix it (e.g. "https://ehr.example.com/*").`,
        );
  const hosts = hostPatterns(shipped.map((s) => s.profile)).filter((host) => !(release && LOOPBACK.test(host)));
  if (hosts.length === 0) throw new Error(`${SHIPPED_DIR}: no shipped profile names a host for this build, and a manifest without one does not load.`);
  return hosts;
}

/** The manifest crxjs builds from: every content script on the shipped profiles' hosts. */
export function withShippedHosts<M extends Manifest>(manifest: M, { release }: { release: boolean }): M {
  const matches = shippedHosts({ release });
  return { ...manifest, content_scripts: manifest.content_scripts?.map((c) => ({ ...c, matches })) };
}
