// Browser policy for real-browser tests without touching the machine: the browser starts through
// private-etc.sh in a mount namespace of its own, where its system policy folder shows a copy in the test's
// temp folder and the policy folder is the test's own. No other process sees either; both end with the browser.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Beside this module when run from source (tests); from the project's scripts/ when bundled (the bench, dist/node).
const SCRIPT =
  [path.join(path.dirname(fileURLToPath(import.meta.url)), 'private-etc.sh'), path.resolve('scripts/private-etc.sh')].find((f) => existsSync(f)) ??
  'private-etc.sh';

/** A temp folder shown in place of an existing system folder, inside the private namespace only. */
export interface PrivateFolder {
  source: string;
  target: string;
}

export interface PrivateBrowser {
  /** private-etc.sh, to launch instead of the browser. */
  executablePath: string;
  /** What the script reads: the real browser and the folders to show. */
  env: Record<string, string>;
}

/** The folder holding `policies/managed/*.json` for this Linux browser build. */
export function policyRootOf(browser: string): string {
  if (/google-chrome|\/opt\/google\/chrome\//.test(browser)) return '/etc/opt/chrome';
  if (/chromium-browser/.test(browser)) return '/etc/chromium-browser';
  return '/etc/chromium'; // Debian's chromium, and builds that follow it
}

/**
 * The browser, seeing `policyDir` (the test's folder) as its managed policy folder. The rest of the system
 * policy root (e.g. master_preferences) is copied into workDir, since the whole root is replaced: its
 * `policies` folder may not exist, and only root could create it.
 */
export function withPrivatePolicy(browser: string, policyDir: string, workDir: string): PrivateBrowser {
  const root = policyRootOf(browser);
  if (!existsSync(root)) {
    throw new Error(
      `${browser} reads browser policy from ${root}/policies, and ${root} does not exist. Create it once (sudo mkdir ${root}): the tests never write into it.`,
    );
  }
  const copy = path.join(workDir, 'policy-root');
  cpSync(root, copy, { recursive: true, filter: (from) => from !== path.join(root, 'policies') });
  mkdirSync(path.join(copy, 'policies', 'managed'), { recursive: true });
  return privateBrowser(browser, [
    { source: copy, target: root },
    { source: policyDir, target: path.join(root, 'policies', 'managed') },
  ]);
}

/**
 * The browser, seeing each source folder in place of its target. Root uses a plain mount namespace, or a user
 * namespace where that is refused (a container without CAP_SYS_ADMIN); a normal user, a user namespace.
 * Throws what to install or enable when neither works.
 */
export function privateBrowser(browser: string, folders: readonly PrivateFolder[]): PrivateBrowser {
  const base = { FG_PRIVATE_BROWSER: browser, FG_PRIVATE_BINDS: folders.flatMap((f) => [f.source, f.target]).join('\n') };
  const ways = process.getuid?.() === 0 ? ['0', '1'] : ['1'];
  let refused = '';
  for (const userns of ways) {
    const env = { ...base, FG_PRIVATE_USERNS: userns };
    refused = probe(env);
    if (!refused) return { executablePath: SCRIPT, env };
  }
  throw new Error(explain(refused));
}

/** Runs the script once with `true` as the browser: '' when it works, else what went wrong. */
function probe(env: Record<string, string>): string {
  const run = spawnSync(SCRIPT, [], { env: { ...process.env, ...env, FG_PRIVATE_BROWSER: 'true' }, encoding: 'utf8' });
  return run.status === 0 ? '' : `${run.error?.message ?? ''}${run.stderr ?? ''}`.trim() || `exit ${run.status}`;
}

/** What to install or enable, for the refusal the script reported. */
function explain(said: string): string {
  if (/unshare.*not found|mount.*not found/i.test(said)) {
    return `The browser-policy test needs unshare and mount (util-linux): install them (sudo apt-get install util-linux). ${said}`;
  }
  if (process.getuid?.() === 0) {
    return `The browser-policy test needs a private mount namespace, and it was refused (${said}). In a container, allow it: docker run --cap-add SYS_ADMIN --security-opt apparmor=unconfined (or --privileged).`;
  }
  return (
    `The browser-policy test needs an unprivileged user namespace, and it was refused (${said}). Enable them: ` +
    'sudo sysctl -w user.max_user_namespaces=15000 (and kernel.unprivileged_userns_clone=1 on older Debian kernels, ' +
    'kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04 and later), or run the tests as root.'
  );
}
