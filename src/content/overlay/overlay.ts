/**
 * What the documenter sees: lock badges on Finalize, why it is locked, billing warnings, initials. Drawn with plain
 * DOM (dom.ts): each render updates the parts in place, so focus, an open fix and the Tab order survive re-renders.
 */
import type { Decision, Finding } from '../../policy/types';
import type { GuardState } from '../guard-api';
import { el, keepChildren, setStyle } from './dom';
import { at, keepInside, placeBanner, placePanel, type Rect } from './place';
import { finalizedBy, forwardTo, headline, TEXT } from './strings';
import { keepTabOrder } from './tab-order';

export interface OverlayProps {
  state: GuardState;
  /** null while loading. */
  decision: Decision | null;
  /** Viewport rects of the Finalize controls, measured by the caller. */
  controls: Array<{ id: string; rect: Rect; el?: Element }>;
  /** The control whose explanation is open (hover, focus or an attempted click). */
  openFor: string | null;
  onOpen(id: string | null): void;
  initials: { assistant: string; supervisor: string } | null;
  /** Finalize was allowed but held: the note will not reach billing, for these reasons. Asked beside control `id`. */
  confirm: { id: string; reasons: Finding[] } | null;
  /** "Finalize anyway" (true) or Cancel/Escape (false). */
  onConfirm(ok: boolean): void;
  /** The EHR's own Forward control is on the page (the site profile names it): offer it, to this supervisor. */
  forward: { supervisor: string } | null;
  onForward(): void;
  /** Text for the aria-live region. */
  announce: string;
}

type Draw = (props: OverlayProps) => void;
const overlays = new WeakMap<Node, Draw>();

/** Draws the overlay into `parent` (the closed shadow root; a plain element in unit tests), updating what is there. */
export function renderOverlay(parent: Node, props: OverlayProps): void {
  let draw = overlays.get(parent);
  if (!draw) overlays.set(parent, (draw = createOverlay(parent)));
  draw(props);
}

/** Where a finding comes from (a regulation, the clinic's policy), when its pack says. */
const source = (f: Finding) => (f.source ? el('small', { class: 'fg-src' }, TEXT.source, f.source) : null);

/** A warning in the banner's details, with how to fix it and its source. */
const warning = (f: Finding) => el('li', {}, el('span', {}, f.message), el('span', { class: 'fg-fix' }, `${TEXT.howToFix}: `, f.remedy), source(f));

/** One reason on one line; its fix (and source) on demand, behind a disclosure button. */
function reason(f: Finding, id: string, onToggle: () => void): HTMLElement {
  const more = el('button', { type: 'button', class: 'fg-more', 'aria-expanded': 'false', 'aria-controls': id }, TEXT.howToFix);
  const li = el('li', { class: 'fg-reason' }, el('span', { class: 'fg-reason-line' }, f.message), ' ', more);
  let fix: HTMLElement | null = null;
  more.addEventListener('click', () => {
    if (fix) fix.remove();
    fix = fix ? null : li.appendChild(el('div', { id, class: 'fg-fix' }, `${TEXT.howToFix}: `, f.remedy, source(f)));
    more.setAttribute('aria-expanded', String(!!fix));
    onToggle();
  });
  return li;
}

/** The right edge of what sits on a control's row in its container (an EHR's toolbar): the banner goes after it. */
function rowEnd(e: Element): number {
  const r = e.getBoundingClientRect();
  let end = r.right;
  for (const s of e.parentElement?.children ?? []) {
    const b = s.getBoundingClientRect();
    if (b.width > 0 && b.top < r.bottom && b.bottom > r.top) end = Math.max(end, b.right);
  }
  return end;
}

function lockIcon(): Element {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const path = document.createElementNS(ns, 'path');
  for (const [k, v] of [
    ['viewBox', '0 0 16 16'],
    ['aria-hidden', 'true'],
    ['focusable', 'false'],
  ])
    svg.setAttribute(k, v);
  path.setAttribute('d', 'M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z');
  svg.append(path);
  return svg;
}

