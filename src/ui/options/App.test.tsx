// @vitest-environment happy-dom
/** The console's shell: every section is reachable, the status line says why it is read-only and what the draft holds. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import example from '../../../rules/directory.example.json';
import pack from '../../../rules/packs/webpt-default.json';
import type { Access } from '../../config/types';
import { ConsoleApp, SECTIONS } from './App';

const state = vi.hoisted(() => ({ access: { mode: 'no-passcode', reason: '' } as Access, author: undefined as string | undefined }));
vi.mock('../shared/config-client', () => ({
  getAccess: async () => ({ ok: true, access: state.access, ...(state.author ? { author: state.author } : {}) }),
  publish: async () => ({ ok: true, version: 1 }),
  rollback: async () => ({ ok: true, version: 2 }),
  setPasscode: async () => ({ ok: true }),
  unlock: async () => ({ ok: true, access: state.access }),
  lock: async () => ({ ok: true, access: state.access }),
}));
vi.mock('webextension-polyfill', () => {
  const stored: Record<string, unknown> = {
    activeConfig: { packs: [{ pack, hash: 'ab', enabled: true }], directory: example, installedAt: '2026-11-27T10:00:00Z', version: 0 },
    configHistory: [],
  };
  const area = { get: async (k: string) => (k in stored ? { [k]: stored[k] } : {}), set: async () => undefined };
  return { default: { storage: { local: area, session: area, onChanged: { addListener() {}, removeListener() {} } }, runtime: { sendMessage: async () => ({ ok: true }) }, tabs: { query: async () => [] } } };
});

let root: HTMLElement;
afterEach(() => { if (root) { render(null, root); root.remove(); } location.hash = ''; });

async function mount() {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => { render(<ConsoleApp />, root); });
  await act(async () => { await new Promise((r) => setTimeout(r, 0)); });
}
const status = () => root.querySelector('[data-testid=console-status]')!.textContent ?? '';

describe('the console shell', () => {
  it('lists every section in the navigation, and each one is wired', () => {
    expect(SECTIONS.map((s) => s.name)).toEqual(['Directory', 'Rule packs', 'What-if & replay', 'Site profiles', 'Publish & history', 'Import/export', 'Access']);
    expect(SECTIONS.every((s) => s.component !== null || s.extra)).toBe(true);
  });

  it('without a passcode: read-only, says why, and every directory control is disabled', async () => {
    state.access = { mode: 'no-passcode', reason: '' };
    await mount();
    expect(status()).toContain('Read-only: no admin passcode has been set yet.');
    expect(status()).toContain('The draft is the same as the configuration in force.');
    expect(root.querySelector<HTMLFieldSetElement>('[data-testid=directory-section] > fieldset')!.disabled).toBe(true);
  });

  it('unlocked: names the admin, and counts the draft\'s unpublished changes', async () => {
    state.access = { mode: 'unlocked', reason: '' };
    state.author = 'u-admin-pat';
    await mount();
    expect(status()).toContain('Unlocked as Pat Morgan (u-admin-pat).');
    const box = [...root.querySelectorAll('[data-testid=insurance-ins-acme-ppo] label')].find((l) => l.textContent?.includes('Allow therapist'))!.querySelector('input')!;
    await act(async () => { box.click(); });
    expect(status()).toContain('The draft has 1 unpublished change');
    expect(root.querySelector('nav .count-badge')!.textContent).toBe('1');
  });

  it('browser policy: read-only with its reason', async () => {
    state.access = { mode: 'read-only-policy', reason: 'Set read-only by your organisation.' };
    state.author = undefined;
    await mount();
    expect(status()).toContain("Read-only: your organisation's browser policy does not allow changes here. Set read-only by your organisation.");
  });

  it('the address\'s #hash picks the section', async () => {
    location.hash = '#access';
    await mount();
    expect(root.querySelector('main')!.getAttribute('data-section')).toBe('access');
    expect(root.querySelector('nav a[aria-current=page]')!.textContent).toBe('Access');
  });
});
