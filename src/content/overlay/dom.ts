/**
 * The few DOM helpers the overlay draws with. No framework: the overlay is in every EHR frame's content script,
 * where each kilobyte counts (issue 11), and it has only a handful of parts. Text is always appended as text
 * nodes (`append(string)`), never parsed as markup: rule and page text cannot inject anything.
 */
export type Child = Node | string | null | false;

/** An element with these attributes and children (falsy children are skipped). */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) e.setAttribute(name, value);
  for (const c of children) if (c) e.append(c);
  return e;
}

const applied = new WeakMap<HTMLElement, string>();

/**
 * Replaces the element's inline style with these properties (camelCase, as place.ts writes them), only when they
 * differ from those last set here: a render per scrolled frame writes no style that has not changed, and a
 * position keepOnScreen() corrected stays corrected.
 */
export function setStyle(e: HTMLElement, style: Record<string, string> | null): void {
  const text = JSON.stringify(style);
  if (applied.get(e) === text) return;
  applied.set(e, text);
  e.removeAttribute('style');
  if (style) Object.assign(e.style, style);
}

/**
 * Makes `parent`'s children exactly `nodes`, in order, moving only what is out of place: a node that stays where
 * it is keeps its focus (removing a focused element, even to put it back, blurs it).
 */
export function keepChildren(parent: Node, nodes: Node[]): void {
  const wanted = new Set(nodes);
  for (const c of [...parent.childNodes]) if (!wanted.has(c)) c.remove();
  let ref = parent.firstChild;
  for (const n of nodes) {
    if (n === ref) ref = ref.nextSibling;
    else parent.insertBefore(n, ref);
  }
}