/** Text that identifies what a part shows: a part is rebuilt only when this changes (focus inside it survives otherwise). */
const keyOf = (findings: readonly Finding[]) => JSON.stringify(findings.map((f) => [f.rule, f.message, f.remedy, f.source]));

/** A dialog-like part that is kept while it shows the same thing. */
interface Part {
  key: string;
  el: HTMLElement;
}

function createOverlay(parent: Node): Draw {
  const wrap = parent.appendChild(el('div', { class: 'fg' }));
  const live = el('div', { class: 'fg-sr', 'aria-live': 'polite' });
  const banner = el('div', { class: 'fg-banner', role: 'status' });
  const initials = el('div');
  const badges = new Map<string, HTMLElement>();
  let p: OverlayProps; // the latest props: every listener reads these
  let panel: (Part & { for: string }) | null = null;
  let confirm: (Part & { for: string }) | null = null;
  let bannerKey: string | null = null;
  let dismissed: string | null = null;
  let details = false;
  let skipFocus = false;
  let stopEscape: { for: string; stop(): void } | null = null;
  let closeConfirm: { for: string; close(): void } | null = null;

  const focused = () => (wrap.getRootNode() as Document | ShadowRoot).activeElement;
  const inside = (n: EventTarget | null | undefined) => n instanceof Node && !!(panel?.el.contains(n) || (p.openFor && badges.get(p.openFor)?.contains(n)));
  const leave = (e: Event) => {
    if (inside((e as FocusEvent).relatedTarget) || (e.type === 'mouseleave' && inside(focused()))) return;
    p.onOpen(null);
  };

  // The badge, and the explanation it opens, come right after their control in the Tab order (tab-order.ts).
  const root = wrap.getRootNode();
  if (root instanceof ShadowRoot) {
    const focusable = (e: HTMLElement) => [e, ...e.querySelectorAll<HTMLElement>('button,[href],[tabindex]:not([tabindex="-1"])')];
    keepTabOrder(window, root, {
      keys: () => (p.state.locked ? p.controls.map((c) => c.id) : []),
      keyOfControl: (e) => (p.state.locked && p.controls.find((c) => c.el && c.el === e)?.id) || null,
      control: (key) => (p.controls.find((c) => c.id === key)?.el as HTMLElement | undefined) ?? null,
      stops: (key) => {
        const badge = badges.get(key);
        if (!badge) return [];
        return p.openFor === key && panel ? [badge, ...focusable(panel.el)] : [badge];
      },
    });
  }

  function badgeFor(id: string): HTMLElement {
    let b = badges.get(id);
    if (b) return b;
    b = el('button', { type: 'button', class: 'fg-lock', 'aria-label': TEXT.badge, tabindex: '-1' }, lockIcon());
    const open = () => p.onOpen(id);
    b.addEventListener('mouseenter', open);
    b.addEventListener('click', open);
    b.addEventListener('focus', () => {
      if (skipFocus)
        skipFocus = false; // focus given back by Escape: do not reopen
      else open();
    });
    b.addEventListener('mouseleave', leave);
    b.addEventListener('blur', leave);
    badges.set(id, b);
    return b;
  }

  /** The explanation for control `id`: kept while it says the same thing, rebuilt when it changes. */
  function panelFor(id: string, state: Extract<GuardState, { locked: true }>): HTMLElement {
    const { decision } = p;
    const reasons = (state.reason === 'blocked' || state.reason === 'error') && decision ? decision.failures : [];
    const forward = state.reason === 'blocked' ? p.forward : null;
    const key = JSON.stringify([headline(state, decision), keyOf(reasons), forward?.supervisor]);
    if (panel?.for !== id) {
      const e = el('div', { id: 'fg-why', class: 'fg-panel', role: 'dialog', 'aria-label': TEXT.panel, tabindex: '0' });
      e.addEventListener('mouseleave', leave);
      e.addEventListener('focusout', leave);
      panel = { for: id, key: '', el: e };
    }
    if (panel.key !== key) {
      const offer = forward && el('button', { type: 'button', class: 'fg-primary fg-forward' }, forwardTo(forward.supervisor));
      offer?.addEventListener('click', () => p.onForward());
      const list = reasons.length > 0 && el('ul', { class: 'fg-reasons' }, ...reasons.map((f, i) => reason(f, `fg-fix-${i}`, keepOnScreen)));
      panel.el.replaceChildren(...[el('h2', {}, headline(state, decision)), list, offer].filter((n): n is HTMLElement => !!n));
      panel.key = key;
    }
    return panel.el;
  }

  /** The billing question beside control `id`, with its reasons and answers. */
  function confirmFor(id: string, reasons: Finding[]): HTMLElement {
    const key = keyOf(reasons);
    if (confirm?.for === id && confirm.key === key) return confirm.el;
    const yes = el('button', { type: 'button', class: 'fg-primary' }, TEXT.finalizeAnyway);
    const no = el('button', { type: 'button', class: 'fg-dismiss' }, TEXT.cancel);
    yes.addEventListener('click', () => p.onConfirm(true));
    no.addEventListener('click', () => p.onConfirm(false));
    const e = el(
      'div',
      { class: 'fg-panel fg-confirm', role: 'alertdialog', 'aria-labelledby': 'fg-confirm-title', tabindex: '-1' },
      el('h2', { id: 'fg-confirm-title' }, TEXT.billingConfirmTitle),
      el('ul', { class: 'fg-reasons' }, ...reasons.map((f, i) => reason(f, `fg-confirm-fix-${i}`, keepOnScreen))),
      el('p', { class: 'fg-ask' }, TEXT.billingConfirmAsk),
      el('div', { class: 'fg-actions' }, yes, no),
    );
    confirm = { for: id, key, el: e };
    return e;
  }

  /** The warnings banner: one line on screen, its details on demand, whole for a screen reader (a status region). */
  function bannerWith(warnings: Finding[], key: string): HTMLElement {
    if (bannerKey !== key) {
      const title = `${warnings.every((f) => f.gate === 'billing') ? TEXT.billingTitle : TEXT.warningTitle} (${warnings.length})`;
      const more = el('button', { type: 'button', class: 'fg-more', 'aria-controls': 'fg-warnings' });
      const dismiss = el('button', { type: 'button', class: 'fg-dismiss' }, TEXT.dismiss);
      more.addEventListener('click', () => {
        details = !details;
        showDetails();
      });
      dismiss.addEventListener('click', () => {
        dismissed = key;
        draw(p);
      });
      banner.replaceChildren(el('div', { class: 'fg-strip' }, el('h2', {}, title), more, dismiss), el('ul', { id: 'fg-warnings' }, ...warnings.map(warning)));
      bannerKey = key;
      showDetails();
    }
    return banner;
  }
  function showDetails(): void {
    const [more, list] = [banner.querySelector('.fg-more'), banner.querySelector('ul')];
    more?.setAttribute('aria-expanded', String(details));
    if (more) more.textContent = details ? TEXT.hideDetails : TEXT.showDetails;
    list?.setAttribute('class', details ? 'fg-reasons' : 'fg-reasons fg-sr');
  }

  /** Once its height is known, an explanation or question moves to stay inside the viewport (place.ts keepInside). */
  function keepOnScreen(): void {
    for (const e of [panel?.el, confirm?.el]) {
      if (!e?.isConnected) continue;
      const r = e.getBoundingClientRect();
      const top = keepInside(r.top, r.height, innerHeight);
      if (top === null) continue;
      e.style.top = `${Math.round(top)}px`;
      e.style.bottom = 'auto';
    }
  }

  // Escape closes the explanation wherever focus is (it may have opened on a click on the page's own control).
  function listenForEscape(openFor: string | null): void {
    if (stopEscape?.for === openFor) return;
    stopEscape?.stop();
    stopEscape = null;
    if (!openFor) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const badge = badges.get(openFor);
      if (badge && panel?.el.contains(focused() ?? null)) {
        skipFocus = true; // give focus back to the badge without reopening
        badge.focus();
      }
      p.onOpen(null);
    };
    addEventListener('keydown', onKey, true);
    stopEscape = { for: openFor, stop: () => removeEventListener('keydown', onKey, true) };
  }

  // The billing question takes focus while it is open and gives it back to where it was (usually Finalize).
  function focusConfirm(id: string | null): void {
    if (closeConfirm?.for === id) return;
    closeConfirm?.close();
    closeConfirm = null;
    if (!id || !confirm?.el.isConnected) return;
    const before = root instanceof ShadowRoot && document.activeElement === root.host ? root.activeElement : document.activeElement;
    confirm.el.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') p.onConfirm(false);
    };
    addEventListener('keydown', onKey, true);
    closeConfirm = {
      for: id,
      close() {
        removeEventListener('keydown', onKey, true);
        if (before instanceof HTMLElement && before.isConnected) before.focus();
      },
    };
  }

  /** A lock badge on each control, each followed by its explanation when that is open. */
  function lockParts(state: Extract<GuardState, { locked: true }>): Node[] {
    const parts: Node[] = [];
    for (const c of p.controls) {
      const b = badgeFor(c.id);
      const open = c.id === p.openFor;
      setStyle(b, at(c.rect.top, c.rect.left + c.rect.width));
      b.setAttribute('aria-expanded', String(open));
      if (open) b.setAttribute('aria-controls', 'fg-why');
      else b.removeAttribute('aria-controls');
      parts.push(b);
      if (open) parts.push(placed(panelFor(c.id, state), placePanel(c.rect, innerWidth, innerHeight)));
    }
    return parts;
  }

  function draw(props: OverlayProps): void {
    p = props;
    const { state, decision, openFor, controls } = p;
    const parts = state.locked ? lockParts(state) : [];
    const locked = state.locked ? controls : [];
    for (const id of badges.keys()) if (!locked.some((c) => c.id === id)) badges.delete(id);
    if (!locked.some((c) => c.id === openFor)) panel = null;

    if (!state.locked && state.monitor && decision?.outcome === 'would-block')
      for (const c of controls) parts.push(placed(el('div', { class: 'fg-note' }, TEXT.monitor), at(c.rect.top, c.rect.left + c.rect.width)));

    const confirmAt = p.confirm && controls.find((c) => c.id === p.confirm?.id);
    if (p.confirm && confirmAt) parts.push(placed(confirmFor(confirmAt.id, p.confirm.reasons), placePanel(confirmAt.rect, innerWidth, innerHeight)));
    else confirm = null;

    // Warnings are about finalizing: while Finalize is locked for other reasons they would only mislead.
    const warnings = decision?.warnings.filter((w) => w.audience !== 'admin') ?? [];
    const warnKey = warnings.map((w) => `${w.rule}\u0000${w.message}`).join('\u0001');
    if (!state.locked && !p.confirm && warnings.length > 0 && dismissed !== warnKey) {
      const onScreen = controls.find((c) => c.rect.top >= 0 && c.rect.top + c.rect.height <= innerHeight);
      parts.push(placed(bannerWith(warnings, warnKey), placeBanner(onScreen?.rect ?? null, onScreen?.el ? rowEnd(onScreen.el) : 0, innerWidth, innerHeight)));
    }

    const first = controls[0];
    if (p.initials) {
      initials.className = first ? 'fg-initials' : 'fg-initials fg-corner';
      initials.textContent = finalizedBy(p.initials);
      parts.push(placed(initials, first ? at(first.rect.top + first.rect.height + 4, first.rect.left) : null));
    }
    if (live.textContent !== p.announce) live.textContent = p.announce;
    parts.push(live);

    keepChildren(wrap, parts);
    keepOnScreen();
    listenForEscape(openFor);
    focusConfirm(confirm ? confirm.for : null);
  }
  return draw;
}

/** The element, with its inline position set. */
function placed(e: HTMLElement, style: Record<string, string> | null): HTMLElement {
  setStyle(e, style);
  return e;
}
