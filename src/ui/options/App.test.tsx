// @vitest-environment happy-dom
/** The console's shell: every section is reachable, the status line says why it is read-only and what the draft holds. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import example from '../../../rules/directory.example.json';
import pack from '../../../rules/packs/webpt-default.json';
import type { Access } from '../../config/types';
import { ConsoleApp, SECTIONS } from './App';

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;
const state = vi.hoisted(() => ({
  access: { mode: 'no-passcode', reason: '' } as Access,
  author: undefined as string | undefined,
  listeners: new Set<(changes: Record<string, { newValue?: unknown }>, area: string) => void>(),
  publish: vi.fn(async (..._args: unknown[]): Promise<{ ok: true; version: number } | { ok: false; reason: string }> => ({ ok: true, version: 1 })),
}));
vi.mock('../shared/config-client', () => ({
  getAccess: async () => ({ ok: true, access: state.access, ...(state.author ? { author: state.author } : {}) }),
  publish: state.publish,
  rollback: async () => ({ ok: true, version: 2 }),
  setPasscode: async () => ({ ok: true }),
  unlock: async () => ({ ok: true, access: state.access }),
  lock: async () => ({ ok: true, access: state.access }),
}));
/** The example directory without its clinic packs (only webpt-default is installed here), so that a draft is valid. */
function validDirectory(organization = example.organization) {
  return { ...example, organization, clinics: example.clinics.map((c) => ({ ...c, packs: [] })) };
}
vi.mock('webextension-polyfill', () => {
  const stored: Record<string, unknown> = {
    activeConfig: { packs: [{ pack, hash: 'ab', enabled: true }], directory: validDirectory(), installedAt: '2026-11-27T10:00:00Z', version: 0 },
    configHistory: [],
  };
  const area = { get: async (k: string) => (k in stored ? { [k]: stored[k] } : {}), set: async () => undefined };
  const onChanged = { addListener: (l: Listener) => state.listeners.add(l), removeListener: (l: Listener) => state.listeners.delete(l) };
  return {
    default: { storage: { local: area, session: area, onChanged }, runtime: { sendMessage: async () => ({ ok: true }) }, tabs: { query: async () => [] } },
  };
});

let root: HTMLElement;
afterEach(() => {
  if (root) {
    render(null, root);
    root.remove();
  }
  location.hash = '';
});

