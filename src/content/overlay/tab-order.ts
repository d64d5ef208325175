/**
 * Keeps each lock badge, and the explanation it opens, next to its Finalize control in the Tab order:
 * control → badge → explanation → whatever follows the control, and back the same way. The badges live in a
 * shadow root at the end of the document, where the browser's own order would put them last on the page, so
 * they take no place in it (tabindex -1) and these listeners move focus instead.
 */
export interface TabStops {
  /** The keys of the locked controls. */
  keys(): string[];
  /** The key of the locked control that is this element of the page, if it is one. */
  keyOfControl(el: Element | null): string | null;
  control(key: string): HTMLElement | null;
  /** The overlay's stops for a control, in order: its badge, then the open explanation's focusable parts. */
  stops(key: string): HTMLElement[];
}

/** Starts the listeners on the page's window; returns a function that stops them. */
export function keepTabOrder(win: Window, root: ShadowRoot, t: TabStops): () => void {
  let backwards = false;
  const stopOf = (el: Element | null): { key: string; stops: HTMLElement[]; i: number } | null => {
    if (!el) return null;
    for (const key of t.keys()) {
      const stops = t.stops(key);
      const i = stops.indexOf(el as HTMLElement);
      if (i >= 0) return { key, stops, i };
    }
    return null;
  };

  function onKey(e: KeyboardEvent): void {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
    backwards = e.shiftKey;
    const fromControl = t.keyOfControl(win.document.activeElement);
    if (fromControl && !e.shiftKey) {
      const first = t.stops(fromControl)[0];
      if (!first) return;
      e.preventDefault();
      first.focus();
      return;
    }
    const at = stopOf(root.activeElement);
    const control = at && t.control(at.key);
    if (!at || !control) return;
    const next = at.i + (e.shiftKey ? -1 : 1);
    if (next >= 0 && next < at.stops.length) {
      e.preventDefault();
      at.stops[next].focus();
    } else if (next < 0) {
      e.preventDefault();
      control.focus();
    } else {
      e.preventDefault();
      (tabbableAfter(control) ?? control).focus();
    }
  }
  // Shift+Tab from what follows a control lands on the control: its badge comes first (the explanation it opens
  // is closed by then, as focus left it).
  function onFocusIn(e: FocusEvent): void {
    const key = backwards ? t.keyOfControl(e.target as Element) : null;
    const from = e.relatedTarget;
    if (!key || !(from instanceof Node) || !((e.target as Node).compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING)) return;
    if (from === root.host) return; // back from its own badge
    t.stops(key)[0]?.focus();
  }
  const onKeyUp = () => {
    backwards = false;
  };
  win.addEventListener('keydown', onKey, true);
  win.addEventListener('keyup', onKeyUp, true);
  win.addEventListener('focusin', onFocusIn, true);
  return () => {
    win.removeEventListener('keydown', onKey, true);
    win.removeEventListener('keyup', onKeyUp, true);
    win.removeEventListener('focusin', onFocusIn, true);
  };
}

/**
 * The page's next Tab stop after an element, in document order (positive tabindex values, rare in an EHR and
 * discouraged, are not reordered). Only called on a Tab from a badge: a walk over what follows the control.
 */
function tabbableAfter(el: Element): HTMLElement | null {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_ELEMENT);
  walker.currentNode = el;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const c = n as HTMLElement;
    if (c.tabIndex < 0 || (c as HTMLButtonElement).disabled || c.closest('[inert]') || c.getClientRects().length === 0) continue;
    return c;
  }
  return null;
}
