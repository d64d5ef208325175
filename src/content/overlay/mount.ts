/**
 * The overlay's host: `<finalize-guard-overlay>` on documentElement, with a closed shadow root holding
 * the overlay's CSS and content. It is there to explain, not to protect: the lock holds without it.
 */
import { HOST_STYLE, OVERLAY_CSS } from './styles';

export const HOST_TAG = 'finalize-guard-overlay';
/** Attributes the page may tamper with to hide the overlay; remount() resets them. */
const WATCHED = ['style', 'hidden', 'inert'];

export interface MountedOverlay {
  host: HTMLElement;
  root: ShadowRoot;
  /** Re-attach the host and reset its attributes if the page removed or altered it. Idempotent. */
  remount(): void;
  /** Remove the host for good; remount() does nothing afterwards. */
  unmount(): void;
}

export interface MountOptions {
  /** 'closed' (default) in the extension; 'open' lets tests reach inside. */
  mode?: ShadowRootMode;
}

/** Whether the host is still in place and unaltered. Cheap: no document scan. */
function isIntact(host: HTMLElement): boolean {
  const doc = host.ownerDocument;
  return host.parentNode === doc.documentElement && host.getAttribute('style') === HOST_STYLE && !WATCHED.some((a) => a !== 'style' && host.hasAttribute(a));
}

export function mountOverlay(doc: Document, options: MountOptions = {}): MountedOverlay {
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: options.mode ?? 'closed' });
  const style = doc.createElement('style');
  style.textContent = OVERLAY_CSS;
  root.append(style);
  doc.documentElement.append(host);
  let gone = false;

  function remount(): void {
    const de = doc.documentElement;
    if (gone || !de) return;
    if (host.parentNode !== de) de.append(host);
    if (host.getAttribute('style') !== HOST_STYLE) host.setAttribute('style', HOST_STYLE);
    for (const a of WATCHED) if (a !== 'style' && host.hasAttribute(a)) host.removeAttribute(a);
  }
  function unmount(): void {
    gone = true;
    host.remove();
  }
  return { host, root, remount, unmount };
}

/**
 * Calls onTamper when the host is removed from documentElement or its style/hidden/inert attributes
 * change (and it is no longer intact, so remount()'s own fixes do not loop). Observes only the document's and
 * documentElement's direct children and the host's attributes. Returns a function that stops watching.
 */
export function watchHost(host: HTMLElement, onTamper: () => void): () => void {
  const doc = host.ownerDocument;
  let root = doc.documentElement;
  const observer = new MutationObserver(() => {
    // document.open() gives the document a new root element: watch that one from now on.
    if (doc.documentElement && doc.documentElement !== root) observer.observe((root = doc.documentElement), { childList: true });
    if (!isIntact(host)) onTamper();
  });
  observer.observe(doc, { childList: true });
  observer.observe(root, { childList: true });
  observer.observe(host, { attributes: true, attributeFilter: WATCHED });
  return () => observer.disconnect();
}