async function mount() {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<ConsoleApp />, root);
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}
const status = () => root.querySelector('[data-testid=console-status]')!.textContent ?? '';
const button = (name: RegExp) => {
  const b = [...root.querySelectorAll('button')].find((x) => name.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${name}`);
  return b;
};
const toggleAcme = async () => {
  const box = [...root.querySelectorAll('[data-testid=insurance-ins-acme-ppo] label')]
    .find((l) => l.textContent?.includes('Allow therapist'))!
    .querySelector('input')!;
  await act(async () => {
    box.click();
  });
};
const goto = async (hash: string) => {
  await act(async () => {
    location.hash = hash;
    dispatchEvent(new Event('hashchange'));
  });
};
const submitPublish = async () => {
  await act(async () => {
    root.querySelector('form.publish-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
};
/** Another admin publishes: storage.local's activeConfig changes under the page. */
const publishedElsewhere = async (version: number, organization: string) => {
  const activeConfig = { packs: [{ pack, hash: 'ab', enabled: true }], directory: validDirectory(organization), installedAt: '2026-11-27T11:00:00Z', version };
  await act(async () => {
    for (const l of state.listeners) l({ activeConfig: { newValue: activeConfig } }, 'local');
  });
};

describe('the console shell', () => {
  it('lists every section in the navigation, and each one is wired', () => {
    expect(SECTIONS.map((s) => s.name)).toEqual([
      'Setup guide',
      'Directory',
      'Rule packs',
      'What-if & replay',
      'Site profiles',
      'Publish & history',
      'Import/export',
      'Access',
    ]);
    expect(SECTIONS.every((s) => s.component !== null || s.extra)).toBe(true);
  });

  it('without a passcode: read-only, says why, and every directory control is disabled', async () => {
    state.access = { mode: 'no-passcode', reason: '' };
    await mount();
    expect(status()).toContain('Read-only: no admin passcode has been set yet.');
    expect(status()).toContain('The draft is the same as the configuration in force.');
    expect(root.querySelector<HTMLFieldSetElement>('[data-testid=directory-section] > fieldset')!.disabled).toBe(true);
  });

  it("unlocked: names the admin, and counts the draft's unpublished changes", async () => {
    state.access = { mode: 'unlocked', reason: '' };
    state.author = 'u-admin-pat';
    await mount();
    expect(status()).toContain('Unlocked as Pat Morgan (u-admin-pat).');
    const box = [...root.querySelectorAll('[data-testid=insurance-ins-acme-ppo] label')]
      .find((l) => l.textContent?.includes('Allow therapist'))!
      .querySelector('input')!;
    await act(async () => {
      box.click();
    });
    expect(status()).toContain('The draft has 1 unpublished change');
    expect(root.querySelector('nav .count-badge')!.textContent).toBe('1');
  });

  it('browser policy: read-only with its reason', async () => {
    state.access = { mode: 'read-only-policy', reason: 'Set read-only by your organisation.' };
    state.author = undefined;
    await mount();
    expect(status()).toContain("Read-only: your organisation's browser policy does not allow changes here. Set read-only by your organisation.");
  });

  it("publishes the draft with the version it was made from; after another admin's publish, only once the admin keeps the draft", async () => {
    state.access = { mode: 'unlocked', reason: '' };
    state.author = 'u-admin-pat';
    state.publish.mockClear();
    await mount();
    await toggleAcme();
    await publishedElsewhere(1, 'Renamed by another admin');
    expect(root.querySelector('[data-testid=overtaken]')!.textContent).toMatch(/version 1\) while you were editing \(version 0\)/);
    await goto('#publish');
    const refusal = 'Someone published version 1 after you started editing (version 0). Review their changes, then publish again.';
    state.publish.mockResolvedValueOnce({ ok: false, reason: refusal });
    await submitPublish();
    expect(state.publish.mock.calls[0][3]).toBe(0);
    expect(root.querySelector('[data-testid=publish-result]')!.textContent).toBe(`Not published: ${refusal}`);
    // Reviewed: the draft (with what it would undo, listed) now counts as made from version 1.
    await act(async () => {
      button(/Keep my draft/).click();
    });
    expect(root.querySelector('[data-testid=overtaken]')).toBeNull();
    expect(status()).toContain('The draft has 2 unpublished changes');
    await submitPublish();
    expect(state.publish.mock.calls[1][3]).toBe(1);
  });

  it('a draft without changes follows what is published, and so does the version it is made from', async () => {
    state.access = { mode: 'unlocked', reason: '' };
    state.author = 'u-admin-pat';
    state.publish.mockClear();
    await mount();
    await publishedElsewhere(3, 'Renamed by another admin');
    expect(root.querySelector('[data-testid=overtaken]')).toBeNull();
    await toggleAcme();
    await goto('#publish');
    await submitPublish();
    expect(state.publish.mock.calls[0][3]).toBe(3);
    // Discarding after being overtaken starts again from the version in force.
    await publishedElsewhere(4, 'Renamed again');
    await act(async () => {
      button(/Discard my draft and start from it/).click();
    });
    expect(status()).toContain('The draft is the same as the configuration in force.');
  });

  it('says so when browser policy cannot be applied, instead of sending the admin to the setup guide', async () => {
    await mount();
    expect(root.querySelector('[data-testid=console-policy-problem]')).toBeNull();
    const configStatus = {
      state: 'invalid',
      reason: "Your organisation's Finalize Guard settings are invalid, so Finalize stays locked.",
      remedy: 'Contact your IT department.',
    };
    await act(async () => {
      for (const l of state.listeners) l({ configStatus: { newValue: configStatus } }, 'local');
    });
    expect(root.querySelector('[data-testid=console-policy-problem]')?.textContent).toBe(`${configStatus.reason} ${configStatus.remedy}`);
    expect(root.querySelector('[data-testid=console-not-set-up]')).toBeNull();
  });

  it("the address's #hash picks the section", async () => {
    location.hash = '#access';
    await mount();
    expect(root.querySelector('main')!.getAttribute('data-section')).toBe('access');
    expect(root.querySelector('nav a[aria-current=page]')!.textContent).toBe('Access');
  });
});
