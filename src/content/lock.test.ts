// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteProfile } from '../sites/types';
import type { Attempt } from './guard-api';
import { startGuard } from './lock';

const profile: SiteProfile = {
  name: 'test',
  version: '1.0.0',
  urlPatterns: ['http://127.0.0.1/*'],
  noteScreen: 'main',
  finalizeControls: ['[data-action=finalize]'],
  shortcuts: [{ key: 'Enter', ctrl: true }],
  facts: {},
};
const settle = () => new Promise((r) => setTimeout(r, 0));
const chromeGlobal = globalThis as unknown as { chrome?: unknown };

describe('the lock (startGuard)', () => {
  let attempts: Attempt[];
  let pageCalls: number;
  let guard: ReturnType<typeof startGuard>;
  beforeEach(() => {
    chromeGlobal.chrome = { runtime: { id: 'ext' } };
    document.body.innerHTML =
      '<main><button type="button" id="top" data-action="finalize">Finalize</button><form><input name="x"><button type="submit" data-action="finalize">Finalize</button></form></main>';
    attempts = [];
    pageCalls = 0;
    guard = startGuard(document, window, [profile]);
    guard.setProfiles([profile]);
    guard.onAttempt((a) => attempts.push(a));
    document.querySelector('main')!.addEventListener('click', () => pageCalls++);
  });
  afterEach(() => {
    guard.dispose();
    delete chromeGlobal.chrome;
  });

  const button = () => document.querySelector('button[type=submit]')!;

  it('locks a control inserted after it started, before anything else runs', async () => {
    const late = document.createElement('button');
    late.dataset.action = 'finalize';
    document.body.append(late);
    await settle();
    expect(late.getAttribute('aria-disabled')).toBe('true');
    expect((late as HTMLButtonElement).disabled).toBe(false); // stays in the Tab order
  });

  it('stops a synthetic click on a locked control and reports the attempt', () => {
    const top = document.getElementById('top') as HTMLButtonElement;
    top.disabled = false; // the page enables it and clicks at once, before the observer re-locks it (happy-dom skips disabled targets)
    top.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(0);
    expect(attempts).toMatchObject([{ kind: 'click', stopped: true, control: top }]);
  });

  it("re-locks when the page removes aria-disabled, and gives the reason as the control's description", async () => {
    guard.setState({ locked: true, reason: 'blocked', description: 'Finalize is locked — 1 reason: X' });
    expect(button().getAttribute('aria-description')).toBe('Finalize is locked — 1 reason: X');
    button().removeAttribute('aria-disabled');
    await settle();
    expect(button().getAttribute('aria-disabled')).toBe('true');
  });

  it('reports every attempt; one within moments of the same kind on the same control is marked a repeat', () => {
    const top = document.getElementById('top')!;
    top.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true }));
    top.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    top.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(attempts.map((a) => a.repeat)).toEqual([false, true, true]);
  });

  it('stops the EHR shortcut and submits aimed at a locked control', () => {
    const key = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true });
    document.querySelector('input')!.dispatchEvent(key);
    expect(key.defaultPrevented).toBe(true);
    const withShift = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true });
    document.querySelector('input')!.dispatchEvent(withShift);
    expect(withShift.defaultPrevented).toBe(true);
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    document.querySelector('form')!.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    expect(attempts.filter((a) => !a.repeat).map((a) => a.kind)).toEqual(['key', 'submit']);
  });

  it('unlocks only when told, restoring what it changed, and asks the verifier before letting a click through', () => {
    guard.setVerifier(() => true);
    guard.setState({ locked: false, monitor: false });
    expect(button().hasAttribute('aria-disabled')).toBe(false);
    button().dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(1);
    expect(attempts).toMatchObject([{ stopped: false }]);
    guard.setVerifier(() => false);
    button().dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(1);
  });

  it('locks for good when the extension context is gone (orphaned), whatever it is told afterwards', () => {
    guard.setVerifier(() => true);
    guard.setState({ locked: false, monitor: false });
    chromeGlobal.chrome = { runtime: {} };
    button().dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(0);
    expect(guard.state()).toEqual({ locked: true, reason: 'orphaned' });
    guard.setState({ locked: false, monitor: false });
    expect(guard.state()).toEqual({ locked: true, reason: 'orphaned' });
    expect(button().getAttribute('aria-disabled')).toBe('true');
  });

  it('stops Enter on a menu that points at a locked Finalize item (aria-activedescendant)', () => {
    document
      .querySelector('main')!
      .insertAdjacentHTML(
        'beforeend',
        '<div role="menu" tabindex="0" aria-activedescendant="fin"><div role="menuitem" id="fin" data-action="finalize">Finalize</div></div>',
      );
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    document.querySelector('[role=menu]')!.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(attempts).toMatchObject([{ kind: 'key', stopped: true }]);
  });

  it('stops a submit of a form whose Finalize sits outside it (form="…")', () => {
    document
      .querySelector('main')!
      .insertAdjacentHTML('beforeend', '<form id="f2"><input name="y"></form><button type="submit" form="f2" data-action="finalize">Finalize</button>');
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    document.getElementById('f2')!.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
  });

  it('stops any submit of a finalize form (finalizeForms) while locked, and lets it through when open', () => {
    guard.setProfiles([{ ...profile, finalizeForms: ['form#note'] }]);
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<form id="note"><button id="save">Save</button></form><form id="other"></form>');
    const submit = (id: string, submitter: HTMLElement | null) => {
      const e = new SubmitEvent('submit', { bubbles: true, cancelable: true, submitter });
      document.getElementById(id)!.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(submit('note', document.getElementById('save'))).toBe(true);
    expect(submit('note', null)).toBe(true);
    expect(submit('other', null)).toBe(false); // not a finalize form, and no Finalize control in it
    expect(attempts.map((a) => [a.kind, a.stopped, a.control?.id])).toEqual([
      ['submit', true, 'save'],
      ['submit', true, undefined],
    ]);
    guard.setState({ locked: false, monitor: false });
    guard.setVerifier(() => true);
    expect(submit('note', document.getElementById('save'))).toBe(false);
  });

  it('a published profile whose Finalize selector is wrong leaves the shipped controls and shortcuts locked', () => {
    guard.setProfiles([{ ...profile, version: '2.0.0', finalizeControls: ['[data-action=finalise]'], shortcuts: [] }]);
    guard.setState({ locked: true, reason: 'blocked' });
    expect(guard.profiles[0].version).toBe('2.0.0'); // the published profile is the one used for deciding
    expect(guard.controls()).toHaveLength(2);
    for (const b of guard.controls() as HTMLButtonElement[]) {
      expect(b.getAttribute('aria-disabled')).toBe('true');
      expect(b.getAttribute('data-finalize-guard')).toBe('locked');
    }
    document.getElementById('top')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(0);
    const key = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true });
    document.querySelector('input')!.dispatchEvent(key);
    expect(key.defaultPrevented).toBe(true);
  });

  it('a published profile that adds a control and a shortcut locks them and the shipped ones; going back releases only the added control', () => {
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<button type="button" class="sign-off">Sign off</button>');
    const signOff = document.querySelector<HTMLButtonElement>('.sign-off')!;
    guard.setProfiles([{ ...profile, finalizeControls: ['[data-action=finalize]', '.sign-off'], shortcuts: [{ key: 's', alt: true }] }]);
    guard.setState({ locked: true, reason: 'blocked' });
    expect(guard.controls()).toHaveLength(3);
    expect(signOff.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById('top')!.getAttribute('aria-disabled')).toBe('true');
    for (const init of [
      { key: 's', altKey: true },
      { key: 'S', altKey: true, shiftKey: true }, // Shift (or Caps Lock) changes the letter's case
      { key: 'ß', code: 'KeyS', altKey: true }, // macOS Option+S
      { key: 'Enter', ctrlKey: true },
    ]) {
      const key = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
      document.querySelector('input')!.dispatchEvent(key);
      expect(key.defaultPrevented).toBe(true);
    }
    guard.setProfiles([profile]);
    expect(signOff.hasAttribute('aria-disabled')).toBe(false);
    expect(signOff.hasAttribute('data-finalize-guard')).toBe(false);
    expect(document.getElementById('top')!.getAttribute('aria-disabled')).toBe('true');
  });

  it("while it reads the profiles, a known control's presses and releases are stopped too (a menu may activate on mouseup)", () => {
    guard.dispose();
    guard = startGuard(document, window, [profile]); // pending: the shipped profile's controls are known
    const top = document.getElementById('top')!;
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'touchstart', 'touchend']) {
      const e = new MouseEvent(type, { bubbles: true, cancelable: true });
      top.dispatchEvent(e);
      expect(e.defaultPrevented, type).toBe(true);
    }
    expect(guard.pending()).toBe(true);
  });

  it('ignores clicks elsewhere', () => {
    const other = document.createElement('button');
    document.querySelector('main')!.append(other);
    other.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(1);
    expect(attempts).toEqual([]);
  });

  it('until it knows the profiles in use, stops every click, submit and activating key (typing goes through)', () => {
    guard.dispose();
    document.body.innerHTML = document.body.innerHTML.replaceAll(/ disabled=""| aria-disabled="true"| data-finalize-guard="locked"/g, '');
    document.querySelector('main')!.addEventListener('click', () => pageCalls++);
    guard = startGuard(document, window, []); // a host only a published profile names: nothing shipped matches
    const other = document.createElement('button');
    other.className = 'sign-off';
    document.querySelector('main')!.append(other);
    const fire = (e: Event, target: Element = other) => {
      target.dispatchEvent(e);
      return e.defaultPrevented;
    };
    other.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(pageCalls).toBe(0);
    expect(fire(new MouseEvent('dblclick', { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(new MouseEvent('auxclick', { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(new KeyboardEvent('keydown', { key: 's', altKey: true, bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true }))).toBe(false);
    expect(fire(new Event('submit', { bubbles: true, cancelable: true }), document.querySelector('form')!)).toBe(true);
    expect(guard.pending()).toBe(true);

    // Presses, focus and typing are not activations: the EHR stays usable while the profiles are read.
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'touchstart', 'touchend'])
      expect(fire(new MouseEvent(type, { bubbles: true, cancelable: true })), type).toBe(false);
    const textarea = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    const search = document.createElement('input');
    search.type = 'search';
    document.querySelector('main')!.append(textarea, editable, search);
    for (const typing of [textarea, editable])
      for (const key of ['Enter', ' '])
        expect(fire(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }), typing), `${key} in ${typing.tagName}`).toBe(false);
    expect(fire(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }), search)).toBe(false);
    expect(fire(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }), search)).toBe(true); // submits its form
    expect(fire(new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true }))).toBe(true); // Space on a button
    expect(fire(new KeyboardEvent('keydown', { key: 'Enter', altKey: true, bubbles: true, cancelable: true }), textarea)).toBe(true);
    expect(guard.pending()).toBe(true);

    // The published profile arrives: its control is locked, the rest of the page works again.
    guard.setProfiles([{ ...profile, name: 'published', finalizeControls: ['.sign-off'], shortcuts: [{ key: 's', alt: true }] }]);
    expect(guard.pending()).toBe(false);
    expect(other.getAttribute('aria-disabled')).toBe('true');
    expect(fire(new KeyboardEvent('keydown', { key: 's', altKey: true, bubbles: true, cancelable: true }), document.querySelector('input')!)).toBe(true);
    expect(fire(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }), document.querySelector('input')!)).toBe(false);
    const top = document.getElementById('top') as HTMLButtonElement;
    expect(top.hasAttribute('aria-disabled')).toBe(false); // released: it was locked only while the profiles were unknown (by the capture listeners)
    top.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(pageCalls).toBe(1); // not a control of the profile in use, and nothing shipped matches the page
  });
});
