/**
 * The lock: marks every Finalize control aria-disabled until a decision allows it, and stops clicks, keys
 * and submits aimed at a locked control before the page's own listeners see them. It never sets `disabled`:
 * a disabled button leaves the Tab order and says nothing to a screen reader, and the capture listeners,
 * not `disabled`, are what stop every activation (`disabled` alone stops only trusted input). Registered at
 * document_start (guard.iife.ts, a classic script), so its window capture listeners run before any of the page's.
 */
import type { Attempt, AttemptKind, GuardApi, GuardState } from './guard-api';
import type { SiteProfile } from '../sites/types';
import { isOrphaned } from './orphaned';

const POINTER_EVENTS = ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'auxclick', 'dblclick', 'touchstart', 'touchend'];
const KEY_EVENTS = ['keydown', 'keypress', 'keyup'];
/** The pointer events that activate a control: the only ones stopped while the profiles are unknown. */
const ACTIVATIONS = new Set(['click', 'auxclick', 'dblclick']);
/** Input types where Space is typing, not activation (Enter there still submits the form: it is stopped). */
const TEXT_INPUT = /^(text|search|email|url|tel|password|number)$/;
const ATTEMPT_DEDUPE_MS = 800;
// Element methods through the prototype: a form's named fields shadow its own (<input name="matches"> is form.matches),
// and a thrown TypeError would skip the lock for everything else in the same mutation batch or event.
const { matches, querySelector, querySelectorAll, getAttribute } = Element.prototype;
const FORM_ELEMENTS = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'elements')!.get as (this: HTMLFormElement) => HTMLFormControlsCollection;

/**
 * `floor`: the shipped profiles of this page's host (path aside), locked whatever is published (a published profile can add
 * controls, never release one: a typo in it must not unlock Finalize). Until `setProfiles` says which profiles the
 * page uses (read from storage, a few ms after document_start), the guard is pending: it cannot know what a
 * published profile calls Finalize, so it stops every click, submit and key that could activate something.
 */
