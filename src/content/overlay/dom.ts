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

/** Replaces the element's inline style with these properties (camelCase, as place.ts writes them). */
export function setStyle(e: HTMLElement, style: Record<string, string> | null): void {
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
