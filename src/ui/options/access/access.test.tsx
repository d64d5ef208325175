// @vitest-environment happy-dom
/** The Access section: which form shows for each mode, what is checked before anything is sent, who unlocks. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import example from '../../../../rules/directory.example.json';
import type { Directory } from '../../../policy/types';
import { AccessSection } from './AccessSection';
import type { AccessState } from './use-access';

const client = vi.hoisted(() => ({
  setPasscode: vi.fn(async () => ({ ok: true as const })),
  unlock: vi.fn(async () => ({ ok: true as const, access: { mode: 'unlocked' as const, reason: '' }, author: 'u-admin-pat' })),
  lock: vi.fn(async () => ({ ok: true as const, access: { mode: 'locked' as const, reason: '' } })),
}));
vi.mock('../../shared/config-client', () => client);

const directory = example as unknown as Directory;
let root: HTMLElement;
let changed = 0;
beforeEach(() => {
  Object.values(client).forEach((f) => f.mockClear());
  changed = 0;
  localStorage.clear();
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function mount(access: AccessState | null) {
  root = document.createElement('div');
  document.body.append(root);
  act(() =>
    render(
      <AccessSection
        access={access}
        directory={directory}
        onChanged={() => {
          changed++;
        }}
      />,
      root,
    ),
  );
}
const input = (form: Element, label: string) => {
  const l = [...form.querySelectorAll('label')].find((x) => x.querySelector('.label')?.textContent === label);
  if (!l) throw new Error(`no ${label}`);
  return l.querySelector('input, select') as HTMLInputElement | HTMLSelectElement;
};
const type = (el: HTMLInputElement | HTMLSelectElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
  });
const submit = (form: Element) =>
  act(async () => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
const text = () => root.textContent ?? '';

describe('Access', () => {
  it('without a passcode: says the console is read-only, and sets the first passcode typed twice (at least 8 characters)', async () => {
    mount({ mode: 'no-passcode', reason: '' });
    expect(root.querySelector('[data-testid=access-explanation]')!.textContent).toMatch(/Read-only: no admin passcode/);
    const form = root.querySelector('[data-testid=set-passcode-form]')!;
    type(input(form, 'New passcode'), 'short');
    type(input(form, 'Repeat the new passcode'), 'short');
    await submit(form);
    expect(text()).toContain('at least 8 characters');
    type(input(form, 'Repeat the new passcode'), 'shorter');
    await submit(form);
    expect(text()).toContain('not the same');
    expect(client.setPasscode).not.toHaveBeenCalled();
    type(input(form, 'New passcode'), 'synthetic-passcode');
    type(input(form, 'Repeat the new passcode'), 'synthetic-passcode');
    await submit(form);
    expect(client.setPasscode).toHaveBeenCalledWith(null, 'synthetic-passcode');
    expect(changed).toBe(1);
  });

  it('locked: unlocks as the directory user picked, who is then the author', async () => {
    mount({ mode: 'locked', reason: '' });
    const form = root.querySelector('[data-testid=unlock-form]')!;
    type(input(form, 'Passcode'), 'synthetic-passcode');
    await submit(form);
    expect(text()).toContain('Choose who you are');
    expect(client.unlock).not.toHaveBeenCalled();
    type(input(form, 'I am'), 'u-admin-pat');
    type(input(form, 'Passcode'), 'synthetic-passcode');
    await submit(form);
    expect(client.unlock).toHaveBeenCalledWith('u-admin-pat', 'synthetic-passcode');
    expect(changed).toBe(1);
  });

  it('a wrong passcode says so and clears the field', async () => {
    client.unlock.mockResolvedValueOnce({ ok: false, reason: 'Wrong passcode.' } as never);
    mount({ mode: 'locked', reason: '' });
    const form = root.querySelector('[data-testid=unlock-form]')!;
    type(input(form, 'I am'), 'u-admin-pat');
    type(input(form, 'Passcode'), 'nope-nope-nope');
    await submit(form);
    expect(text()).toContain('Not unlocked: Wrong passcode.');
    expect((input(form, 'Passcode') as HTMLInputElement).value).toBe('');
  });

  it('unlocked: names who, locks, and changes the passcode with the current one', async () => {
    mount({ mode: 'unlocked', reason: '', author: 'u-admin-pat' });
    expect(root.querySelector('[data-testid=access-explanation]')!.textContent).toBe('Unlocked as Pat Morgan (u-admin-pat).');
    const form = root.querySelector('[data-testid=change-passcode-form]')!;
    type(input(form, 'New passcode'), 'another-passcode');
    type(input(form, 'Repeat the new passcode'), 'another-passcode');
    await submit(form);
    expect(text()).toContain('Type the current passcode.');
    type(input(form, 'Current passcode'), 'synthetic-passcode');
    type(input(form, 'New passcode'), 'another-passcode');
    type(input(form, 'Repeat the new passcode'), 'another-passcode');
    await submit(form);
    expect(client.setPasscode).toHaveBeenCalledWith('synthetic-passcode', 'another-passcode');
    expect(text()).toContain('The passcode is changed.');
    await act(async () => {
      [...root.querySelectorAll('button')].find((b) => b.textContent === 'Lock the console')!.click();
    });
    expect(client.lock).toHaveBeenCalled();
  });

  it('read-only by browser policy: explains, and offers no form', () => {
    mount({ mode: 'read-only-policy', reason: 'Your organisation set the console to read-only.' });
    expect(root.querySelector('[data-testid=access-explanation]')!.textContent).toMatch(/browser policy.*read-only/);
    expect(root.querySelector('form')).toBeNull();
  });
});
