// @vitest-environment happy-dom
/** The directory forms in happy-dom: the confirmation dialog records who and when, unconfirmed does not count, the live license count. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import example from '../../../../rules/directory.example.json';
import type { ConfigBundle } from '../../../config/types';
import type { Directory } from '../../../policy/types';
import type { SectionProps } from '../section';
import { DirectorySection } from './DirectorySection';

const bundle = (): ConfigBundle => ({ format: 'finalize-guard-bundle', packs: [], directory: structuredClone(example) as unknown as Directory, sites: [] });
const NO_MANAGED = { packs: [], directory: false, sites: [] };

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});

/** Renders the section as the shell does: every change replaces the draft and re-renders. */
function mount(props: Partial<SectionProps> & { author?: string } = {}) {
  root = document.createElement('div');
  document.body.append(root);
  const state = { draft: props.draft ?? bundle() };
  const draw = () =>
    render(
      <DirectorySection
        draft={state.draft}
        active={null}
        readOnly={false}
        managed={NO_MANAGED}
        {...props}
        onChange={(next) => {
          state.draft = next;
          draw();
        }}
      />,
      root,
    );
  act(draw);
  return state;
}

const q = <T extends Element = HTMLElement>(sel: string, from: ParentNode = root) => {
  const el = from.querySelector<T>(sel);
  if (!el) throw new Error(`no ${sel}`);
  return el;
};
const checkboxIn = (sel: string, label: RegExp) => {
  const l = [...q(sel).querySelectorAll('label')].find((x) => label.test(x.textContent ?? ''));
  if (!l) throw new Error(`no ${label} in ${sel}`);
  return q<HTMLInputElement>('input[type=checkbox]', l);
};
const click = (el: Element) =>
  act(() => {
    (el as HTMLElement).click();
  });
