// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_KEY } from '../shared/storage-keys';
import type { SiteProfile } from '../sites/types';
import { NOTICE_AFTER_MS, settleFromStorage } from './early-profiles';
import { startGuard } from './lock';
import { PENDING_NOTICE_TEXT } from './pending-notice';

const URL = 'http://ehr.test/notes/1';
const own: SiteProfile = {
  name: 'clinic-ehr',
  version: '1.0.0',
  urlPatterns: ['http://ehr.test/*'],
  noteScreen: 'main',
  finalizeControls: ['.sign'],
  facts: {},
};
const chromeGlobal = globalThis as unknown as { chrome?: unknown };

/** A storage whose reads fail `failures` times, then give `sites`; its onChanged listeners can be fired. */
function fakeStorage(failures: number, sites: unknown) {
  const listeners: Array<(c: Record<string, unknown>, a: string) => void> = [];
  let reads = 0;
  const api = {
    storage: {
      local: { get: async () => (reads++ < failures ? Promise.reject(new Error('no storage')) : { [CONFIG_KEY]: { sites } }) },
      onChanged: {
        addListener: (l: (typeof listeners)[0]) => listeners.push(l),
        removeListener: (l: (typeof listeners)[0]) => listeners.splice(listeners.indexOf(l), 1),
      },
    },
  };
  return { api: () => api, listeners, reads: () => reads, fail: (n: number) => (failures = reads + n) };
}

/** The notice's text, if shown (it sits in a closed shadow root: read through the element's text in the tree). */
const notice = () => document.querySelector('finalize-guard-notice');

describe('the early guard reads its profiles (settleFromStorage)', () => {
  let guard: ReturnType<typeof startGuard>;
  beforeEach(() => {
    vi.useFakeTimers();
    chromeGlobal.chrome = { runtime: { id: 'ext' } };
    document.body.innerHTML = '<main><button class="sign">Sign</button></main>';
    guard = startGuard(document, window, []);
  });
  afterEach(() => {
    guard.dispose();
    vi.useRealTimers();
    delete chromeGlobal.chrome;
  });

  it('retries a failed read until it knows the profiles, and skips a malformed published entry', async () => {
    const storage = fakeStorage(3, [null, { name: 'half' }, own]);
    settleFromStorage(guard, document, URL, [], storage.api);
    await vi.advanceTimersByTimeAsync(0);
    expect(guard.pending()).toBe(true);
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(100);
      expect(guard.pending()).toBe(false);
    });
    expect(storage.reads()).toBe(4);
    expect(guard.profiles.map((p) => p.name)).toEqual(['clinic-ehr']);
    expect(document.querySelector('.sign')?.getAttribute('aria-disabled')).toBe('true');
    expect(notice()).toBeNull();
  });

  it('still unknown after a while: stays pending and says why on the page; a configuration written later settles it', async () => {
    const storage = fakeStorage(Number.POSITIVE_INFINITY, [own]);
    settleFromStorage(guard, document, URL, [], storage.api);
    await vi.advanceTimersByTimeAsync(NOTICE_AFTER_MS);
    expect(guard.pending()).toBe(true);
    expect(notice()).not.toBeNull();
    const shown = (notice() as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
    expect(shown).toBeNull(); // closed: the page's scripts cannot read or restyle it
    expect(PENDING_NOTICE_TEXT).toMatch(/could not read its configuration.*Reload the page/);

    storage.fail(0); // storage works again, and the worker writes the configuration
    storage.listeners.forEach((l) => l({ [CONFIG_KEY]: {} }, 'local'));
    await vi.advanceTimersByTimeAsync(0);
    expect(guard.pending()).toBe(false);
    expect(notice()).toBeNull();
    expect(storage.listeners).toEqual([]);
  });
});