export function startGuard(doc: Document, win: Window, floor: readonly SiteProfile[]): GuardApi & { onSettled(listener: () => void): void; dispose(): void } {
  let inUse: readonly SiteProfile[] = [];
  let pending = true;
  const lockedBy = () => [...floor, ...inUse];
  // One selector the browser rejects must not disable the others (profiles are validated, but be sure).
  const selectorOf = (key: 'finalizeControls' | 'finalizeForms' = 'finalizeControls') =>
    [...new Set(lockedBy().flatMap((p) => p[key] ?? []))]
      .filter((s) => {
        try {
          doc.createDocumentFragment().querySelector(s);
          return true;
        } catch {
          return false;
        }
      })
      .join(',') || ':not(*)';
  let selector = selectorOf();
  let formSelector = selectorOf('finalizeForms');
  let state: GuardState = { locked: true, reason: 'loading' };
  let verify: () => boolean = () => false;
  const attemptListeners: Array<(a: Attempt) => void> = [];
  const changeListeners: Array<() => void> = [];
  const settledListeners: Array<() => void> = [];
  const lastAttempt = new WeakMap<Element | Document, { kind: AttemptKind; at: number }>();

  const isControl = (n: unknown): n is Element => n instanceof Element && matches.call(n, selector);
  const locked = () => state.locked;

  function apply(el: Element): void {
    if (state.locked) {
      if (el.getAttribute('aria-disabled') !== 'true') el.setAttribute('aria-disabled', 'true');
      const why = state.description ?? '';
      if (el.getAttribute('aria-description') !== why) el.setAttribute('aria-description', why);
      if (el.getAttribute('data-finalize-guard') !== 'locked') el.setAttribute('data-finalize-guard', 'locked');
    } else {
      const mark = el.getAttribute('data-finalize-guard');
      if (mark === 'locked') release(el);
      if (mark !== 'open') el.setAttribute('data-finalize-guard', 'open');
    }
  }
  /** Takes back what apply() set on a locked control. */
  function release(el: Element): void {
    el.removeAttribute('aria-disabled');
    el.removeAttribute('aria-description');
  }
  const controls = () => Array.from(doc.querySelectorAll(selector));

  // Re-lock on insertion and on tampering, looking only at what changed (never the whole document).
  const observer = new MutationObserver((records) => {
    let touched = false;
    // document.open() erases every listener on the window, ours in the extension's world too, and keeps this
    // observer: the document losing or getting its root element is when to add them again.
    if (records.some((r) => r.target === doc)) {
      arm();
      touched = true;
    }
    for (const r of records) {
      if (r.type === 'attributes') {
        if (isControl(r.target)) apply(r.target);
        continue;
      }
      r.addedNodes.forEach((n) => {
        if (!(n instanceof Element)) return;
        if (isControl(n)) {
          apply(n);
          touched = true;
        }
        querySelectorAll.call(n, selector).forEach((c) => {
          apply(c);
          touched = true;
        });
      });
      r.removedNodes.forEach((n) => {
        if (n instanceof Element && (matches.call(n, selector) || querySelector.call(n, selector))) touched = true;
      });
    }
    // Synchronously, still before paint: the new control gets its final decision in the same frame.
    if (touched) changeListeners.forEach((l) => l());
  });
  observer.observe(doc, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-disabled'] });

  function controlOf(e: Event): Element | null {
    for (const n of e.composedPath()) if (isControl(n)) return n;
    return null;
  }

  /** Menus keep focus on the container and point at the active item (aria-activedescendant). */
  function activeDescendant(e: Event): Element | null {
    for (const n of [e.target, doc.activeElement]) {
      const id = n instanceof Element ? getAttribute.call(n, 'aria-activedescendant') : null;
      const item = id ? doc.getElementById(id) : null;
      if (item && isControl(item)) return item;
    }
    return null;
  }

  /** Whether this attempt must be stopped; unlocked attempts are re-verified against the page as it is now. */
  function mustStop(): boolean {
    if (pending) return true;
    if (isOrphaned()) {
      setState({ locked: true, reason: 'orphaned' });
      return true;
    }
    if (locked()) return true;
    try {
      return !verify();
    } catch {
      return true; // a failing check never lets Finalize through
    }
  }

  function report(kind: AttemptKind, control: Element | null, stopped: boolean): void {
    // One gesture fires pointerdown and click: record it once. A repeat still reaches the listeners (every click
    // on a locked control opens the explanation), marked so that it is not recorded again.
    const key = control ?? doc;
    const now = Date.now();
    const last = lastAttempt.get(key);
    const repeat = !!last && last.kind === kind && now - last.at < ATTEMPT_DEDUPE_MS;
    if (!repeat) lastAttempt.set(key, { kind, at: now });
    const attempt: Attempt = { kind, control, stopped, at: now, repeat };
    attemptListeners.forEach((l) => l(attempt));
  }

  function stop(e: Event): void {
    e.stopImmediatePropagation();
    e.preventDefault();
  }

  function onPointer(e: Event): void {
    // While pending only activations: presses, focus, selection and touch scrolling keep working on the whole page.
    // (A known control's presses and releases too: a menu library may activate on mouseup or touchend.)
    if (pending) return ACTIVATIONS.has(e.type) || controlOf(e) ? stop(e) : undefined;
    const control = controlOf(e);
    if (!control) return;
    const reportable = e.type === 'pointerdown' || e.type === 'click';
    if (mustStop()) {
      stop(e);
      if (reportable) report('click', control, true);
    } else if (e.type === 'click') report('click', control, false);
  }

  // A shortcut's modifiers must be held; extra ones do not matter (EHRs often accept Ctrl+Shift+Enter too). Modifiers
  // are checked first: every keystroke in the note comes here, and typing holds none (every shortcut needs one).
  function isShortcut(e: KeyboardEvent): boolean {
    return lockedBy().some((p) =>
      (p.shortcuts ?? []).some(
        (s) =>
          typeof s?.key === 'string' &&
          (!s.ctrl || e.ctrlKey) &&
          (!s.meta || e.metaKey) &&
          (!s.alt || e.altKey) &&
          (!s.shift || e.shiftKey) &&
          sameKey(e, s.key),
      ),
    );
  }
  /**
   * By its letter in either case, or by the physical key: Shift, Caps Lock and macOS Option change e.key ("S", "ß" for
   * Alt+S), and an EHR may read e.code or the lower-cased key. (Autofill's synthetic keydown has no key.)
   */
  const sameKey = (e: KeyboardEvent, key: string) => String(e.key).toLowerCase() === key.toLowerCase() || e.code === `Key${key.toUpperCase()}`;

  /** Where Enter and Space are typing: a textarea or an editable element (and Space, not Enter, in a text input). */
  function isTyping(k: KeyboardEvent): boolean {
    const t = k.composedPath()[0];
    if (!(t instanceof HTMLElement)) return false;
    if (t instanceof HTMLTextAreaElement || t.isContentEditable) return true;
    return k.key === ' ' && t instanceof HTMLInputElement && TEXT_INPUT.test(t.type);
  }

  /**
   * While pending, any key that could activate a control or be a shortcut: a key with Ctrl/Alt/⌘, or Enter and
   * Space unless they are typing. Printable keys, Shift+letter and F-keys go through (validate-site.ts rejects a
   * profile shortcut without Ctrl/Alt/⌘).
   */
  const couldActivate = (k: KeyboardEvent) => k.ctrlKey || k.metaKey || k.altKey || ((k.key === 'Enter' || k.key === ' ') && !isTyping(k));

  function onKey(e: Event): void {
    const k = e as KeyboardEvent;
    if (pending) {
      if (couldActivate(k) || isShortcut(k)) stop(e); // Tab still moves on from a known control
      return;
    }
    const control = controlOf(e) ?? activeDescendant(e);
    const activates = control !== null && (k.key === 'Enter' || k.key === ' ');
    if (!activates && !isShortcut(k)) return;
    if (mustStop()) {
      stop(e);
      if (e.type === 'keydown') report('key', control, true);
    } else if (e.type === 'keydown') report('key', control, false);
  }

  // Through the prototype, like the Element methods above.
  const formElements = (form: HTMLFormElement): HTMLFormControlsCollection => FORM_ELEMENTS.call(form);
  const isFinalizeForm = (form: HTMLFormElement): boolean => matches.call(form, formSelector);

  function onSubmit(e: Event): void {
    if (pending) return stop(e);
    const form = e.target;
    const submitter = (e as SubmitEvent).submitter;
    const listed = submitter !== null && isControl(submitter);
    // A finalize form's every submit is aimed: any submitter (an unlisted one, one outside it via form="…"), Enter
    // in a field, requestSubmit(). form.elements includes controls outside the form that name it with form="…".
    const aimed = listed || (form instanceof HTMLFormElement && (isFinalizeForm(form) || (!submitter && Array.from(formElements(form)).some(isControl))));
    if (!aimed) return;
    if (mustStop()) {
      stop(e);
      report('submit', submitter ?? null, true);
    } else if (!listed) report('submit', null, false); // a listed submitter's click was already reported
  }

  /** Adds the capture listeners (again: the browser ignores a listener it already has). */
  function arm(): void {
    for (const type of POINTER_EVENTS) win.addEventListener(type, onPointer, true);
    for (const type of KEY_EVENTS) win.addEventListener(type, onKey, true);
    win.addEventListener('submit', onSubmit, true);
  }
  arm();

  function setState(next: GuardState): void {
    // Once orphaned, nothing but a page reload unlocks: the new extension cannot reach this script.
    if (state.locked && state.reason === 'orphaned') return;
    state = next;
    controls().forEach(apply);
  }

  /**
   * The profiles this page uses (read from storage): the lock covers their controls and the floor's, set to the
   * current state (the caller decides next). Released are only controls that none of them names any more.
   */
  function setProfiles(next: readonly SiteProfile[]): void {
    const same = !pending && next.length === inUse.length && next.every((p, i) => p === inUse[i]);
    if (same) return;
    const before = controls();
    inUse = [...next];
    const settles = pending;
    pending = false;
    selector = selectorOf();
    formSelector = selectorOf('finalizeForms');
    for (const el of before) {
      if (matches.call(el, selector)) continue;
      if (getAttribute.call(el, 'data-finalize-guard') === 'locked') release(el);
      el.removeAttribute('data-finalize-guard');
    }
    controls().forEach(apply);
    if (settles) settledListeners.forEach((l) => l());
  }

  return {
    shipped: floor,
    get profiles() {
      return inUse;
    },
    pending: () => pending,
    setProfiles,
    state: () => state,
    setState,
    controls,
    onAttempt: (l) => {
      attemptListeners.push(l);
    },
    onChange: (l) => {
      changeListeners.push(l);
    },
    setVerifier: (v) => {
      verify = v;
    },
    /** Called once, when the profiles are first known (the guard stops being pending). */
    onSettled: (l) => {
      settledListeners.push(l);
    },
    /** Only for tests: a page keeps its guard for its whole life. */
    dispose() {
      observer.disconnect();
      for (const type of POINTER_EVENTS) win.removeEventListener(type, onPointer, true);
      for (const type of KEY_EVENTS) win.removeEventListener(type, onKey, true);
      win.removeEventListener('submit', onSubmit, true);
    },
  };
}
