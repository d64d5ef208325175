/**
 * Publishes the example configuration (the synthetic people of rules/directory.example.json, with the packs the
 * extension installed) into a freshly launched extension, for the demo, the e2e tests and the bench: a fresh
 * install is "not set up" (policy/not-set-up.ts) and locks every note. It goes the way the admin console's
 * import goes: a `config:publish` message (kind "import") from an extension page, which the service worker's
 * config store validates, records in the history and writes atomically.
 *
 * No admin passcode is set (tests of the console start from a console with none): the seed opens an admin
 * session for itself in storage.session, the one thing unlocking writes, and locks again right after. Under a
 * read-only browser policy nothing is published: the organisation's policy is in charge there.
 */
import exampleDirectory from '../rules/directory.example.json';
import { SESSION_KEY } from '../src/background/config-store';
import { BUNDLE_FORMAT } from '../src/config/bundle';
import type { ActiveConfig } from '../src/config/types';
import type { Pack } from '../src/policy/types';
import { CONFIG_KEY } from '../src/shared/storage-keys';
import type { Worker } from 'playwright-core';
import type { LaunchedExtension } from './chromium';

const EXAMPLE_AUTHOR = 'Example data (demo and tests)';

/** Until the service worker has installed its configuration (the default one, on a fresh profile); says so after 30 s. */
export async function waitForConfig(sw: Worker): Promise<void> {
  const installed = await sw.evaluate(configInstalled, CONFIG_KEY);
  if (!installed) throw new Error(NO_CONFIG);
}

export const NO_CONFIG = 'The service worker installed no configuration within 30 s: see its console (chrome://extensions → service worker).';

/** In the extension: whether the worker installs a configuration within 30 s (polls storage.local under `key`). */
export const configInstalled = async (key: string): Promise<boolean> => {
  const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
  for (let i = 0; i < 600; i++) {
    if ((await api.storage.local.get(key))[key]) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

export interface Reply {
  ok: boolean;
  reason?: string;
  version?: number;
  access?: { mode: string };
}

/**
 * Publishes the example directory unless a configuration was already published or policy makes the console read-only;
 * with `morePacks` beside the installed ones (the bench's 2,000 rules).
 */
export async function seedExampleConfig(ext: LaunchedExtension, morePacks: Pack[] = []): Promise<void> {
  await waitForConfig(ext.serviceWorker);
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/src/ui/popup/index.html`);
    const reply = await page.evaluate(publishExample, { ...EXAMPLE, morePacks });
    if (!reply.ok) throw new Error(`Could not publish the example configuration: ${reply.reason}`);
  } finally {
    await page.close();
  }
}

/** What publishExample publishes, and the storage keys it reads. */
export const EXAMPLE = {
  directory: exampleDirectory as unknown,
  format: BUNDLE_FORMAT,
  author: EXAMPLE_AUTHOR,
  sessionKey: SESSION_KEY,
  configKey: CONFIG_KEY,
};

/** In an extension page (any browser): publishes EXAMPLE as the console's import does, unless already published or read-only. */
export const publishExample = async ({
  directory,
  format,
  author,
  sessionKey,
  configKey,
  morePacks = [],
}: typeof EXAMPLE & { morePacks?: Pack[] }): Promise<Reply> => {
  const api = (
    globalThis as unknown as {
      chrome: {
        runtime: { sendMessage(m: unknown): Promise<Reply> };
        storage: { local: { get(k: string): Promise<Record<string, unknown>> }; session: { set(v: object): Promise<void> } };
      };
    }
  ).chrome;
  const access = await api.runtime.sendMessage({ type: 'config:access' });
  if (access.access?.mode === 'read-only-policy') return { ok: true, reason: 'read-only policy: nothing seeded' };
  const active = (await api.storage.local.get(configKey))[configKey] as ActiveConfig | undefined;
  if (!active) return { ok: false, reason: 'the service worker has not installed a configuration yet' };
  if ((active.version ?? 0) > 0) return { ok: true, reason: 'already published: nothing seeded' };
  await api.storage.session.set({ [sessionKey]: { author, until: Date.now() + 60_000 } });
  try {
    return await api.runtime.sendMessage({
      type: 'config:publish',
      kind: 'import',
      baseVersion: active.version ?? 0,
      summary: 'The example configuration (synthetic people, not real ones) for the demo and tests.',
      bundle: {
        format,
        packs: [...active.packs.map(({ pack, enabled }) => ({ pack, enabled })), ...morePacks.map((pack) => ({ pack, enabled: true }))],
        directory,
        sites: active.sites ?? [],
      },
    });
  } finally {
    await api.runtime.sendMessage({ type: 'config:lock' });
  }
};
