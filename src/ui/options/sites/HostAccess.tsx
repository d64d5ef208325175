/**
 * Admin console: which hosts the site profiles name, and whether Finalize Guard may run there. The shipped
 * profiles' hosts are in the manifest (from install); any other host is asked for with permissions.request on the
 * admin's click (the browser shows its own prompt) and can be given back. The worker registers the content
 * scripts for every granted host a published profile names (src/background/content-scripts.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { HOST_REGISTRATION_KEY } from '../../../shared/storage-keys';
import { hostPatterns, manifestHosts } from '../../../sites/select';
import type { SiteProfile } from '../../../sites/types';

export interface HostApi {
  /** The manifest's content-script hosts: covered from install. */
  builtIn(): string[];
  granted(host: string): Promise<boolean>;
  /** Must be called in the click's own task: the browser asks only on a user gesture. */
  request(host: string): Promise<boolean>;
  remove(host: string): Promise<boolean>;
  /** Why the worker could not register the content scripts for the allowed hosts (null: it could). */
  registrationError(): Promise<string | null>;
  /** Grants, revocations and the registration's outcome. */
  onChange(listener: () => void): () => void;
}

const extensionHosts: HostApi = {
  builtIn: () => manifestHosts(browser.runtime.getManifest()),
  granted: (host) => browser.permissions.contains({ origins: [host] }),
  request: (host) => browser.permissions.request({ origins: [host] }),
  remove: (host) => browser.permissions.remove({ origins: [host] }),
  registrationError: async () => {
    const stored = (await browser.storage.local.get(HOST_REGISTRATION_KEY))[HOST_REGISTRATION_KEY] as { error?: unknown } | undefined;
    return typeof stored?.error === 'string' ? stored.error : null;
  },
  onChange: (listener) => {
    const onStored = (changes: Record<string, unknown>) => {
      if (HOST_REGISTRATION_KEY in changes) listener();
    };
    browser.permissions.onAdded.addListener(listener);
    browser.permissions.onRemoved.addListener(listener);
    browser.storage.local.onChanged.addListener(onStored);
    return () => {
      browser.permissions.onAdded.removeListener(listener);
      browser.permissions.onRemoved.removeListener(listener);
      browser.storage.local.onChanged.removeListener(onStored);
    };
  },
};

type Access = 'built-in' | 'granted' | 'not-granted';

export function HostAccess({ sites, readOnly, api = extensionHosts }: { sites: SiteProfile[]; readOnly: boolean; api?: HostApi }) {
  const hosts = hostPatterns(sites);
  const key = hosts.join(' ');
  const [access, setAccess] = useState<Record<string, Access>>({});
  const [problem, setProblem] = useState('');
  const [notRegistered, setNotRegistered] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const builtIn = new Set(api.builtIn());
    const refresh = async () => {
      const next: Record<string, Access> = {};
      for (const host of key ? key.split(' ') : [])
        next[host] = builtIn.has(host) ? 'built-in' : (await api.granted(host).catch(() => false)) ? 'granted' : 'not-granted';
      const error = await api.registrationError().catch(() => null);
      if (!live) return;
      setAccess(next);
      setNotRegistered(error);
    };
    void refresh();
    const stop = api.onChange(() => void refresh());
    return () => {
      live = false;
      stop();
    };
  }, [key, api]); // the host list by its text: a new array each render

  const grant = (host: string) => {
    setProblem('');
    // No await before request: it must run in the click's task.
    api.request(host).then(
      (ok) => setProblem(ok ? '' : `The browser did not grant ${host}: Finalize Guard does not run there.`),
      (e: Error) => setProblem(`${host} could not be asked for: ${e.message}`),
    );
  };

  return (
    <section aria-labelledby="fg-hosts-title" data-testid="host-access" class="fg-hosts">
      <h3 id="fg-hosts-title">Where Finalize Guard runs</h3>
      <p class="hint">
        Finalize Guard runs only on hosts a site profile names. The shipped profiles' hosts are allowed from installation; a host of your own EHR needs this
        browser's permission: <strong>Allow</strong> asks the browser (it shows its own prompt). It applies once a profile naming the host is published, and
        from the next page load. A managed browser asks the same way (see "Hosts in a managed browser" in the README).
      </p>
      <ul class="fg-site-list" aria-label="Hosts named by the site profiles">
        {hosts.map((host) => (
          <li key={host} data-testid="host" data-host={host}>
            <span class="mono">{host}</span>{' '}
            <span class="hint" data-testid="host-access-state">
              {access[host] === 'built-in'
                ? 'allowed from installation'
                : access[host] === 'granted'
                  ? notRegistered
                    ? 'allowed, but not running (see below)'
                    : 'allowed'
                  : access[host]
                    ? 'not allowed yet'
                    : 'checking…'}
            </span>
            {!readOnly && access[host] === 'not-granted' && (
              <button type="button" onClick={() => grant(host)}>
                Allow {host}
              </button>
            )}
            {!readOnly && access[host] === 'granted' && (
              <button type="button" class="link" onClick={() => void api.remove(host).catch(() => false)}>
                Stop running on {host}
              </button>
            )}
          </li>
        ))}
      </ul>
      {notRegistered && Object.values(access).includes('granted') && (
        <p role="alert" class="error" data-testid="host-registration-error">
          Finalize Guard could not register its scripts for the allowed hosts, so it does not run on them: {notRegistered}. Check the hosts above (remove the
          one the browser rejects, or Stop running on it) and publish again.
        </p>
      )}
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </section>
  );
}
