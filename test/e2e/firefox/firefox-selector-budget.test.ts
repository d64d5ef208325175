/**
 * The worker's selector check in real Firefox, where the background is an event page with a document of its own
 * (no offscreen document): a profile measured over the budget is refused with the plain message and nothing is
 * written; a plain one is published. Published from an extension page as the console's import does.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_KEY } from '../../../src/background/config-store';
import { CONFIG_KEY } from '../../../src/shared/storage-keys';
import { FAST, OVER_BUDGET, SLOW } from '../selector-profiles';
import { useFirefoxDemo } from './setup';

interface Reply {
  ok: boolean;
  reason?: string;
  version?: number;
}

/** In an extension page: publishes the configuration in force with `site` added (an admin session opened for it), and what is stored after. */
const publishWith = async ({ site, sessionKey, configKey }: { site: unknown; sessionKey: string; configKey: string }) => {
  const api = (
    globalThis as unknown as {
      browser: {
        runtime: { sendMessage(m: unknown): Promise<Reply> };
        storage: { local: { get(k: string | null): Promise<Record<string, any>> }; session: { set(v: object): Promise<void> } };
      };
    }
  ).browser;
  const active = (await api.storage.local.get(configKey))[configKey];
  await api.storage.session.set({ [sessionKey]: { author: 'Firefox e2e', until: Date.now() + 60_000 } });
  const before = JSON.stringify(await api.storage.local.get(null));
  const reply = await api.runtime.sendMessage({
    type: 'config:publish',
    kind: 'import',
    baseVersion: active.version ?? 0,
    summary: 'selector check',
    bundle: {
      format: 'finalize-guard-bundle',
      packs: active.packs.map(({ pack, enabled }: { pack: unknown; enabled: boolean }) => ({ pack, enabled })),
      directory: active.directory,
      sites: [...(active.sites ?? []), site],
    },
  });
  return { reply, unchanged: JSON.stringify(await api.storage.local.get(null)) === before };
};

describe('the selector check in Firefox (the event page’s own document)', () => {
  const env = useFirefoxDemo();

  it('refuses a profile measured over the budget with the plain message, and writes nothing', async () => {
    const { reply, unchanged } = await env.ff.extensionPage.evaluate(publishWith, { site: SLOW, sessionKey: SESSION_KEY, configKey: CONFIG_KEY });
    expect(reply).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Nothing was published: the configuration has 1 problem \(first: site slow-ehr /),
    });
    expect(reply.reason).toMatch(OVER_BUDGET);
    expect(unchanged).toBe(true);
  });

  it('publishes a profile of plain selectors', async () => {
    const { reply } = await env.ff.extensionPage.evaluate(publishWith, { site: FAST, sessionKey: SESSION_KEY, configKey: CONFIG_KEY });
    expect(reply).toEqual({ ok: true, version: expect.any(Number) });
  });
});
