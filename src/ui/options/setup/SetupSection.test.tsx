// @vitest-environment happy-dom
/** The setup guide in the console shell: opens when not set up, walks the steps, imports a CSV through its file input. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import pack from '../../../../rules/packs/webpt-default.json';
import type { Access } from '../../../config/types';
import { NOT_SET_UP } from '../../../policy/not-set-up';
import { ConsoleApp } from '../App';

const state = vi.hoisted(() => ({ access: { mode: 'unlocked', reason: '' } as Access }));
vi.mock('../../shared/config-client', () => ({
  getAccess: async () => ({ ok: true, access: state.access, author: 'Dana Admin' }),
  publish: async () => ({ ok: true, version: 1 }),
  rollback: async () => ({ ok: true, version: 2 }),
  setPasscode: async () => ({ ok: true }),
  unlock: async () => ({ ok: true, access: state.access }),
  lock: async () => ({ ok: true, access: state.access }),
}));
vi.mock('webextension-polyfill', () => {
  const stored: Record<string, unknown> = {
    activeConfig: {
      packs: [{ pack, hash: 'ab', enabled: true }],
      directory: { clinics: [], insurances: [], users: [] },
      installedAt: '2026-11-27T10:00:00Z',
      version: 0,
    },
    configHistory: [],
  };
  const area = { get: async (k: string) => (k in stored ? { [k]: stored[k] } : {}), set: async () => undefined };
  const onChanged = { addListener: () => undefined, removeListener: () => undefined };
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
const text = (sel: string) => root.querySelector(sel)?.textContent ?? '';
const button = (name: RegExp) => {
  const b = [...root.querySelectorAll('button')].find((x) => name.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${name}`);
  return b;
};
const click = (name: RegExp) =>
  act(async () => {
    button(name).click();
  });

/** Chooses `csv` in the step's file input, as the browser does after the file picker. */
async function chooseFile(kind: string, csv: string) {
  const input = root.querySelector<HTMLInputElement>(`[data-testid=csv-import-${kind}] input[type=file]`)!;
  const file = new File([csv], `${kind}.csv`, { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // The file is read asynchronously: wait for its preview or its problems.
  await vi.waitFor(() => {
    if (!root.querySelector('[data-testid=csv-preview], [data-testid=csv-problems]')) throw new Error('not read yet');
  });
}

describe('the setup guide', () => {
  it('opens when nothing is set up, says so with the first-run text, and starts at clinics once unlocked', async () => {
    await mount();
    expect(root.querySelector('main')!.getAttribute('data-section')).toBe('setup');
    expect(text('[data-testid=console-not-set-up]')).toContain(NOT_SET_UP.message);
    expect(text('[data-testid=setup-step-clinics] h3')).toBe('Step 2 of 6: Clinics');
    expect([...root.querySelectorAll('.steps button')].map((b) => b.textContent)).toEqual([
      '1. Admin passcode unlocked',
      '2. Clinics 0 clinics',
      '3. Insurances 0 insurances',
      '4. Users 0 users',
      '5. Billing none',
      '6. Publish ',
    ]);
  });

  it('imports users from CSV only after a preview, with "Finish SOAP Notes" unconfirmed', async () => {
    await mount();
    await click(/^Next: Insurances/);
    await click(/^Next: Users/);
    expect(document.activeElement?.textContent).toBe('Step 4 of 6: Users'); // focus follows the step
    await chooseFile('users', 'name,credential,id,finish_soap_notes\r\nJamie Rivera,PTA,u-pta-jamie,yes\r\n"Kim, Avery",PT,u-pt-avery,\r\n');
    expect(text('[data-testid=csv-preview]')).toContain('2 new users, 0 updates');
    expect(text('[data-testid=csv-unconfirmed]')).toContain('unconfirmed for 1 user');
    expect(root.querySelectorAll('[data-testid^=user-u-]').length).toBe(0); // nothing yet: only a preview
    await click(/^Apply import/);
    expect(root.querySelectorAll('[data-testid^=user-u-]').length).toBe(2);
    expect(text('[data-testid=user-u-pta-jamie] [data-testid=unconfirmed]')).toContain('does not count');
    expect(text('[data-testid=setup-unconfirmed]')).toContain('Jamie Rivera');
    expect(text('[data-testid=draft-status]')).toContain('2 unpublished changes');
  });

  it('an invalid CSV imports nothing and lists each problem by line and column', async () => {
    await mount();
    await click(/^Next: Insurances/);
    await chooseFile('insurances', 'name,assistants_may_finalize\nAcme PPO,yes\nSummit,perhaps\n');
    expect(text('[data-testid=csv-problems]')).toContain('Nothing was imported');
    expect(text('[data-testid=csv-problems] li')).toBe('Line 3, column assistants_may_finalize: "perhaps" is not yes or no. How to fix: Write yes or no.');
    expect(root.querySelector('[data-testid=csv-preview]')).toBeNull();
    expect(text('[data-testid=draft-status]')).toContain('the same as the configuration in force');
  });

  it('locked console: the steps are read-only and it starts at the passcode', async () => {
    state.access = { mode: 'no-passcode', reason: '' };
    await mount();
    expect(text('[data-testid=setup-step-access] h3')).toBe('Step 1 of 6: Admin passcode');
    expect(root.querySelector('[data-testid=set-passcode-form]')).not.toBeNull();
    await click(/^Next: Clinics/);
    expect(root.querySelector<HTMLFieldSetElement>('[data-testid=setup-step-clinics] fieldset')!.disabled).toBe(true);
    state.access = { mode: 'unlocked', reason: '' };
  });
});