const button = (text: RegExp, from: ParentNode = root) => {
  const b = [...from.querySelectorAll('button')].find((x) => text.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${text}`);
  return b;
};
const user = (s: { draft: ConfigBundle }, id: string) => s.draft.directory.users.find((u) => u.id === id)!;

describe('Finish SOAP Notes in the user form', () => {
  it('ticking it opens the "Yes, I understand" dialog; cancelling leaves it on but unconfirmed, and the form says it does not count', () => {
    const s = mount({ author: 'u-admin-pat' });
    click(checkboxIn('[data-testid=user-u-pta-riley]', /Finish SOAP Notes/));
    const dialog = q<HTMLDialogElement>('[data-testid=finish-soap-notes-dialog]');
    expect(dialog.textContent).toContain('Yes, I understand');
    expect(dialog.textContent).toContain('Recorded as confirmed by Pat Morgan (u-admin-pat)');
    click(button(/^Cancel$/, dialog));
    expect(root.querySelector('[data-testid=finish-soap-notes-dialog]')).toBeNull();
    expect(user(s, 'u-pta-riley').finishSoapNotes).toEqual({ enabled: true });
    expect(q('[data-testid=user-u-pta-riley] [data-testid=unconfirmed]').textContent).toMatch(/does not count/);
    expect(q('[data-testid=license-count]').textContent).toBe('4 assistants may finalize, 3 provider licenses.');
  });

  it('"Yes, I understand" records the unlocked admin and the time, and the license count goes up', () => {
    const s = mount({ author: 'u-admin-pat' });
    const before = Date.now();
    click(checkboxIn('[data-testid=user-u-pta-riley]', /Finish SOAP Notes/));
    click(button(/Yes, I understand/, q('[data-testid=finish-soap-notes-dialog]')));
    const p = user(s, 'u-pta-riley').finishSoapNotes!;
    expect(p).toMatchObject({ enabled: true, confirmedBy: 'u-admin-pat' });
    expect(Date.parse(p.confirmedAt!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(q('[data-testid=user-u-pta-riley] [data-testid=confirmed]').textContent).toContain('Confirmed by Pat Morgan (u-admin-pat)');
    expect(q('[data-testid=license-count]').textContent).toBe('5 assistants may finalize, 3 provider licenses.');
  });

  it('when the admin is not a known user, the dialog asks who is confirming and will not confirm without it', () => {
    const s = mount({ author: 'someone' });
    click(checkboxIn('[data-testid=user-u-pta-riley]', /Finish SOAP Notes/));
    const dialog = q('[data-testid=finish-soap-notes-dialog]');
    expect(button(/Yes, I understand/, dialog).disabled).toBe(true);
    const select = q<HTMLSelectElement>('select', dialog);
    act(() => {
      select.value = 'u-pt-avery';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click(button(/Yes, I understand/, dialog));
    expect(user(s, 'u-pta-riley').finishSoapNotes).toMatchObject({ enabled: true, confirmedBy: 'u-pt-avery' });
  });

  it('"Confirm…" on an unconfirmed permission reopens the dialog', () => {
    const s = mount({ author: 'u-admin-pat' });
    expect(q('[data-testid=user-u-pta-morgan] [data-testid=unconfirmed]').textContent).toMatch(/does not count/);
    click(button(/Confirm…/, q('[data-testid=user-u-pta-morgan]')));
    click(button(/Yes, I understand/, q('[data-testid=finish-soap-notes-dialog]')));
    expect(user(s, 'u-pta-morgan').finishSoapNotes).toMatchObject({ enabled: true, confirmedBy: 'u-admin-pat' });
  });
});

describe('billing and the license count', () => {
  it('warns when more assistants may finalize than there are licenses, and stops once licenses cover them', () => {
    mount();
    expect(q('[data-testid=license-count]').textContent).toBe('4 assistants may finalize, 3 provider licenses.');
    expect(q('[data-testid=license-warning]').textContent).toContain('1 more license');
    const input = [...root.querySelectorAll<HTMLInputElement>('[data-testid=billing] input[type=number]')][0];
    act(() => {
      input.value = '4';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(q('[data-testid=license-count]').textContent).toBe('4 assistants may finalize, 4 provider licenses.');
    expect(root.querySelector('[data-testid=license-warning]')).toBeNull();
  });

  it('makes a user a billing provider with a new provider id', () => {
    const s = mount();
    click(q('[data-testid=provider-u-pt-blake] input[type=checkbox]'));
    expect(s.draft.directory.billing!.providers).toContainEqual({ userId: 'u-pt-blake', providerId: 'TB-1005' });
  });
});

describe('read-only and browser policy', () => {
  it('everything is disabled while read-only', () => {
    mount({ readOnly: true });
    expect(q<HTMLFieldSetElement>('[data-testid=directory-section] > fieldset').disabled).toBe(true);
  });

  it('a directory set by browser policy is shown locked, with its source', () => {
    mount({ managed: { packs: [], directory: true, sites: [] } });
    expect(q('[data-testid=managed-directory]').textContent).toContain("Set by your organisation's browser policy");
    expect(q<HTMLFieldSetElement>('[data-testid=directory-section] > fieldset').disabled).toBe(true);
  });
});

describe('adding and removing', () => {
  it('adds an insurance with a synthetic id from its name, OFF until turned on', () => {
    const s = mount();
    const form = q('form[aria-label="Add insurance"]');
    const name = q<HTMLInputElement>('input', form);
    act(() => {
      name.value = 'Harbor Mutual';
      name.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(s.draft.directory.insurances.at(-1)).toEqual({ id: 'ins-harbor-mutual', name: 'Harbor Mutual', assistantFinalization: false });
  });

  it("a user who confirmed others' permissions cannot be removed, and the form says why", () => {
    mount();
    const b = button(/Remove user Pat Morgan/);
    expect(b.disabled).toBe(true);
    expect(q('[data-testid=user-u-admin-pat]').textContent).toContain('the confirmation names them');
  });
});
