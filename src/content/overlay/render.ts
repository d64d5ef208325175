/** Renders the overlay into a container inside the (closed) shadow root. */
import { h, render } from 'preact';
import { Overlay, type OverlayProps } from './Overlay';

const containers = new WeakMap<ShadowRoot, HTMLElement>();

function container(root: ShadowRoot): HTMLElement {
  let c = containers.get(root);
  if (!c) {
    c = root.ownerDocument.createElement('div');
    root.append(c);
    containers.set(root, c);
  }
  return c;
}

export function renderOverlay(root: ShadowRoot, props: OverlayProps): void {
  render(h(Overlay, props), container(root));
}
